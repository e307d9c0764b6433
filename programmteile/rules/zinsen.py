"""Interest: refund interest (§ 49a Abs. 3 VwVfG NRW) and interest on money not used
"alsbald" (§ 49a Abs. 4 VwVfG NRW, VV 8.5), pure Python, no Django (DOMAIN.md §4a "Interest").

Conventions: interest runs from the day after the start through the end date, inclusive; the
period is split at every change of the Basiszinssatz (§ 247 BGB); a year has 365 days, also in
leap years; each section stays unrounded, the sum is rounded once, half up, to the cent.
The Basiszinssatz table is a list of (gueltig_ab, satz in per cent); without one the shipped
table ``data/basiszinssatz.csv`` (Deutsche Bundesbank) applies.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from komman.formate import datum, euro, zahl

from .ergebnis import NULL, Befund, befund, cent
from .fristen import plus_monate

TAGE_IM_JAHR = 365
BASISZINS_DATEI = Path(__file__).parent / "data" / "basiszinssatz.csv"

Zinstabelle = Sequence[tuple[date, Decimal]]


@lru_cache(maxsize=1)
def _standardtabelle() -> tuple[tuple[date, Decimal], ...]:
    with BASISZINS_DATEI.open(encoding="utf-8", newline="") as datei:
        zeilen = csv.DictReader(datei, delimiter=";")
        return tuple(
            (date.fromisoformat(z["gueltig_ab"]), Decimal(z["basiszinssatz_prozent"].replace(",", ".")))
            for z in zeilen
        )


def basiszins_standard() -> list[tuple[date, Decimal]]:
    """The shipped Basiszinssatz table: (gültig ab, Satz in Prozent), oldest first."""
    return list(_standardtabelle())


class BasiszinsFehlt(ValueError):
    """No Basiszinssatz is known for ``tag`` (before the table's first entry)."""

    def __init__(self, tag: date):
        self.tag = tag
        super().__init__(f"Für den {datum(tag)} ist kein Basiszinssatz hinterlegt.")


@dataclass(frozen=True)
class Zinsabschnitt:
    von: date  # first interest day of the section
    bis: date  # last interest day, inclusive
    tage: int
    satz: Decimal  # per cent per year: Basiszinssatz + Aufschlag, never below zero
    zinsen: Decimal  # unrounded


@dataclass(frozen=True)
class Zinsrechnung:
    zinsen: Decimal  # the sum, rounded once half up to the cent
    tage: int
    abschnitte: list[Zinsabschnitt]
    befunde: list[Befund] = field(default_factory=list)


def zinsen(
    betrag: Decimal,
    von: date,
    bis: date,
    *,
    aufschlag: Decimal,
    basiszins: Zinstabelle | None = None,
) -> Zinsrechnung:
    """Interest on ``betrag`` at Basiszinssatz + ``aufschlag`` percentage points per year from
    the day after ``von`` through ``bis``. Raises BasiszinsFehlt before the table's first entry."""
    tabelle = _sortiert(basiszins)
    abschnitte = list(_abschnitte(betrag, von, bis, aufschlag, tabelle))
    return Zinsrechnung(
        zinsen=cent(sum((a.zinsen for a in abschnitte), NULL)),
        tage=sum(a.tage for a in abschnitte),
        abschnitte=abschnitte,
        befunde=_veraltet(von, bis, tabelle, "bis"),
    )


def _sortiert(basiszins: Zinstabelle | None) -> list[tuple[date, Decimal]]:
    return sorted(basiszins_standard() if basiszins is None else basiszins)


def _abschnitte(
    betrag: Decimal, von: date, bis: date, aufschlag: Decimal, tabelle: list[tuple[date, Decimal]]
) -> Iterable[Zinsabschnitt]:
    """One section per run of equal rates between the day after ``von`` and ``bis``."""
    start = von + timedelta(days=1)
    if bis < start:
        return
    wechsel = [ab for ab, _ in tabelle if start < ab <= bis] + [bis + timedelta(days=1)]
    laufend: tuple[date, Decimal] | None = None
    for naechster in wechsel:
        satz = max(_basiszins_am(start, tabelle) + aufschlag, NULL)
        if laufend is not None and laufend[1] != satz:
            yield _abschnitt(betrag, laufend[0], start - timedelta(days=1), laufend[1])
            laufend = None
        if laufend is None:
            laufend = (start, satz)
        start = naechster
    yield _abschnitt(betrag, laufend[0], bis, laufend[1])


def _abschnitt(betrag: Decimal, von: date, bis: date, satz: Decimal) -> Zinsabschnitt:
    tage = (bis - von).days + 1
    return Zinsabschnitt(von, bis, tage, satz, betrag * satz * tage / (100 * TAGE_IM_JAHR))


def _basiszins_am(tag: date, tabelle: list[tuple[date, Decimal]]) -> Decimal:
    satz = None
    for ab, wert in tabelle:
        if ab > tag:
            break
        satz = wert
    if satz is None:
        raise BasiszinsFehlt(tag)
    return satz


def halbjahresbeginn(tag: date) -> date:
    """The first day of ``tag``'s half-year, 01.01. or 01.07.: the days on which the
    Basiszinssatz changes (§ 247 Abs. 1 S. 2 BGB)."""
    return date(tag.year, 1 if tag.month < 7 else 7, 1)


def _veraltet(von: date, bis: date, tabelle: list[tuple[date, Decimal]], feld: str) -> list[Befund]:
    """A warning when interest days lie after the half-year of the table's last entry (the
    Basiszinssatz changes on 1 January and 1 July, § 247 Abs. 1 S. 2 BGB)."""
    if not tabelle:
        return []
    letzter_ab, letzter_satz = tabelle[-1]
    gedeckt_bis = plus_monate(halbjahresbeginn(letzter_ab), 6) - timedelta(days=1)
    if bis <= gedeckt_bis or bis <= von:
        return []
    ab = max(gedeckt_bis, von) + timedelta(days=1)
    return [
        befund(
            "zinsen.basiszins_veraltet",
            feld,
            (
                f"Für die Zeit ab {datum(ab)} ist kein Basiszinssatz hinterlegt; gerechnet wurde mit dem "
                f"zuletzt hinterlegten Satz von {zahl(letzter_satz)} % (gültig ab {datum(letzter_ab)}). "
                "Bitte die Tabelle der Basiszinssätze ergänzen und neu rechnen."
            ),
        )
    ]


@dataclass(frozen=True)
class Verwendungsposten:
    betrag: Decimal
    ausgezahlt_am: date
    verwendet_am: date | None  # None: not used (yet); no interest here, it is a refund
    zinsen: Decimal  # unrounded


@dataclass(frozen=True)
class Verwendungszinsen:
    zinsen: Decimal  # the sum, rounded once half up to the cent
    posten: list[Verwendungsposten]
    befunde: list[Befund] = field(default_factory=list)


def verwendungszinsen(
    auszahlungen: Sequence[tuple[date, Decimal]],
    verwendungen: Sequence[tuple[date, Decimal]],
    *,
    alsbald_monate: int,
    aufschlag: Decimal,
    basiszins: Zinstabelle | None = None,
) -> Verwendungszinsen:
    """Interest on payouts not used within ``alsbald_monate`` months (the window's last day by
    § 188 Abs. 2 BGB, not moved): uses consume payouts first in, first out; a part used late
    carries interest from the day after its payout through the day of its use."""
    tabelle = _sortiert(basiszins)
    offen = [[tag, betrag] for tag, betrag in sorted(auszahlungen, key=lambda a: a[0]) if betrag > 0]
    posten: list[Verwendungsposten] = []
    befunde: list[Befund] = []
    for verwendet_am, betrag in sorted(verwendungen, key=lambda v: v[0]):
        while betrag > 0 and offen:
            ausgezahlt_am, rest = offen[0]
            teil = min(betrag, rest)
            zins = NULL
            if verwendet_am > plus_monate(ausgezahlt_am, alsbald_monate):
                zins = sum(
                    (a.zinsen for a in _abschnitte(teil, ausgezahlt_am, verwendet_am, aufschlag, tabelle)),
                    NULL,
                )
                befunde += _veraltet(ausgezahlt_am, verwendet_am, tabelle, "verwendungen")
            posten.append(Verwendungsposten(teil, ausgezahlt_am, verwendet_am, zins))
            betrag -= teil
            offen[0][1] -= teil
            if offen[0][1] == 0:
                offen.pop(0)
    posten += [Verwendungsposten(rest, ausgezahlt_am, None, NULL) for ausgezahlt_am, rest in offen]
    if offen:
        unverbraucht = sum((rest for _, rest in offen), NULL)
        befunde.append(
            befund(
                "verwendung.nicht_verwendet",
                "verwendungen",
                (
                    f"Von den Auszahlungen sind {euro(unverbraucht)} nicht verwendet; sie sind zu "
                    "erstatten und tragen Erstattungszinsen (Rechnung „zinsen“), keine Verwendungszinsen."
                ),
            )
        )
    return Verwendungszinsen(
        zinsen=cent(sum((p.zinsen for p in posten), NULL)),
        posten=posten,
        befunde=list(dict.fromkeys(befunde)),
    )
