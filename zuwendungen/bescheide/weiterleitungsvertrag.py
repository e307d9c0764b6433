"""The Weiterleitungsvertrag draft (Part II): a template the Kommune signs with its Letztempfänger.

Everything printed comes from the recorded Weiterleitung and the Zuwendung (``daten``); the
refund interest is the period's ``erstattung.zins_pp`` (§ 49a Abs. 3 VwVfG NRW).
"""

from __future__ import annotations

from antraege.bescheide.pdf import render_pdf
from komman.formate import zahl
from programmteile import rules

ENTWURF = "Entwurf – von der Kommune zu unterzeichnen"


def daten(w) -> dict:
    zuwendung = w.zuwendung
    antrag = zuwendung.antrag
    p = antrag.foerderperiode.parameter().allgemein
    position = w.position
    return {
        "titel": "Weiterleitungsvertrag" if w.form == "vertrag" else "Weiterleitungsbescheid",
        "form": w.form,
        "aktenzeichen": antrag.aktenzeichen,
        "kommune": str(antrag.antragsteller),
        "letztempfaenger": w.letztempfaenger,
        "rechtsform": position.get_empfaenger_rechtsform_display(),
        "anschrift": position.empfaenger_anschrift,
        "datum": w.datum,
        "foerderjahr": antrag.foerderperiode.foerderjahr,
        "bestandskraeftig_am": zuwendung.bestandskraeftig_am,
        "zeitraum_von": zuwendung.bewilligungszeitraum_von,
        "zeitraum_bis": zuwendung.bewilligungszeitraum_bis,
        "massnahme": {
            "nr": position.nr,
            "pauschale": position.pauschale,
            "pauschale_text": rules.PAUSCHALEN.get(position.pauschale, position.pauschale),
            "bezeichnung": position.bezeichnung,
            "einheiten": w.einheiten,
            "betrag": w.betrag,
        },
        "zins_pp": zahl(p.erstattung_zins_pp) if p.erstattung_zins_pp is not None else "",
        "anbest_p": w.anbest_p,
        "pruefrecht": w.pruefrecht,
        "erstattung_mit_zinsen": w.erstattung_mit_zinsen,
    }


def pdf(w) -> bytes:
    return render_pdf("zuwendungen/bescheide/weiterleitungsvertrag.html", {"d": daten(w), "entwurf": ENTWURF})
