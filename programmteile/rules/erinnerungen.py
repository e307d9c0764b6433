"""Reminder plans for deadlines: on which days whoever must act is reminded (DOMAIN.md §4a).

Pure Python, no Django. A plan is a tuple of days before the due day, largest first
(0 = on the day). A reminder day that is a Saturday, Sunday or NRW public holiday moves to the
working day before it (a reminder must reach an office that is open, and never after the day it
announces). What the processes say:

- Verwendungsnachweis, Zwischennachweis: four weeks before, one week before, on the day
  (DOMAIN.md §4a "VN deadlines", issue 22);
- Nachforderung, Anhörung, a question about the VN, a Mahnung: a few days before and on the day
  (their periods are two weeks, ``frist.schreiben_tage``);
- the download of a notice (Bekanntgabe in the portal): a few days before the Prüfung has to post it;
- the Widerruf's one-year limit is the authority's own Ausschlussfrist: eight, four and one week
  before;
- the Klagefrist is no duty of anybody (the notice simply becomes final): no reminder;
- a Wiedervorlage: on its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .fristen import ist_werktag

WOCHE = 7
EIN_PAAR_TAGE = 3

#: Days before the due day per kind of deadline (``zuwendungen.models.Frist.Art`` values).
PLAENE: dict[str, tuple[int, ...]] = {
    "verwendungsnachweis": (4 * WOCHE, WOCHE, 0),
    "zwischennachweis": (4 * WOCHE, WOCHE, 0),
    "nachforderung": (EIN_PAAR_TAGE, 0),
    "anhoerung": (EIN_PAAR_TAGE, 0),
    "vn_nachforderung": (EIN_PAAR_TAGE, 0),
    "mahnung": (WOCHE, 0),
    "bekanntgabe": (EIN_PAAR_TAGE,),
    "klagefrist": (),
    "mittelabruf": (WOCHE, 0),
    "aenderung": (WOCHE, 0),
    "widerruf_jahresfrist": (8 * WOCHE, 4 * WOCHE, WOCHE),
    "zahlung": (WOCHE, 0),
    "wiedervorlage": (0,),
}
#: A kind nobody has planned yet (a process added a Frist.Art): a week before and on the day.
STANDARDPLAN: tuple[int, ...] = (WOCHE, 0)


@dataclass(frozen=True)
class Erinnerung:
    stufe: str  # stable name stored with the deadline: "vorher_28", "am_tag"
    tage_vorher: int
    tag: date  # the working day the reminder is sent


def stufenname(tage_vorher: int) -> str:
    return "am_tag" if tage_vorher == 0 else f"vorher_{tage_vorher}"


def voriger_werktag(tag: date) -> date:
    """``tag`` itself if it is a working day in NRW, else the last one before it."""
    while not ist_werktag(tag):
        tag -= timedelta(days=1)
    return tag


def erinnerungsplan(art: str, faellig_am: date) -> list[Erinnerung]:
    """The reminders of a deadline of kind ``art`` due on ``faellig_am``, earliest first."""
    plan = PLAENE.get(art, STANDARDPLAN)
    return [
        Erinnerung(stufenname(t), t, voriger_werktag(faellig_am - timedelta(days=t)))
        for t in sorted(plan, reverse=True)
    ]


def faellige_erinnerung(
    art: str, faellig_am: date, *, heute: date, gesendet: list[str] | tuple[str, ...] = ()
) -> tuple[Erinnerung | None, list[str]]:
    """The one reminder to send today and every stage to record as done with it.

    Only the latest stage whose day has come is sent; stages before it that a missed run (or a
    deadline set late) skipped are recorded without a mail, so nobody gets three reminders in
    one morning. Nothing after the due day (the deadline is then versäumt) and nothing twice: a
    stage in ``gesendet`` or before one in ``gesendet`` is done.
    """
    if heute > faellig_am:
        return None, []
    plan = erinnerungsplan(art, faellig_am)
    erledigt = {e.stufe for e in plan if e.stufe in gesendet}
    # Everything up to the last stage already recorded is done.
    letzte = max((i for i, e in enumerate(plan) if e.stufe in erledigt), default=-1)
    offen = [e for i, e in enumerate(plan) if i > letzte and e.tag <= heute]
    if not offen:
        return None, []
    return offen[-1], [e.stufe for e in offen]
