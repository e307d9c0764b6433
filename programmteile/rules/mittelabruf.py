"""The call for funds: payout only after Bestandskraft and only for needs falling due within
two months (VV 7.1, 7.2 zu § 44 LHO), pure Python, no Django (DOMAIN.md §4a "Mittelabruf")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from komman.formate import datum, euro

from .ergebnis import NULL, Befund, befund
from .fristen import plus_monate


@dataclass(frozen=True)
class Bedarf:
    faellig: date
    betrag: Decimal


@dataclass(frozen=True)
class AbgelehnterBedarf:
    faellig: date
    betrag: Decimal
    code: str


@dataclass(frozen=True)
class Mittelabruf:
    frueheste_auszahlung: date | None  # None: not final, nothing may be paid
    zeitfenster_bis: date | None
    freigabe: Decimal
    abgelehnt: list[AbgelehnterBedarf]
    befunde: list[Befund] = field(default_factory=list)


def mittelabruf(
    *,
    bewilligt: Decimal,
    ausgezahlt: Decimal,
    angefordert_offen: Decimal,
    auszahlung_am: date,
    bestandskraeftig_ab: date | None,
    bewilligungszeitraum_bis: date,
    bedarfe: Sequence[Bedarf],
    bedarf_monate: int,
) -> Mittelabruf:
    """How much of a call may be paid on ``auszahlung_am``.

    The earliest payout is the later of the requested day and the day of Bestandskraft; the
    need window runs from that day through the same date ``bedarf_monate`` months later
    (§ 188 Abs. 2 BGB), inclusive and not moved off weekends. Needs are taken in the order of
    their due date; each is released as far as the rest of the grant (grant − paid − requested
    and not yet paid) allows. A need after the Bewilligungszeitraum, after the window, beyond
    the rest or before Bestandskraft is refused with its code."""
    rest = max(bewilligt - ausgezahlt - angefordert_offen, NULL)
    frueheste = None if bestandskraeftig_ab is None else max(auszahlung_am, bestandskraeftig_ab)
    fenster = None if frueheste is None else plus_monate(frueheste, bedarf_monate)
    freigabe = NULL
    abgelehnt: list[AbgelehnterBedarf] = []
    befunde: list[Befund] = []
    reihenfolge = sorted(enumerate(bedarfe), key=lambda ib: ib[1].faellig)
    for i, bedarf in reihenfolge:
        grund = _grund(bedarf, fenster, bewilligungszeitraum_bis)
        if grund:
            code, feld, meldung = grund
            abgelehnt.append(AbgelehnterBedarf(bedarf.faellig, bedarf.betrag, code))
            befunde.append(befund(code, f"bedarfe.{i}.{feld}", meldung))
            continue
        frei = min(bedarf.betrag, rest)
        freigabe += frei
        rest -= frei
        if frei < bedarf.betrag:
            zuviel = bedarf.betrag - frei
            abgelehnt.append(AbgelehnterBedarf(bedarf.faellig, zuviel, "abruf.restbetrag"))
            befunde.append(
                befund(
                    "abruf.restbetrag",
                    f"bedarfe.{i}.betrag",
                    f"Der Bedarf zum {datum(bedarf.faellig)} ({euro(bedarf.betrag)}) übersteigt den noch "
                    f"abrufbaren Rest der Zuwendung; freigegeben werden {euro(frei)}, abgelehnt {euro(zuviel)}.",
                )
            )
    return Mittelabruf(frueheste, fenster, freigabe, abgelehnt, befunde)


def _grund(bedarf: Bedarf, fenster: date | None, zeitraum_bis: date) -> tuple[str, str, str] | None:
    if fenster is None:
        return (
            "abruf.nicht_bestandskraeftig",
            "faellig",
            "Der Bescheid ist noch nicht bestandskräftig und kein Rechtsbehelfsverzicht liegt vor; vorher darf "
            "nichts ausgezahlt werden.",
        )
    if bedarf.faellig > zeitraum_bis:
        return (
            "abruf.nach_bewilligungszeitraum",
            "faellig",
            f"Der Bedarf zum {datum(bedarf.faellig)} liegt nach dem Ende des Bewilligungszeitraums "
            f"({datum(zeitraum_bis)}) und kann nicht aus dieser Zuwendung gezahlt werden.",
        )
    if bedarf.faellig > fenster:
        return (
            "abruf.zeitfenster",
            "faellig",
            f"Der Bedarf zum {datum(bedarf.faellig)} wird nicht innerhalb von zwei Monaten nach der "
            f"Auszahlung fällig (Zeitfenster bis {datum(fenster)}); er kann später abgerufen werden.",
        )
    return None
