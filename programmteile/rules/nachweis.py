"""The Verwendungsnachweis around the recognised grant: the sample for the vertiefte Prüfung,
receipts retention, the months of a Bewilligungszeitraum, plan vs actual. Pure Python, no Django
(DOMAIN.md §4a "Recognised grant", "VN deadlines"; VV 11 zu § 44 LHO)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .ergebnis import NULL
from .fristen import plus_monate


@dataclass(frozen=True)
class Stichprobe:
    seed: int
    anzahl: int
    gezogen: list[int]


def stichprobe(kandidaten: Sequence[int], *, prozent: int, seed: int) -> Stichprobe:
    """The vertiefte Prüfung's sample (VV 11.2): ``prozent`` % of the candidates rounded UP (at
    least one when there is any candidate and a share above 0), drawn with ``random.Random(seed)``
    from the candidates in ascending order, so the same seed and candidates give the same draw."""
    geordnet = sorted(set(kandidaten))
    if not geordnet or prozent <= 0:
        return Stichprobe(seed, 0, [])
    anzahl = min(len(geordnet), math.ceil(len(geordnet) * prozent / 100))
    return Stichprobe(seed, anzahl, sorted(random.Random(seed).sample(geordnet, anzahl)))


def belege_aufbewahren_bis(vn_vorgelegt: date, *, jahre: int) -> date:
    """Receipts are kept ``jahre`` years after the VN was submitted (ANBest-P 6.9, ANBest-G 7.5)."""
    return plus_monate(vn_vorgelegt, 12 * jahre)


def akte_vernichten_ab(abgeschlossen: date, *, jahre: int) -> date:
    """The authority's file may be destroyed after ``jahre`` years from the end of the year the
    grant was closed in (the retention runs to a year's end): 31.12. of year + ``jahre``, next day."""
    return date(abgeschlossen.year + jahre + 1, 1, 1)


def monate_im_zeitraum(von: date, bis: date) -> int:
    """Calendar months touched by the Bewilligungszeitraum (01.01.–31.12. → 12)."""
    return (bis.year - von.year) * 12 + bis.month - von.month + 1


def anteil_prozent(ist: Decimal, plan: Decimal) -> Decimal | None:
    """Actual as a percentage of plan, one decimal, half up; None without a plan figure."""
    if plan is None or plan == 0:
        return None
    return (Decimal(100) * (ist or NULL) / plan).quantize(Decimal("0.1"))


def stellen_aufteilen(stellen: Decimal) -> list[Decimal]:
    """Posts of a Part I grant one by one: 1.5 → [1, 0.5], 2 → [1, 1]."""
    teile, rest = [], stellen
    while rest > 0:
        teil = min(Decimal(1), rest)
        teile.append(teil)
        rest -= teil
    return teile
