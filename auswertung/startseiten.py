"""The start page's link to the Auswertung (komman.startseite hook)."""

from __future__ import annotations

from auswertung.permissions import can_auswerten


def sichtbar(user) -> bool:
    return can_auswerten(user)[0]


def inhalt(user) -> dict:
    return {"sichtbar": True}
