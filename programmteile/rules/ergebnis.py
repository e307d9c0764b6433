"""What pruefe() returns: Befunde and the Berechnung, and their JSON form."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from komman.formate import CENT

from .begriffe import CODES, Schwere

NULL = Decimal("0.00")


def cent(x: Decimal | int) -> Decimal:
    """Round to the cent, half up: only where a rate meets an amount (DESIGN.md §4).

    The one rounding function of the portal; ``cent_abrunden`` is its sibling for rules that
    say "höchstens" (DOMAIN.md §4a: 90 % of the eligible costs, rounded down)."""
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def cent_abrunden(x: Decimal | int) -> Decimal:
    """Round down to the cent (towards zero): for caps phrased "höchstens" (DOMAIN.md §4a)."""
    return Decimal(x).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Befund:
    schwere: Schwere
    code: str  # stable: tests, forms and the CLI rely on it
    feld: str  # input path: "stellen", "massnahmen.0.einheiten"; "" = the whole Antrag
    meldung: str  # German: what is wrong, what is allowed, with figures
    quelle: str  # the rule's source (DOMAIN.md §11)


@dataclass(frozen=True)
class Posten:
    bezeichnung: str
    betrag: Decimal


@dataclass(frozen=True)
class Berechnung:
    zuwendungsfaehige_ausgaben: Decimal
    zuwendung: Decimal
    posten: list[Posten] = field(default_factory=list)


KEINE_BERECHNUNG = Berechnung(zuwendungsfaehige_ausgaben=NULL, zuwendung=NULL, posten=[])


@dataclass(frozen=True)
class Ergebnis:
    befunde: list[Befund]
    berechnung: Berechnung

    @property
    def zulaessig(self) -> bool:
        return not any(b.schwere == "fehler" for b in self.befunde)


def befund(code: str, feld: str, meldung: str) -> Befund:
    schwere, quelle = CODES[code]
    return Befund(schwere=schwere, code=code, feld=feld, meldung=meldung, quelle=quelle)


def als_dict(ergebnis: Ergebnis) -> dict:
    """The CLI's JSON: amounts as strings with two decimals ("1234.56")."""
    b = ergebnis.berechnung
    return {
        "zulaessig": ergebnis.zulaessig,
        "befunde": [dataclasses.asdict(befund) for befund in ergebnis.befunde],
        "berechnung": {
            "zuwendungsfaehige_ausgaben": _json_betrag(b.zuwendungsfaehige_ausgaben),
            "zuwendung": _json_betrag(b.zuwendung),
            "posten": [{"bezeichnung": p.bezeichnung, "betrag": _json_betrag(p.betrag)} for p in b.posten],
        },
    }


def _json_betrag(betrag: Decimal) -> str:
    return f"{cent(betrag):f}"
