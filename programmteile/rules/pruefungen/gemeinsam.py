"""Checks for every Programmteil: amounts, deadlines, early start, the LRH copy; shared helpers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from komman.formate import datum, euro

from ..begriffe import feldname
from ..berechnung import berechne
from ..eingabe import Antragskopf, Betrag, Eingabe
from ..ergebnis import Befund, befund
from ..parameter import Regelparameter

Pruefung = Callable[[Any, Regelparameter], Iterator[Befund]]


def fehlt(a: Antragskopf, parameter: str, code: str) -> Befund:
    return befund(
        "parameter.fehlt",
        "",
        f"Für {a.foerderjahr} ist der Parameter „{parameter}“ nicht gepflegt; die Prüfung {code} wurde nicht ausgeführt.",
    )


def sind(anzahl: Decimal) -> str:
    return "ist" if anzahl == 1 else "sind"


def aufzaehlung(teile: list[str], wort: str = "oder") -> str:
    return teile[0] if len(teile) == 1 else f"{', '.join(teile[:-1])} {wort} {teile[-1]}"


_BETRAG_MELDUNG = {
    "keine_zahl": "„{wert}“ im Feld „{feld}“ ist kein gültiger Betrag. Bitte einen Eurobetrag eingeben, z. B. 1.234,56.",
    "negativ": "Der Betrag im Feld „{feld}“ ist negativ. Zulässig sind Beträge ab 0,00 €.",
    "nachkommastellen": "Der Betrag im Feld „{feld}“ hat mehr als zwei Nachkommastellen. Zulässig sind höchstens zwei (Cent).",
    "zu_gross": "Der Betrag im Feld „{feld}“ ist zu groß. Zulässig sind Beträge unter 10.000.000.000,00 €.",
}


def _betraege(wert: object) -> Iterator[Betrag]:
    """Every amount field of an input, in input order."""
    if isinstance(wert, Betrag):
        yield wert
    elif isinstance(wert, tuple):
        for w in wert:
            yield from _betraege(w)
    elif dataclasses.is_dataclass(wert):
        for f in dataclasses.fields(wert):
            yield from _betraege(getattr(wert, f.name))


def pruefe_betraege(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    for b in _betraege(a):
        if b.mangel:
            wert = b.roh if len(b.roh) <= 40 else b.roh[:39] + "…"
            yield befund(
                "betrag.ungueltig", b.feld, _BETRAG_MELDUNG[b.mangel].format(feld=feldname(b.feld), wert=wert)
            )


def pruefe_frist(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    if a.antragsfrist and a.eingang and a.eingang > a.antragsfrist:
        yield befund(
            "frist.versaeumt",
            "",
            "Der Antrag wird nach Ablauf der Antragsfrist eingereicht. Fristgerecht ist eine Einreichung bis "
            f"{datum(a.antragsfrist)}; über verspätete Anträge entscheidet die Bewilligungsbehörde.",
        )


def pruefe_beginn(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    """VV 1.3: the measure must not have begun before the day of the Bewilligung, unless the
    authority allowed an early start (from ``vorzeitiger_beginn_ab`` if set) or it is the unchanged
    continuation of a year-round measure funded the year before (VV 1.3.4). Runs against the day
    of the Bewilligung (today before the signing) and again when the notice is signed."""
    if a.fortfuehrung or not a.massnahmebeginn:
        return
    stichtag = a.bewilligung_am or a.stichtag
    if a.massnahmebeginn >= stichtag:
        return
    if a.vorzeitiger_beginn_zugelassen and (
        a.vorzeitiger_beginn_ab is None or a.massnahmebeginn >= a.vorzeitiger_beginn_ab
    ):
        return
    zugelassen_ab = (
        f" Der vorzeitige Beginn ist erst ab dem {datum(a.vorzeitiger_beginn_ab)} zugelassen."
        if a.vorzeitiger_beginn_zugelassen and a.vorzeitiger_beginn_ab
        else ""
    )
    yield befund(
        "beginn.vorzeitig",
        "massnahmebeginn",
        f"Die Maßnahme beginnt am {datum(a.massnahmebeginn)} und damit vor der Bewilligung am "
        f"{datum(stichtag)}. Gefördert werden nur Maßnahmen, die noch nicht begonnen haben, außer bei "
        "einem von der Bewilligungsbehörde zugelassenen vorzeitigen Maßnahmebeginn oder unveränderter "
        f"Fortführung einer im Vorjahr geförderten ganzjährigen Maßnahme.{zugelassen_ab}",
    )


def pruefe_lrh_kopie(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    schwelle = p.allgemein.lrh_schwelle
    if schwelle is None:
        yield fehlt(a, "lrh.schwelle", "bescheid.lrh_kopie")
        return
    zuwendung = berechne(a, p).zuwendung
    if zuwendung > schwelle:
        yield befund(
            "bescheid.lrh_kopie",
            "",
            f"Die Zuwendung ({euro(zuwendung)}) übersteigt {euro(schwelle)}. Eine Ausfertigung des Bescheids "
            "ist dem Landesrechnungshof zu übersenden.",
        )
