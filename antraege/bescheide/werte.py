"""Small helpers: snapshot values are strings, never Decimal or date objects."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

# plus_monate: the rules' month arithmetic (§ 188 Abs. 2, 3 BGB), re-exported for .zuwendung.
from programmteile.rules import cent, plus_monate

__all__ = ["absaetze", "betrag", "iso", "name", "plus_monate"]


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
