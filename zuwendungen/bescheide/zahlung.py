"""Letters of the payout process on antraege.bescheide's machinery (letterhead, PDF/A, static files).

- ``anordnungsdaten(abruf, …)``: the figures of an Auszahlungsanordnung (also what the
  Landeskasse export reads): recipient, IBAN, amount, purpose, Aktenzeichen, Haushaltsstelle.
- ``anlegen(*, abruf, art, by)``: the Zahlungsbrief with the snapshot of every fact it states,
  inside the transition's transaction.
- ``rendern(*, brief_id)``: the PDF once, after commit (``UPDATE … WHERE sha256 = ''``).
Amounts in the snapshot are strings ("1234.50"), dates ISO strings.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from antraege.bescheide import render_pdf
from antraege.bescheide.briefkopf import briefkopf, empfaenger
from antraege.bescheide.werte import betrag, iso, name
from programmteile.models import Briefkopf
from programmteile.rules import PROGRAMMTEILE
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.bescheide import alle_nachholen, einmal_rendern
from zuwendungen.models import Bankverbindung, Mittelabruf, Zahlungsbrief

KASSE = "Landeskasse Nordrhein-Westfalen"

Art = Zahlungsbrief.Art
TITEL = {
    Art.ABRUFBESTAETIGUNG: "Eingangsbestätigung Mittelabruf",
    Art.AUSZAHLUNGSANORDNUNG: "Auszahlungsanordnung",
    Art.ZAHLUNGSBESTAETIGUNG: "Mitteilung über die Auszahlung",
}


def _bank(abruf: Mittelabruf, am: datetime.date) -> dict:
    b = Bankverbindung.objects.aktuell(abruf.zuwendung.antrag.antragsteller_id, am=am)
    if b is None:
        return {"iban": "", "bic": "", "kontoinhaber": "", "gueltig_ab": ""}
    return {
        "iban": b.iban_lesbar,
        "bic": b.bic,
        "kontoinhaber": b.kontoinhaber,
        "gueltig_ab": b.gueltig_ab.isoformat(),
    }


def verwendungszweck(abruf: Mittelabruf) -> str:
    antrag = abruf.zuwendung.antrag
    return (
        f"KOMM-AN NRW {antrag.foerderperiode.programmteil.nummer} {antrag.foerderperiode.foerderjahr} "
        f"Az. {antrag.aktenzeichen} Mittelabruf {abruf.nummer}"
    )


def anordnungsdaten(abruf: Mittelabruf, *, betrag: object, by, heute: datetime.date) -> dict:
    """The facts of the Auszahlungsanordnung (stored on it, written once)."""
    antrag = abruf.zuwendung.antrag
    periode = antrag.foerderperiode
    return {
        "empfaenger": str(antrag.antragsteller),
        "bank": _bank(abruf, heute),
        "betrag": _betrag_text(betrag),
        "verwendungszweck": verwendungszweck(abruf),
        "aktenzeichen": antrag.aktenzeichen,
        "haushaltsstelle": periode.haushaltsstelle,
        "faellig": max(abruf.auszahlung_am, heute).isoformat(),
        "angeordnet_am": heute.isoformat(),
        "freigegeben_von": name(abruf.freigegeben_von) if abruf.freigegeben_von else "",
        "gezeichnet_von": name(by),
    }


def _betrag_text(wert) -> str:
    return betrag(wert) or "0.00"


def _snapshot(abruf: Mittelabruf, art: str, by, heute: datetime.date) -> dict:
    zuwendung = abruf.zuwendung
    antrag = zuwendung.antrag
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    titel = PROGRAMMTEILE.get(teil, periode.programmteil.titel)
    k = abrufstand(zuwendung)
    daten = {
        "schema": 1,
        "art": str(art),
        "titel": TITEL[art],
        "datum": heute.isoformat(),
        "aktenzeichen": antrag.aktenzeichen,
        "briefkopf": briefkopf(heute, antrag.bearbeitet_von),
        "empfaenger": empfaenger(antrag.antragsteller),
        "betreff": (
            f"Zuwendungen des Landes Nordrhein-Westfalen; KOMM-AN NRW Programmteil {teil} – {titel}; "
            f"Förderjahr {periode.foerderjahr}; Mittelabruf Nr. {abruf.nummer}"
        ),
        "antrag": {"eingereicht_am": ""},
        "zuwendung": {
            "bewilligt": _betrag_text(zuwendung.bewilligt),
            "bestandskraeftig_am": zuwendung.bestandskraeftig_am.isoformat(),
            "bewilligung_von": zuwendung.bewilligungszeitraum_von.isoformat(),
            "bewilligung_bis": zuwendung.bewilligungszeitraum_bis.isoformat(),
            "ausgezahlt": _betrag_text(k.ausgezahlt),
            "offen": _betrag_text(k.offen),
            "abrufbar": _betrag_text(k.abrufbar),
        },
        "abruf": {
            "nummer": abruf.nummer,
            "eingereicht_am": iso(abruf.eingereicht_am),
            "auszahlung_am": abruf.auszahlung_am.isoformat(),
            "betrag": _betrag_text(abruf.betrag),
            "freigegeben": betrag(abruf.freigegeben),
            "begruendung": abruf.begruendung,
            "bedarfe": [
                {"faellig": b["faellig"], "betrag": _betrag_text(b["betrag"])} for b in abruf.bedarfe
            ],
            "stellen_besetzt_am": iso(abruf.stellen_besetzt_am),
            "stellen_vze": str(abruf.stellen_vze) if abruf.stellen_vze is not None else "",
        },
        "unterschrift": {
            "formel": Briefkopf.aktuell(heute).zeichnungsformel,
            "name": name(by) if art == Art.AUSZAHLUNGSANORDNUNG else "",
            "maschinell": art != Art.AUSZAHLUNGSANORDNUNG,
        },
    }
    if art == Art.AUSZAHLUNGSANORDNUNG:
        # An order to the Landeskasse, not a letter to the applicant (who never sees it).
        daten["empfaenger"] = {"name": KASSE, "art": "", "ist_kommune": False, "zeilen": [KASSE], "anschrift": ""}
    if art in (Art.AUSZAHLUNGSANORDNUNG, Art.ZAHLUNGSBESTAETIGUNG):
        daten["anordnung"] = dict(abruf.anordnung.daten, nummer=abruf.anordnung.nummer)
    if art == Art.ZAHLUNGSBESTAETIGUNG:
        daten["wertstellung"] = abruf.anordnung.buchung.wertstellung.isoformat()
    return daten


def anlegen(*, abruf: Mittelabruf, art: str, by) -> Zahlungsbrief:
    heute = timezone.localdate()
    return Zahlungsbrief.objects.create(mittelabruf=abruf, art=art, daten=_snapshot(abruf, art, by, heute))


def pdf_aus_daten(daten: dict) -> bytes:
    return render_pdf(f"zuwendungen/briefe/{daten['art']}.html", {"d": daten, "entwurf": False})


def rendern(*, brief_id: int) -> bool:
    """Renders and stores the PDF once; failures are logged (nachholen renders it later)."""
    return einmal_rendern(Zahlungsbrief, brief_id, pdf_aus_daten)


def nachholen() -> int:
    return alle_nachholen(Zahlungsbrief, rendern)
