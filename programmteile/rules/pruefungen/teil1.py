"""Part I checks: Stellenstufe, Stellenzuweisung, Festbetrag for the posts, Sachmittel of the tier."""

from __future__ import annotations

from collections.abc import Iterator

from komman.formate import euro, zahl

from ..berechnung import personal_grenze_teil1, stellen_text
from ..eingabe import Teil1
from ..ergebnis import Befund, befund
from ..parameter import SACHMITTEL_PRAEFIX, Regelparameter, stufe_text
from .gemeinsam import aufzaehlung, fehlt, sind


def pruefe_stellen_stufe(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    stufen = p.teil1.stellenstufen
    if stufen is None:
        yield fehlt(a, "I.stellenstufen", "I.stellen.stufe")
    elif a.stellen not in stufen:
        yield befund(
            "I.stellen.stufe",
            "stellen",
            f"{stellen_text(a.stellen)} {sind(a.stellen)} keine zulässige Stellenstufe. "
            f"Zulässig sind {aufzaehlung([zahl(s) for s in stufen])} Stellen.",
        )


def pruefe_stellen_zuweisung(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    if a.stellen > a.stellen_zuweisung:
        yield befund(
            "I.stellen.zuweisung",
            "stellen",
            f"Beantragt {sind(a.stellen)} {stellen_text(a.stellen)}, zugewiesen {sind(a.stellen_zuweisung)} der "
            f"Kommune für {a.foerderjahr} {stellen_text(a.stellen_zuweisung)}. Es "
            f"{'kann' if a.stellen_zuweisung == 1 else 'können'} höchstens {stellen_text(a.stellen_zuweisung)} "
            "beantragt werden.",
        )


def pruefe_personal(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    festbetrag = p.teil1.festbetrag_stelle
    if festbetrag is None:
        yield fehlt(a, "I.festbetrag_stelle", "I.personal.hoechstbetrag")
        return
    grenze = personal_grenze_teil1(a.stellen, p)
    if a.personalausgaben.wert is not None and a.personalausgaben.wert > grenze:
        yield befund(
            "I.personal.hoechstbetrag",
            "personalausgaben",
            f"Die Personalausgaben ({euro(a.personalausgaben.wert)}) übersteigen den Festbetrag. "
            f"Für {stellen_text(a.stellen)} sind höchstens {euro(grenze)} zuwendungsfähig "
            f"({euro(festbetrag)} je Vollzeitstelle).",
        )


def pruefe_sachmittel(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    # The tier follows the Stellenzuweisung, not the posts applied for (DOMAIN.md §9 no. 18).
    grenze = p.teil1.sachmittel.get(a.stellen_zuweisung)
    if grenze is None:
        yield fehlt(a, SACHMITTEL_PRAEFIX + stufe_text(a.stellen_zuweisung), "I.sachmittel.hoechstbetrag")
    elif a.sachmittel.wert is not None and a.sachmittel.wert > grenze:
        yield befund(
            "I.sachmittel.hoechstbetrag",
            "sachmittel",
            f"Die Sachmittel ({euro(a.sachmittel.wert)}) übersteigen den Höchstbetrag. Für "
            f"{stellen_text(a.stellen_zuweisung)} sind höchstens {euro(grenze)} Sachmittel zuwendungsfähig.",
        )
