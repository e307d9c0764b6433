"""Snapshot builder of the Zuwendungsbescheid: every figure from the rules (rules.bescheidbetraege).

The lines are read once and passed to the rules' input (antraege.regeln.regel_eingabe), so
line i of the rules' table is line i here; the reviewer's amounts per line go in as
``Festsetzung``. Nothing here computes money: no cap, no rate, no rounding of its own.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, AntragTeil1
from antraege.regeln import bewilligungszeitraum, regel_eingabe
from komman.formate import zahl
from programmteile import rules
from programmteile.models import Bescheidtexte
from programmteile.rules import BAUSTEINE, HANDLUNGSFELDER, PAUSCHALEN

from .texte import STANDARD_HINWEISE, STANDARD_PROGRAMMBEDINGUNGEN
from .werte import absaetze, betrag, plus_monate


def bewilligung(antrag: Antrag, texte: Bescheidtexte, zuwendung: Decimal | None) -> dict:
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    p = periode.parameter()
    if zuwendung is None:
        zuwendung = antrag.zuwendung  # None in a preview before the amount is proposed: what the lines allow
    kommune = antrag.antragsteller.ist_kommune
    von, bis = bewilligungszeitraum(antrag)
    zeilen, betraege, zweck = _TABELLEN[teil](antrag, p, zuwendung, (von, bis))
    tabelle = {"art": teil, "zeilen": zeilen, "zuwendungsfaehig": betrag(betraege.zuwendungsfaehig)}
    # The measure runs from its planned start if that lies inside the Bewilligungszeitraum
    # (DOMAIN.md §6.1 #5); the Bewilligungszeitraum itself starts no earlier than the notice
    # unless the authority allowed an early start (rules.zeitraum).
    # After an allowed early start the measure may run from before the Bewilligungszeitraum (§6.1 #5).
    beginn, durchfuehrung_von = antrag.massnahmebeginn, von
    frueh_erlaubt = antrag.vorzeitiger_beginn_zugelassen and (
        antrag.vorzeitiger_beginn_ab is None or (beginn is not None and beginn >= antrag.vorzeitiger_beginn_ab)
    )
    if beginn and (von < beginn <= bis or (beginn < von and frueh_erlaubt)):
        durchfuehrung_von = beginn
    vn_monate = p.allgemein.frist_vn_monate
    return {
        "zeitraum": {"bewilligung_von": von.isoformat(), "bewilligung_bis": bis.isoformat()},
        "bewilligung": {
            "zuwendung": betrag(betraege.zuwendung),
            "beantragt": betrag(betraege.beantragt),
            "teilbewilligung": betraege.teilbewilligung,
            "begruendung": antrag.begruendung,
            "kuerzungen": [z for z in zeilen if z.get("kuerzungsgrund") and z["beantragt"]],
            "zweck": zweck,
            "tabelle": tabelle,
            "durchfuehrung_von": durchfuehrung_von.isoformat(),
            "durchfuehrung_bis": bis.isoformat(),
            "vorzeitiger_beginn": antrag.vorzeitiger_beginn_zugelassen,
            "vorzeitiger_beginn_ab": antrag.vorzeitiger_beginn_ab.isoformat()
            if antrag.vorzeitiger_beginn_zugelassen and antrag.vorzeitiger_beginn_ab
            else "",
            "monate": rules.zeitraum.monate(von, bis),
            "fortfuehrung": antrag.fortfuehrung,
            "finanzierungsart": "Anteilfinanzierung" if teil == "III" else "Festbetragsfinanzierung",
            "foerdersatz": None if betraege.foerdersatz is None else str(betraege.foerdersatz),
            "zuwendungsfaehig": betrag(betraege.zuwendungsfaehig),
            "finanzierungsform": "Zuweisung" if kommune else "Zuschuss",
            "anbest": "ANBest-G" if kommune else "ANBest-P",
            "nebenbestimmungen": texte.nebenbestimmungen_kommune
            if kommune
            else texte.nebenbestimmungen_traeger,
            "programmbedingungen": absaetze(texte.programmbedingungen) or STANDARD_PROGRAMMBEDINGUNGEN[teil],
            "hinweise": absaetze(texte.hinweise) or STANDARD_HINWEISE,
            "bedarf_monate": p.allgemein.auszahlung_bedarf_monate,
            "vn_faellig": plus_monate(bis, vn_monate).isoformat() if vn_monate is not None else "",
            "vn_monate": vn_monate,
            "weiterleitung": teil == "II",
            "finanzierungsplan": _finanzierungsplan(antrag, p, betraege.zuwendung) if teil == "III" else None,
            "lrh_kopie": betraege.lrh_kopie,
            "lrh_schwelle": betrag(betraege.lrh_schwelle),
        }
    }


def _zeile(z: rules.Bescheidzeile, **weitere) -> dict:
    return {
        "bezeichnung": z.bezeichnung,
        "rechnung": z.rechnung,
        "beantragt": betrag(z.beantragt),
        "bewilligt": betrag(z.bewilligt),
        "kuerzungsgrund": z.kuerzungsgrund,
        **weitere,
    }


def _zusatzzeilen(betraege: rules.Bescheidbetraege, anzahl: int) -> list[dict]:
    """The lines beyond the Antrag's own (cut to the Höchstbetrag, the authority's Festsetzung)."""
    return [_zeile(z, beantragt="") for z in betraege.zeilen[anzahl:]]


def _tabelle_teil1(antrag: Antrag, p, zuwendung, zeitraum):
    t = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)  # fresh, never cached
    betraege = rules.bescheidbetraege(
        regel_eingabe(antrag, teil1=t),
        p,
        [
            rules.Festsetzung(t.personal_bewilligt, t.personal_kuerzungsgrund),
            rules.Festsetzung(t.sachmittel_bewilligt, t.sachmittel_kuerzungsgrund),
        ],
        zuwendung=zuwendung,
        begruendung=antrag.begruendung,
        zeitraum=zeitraum,
    )
    zeilen = [_zeile(z) for z in betraege.zeilen[:2]] + _zusatzzeilen(betraege, 2)
    zweck = [
        f"Finanzierung von {zahl(betraege.stellen)} zusätzlichen Stellen für Fachkräfte im Kommunalen "
        "Integrationszentrum zur Koordinierung, Vernetzung und Qualifizierung der Integrationsarbeit, "
        "insbesondere der Flüchtlingshilfe entlang einer Integrationskette, einschließlich des "
        "ehrenamtlichen Engagements.",
        "Sachmittel für Maßnahmen mit der Zivilgesellschaft im Sinne dieses Zwecks.",
    ]
    if t.fachkraft:
        zweck.append(f"Fachkraft: {t.fachkraft}" + (f" ({t.entgeltgruppe})" if t.entgeltgruppe else "") + ".")
    return zeilen, betraege, zweck


def _tabelle_teil2(antrag: Antrag, p, zuwendung, zeitraum):
    positionen = list(antrag.positionen.all())
    betraege = rules.bescheidbetraege(
        regel_eingabe(antrag, positionen=positionen),
        p,
        [rules.Festsetzung(pos.bewilligt, pos.kuerzungsgrund, pos.betrag) for pos in positionen],
        zuwendung=zuwendung,
        begruendung=antrag.begruendung,
        zeitraum=zeitraum,
    )
    zeilen = [
        _zeile(
            z,
            nr=pos.nr,
            baustein=pos.baustein,
            empfaenger=pos.empfaenger
            + (f" ({pos.get_empfaenger_rechtsform_display()})" if pos.empfaenger_rechtsform else ""),
        )
        for pos, z in zip(positionen, betraege.zeilen, strict=False)
    ] + _zusatzzeilen(betraege, len(positionen))
    je_baustein: dict[str, list[str]] = {}
    for pos, z in zip(positionen, betraege.zeilen, strict=False):
        # the approved units (bewilligt / Pauschale, whole by workflow.propose_approval), not the requested
        einheiten = z.einheiten if z.einheiten is not None else (pos.einheiten or 0)
        if einheiten:
            je_baustein.setdefault(pos.baustein, []).append(
                f"{einheiten} × {PAUSCHALEN.get(pos.pauschale, pos.pauschale)}"
                + (f" ({pos.bezeichnung})" if pos.bezeichnung else "")
            )
    zweck = [
        "Bedarfsorientierte Maßnahmen vor Ort zur Unterstützung des ehrenamtlichen Engagements in der "
        "Flüchtlingshilfe und für Neuzugewanderte, mit den bewilligten Einheiten:",
        *(
            f"Baustein {b} – {BAUSTEINE.get(b, '')}: {', '.join(teile)}"
            for b, teile in sorted(je_baustein.items())
        ),
    ]
    return zeilen, betraege, zweck


def _tabelle_teil3(antrag: Antrag, p, zuwendung, zeitraum):
    massnahmen = list(antrag.massnahmen.all())
    betraege = rules.bescheidbetraege(
        regel_eingabe(antrag, massnahmen=massnahmen),
        p,
        [
            rules.Festsetzung(m.bewilligt, m.kuerzungsgrund, nicht_zuwendungsfaehig=m.nicht_zuwendungsfaehig)
            for m in massnahmen
        ],
        zuwendung=zuwendung,
        begruendung=antrag.begruendung,
        zeitraum=zeitraum,
    )
    zeilen = [
        _zeile(
            z,
            nr=m.nr,
            bezeichnung=m.titel or f"Maßnahme {m.nr}",
            handlungsfeld=HANDLUNGSFELDER.get(m.handlungsfeld, m.handlungsfeld),
            zuwendungsfaehig=betrag(z.zuwendungsfaehig),
        )
        for m, z in zip(massnahmen, betraege.zeilen, strict=False)
    ] + _zusatzzeilen(betraege, len(massnahmen))
    zweck = ["Stärkung der Integrationsagentur durch folgende Maßnahmen:"] + [
        f"„{m.titel or f'Maßnahme {m.nr}'}“, Handlungsfeld „{HANDLUNGSFELDER.get(m.handlungsfeld, m.handlungsfeld)}“"
        + (f", {rules.stellen_text(m.stellen)}" if m.stellen else "")
        for m in massnahmen
    ]
    return zeilen, betraege, zweck


def _finanzierungsplan(antrag: Antrag, p, zuwendung: Decimal) -> dict:
    """The approved Finanzierungsplan (VV 1.2) from the rules: the decided Zuwendung, the
    Drittmittel as declared, and the own share as what is left of the total costs."""
    eingabe = rules.lies_eingabe(regel_eingabe(antrag), heute=timezone.localdate())
    abzuege = [m.nicht_zuwendungsfaehig for m in antrag.massnahmen.all()]
    plan = rules.finanzierungsplan(eingabe, p, zuwendung=zuwendung, nicht_zuwendungsfaehig=abzuege)
    eigen = plan.gesamtkosten - plan.zuwendung - plan.drittmittel
    return {
        "gesamtkosten": betrag(plan.gesamtkosten),
        "zuwendung": betrag(plan.zuwendung),
        "eigenanteil": betrag(eigen),
        "eigenanteil_antrag": betrag(plan.eigenanteil),
        "drittmittel": betrag(plan.drittmittel),
        "zuwendungsfaehig": betrag(plan.zuwendungsfaehig),
        "mindest_eigen": betrag(plan.mindest_eigen),
        "ausgeglichen_im_antrag": plan.ausgeglichen,
    }


_TABELLEN = {"I": _tabelle_teil1, "II": _tabelle_teil2, "III": _tabelle_teil3}
