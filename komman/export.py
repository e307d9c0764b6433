"""Cells for CSV (and spreadsheet) exports that a spreadsheet never runs as a formula.

Every export passes each cell through `zelle()` (issue 24.6, OWASP "CSV injection"):

    writer.writerow(zeile([aktenzeichen, name, betrag_text, ...]))

A text starting with = + - @, a tab or a carriage return gets a leading apostrophe, which
Excel and LibreOffice show as text and never evaluate. Plain numbers (-1.234,56) stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GEFAEHRLICH = ("=", "+", "-", "@", "\t", "\r")
_ZAHL = re.compile(r"^-?\d[\d.,]*$")


def zelle(wert) -> str:
    """The cell as text, neutralised if a spreadsheet could read it as a formula."""
    if wert is None:
        return ""
    text = str(wert)
    if text.startswith(GEFAEHRLICH) and not _ZAHL.match(text):
        return "'" + text
    return text


def zeile(werte: Iterable) -> list[str]:
    """zelle() for every value of a row."""
    return [zelle(w) for w in werte]
