"""Text input that cannot change how a page or a notice reads (issue 24.7, 24.9).

Text-direction control characters (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) turn
"Rechnung.pdf" into something else on screen and in a Bescheid. They are stripped from every
text any form accepts: `CharField.to_python` (the base of every text, e-mail, slug, choice-free
input field, Django's admin included) strips them, installed once from KommanConfig.ready().
File names have their own, stricter rule (komman.uploads.sicherer_dateiname).
"""

from __future__ import annotations

import re

from django import forms

STEUERZEICHEN = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def ohne_steuerzeichen(text: str) -> str:
    return STEUERZEICHEN.sub("", text)


def installieren() -> None:
    """Strip the direction controls in forms.CharField.to_python (idempotent)."""
    original = forms.CharField.to_python
    if getattr(original, "_komman_bidi", False):
        return

    def to_python(self, value):
        value = original(self, value)
        return ohne_steuerzeichen(value) if isinstance(value, str) else value

    to_python._komman_bidi = True
    forms.CharField.to_python = to_python


def axes_benutzername(request, credentials=None) -> str:
    """The username axes counts and stores: at most 150 characters, no NUL (its column holds 255;
    a longer name answered 500 on PostgreSQL, issue 24.9)."""
    quelle = credentials if credentials else getattr(request, "POST", {})
    name = str((quelle or {}).get("username", "") or "")
    return name.replace("\x00", "")[:150]
