"""The figures of an Änderungsantrag and its Änderungsbescheid, pure Python, no Django
(DOMAIN.md §4a "Änderung"; issue 19).

- ``unbesetzte_monate``: whole calendar months a post stayed vacant between the start of the
  Bewilligungszeitraum and the day it was filled.
- ``neufestsetzung``: from the grant before the change and the new grant the rules computed
  (Part I ``aenderung`` with the vacancy cut, Part II/III ``pruefe`` on the changed lines, a
  waiver), what may still be called, what is to be refunded, what the period's budget gets
  back or has to bind, and whether the Landesrechnungshof is told.
- ``anhoerung_noetig``: § 28 VwVfG NRW — an Anhörung before a decision worse for the recipient
  than what it asked for (a change started by the authority: worse than the grant in force);
  none for exactly what was asked (§ 28 Abs. 2 Nr. 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from komman.formate import datum, euro

from .ergebnis import NULL, Befund, befund
from .verwendung import erstattung


def unbesetzte_monate(beginn: date, besetzt_ab: date) -> int:
    """Whole calendar months from ``beginn`` (the Bewilligungszeitraum's first day) before the
    month in which the post was filled: filled on 01.04. after a start on 01.01. → 3; filled on
    15.04. → 3 as well (April is not vacant as a whole month). A start after the 1st of its
    month does not count that month (it was not vacant for a whole month of the period)."""
    if besetzt_ab <= beginn:
        return 0
    monate = (besetzt_ab.year - beginn.year) * 12 + besetzt_ab.month - beginn.month
    if beginn.day > 1:
        monate -= 1
    return max(monate, 0)


@dataclass(frozen=True)
class Neufestsetzung:
    bewilligt_vorher: Decimal
    neu_bewilligt: Decimal
    differenz: Decimal  # new − old: negative frees money of the period, positive binds it
    noch_abrufbar: Decimal  # new grant − paid (never below zero): the cap of further calls
    rueckforderung: Decimal  # paid − new grant (never below zero)
    lrh_mitteilung: bool
    befunde: list[Befund] = field(default_factory=list)

    @property
    def freigegeben(self) -> Decimal:
        """What returns to the period's budget at Bestandskraft."""
        return max(-self.differenz, NULL)

    @property
    def zu_binden(self) -> Decimal:
        return max(self.differenz, NULL)


def neufestsetzung(
    *,
    bewilligt_vorher: Decimal,
    neu_bewilligt: Decimal,
    ausgezahlt: Decimal,
    urspruenglich_bewilligt: Decimal,
    lrh_schwelle: Decimal | None,
) -> Neufestsetzung:
    """The consequences of a new grant amount (DOMAIN.md §4a): what is paid stays paid, calls are
    capped at new grant − paid, more paid than granted is refunded (rules.erstattung), and a
    change of a notice whose original went to the Landesrechnungshof (original grant above
    ``lrh.schwelle``) is reported to it again (VV 4.4 / VVG 4.2)."""
    neu = max(neu_bewilligt, NULL)
    rueck = erstattung(ausgezahlt, neu)
    lrh = lrh_schwelle is not None and urspruenglich_bewilligt > lrh_schwelle
    befunde = []
    if rueck > 0:
        befunde.append(
            befund(
                "aenderung.ueberzahlung",
                "ausgezahlt",
                (
                    f"Ausgezahlt sind {euro(ausgezahlt)}, mehr als die neue Zuwendung von {euro(neu)}; "
                    f"{euro(rueck)} sind zurückzufordern."
                ),
            )
        )
    if lrh:
        befunde.append(
            befund(
                "aenderung.lrh_mitteilung",
                "bewilligt",
                (
                    f"Der ursprüngliche Bescheid über {euro(urspruenglich_bewilligt)} ging an den "
                    f"Landesrechnungshof (mehr als {euro(lrh_schwelle)}); die Änderung ist ihm mitzuteilen."
                ),
            )
        )
    return Neufestsetzung(
        bewilligt_vorher=bewilligt_vorher,
        neu_bewilligt=neu,
        differenz=neu - bewilligt_vorher,
        noch_abrufbar=max(neu - ausgezahlt, NULL),
        rueckforderung=rueck,
        lrh_mitteilung=lrh,
        befunde=befunde,
    )


def anhoerung_noetig(
    *,
    von_amts_wegen: bool,
    bewilligt_vorher: Decimal,
    bis_vorher: date,
    beantragt: Decimal | None,
    bis_beantragt: date | None,
    entschieden: Decimal,
    bis_entschieden: date,
    abgelehnt: bool,
) -> bool:
    """Whether the decision is worse for the recipient than what it asked for (§ 28 Abs. 1,
    Abs. 2 Nr. 3 VwVfG NRW). A change the authority starts is measured against the grant in
    force; a refused request is always worse than asked."""
    if von_amts_wegen:
        return entschieden < bewilligt_vorher or bis_entschieden < bis_vorher
    if abgelehnt:
        return True
    ziel_betrag = beantragt if beantragt is not None else bewilligt_vorher
    ziel_bis = bis_beantragt or bis_vorher
    return entschieden < ziel_betrag or bis_entschieden < ziel_bis


def verlaengerung_pruefen(*, bis_vorher: date, bis_neu: date | None, feld: str = "bis") -> list[Befund]:
    """An extension must end after the current Bewilligungszeitraum."""
    if bis_neu is None or bis_neu <= bis_vorher:
        return [
            befund(
                "aenderung.verlaengerung",
                feld,
                f"Der neue Bewilligungszeitraum muss nach dem bisherigen Ende ({datum(bis_vorher)}) enden.",
            )
        ]
    return []


def verzicht_pruefen(*, bewilligt: Decimal, neu: Decimal | None, feld: str = "betrag") -> list[Befund]:
    """A waiver lowers the grant: the new amount lies between 0,00 € and below the grant in force."""
    if neu is None or neu < 0 or neu >= bewilligt:
        return [
            befund(
                "aenderung.verzicht",
                feld,
                f"Bei einem Verzicht liegt die neue Zuwendung unter der bisherigen ({euro(bewilligt)}) "
                "und nicht unter 0,00 €.",
            )
        ]
    return []


def unbesetzt_pruefen(
    *, stellen_bewilligt: Decimal, zeilen: list[tuple[Decimal, int]], monate_zeitraum: int
) -> list[Befund]:
    """Part I: vacant posts (Stellen, months) within the granted posts and the Bewilligungszeitraum."""
    befunde = []
    if not zeilen:
        befunde.append(
            befund("aenderung.unbesetzt", "unbesetzt", "Bitte geben Sie mindestens eine Stelle an.")
        )
    for i, (stellen, monate) in enumerate(zeilen):
        if stellen <= 0 or stellen > stellen_bewilligt:
            befunde.append(
                befund(
                    "aenderung.unbesetzt",
                    f"unbesetzt.{i}.stellen",
                    f"Unbesetzt sein können mehr als 0 und höchstens die bewilligten {stellen_bewilligt} Stellen.",
                )
            )
        if monate <= 0 or monate > monate_zeitraum:
            befunde.append(
                befund(
                    "aenderung.unbesetzt",
                    f"unbesetzt.{i}.monate",
                    f"Gekürzt werden ganze Monate im Bewilligungszeitraum: mindestens 1, höchstens {monate_zeitraum}.",
                )
            )
    return befunde
