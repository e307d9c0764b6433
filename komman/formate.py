"""German display formats for amounts, numbers, rates and dates; standard library only.

One place for how figures look in templates, PDFs and rule messages: ``1.234,56 €``,
``1,5`` Stellen, ``90 %``, ``31.12.2026``. The rules module imports this file, so it must
never import Django.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def euro(betrag: Decimal | str | int | None) -> str:
    """Decimal("1234.5") -> "1.234,50 €": the one formatter for templates, PDFs and rule messages."""
    if betrag is None or betrag == "":
        return ""
    betrag = Decimal(betrag).quantize(CENT, rounding=ROUND_HALF_UP)
    return _deutsch(f"{betrag:,.2f}") + " €"


def zahl(wert: Decimal | str | int | None) -> str:
    """A plain German number without trailing zeros: "1.5" -> "1,5", "2.0" -> "2", "1234.5" -> "1.234,5"."""
    if wert is None or wert == "":
        return ""
    d = Decimal(wert)
    if not d.is_finite():
        return str(wert)
    return _deutsch(f"{d.normalize():,f}")


def anzahl(n: int, einzahl: str, mehrzahl: str) -> str:
    """German count with the right form: anzahl(1, "Antrag", "Anträge") -> "1 Antrag"."""
    return f"{zahl(n or 0)} {einzahl if n == 1 else mehrzahl}"


def prozent(rate: Decimal | str | None) -> str:
    """A rate as a fraction, shown in per cent: Decimal("0.90") -> "90 %", "0.9231" -> "92,31 %"."""
    if rate is None or rate == "":
        return ""
    return zahl(Decimal(rate) * 100) + " %"


def datum(d: date | str | None) -> str:
    """date(2026, 12, 31) or "2026-12-31" -> "31.12.2026"."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    if isinstance(d, datetime):
        d = d.date()
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def in_worten(betrag: Decimal | str | int | None) -> str:
    """An amount in German words for Bescheide: "einhundertvierunddreißigtausend Euro", "… Euro und 50 Cent".

    Written here instead of taken from num2words: num2words 0.5.14 spells 101.000 as
    "einhunderteinstausend", and a Bescheid must not carry a misspelt amount.
    """
    if betrag is None or betrag == "":
        return ""
    try:
        betrag = Decimal(betrag).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as e:
        raise ValueError(f"„{betrag}“ ist kein Betrag.") from e
    vorzeichen = "minus " if betrag < 0 else ""
    cent_gesamt = int(abs(betrag) * 100)
    euro_teil, cent_teil = divmod(cent_gesamt, 100)
    worte = "ein" if euro_teil == 1 else _zahlwort(euro_teil)
    text = f"{vorzeichen}{worte} Euro"
    if cent_teil:
        text += f" und {cent_teil} Cent"
    return text


def _deutsch(englisch: str) -> str:
    """Swap the separators of Python's "1,234.56" to the German "1.234,56"."""
    return englisch.replace(",", "_").replace(".", ",").replace("_", ".")


_EINER = [
    "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
    "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn",
]  # fmt: skip
_ZEHNER = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"]
_GROSSE = [
    (10**12, "Billion", "Billionen"),
    (10**9, "Milliarde", "Milliarden"),
    (10**6, "Million", "Millionen"),
]


def _zahlwort(n: int) -> str:
    """Cardinal number in German words, "eins" at the end and "ein" inside compounds."""
    if n < 0:
        raise ValueError("negative Zahl")
    if n == 0:
        return "null"
    teile = []
    for wert, einzahl, mehrzahl in _GROSSE:
        anzahl, n = divmod(n, wert)
        if anzahl == 1:
            teile.append(f"eine {einzahl}")
        elif anzahl:
            teile.append(f"{_zahlwort(anzahl)} {mehrzahl}")
    tausender, rest = divmod(n, 1000)
    unter_million = ""
    if tausender:
        unter_million = _unter_tausend(tausender, am_ende=False) + "tausend"
    if rest:
        unter_million += _unter_tausend(rest, am_ende=True)
    if unter_million:
        teile.append(unter_million)
    return " ".join(teile)


def _unter_tausend(n: int, *, am_ende: bool) -> str:
    hunderter, rest = divmod(n, 100)
    text = ""
    if hunderter:
        text = ("ein" if hunderter == 1 else _EINER[hunderter]) + "hundert"
    if rest == 1:
        text += "eins" if am_ende else "ein"
    elif rest < 20:
        text += _EINER[rest] if rest else ""  # 0 adds nothing: "einhundert"
    else:
        zehner, einer = divmod(rest, 10)
        if einer:
            text += ("ein" if einer == 1 else _EINER[einer]) + "und"
        text += _ZEHNER[zehner]
    return text
