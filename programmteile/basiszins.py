"""The Basiszinssatz table of the database, for the rules and the Verwaltung.

``tabelle()`` is what every caller in the portal passes to the rules (``rules.zinsen(...,
basiszins=tabelle())``); the rules' shipped CSV stays the default of the command line only.
``fehlendes_halbjahr()`` feeds the warning on the Administration's start page, and
``csv_lesen()`` reads an upload for the all-or-nothing import (columns as the shipped file).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from komman import audit
from komman.formate import datum
from programmteile import rules
from programmteile.csvdatei import CsvFehler, csv_zeilen
from programmteile.forms.felder import parse_dezimal
from programmteile.models import Basiszins

CSV_SPALTEN = ["gueltig_ab", "basiszinssatz_prozent", "quelle"]
DATUM_FORMATE = ("%Y-%m-%d", "%d.%m.%Y")


def tabelle() -> list[tuple[datetime.date, Decimal]]:
    """The maintained rates as the rules take them: (gültig ab, Satz in Prozent), oldest first."""
    return list(Basiszins.objects.order_by("gueltig_ab").values_list("gueltig_ab", "satz"))


def fehlendes_halbjahr(heute: datetime.date) -> datetime.date | None:
    """The first day of the current half-year if no rate is maintained for it, else None."""
    beginn = rules.halbjahresbeginn(heute)
    return None if Basiszins.objects.filter(gueltig_ab=beginn).exists() else beginn


def halbjahr_text(beginn: datetime.date) -> str:
    """01.07.2026 -> "2. Halbjahr 2026 (ab 01.07.2026)"."""
    return f"{1 if beginn.month < 7 else 2}. Halbjahr {beginn.year} (ab {datum(beginn)})"


# --- Saving, with the audit log -------------------------------------------------------------


def _satz(satz: Decimal | None) -> str:
    return "–" if satz is None else f"{satz:.2f} %".replace(".", ",")


def protokollieren(request, eintrag: Basiszins, *, alt: Basiszins | None) -> None:
    """One audit entry for a new or changed rate (nothing when nothing changed). The details
    are in words, as the Protokoll page shows them: "Basiszinssatz: 1,27 % → 1,50 %"."""
    details: dict = {}
    if alt is not None and alt.gueltig_ab != eintrag.gueltig_ab:
        details["Gültig ab"] = f"{datum(alt.gueltig_ab)} → {datum(eintrag.gueltig_ab)}"
    else:
        details["Gültig ab"] = datum(eintrag.gueltig_ab)
    if alt is None or alt.satz != eintrag.satz:
        details["Basiszinssatz"] = f"{_satz(alt.satz if alt else None)} → {_satz(eintrag.satz)}"
    if (alt.quelle if alt else "") != eintrag.quelle:
        details["Quelle"] = f"{(alt.quelle if alt else '') or '–'} → {eintrag.quelle or '–'}"
    if len(details) == 1 and alt is not None and "→" not in details["Gültig ab"]:
        return
    if alt is None:
        details["neu_angelegt"] = True
    audit.protokolliere(
        wer=request.user,
        aktion=audit.Aktion.BASISZINS_GEAENDERT,
        objekt=eintrag,
        details=details,
        request=request,
    )


@dataclass(frozen=True)
class CsvZeile:
    gueltig_ab: datetime.date
    satz: Decimal
    quelle: str


def _datum(text: str) -> datetime.date | None:
    for format_ in DATUM_FORMATE:
        try:
            return datetime.datetime.strptime(text, format_).date()
        except ValueError:
            continue
    return None


def csv_lesen(inhalt: bytes | str) -> tuple[list[CsvZeile], list[CsvFehler]]:
    """Read a Basiszinssatz file; every problem is reported with row number and column."""
    daten, fehler = csv_zeilen(inhalt, CSV_SPALTEN)
    ergebnis: list[CsvZeile] = []
    gesehen: dict[datetime.date, int] = {}
    for nr, (datum_text, satz_text, quelle) in daten:
        tag = _datum(datum_text)
        if tag is None:
            fehler.append(
                CsvFehler(nr, "gueltig_ab", f"„{datum_text}“ ist kein Datum. Erwartet wird z. B. 2026-07-01.")
            )
        elif tag in gesehen:
            fehler.append(CsvFehler(nr, "gueltig_ab", f"{datum(tag)} steht schon in Zeile {gesehen[tag]}."))
        else:
            gesehen[tag] = nr
        try:
            satz = parse_dezimal(satz_text)
        except ValueError:
            fehler.append(
                CsvFehler(
                    nr,
                    "basiszinssatz_prozent",
                    f"„{satz_text}“ ist keine Zahl. Erwartet wird z. B. 1,27 oder -0,88.",
                )
            )
            satz = None
        if tag is None or satz is None:
            continue
        probe = Basiszins(gueltig_ab=tag, satz=satz, quelle=quelle)
        try:
            probe.full_clean(validate_unique=False)
        except ValidationError as e:
            for feld, meldungen in e.message_dict.items():
                spalte = {"satz": "basiszinssatz_prozent"}.get(feld, feld)
                fehler += [CsvFehler(nr, spalte, m) for m in meldungen]
            continue
        ergebnis.append(CsvZeile(tag, probe.satz, quelle))
    return ergebnis, sorted(fehler, key=lambda f: f.zeile)


def uebernehmen(request, zeilen: list[CsvZeile]) -> tuple[int, int]:
    """Add or change the file's rates (rows not in the file stay); returns (neu, geändert)."""
    bisher = {
        b.gueltig_ab: b for b in Basiszins.objects.filter(gueltig_ab__in=[z.gueltig_ab for z in zeilen])
    }
    neu = geaendert = 0
    for zeile in zeilen:
        alt = bisher.get(zeile.gueltig_ab)
        if alt is not None and (alt.satz, alt.quelle) == (zeile.satz, zeile.quelle):
            continue
        vorher = Basiszins(gueltig_ab=alt.gueltig_ab, satz=alt.satz, quelle=alt.quelle) if alt else None
        eintrag = alt or Basiszins(gueltig_ab=zeile.gueltig_ab)
        eintrag.satz, eintrag.quelle = zeile.satz, zeile.quelle
        eintrag.save()
        protokollieren(request, eintrag, alt=vorher)
        neu, geaendert = (neu + 1, geaendert) if alt is None else (neu, geaendert + 1)
    return neu, geaendert
