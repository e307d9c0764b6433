"""Small helpers: snapshot values are strings, never Decimal or date objects."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.utils import timezone

from programmteile.rules import cent


def betrag(wert) -> str | None:
    """An amount as the snapshot stores it: "1234.50", rounded half up to the cent (rules.cent)."""
    if wert is None or wert == "":
        return None
    return str(cent(Decimal(wert)))


def iso(wert) -> str:
    if not wert:
        return ""
    if isinstance(wert, datetime.datetime):
        return timezone.localtime(wert).date().isoformat()
    return wert.isoformat()


def name(user) -> str:
    return user.get_full_name() or user.username


def absaetze(text: str) -> list[str]:
    return [a.strip() for a in (text or "").split("\n\n") if a.strip()]


def plus_monate(d: datetime.date, monate: int) -> datetime.date:
    """31.12.2026 + 6 months -> 30.06.2027 (the day clamped to the month's length)."""
    jahr, monat = divmod(d.month - 1 + monate, 12)
    jahr, monat = d.year + jahr, monat + 1
    letzter = calendar.monthrange(jahr, monat)[1]
    tag = letzter if d.day == calendar.monthrange(d.year, d.month)[1] else min(d.day, letzter)
    return datetime.date(jahr, monat, tag)
