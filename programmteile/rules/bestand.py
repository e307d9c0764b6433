"""After the notice: the day it is made known, the financing type, the Part II forwarding cap.

Pure Python, no Django (DOMAIN.md §4a "Bekanntgabe", §6.3 Weiterleitung). The Klagefrist and
the day of Bestandskraft are ``rules.bestandskraft`` (fristen.py); this module only gives it
the Bekanntgabe.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from komman.formate import datum as _d
from komman.formate import euro

#: VV 2.2 zu § 44 LHO, per Programmteil (DOMAIN.md §4 item 4): Part I Festbetrag per post,
#: Part II Pauschalen (Festbetragsfinanzierung), Part III Anteilfinanzierung.
FINANZIERUNGSART = {"I": "festbetrag", "II": "pauschalen", "III": "anteil"}


def finanzierungsart(programmteil: str) -> str:
    """The financing type of a grant in Programmteil ``programmteil`` ("I", "II", "III")."""
    return FINANZIERUNGSART[programmteil]


def bekanntgabe_abruf(abgerufen_am: date) -> date:
    """§ 41 Abs. 2a VwVfG NRW: a notice provided for download is made known on the day after
    it was first downloaded."""
    return abgerufen_am + timedelta(days=1)


def bekanntgabe_post(zur_post_am: date, *, post_tage: int) -> date:
    """§ 41 Abs. 2 VwVfG NRW: a notice sent by post counts as made known on the ``post_tage``-th
    day after it was posted (parameter ``bekanntgabe.post_tage``; not moved off weekends)."""
    return zur_post_am + timedelta(days=post_tage)


def abruf_erinnerung_ab(ausgestellt_am: date, *, abruf_tage: int) -> date:
    """The day the Prüfung is reminded to post a notice nobody downloaded (``bekanntgabe.abruf_tage``
    days after it was issued)."""
    return ausgestellt_am + timedelta(days=abruf_tage)


def post_datum_fehler(zur_post_am: date, *, ausgestellt_am: date, heute: date) -> str:
    """German reason why ``zur_post_am`` cannot be the posting day of a notice, or ""."""
    if zur_post_am < ausgestellt_am:
        return f"Der Bescheid wurde erst am {_d(ausgestellt_am)} ausgestellt; er kann nicht vorher zur Post gegeben worden sein."
    if zur_post_am > heute:
        return "Das Datum der Aufgabe zur Post darf nicht in der Zukunft liegen."
    return ""


def weiterleitung_uebersteigt(
    bewilligt: Mapping[str, Decimal], weitergeleitet: Mapping[str, Decimal], neu: Mapping[str, Decimal]
) -> dict[str, str]:
    """{line: German reason} for each line where the forwarded sum plus the new amount would exceed
    the amount granted for that line (DOMAIN.md §6.3: no line above the grant). Empty = fine."""
    fehler = {}
    for zeile, betrag in neu.items():
        rahmen = bewilligt.get(zeile) or Decimal("0.00")
        bisher = weitergeleitet.get(zeile) or Decimal("0.00")
        if bisher + betrag > rahmen:
            frei = max(rahmen - bisher, Decimal("0.00"))
            fehler[zeile] = (
                f"Für diese Zeile sind {euro(rahmen)} bewilligt und {euro(bisher)} bereits weitergeleitet; "
                f"höchstens {euro(frei)} können noch weitergeleitet werden."
            )
    return fehler
