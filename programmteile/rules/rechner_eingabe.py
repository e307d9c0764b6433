"""Reading the JSON input of one Zuwendungsrechnung: structure and types, nothing else.

Every reader raises ``Eingabefehler`` (the ``eingabe.ungueltig`` Befund of regelpruefung) with
the key's path (``bedarfe.0.betrag``) and a German message saying what is expected.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from . import begriffe
from .eingabe import Eingabefehler

_BETRAG = re.compile(r"\d{1,10}(\.\d{1,2})?", re.ASCII)
_ZAHL = re.compile(r"-?\d{1,6}(\.\d{1,6})?", re.ASCII)
_STELLEN = re.compile(r"\d{1,3}(\.\d{1,4})?", re.ASCII)
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
FEHLT = object()
JAHRE = (1950, 2150)  # far beyond any grant; keeps month arithmetic and holidays in range

FELDNAMEN = {
    "rechnung": "Rechnung",
    "bekanntgabe": "Bekanntgabe",
    "rechtsbehelfsverzicht_eingang": "Eingang des Rechtsbehelfsverzichts",
    "klage_erhoben": "Klage erhoben",
    "bewilligt": "Bewilligt",
    "ausgezahlt": "Ausgezahlt",
    "angefordert_offen": "Angefordert, noch nicht ausgezahlt",
    "auszahlung_am": "Auszahlung am",
    "bestandskraeftig_ab": "Bestandskräftig ab",
    "bewilligungszeitraum_von": "Beginn des Bewilligungszeitraums",
    "bewilligungszeitraum_bis": "Ende des Bewilligungszeitraums",
    "bedarfe": "Bedarfe",
    "faellig": "Fällig am",
    "betrag": "Betrag",
    "von": "Von",
    "bis": "Bis",
    "aufschlag_prozentpunkte": "Aufschlag in Prozentpunkten",
    "basiszins": "Basiszinssätze",
    "ab": "Gültig ab",
    "satz": "Satz",
    "auszahlungen": "Auszahlungen",
    "verwendungen": "Verwendungen",
    "datum": "Datum",
    "alsbald_monate": "Monate für „alsbald“",
    "finanzierungsart": "Finanzierungsart",
    "foerdersatz": "Fördersatz",
    "hoechstbetrag": "Höchstbetrag",
    "zuwendungsfaehige_ausgaben_ist": "Zuwendungsfähige Ausgaben (Ist)",
    "festbetrag": "Festbetrag",
    "ausgaben_ist": "Ausgaben (Ist)",
    "unbesetzt": "Unbesetzte Stellen",
    "stellen": "Stellen",
    "monate": "Monate",
    "festbetrag_stelle": "Festbetrag je Stelle",
    "zeilen": "Zeilen",
    "pauschale": "Pauschale",
    "einheiten_bewilligt": "Bewilligte Einheiten",
    "einheiten_erbracht": "Erbrachte Einheiten",
    "empfaenger": "Letztempfänger",
    "lrh_schwelle": "Schwelle Landesrechnungshof",
    "nebenbestimmungen": "Nebenbestimmungen",
    "zweck_erfuellt_am": "Zweck erfüllt am",
    "kenntnis_am": "Kenntnis am",
    "entscheidung_am": "Entscheidung am",
}


def feldname(feld: str) -> str:
    """ "bedarfe.1.betrag" -> "Betrag (Bedarfe, Eintrag 2)": begriffe.feldname with these names."""
    return begriffe.feldname(feld, FELDNAMEN)


def fehler(feld: str, erwartet: str, meldung: str = "") -> Eingabefehler:
    meldung = meldung or f"Das Feld „{feldname(feld)}“ fehlt oder ist ungültig. Erwartet wird {erwartet}."
    return Eingabefehler(feld, erwartet, meldung)


def pfad(basis: str, schluessel: str) -> str:
    return f"{basis}.{schluessel}" if basis else schluessel


def wert(d: dict, schluessel: str, basis: str, pflicht: bool) -> object:
    """The raw value; FEHLT for an optional key that is absent or null."""
    w = d.get(schluessel, FEHLT)
    if w is None or w is FEHLT:
        if pflicht:
            raise fehler(
                pfad(basis, schluessel), "", f"Das Pflichtfeld „{feldname(pfad(basis, schluessel))}“ fehlt."
            )
        return FEHLT
    return w


def datum(d: dict, schluessel: str, basis: str = "", *, pflicht: bool = True) -> date | None:
    w = wert(d, schluessel, basis, pflicht)
    if w is FEHLT:
        return None
    if isinstance(w, str) and _DATUM.fullmatch(w):
        try:
            tag = date.fromisoformat(w)
        except ValueError:
            pass
        else:
            if JAHRE[0] <= tag.year <= JAHRE[1]:
                return tag
    raise fehler(
        pfad(basis, schluessel),
        f"ein gültiges Datum im Format JJJJ-MM-TT zwischen {JAHRE[0]} und {JAHRE[1]}, z. B. „2026-03-02“",
    )


def betrag(d: dict, schluessel: str, basis: str = "", *, pflicht: bool = True, standard: str = "") -> Decimal:
    w = wert(d, schluessel, basis, pflicht and not standard)
    if w is FEHLT:
        return Decimal(standard)
    if not isinstance(w, str) or not _BETRAG.fullmatch(w):
        raise fehler(
            pfad(basis, schluessel),
            "ein Betrag ab 0 als Text mit höchstens zwei Nachkommastellen, z. B. „1234.56“",
        )
    return Decimal(w)


def zahl(d: dict, schluessel: str, basis: str = "", *, pflicht: bool = True, standard: str = "") -> Decimal:
    """A rate or percentage as a text ("5", "-0.88", "0.90"); may be negative."""
    w = wert(d, schluessel, basis, pflicht and not standard)
    if w is FEHLT:
        return Decimal(standard)
    if not isinstance(w, str) or not _ZAHL.fullmatch(w):
        raise fehler(pfad(basis, schluessel), "eine Zahl als Text mit Dezimalpunkt, z. B. „5“ oder „-0.88“")
    return Decimal(w)


def anteil(d: dict, schluessel: str, basis: str = "") -> Decimal:
    """A rate as a fraction from 0 to 1 ("0.90")."""
    w = wert(d, schluessel, basis, True)
    if not isinstance(w, str) or not _ZAHL.fullmatch(w) or not 0 <= Decimal(w) <= 1:
        raise fehler(pfad(basis, schluessel), "ein Anteil von 0 bis 1 als Text, z. B. „0.90“ für 90 %")
    return Decimal(w)


def stellen(d: dict, schluessel: str, basis: str = "") -> Decimal:
    w = wert(d, schluessel, basis, True)
    if not isinstance(w, str) or not _STELLEN.fullmatch(w):
        raise fehler(pfad(basis, schluessel), "eine Stellenzahl ab 0 als Text, z. B. „0.5“")
    return Decimal(w)


def ganzzahl(
    d: dict, schluessel: str, basis: str = "", *, minimum: int = 0, maximum: int, standard: int | None = None
) -> int:
    w = wert(d, schluessel, basis, standard is None)
    if w is FEHLT:
        return standard
    if isinstance(w, bool) or not isinstance(w, int) or not minimum <= w <= maximum:
        raise fehler(pfad(basis, schluessel), f"eine ganze Zahl von {minimum} bis {maximum}")
    return w


def wahrheitswert(d: dict, schluessel: str, basis: str = "") -> bool:
    w = wert(d, schluessel, basis, False)
    if w is FEHLT:
        return False
    if not isinstance(w, bool):
        raise fehler(pfad(basis, schluessel), "true oder false")
    return w


def text(d: dict, schluessel: str, basis: str = "", *, erlaubt: tuple[str, ...] = ()) -> str:
    w = wert(d, schluessel, basis, True)
    if not isinstance(w, str) or (erlaubt and w not in erlaubt) or not w.strip():
        erwartet = " oder ".join(f"„{e}“" for e in erlaubt) if erlaubt else "ein Text"
        raise fehler(pfad(basis, schluessel), erwartet)
    return w


def objekte(d: dict, schluessel: str, basis: str = "", *, pflicht: bool = True) -> list[tuple[str, dict]]:
    """A list of objects with their paths: [("bedarfe.0", {...}), ...]; [] if optional and absent."""
    w = wert(d, schluessel, basis, pflicht)
    if w is FEHLT:
        return []
    name = pfad(basis, schluessel)
    if not isinstance(w, list):
        raise fehler(name, "eine Liste von Objekten")
    for i, eintrag in enumerate(w):
        if not isinstance(eintrag, dict):
            raise fehler(f"{name}.{i}", "ein Objekt")
    return [(f"{name}.{i}", eintrag) for i, eintrag in enumerate(w)]
