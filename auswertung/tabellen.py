"""Every table of the Auswertung as data, and the same table as CSV and XLSX.

A ``Tabelle`` has typed columns (text, count, euro, date, days); the page, the CSV and the
XLSX are drawn from the same rows, so the files hold the numbers the page shows.

- CSV: German headers, ``;``, UTF-8 with BOM, decimal comma; every cell through
  ``komman.export.zelle`` (formula injection).
- XLSX (openpyxl): numbers as numbers with a euro format, dates as dates, a bold header row,
  frozen panes, column widths; text cells neutralised like the CSV.
A missing figure (process without data) is the text "noch nicht erfasst", never 0.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from komman.export import zeile, zelle

NICHT_ERFASST = "noch nicht erfasst"
EURO_FORMAT = '#,##0.00 "€"'
DATUM_FORMAT = "DD.MM.YYYY"


@dataclass(frozen=True)
class Spalte:
    kopf: str
    art: str = "text"  # text | anzahl | euro | datum | tage


@dataclass
class Tabelle:
    titel: str
    spalten: list[Spalte]
    zeilen: list[list] = field(default_factory=list)
    summe: list | None = None
    name: str = "tabelle"
    # For the page only: the list each cell counts (same shape as zeilen/summe, None: no link).
    links: list[list] = field(default_factory=list)
    summe_links: list | None = None

    def html_zeilen(self) -> list[list[tuple]]:
        """(value, Spalte, link) per cell, for the template."""
        ergebnis = []
        for i, werte in enumerate(self.zeilen):
            links = self.links[i] if i < len(self.links) else [None] * len(werte)
            ergebnis.append(list(zip(werte, self.spalten, links, strict=True)))
        return ergebnis

    def html_summe(self) -> list[tuple] | None:
        if not self.summe:
            return None
        links = self.summe_links or [None] * len(self.summe)
        return list(zip(self.summe, self.spalten, links, strict=True))

    def alle_zeilen(self) -> list[list]:
        return [*self.zeilen, *([self.summe] if self.summe else [])]


def _text(wert, art: str) -> str:
    if wert is None:
        return NICHT_ERFASST if art in ("euro", "anzahl") else ""
    if isinstance(wert, datetime.datetime):
        wert = wert.date()
    if isinstance(wert, datetime.date):
        return f"{wert:%d.%m.%Y}"
    if art == "euro":
        return f"{Decimal(wert):.2f}".replace(".", ",")
    if art == "tage":
        return f"{wert:.1f}".replace(".", ",")
    return str(wert)


def als_csv(tabelle: Tabelle) -> bytes:
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(zeile(s.kopf for s in tabelle.spalten))
    for werte in tabelle.alle_zeilen():
        schreiber.writerow(zeile(_text(w, s.art) for w, s in zip(werte, tabelle.spalten, strict=True)))
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def _blatt(mappe, tabelle: Tabelle, erstes: bool):
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    blatt = mappe.active if erstes else mappe.create_sheet()
    # Sheet names: at most 31 characters, none of []:*?/\
    blatt.title = "".join(c for c in tabelle.titel if c not in "[]:*?/\\")[:31] or "Tabelle"
    blatt.append([zelle(s.kopf) for s in tabelle.spalten])
    for z in blatt[1]:
        z.font = Font(bold=True)
    breiten = [len(s.kopf) for s in tabelle.spalten]
    for werte in tabelle.alle_zeilen():
        reihe = []
        for i, (wert, spalte) in enumerate(zip(werte, tabelle.spalten, strict=True)):
            if wert is None and spalte.art in ("euro", "anzahl"):
                wert = NICHT_ERFASST
            elif isinstance(wert, datetime.datetime):
                wert = wert.date()
            elif isinstance(wert, str):
                wert = zelle(wert)
            breiten[i] = max(breiten[i], len(_text(wert, spalte.art)) if not isinstance(wert, str) else len(wert))
            reihe.append(wert)
        blatt.append(reihe)
        for z, spalte in zip(blatt[blatt.max_row], tabelle.spalten, strict=True):
            if spalte.art == "euro" and not isinstance(z.value, str):
                z.number_format = EURO_FORMAT
            elif spalte.art == "datum":
                z.number_format = DATUM_FORMAT
            elif spalte.art == "tage":
                z.number_format = "0.0"
    if tabelle.summe:
        for z in blatt[blatt.max_row]:
            z.font = Font(bold=True)
    for i, breite in enumerate(breiten, start=1):
        blatt.column_dimensions[get_column_letter(i)].width = min(max(breite + 2, 10), 60)
    blatt.freeze_panes = "B2"
    return blatt


def als_xlsx(tabellen: list[Tabelle]) -> bytes:
    from openpyxl import Workbook

    mappe = Workbook()
    for i, tabelle in enumerate(tabellen):
        _blatt(mappe, tabelle, erstes=(i == 0))
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()
