"""The Bewilligungszeitraum of one notice (VV 1.3, DOMAIN.md §4a) and what it means for Part I.

Pure functions, no Django. A notice's Bewilligungszeitraum is decided with the proposal and
checked again at signing:

- it lies inside the Förderperiode's frame (``rahmen_von`` .. ``rahmen_bis``);
- it does not start before the day of the notice unless the authority allowed an early start
  (VV 1.3.1, from ``vorzeitig_ab`` if set) or the measure is the unchanged continuation of a
  year-round measure funded the year before (VV 1.3.4);
- the notice can become final within it: Bekanntgabe by post (``post_tage`` after the notice,
  § 41 Abs. 2 VwVfG NRW), then the Klagefrist (``rules.bestandskraft``); the day it becomes
  final must leave at least one day in the period to call money (VV 7.1, 7.2).

Months granted (Part I pro rata, [U] default documented in docs/bescheide.md): every calendar
month in which the period has at least one day counts as a whole month, like the vacancy cuts
of the Verwendungsnachweis count only wholly unfilled months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from komman.formate import datum

from .fristen import bestandskraft

MONATE_JAHR = 12


@dataclass(frozen=True)
class Zeitraumpruefung:
    von: date
    bis: date
    bestandskraeftig_ab: date | None  # without Rechtsbehelfsverzicht
    gruende: tuple[str, ...]  # German reasons why the period cannot work; empty = fine

    @property
    def moeglich(self) -> bool:
        return not self.gruende


def monate(von: date, bis: date) -> int:
    """Calendar months with at least one day in [von, bis] (01.03.–31.12. = 10; 15.12.–31.12. = 1)."""
    if bis < von:
        return 0
    return (bis.year - von.year) * 12 + bis.month - von.month + 1


def anteil(betrag: Decimal, von: date, bis: date) -> Decimal:
    """A yearly amount for the months granted: betrag × months / 12, half up to the cent."""
    m = min(monate(von, bis), MONATE_JAHR)
    if m == MONATE_JAHR:
        return betrag
    return (betrag * m / MONATE_JAHR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fruehester_beginn(
    *, bescheid_am: date, rahmen_von: date, vorzeitig: bool, vorzeitig_ab: date | None, fortfuehrung: bool
) -> date:
    """The earliest day the Bewilligungszeitraum may start."""
    if fortfuehrung:
        return rahmen_von
    if vorzeitig:
        return max(rahmen_von, vorzeitig_ab) if vorzeitig_ab else rahmen_von
    return max(rahmen_von, bescheid_am)


def vorschlag(
    *,
    bescheid_am: date,
    rahmen_von: date,
    rahmen_bis: date,
    massnahmebeginn: date | None,
    vorzeitig: bool,
    vorzeitig_ab: date | None,
    fortfuehrung: bool,
) -> tuple[date, date]:
    """The default period: from the later of the earliest allowed day and the planned start
    (if inside the frame), to the end of the frame."""
    von = fruehester_beginn(
        bescheid_am=bescheid_am,
        rahmen_von=rahmen_von,
        vorzeitig=vorzeitig,
        vorzeitig_ab=vorzeitig_ab,
        fortfuehrung=fortfuehrung,
    )
    if massnahmebeginn and von < massnahmebeginn <= rahmen_bis:
        von = massnahmebeginn
    return min(von, rahmen_bis), rahmen_bis


def pruefen(
    von: date | None,
    bis: date | None,
    *,
    bescheid_am: date,
    rahmen_von: date,
    rahmen_bis: date,
    vorzeitig: bool,
    vorzeitig_ab: date | None,
    fortfuehrung: bool,
    post_tage: int | None,
    klagefrist_monate: int | None,
) -> Zeitraumpruefung:
    """Why the period [von, bis] of a notice dated ``bescheid_am`` cannot work (German reasons)."""
    gruende: list[str] = []
    if von is None or bis is None:
        return Zeitraumpruefung(
            von or rahmen_von, bis or rahmen_bis, None, ("Bitte geben Sie den Bewilligungszeitraum an.",)
        )
    if bis < von:
        gruende.append(f"Der Bewilligungszeitraum endet am {datum(bis)} vor seinem Beginn am {datum(von)}.")
    if von < rahmen_von or bis > rahmen_bis:
        gruende.append(
            f"Der Bewilligungszeitraum muss im Rahmen der Förderperiode liegen ({datum(rahmen_von)} bis "
            f"{datum(rahmen_bis)})."
        )
    frueh = fruehester_beginn(
        bescheid_am=bescheid_am,
        rahmen_von=rahmen_von,
        vorzeitig=vorzeitig,
        vorzeitig_ab=vorzeitig_ab,
        fortfuehrung=fortfuehrung,
    )
    if von < frueh:
        if vorzeitig and vorzeitig_ab:
            wieso = f"der vorzeitige Maßnahmebeginn ist erst ab dem {datum(vorzeitig_ab)} zugelassen"
        else:
            wieso = (
                "ein vorzeitiger Maßnahmebeginn ist nicht zugelassen und es ist keine unveränderte Fortführung "
                "einer im Vorjahr geförderten Maßnahme (Nr. 1.3 VV zu § 44 LHO)"
            )
        gruende.append(
            f"Der Bewilligungszeitraum darf nicht vor dem {datum(frueh)} beginnen ({wieso}); "
            f"angegeben ist der {datum(von)}."
        )
    ab = None
    if post_tage is None or klagefrist_monate is None:
        gruende.append(
            "Für die Förderperiode fehlen die Regelparameter „Bekanntgabe durch die Post (Tage)“ oder "
            "„Klagefrist (Monate)“; ob der Bescheid im Bewilligungszeitraum bestandskräftig wird, kann nicht "
            "geprüft werden."
        )
    else:
        bekanntgabe = bescheid_am + timedelta(days=post_tage)
        ab = bestandskraft(bekanntgabe, klagefrist_monate=klagefrist_monate).bestandskraeftig_ab
        if ab is not None and ab > bis:
            gruende.append(
                f"Der Bescheid vom {datum(bescheid_am)} gilt am {datum(bekanntgabe)} als bekannt gegeben und wird "
                f"ohne Rechtsbehelfsverzicht erst am {datum(ab)} bestandskräftig – nach dem Ende des "
                f"Bewilligungszeitraums am {datum(bis)}. Im Bewilligungszeitraum könnte keine Zuwendung "
                "abgerufen werden (Nr. 7.1 VV zu § 44 LHO)."
            )
    return Zeitraumpruefung(von, bis, ab, tuple(gruende))
