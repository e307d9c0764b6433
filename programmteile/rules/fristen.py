"""Deadlines after the notice: §§ 187, 188 BGB with § 31 VwVfG NRW, NRW public holidays.

Pure Python, no Django (DOMAIN.md §4a "Deadlines", "Bestandskraft", "VN deadlines",
"Widerruf / Rücknahme"). The holidays come from the maintained ``holidays`` library,
subdivision NW (North Rhine-Westphalia), never from a hand-written list.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

from komman.formate import datum as _d

from .ergebnis import Befund, befund


@lru_cache(maxsize=64)
def _feiertage(jahr: int) -> dict[date, str]:
    return dict(holidays.country_holidays("DE", subdiv="NW", language="de", years=jahr))


def feiertag_nrw(tag: date) -> str:
    """The name of the NRW public holiday on ``tag`` ("Fronleichnam"), or "" if there is none."""
    return _feiertage(tag.year).get(tag, "")


def ist_werktag(tag: date) -> bool:
    """Monday to Friday and no public holiday in North Rhine-Westphalia."""
    return tag.weekday() < 5 and not feiertag_nrw(tag)


def naechster_werktag(tag: date) -> date:
    """``tag`` itself if it is a working day in NRW, else the next one (§ 31 Abs. 3 VwVfG NRW)."""
    while not ist_werktag(tag):
        tag += timedelta(days=1)
    return tag


def monatsende(jahr: int, monat: int) -> date:
    return date(jahr, monat, calendar.monthrange(jahr, monat)[1])


def plus_monate(tag: date, monate: int) -> date:
    """The day with the same number ``monate`` months later, or that month's last day if it has
    none (§ 188 Abs. 2 and 3 BGB): 31.01. + 1 → 28.02. (29.02. in a leap year)."""
    index = tag.year * 12 + tag.month - 1 + monate
    jahr, monat = divmod(index, 12)
    letzter = monatsende(jahr, monat + 1)
    return letzter if tag.day > letzter.day else date(jahr, monat + 1, tag.day)


def fristende(ereignis: date, monate: int, *, verschieben: bool = True) -> date:
    """The last day of a period of months that starts with an event (Bekanntgabe, Eingang,
    Kenntnis): the event day does not count (§ 187 Abs. 1 BGB), the period ends on the day with
    the event day's number (§ 188 Abs. 2 BGB, short months § 188 Abs. 3). With ``verschieben``
    a Saturday, Sunday or NRW holiday moves the end to the next working day (§ 31 Abs. 3
    VwVfG NRW, § 222 Abs. 2 ZPO)."""
    ende = plus_monate(ereignis, monate)
    return naechster_werktag(ende) if verschieben else ende


def tagesfrist(ereignis: date, tage: int) -> date:
    """The last day of a period of days that starts with an event (a letter's date): the event day
    does not count (§ 187 Abs. 1 BGB), the period ends after ``tage`` days (§ 188 Abs. 1 BGB); a
    Saturday, Sunday or NRW holiday moves the end to the next working day (§ 31 Abs. 3 VwVfG NRW)."""
    return naechster_werktag(ereignis + timedelta(days=tage))


def grund_der_verschiebung(ende: date) -> str:
    """Why a deadline ending on ``ende`` moved, for messages: "Samstag", "Fronleichnam", ""."""
    name = feiertag_nrw(ende)
    if name:
        return name
    return {5: "Samstag", 6: "Sonntag"}.get(ende.weekday(), "")


def verschobene_tage(ende: date) -> list[tuple[date, str]]:
    """The days a deadline ending on ``ende`` moved past, each with its reason ("Samstag",
    "Tag der Deutschen Einheit"); empty if ``ende`` is a working day (§ 31 Abs. 3 VwVfG NRW)."""
    tage = []
    while not ist_werktag(ende):
        tage.append((ende, grund_der_verschiebung(ende)))
        ende += timedelta(days=1)
    return tage


@dataclass(frozen=True)
class Bestandskraft:
    klagefrist_ende: date
    bestandskraeftig_ab: date | None  # None while a Klage is pending
    befunde: list[Befund] = field(default_factory=list)


def bestandskraft(
    bekanntgabe: date,
    *,
    klagefrist_monate: int,
    rechtsbehelfsverzicht_eingang: date | None = None,
    klage_erhoben: bool = False,
) -> Bestandskraft:
    """Klagefrist (one month after Bekanntgabe, moved off weekends and NRW holidays) and the
    day the notice becomes final: the day after the Klagefrist, or the day a
    Rechtsbehelfsverzicht received on or after the Bekanntgabe arrives; never while a Klage
    is pending."""
    ende = fristende(bekanntgabe, klagefrist_monate)
    befunde = []
    ab: date | None = ende + timedelta(days=1)
    if rechtsbehelfsverzicht_eingang is not None:
        if rechtsbehelfsverzicht_eingang < bekanntgabe:
            befunde.append(
                befund(
                    "bestandskraft.verzicht_vor_bekanntgabe",
                    "rechtsbehelfsverzicht_eingang",
                    (
                        f"Der Rechtsbehelfsverzicht ist am {_d(rechtsbehelfsverzicht_eingang)} und damit vor "
                        f"der Bekanntgabe am {_d(bekanntgabe)} eingegangen; ein Verzicht vor der Bekanntgabe "
                        "ist unwirksam. Der Bescheid wird erst mit Ablauf der Klagefrist bestandskräftig."
                    ),
                )
            )
        else:
            ab = min(ab, rechtsbehelfsverzicht_eingang)
    if klage_erhoben:
        ab = None
        befunde.append(
            befund(
                "bestandskraft.klage",
                "klage_erhoben",
                "Gegen den Bescheid ist Klage erhoben; er wird erst mit dem Ende des Verfahrens bestandskräftig.",
            )
        )
    return Bestandskraft(klagefrist_ende=ende, bestandskraeftig_ab=ab, befunde=befunde)


@dataclass(frozen=True)
class Zwischennachweis:
    fuer_jahr: int
    faellig: date


@dataclass(frozen=True)
class VnFristen:
    verwendungsnachweis_faellig: date
    zwischennachweise: list[Zwischennachweis]


def vn_fristen(
    bewilligungszeitraum_von: date,
    bewilligungszeitraum_bis: date,
    *,
    vn_monate: int,
    zwischennachweis_monate: int,
    zweck_erfuellt_am: date | None = None,
) -> VnFristen:
    """The Verwendungsnachweis is due six months after the purpose is fulfilled, at the latest
    at the end of the sixth month after the Bewilligungszeitraum; for every budget year that
    ends before the purpose is fulfilled a Zwischennachweis is due four months after the year's
    end (ANBest-P 6.1, ANBest-G 7.1 read alike). Ends on a weekend or NRW holiday move to the
    next working day (§ 31 Abs. 3 VwVfG NRW)."""
    spaetestens = plus_monate(bewilligungszeitraum_bis, vn_monate)
    spaetestens = monatsende(spaetestens.year, spaetestens.month)
    if zweck_erfuellt_am is not None:
        spaetestens = min(spaetestens, plus_monate(zweck_erfuellt_am, vn_monate))
    zwischen = []
    for jahr in range(bewilligungszeitraum_von.year, bewilligungszeitraum_bis.year):
        jahresende = date(jahr, 12, 31)
        if zweck_erfuellt_am is None or zweck_erfuellt_am > jahresende:
            zwischen.append(Zwischennachweis(jahr, fristende(jahresende, zwischennachweis_monate)))
    return VnFristen(naechster_werktag(spaetestens), zwischen)


@dataclass(frozen=True)
class Widerrufsfrist:
    frist_ende: date
    befunde: list[Befund] = field(default_factory=list)


def widerrufsfrist(kenntnis_am: date, *, jahre: int, entscheidung_am: date | None = None) -> Widerrufsfrist:
    """The last day for a Widerruf or Rücknahme: one year after the authority's full knowledge
    (§§ 48 Abs. 4, 49 Abs. 3 S. 2 VwVfG NRW; 29.02. + 1 year → 28.02.). Not moved off weekends:
    the authority's own Ausschlussfrist is read strictly (DOMAIN.md §4a; see
    docs/zuwendungsrechner.md)."""
    ende = plus_monate(kenntnis_am, 12 * jahre)
    befunde = []
    if entscheidung_am is not None and entscheidung_am > ende:
        befunde.append(
            befund(
                "widerruf.frist_abgelaufen",
                "entscheidung_am",
                (
                    f"Die Jahresfrist für Widerruf oder Rücknahme ist am {_d(ende)} abgelaufen "
                    f"(Kenntnis am {_d(kenntnis_am)}); eine Entscheidung am {_d(entscheidung_am)} ist nicht "
                    "mehr zulässig."
                ),
            )
        )
    return Widerrufsfrist(ende, befunde)
