"""The Landeskasse: export of the open Auszahlungsanordnungen (CSV and XLSX with the same
figures) and the import of the Kasse's paid list (all or nothing, a row-by-row report on the
Zuweisungen' CSV machinery, programmteile.csvdatei)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from antraege.workflow import WorkflowError
from komman.fields import BetragFormField
from komman.formate import datum, euro
from programmteile.csvdatei import CsvFehler, csv_zeilen
from zuwendungen.models import AbrufStatus, Auszahlungsanordnung

SPALTEN = [
    ("nummer", "Anordnung"),
    ("empfaenger", "Empfänger"),
    ("kontoinhaber", "Kontoinhaber"),
    ("iban", "IBAN"),
    ("bic", "BIC"),
    ("betrag", "Betrag (EUR)"),
    ("faellig", "Fällig am"),
    ("verwendungszweck", "Verwendungszweck"),
    ("aktenzeichen", "Aktenzeichen"),
    ("haushaltsstelle", "Haushaltsstelle"),
    ("angeordnet_am", "Angeordnet am"),
    ("gezeichnet_von", "Angeordnet von"),
]
IMPORT_SPALTEN = ["Anordnung", "Betrag", "Wertstellung"]
GEFAEHRLICH = ("=", "+", "-", "@", "\t", "\r")


def offene_anordnungen():
    """Signed, not yet reported paid: what the Landeskasse still has to pay."""
    return Auszahlungsanordnung.objects.filter(
        mittelabruf__status=AbrufStatus.ANGEORDNET, buchung__wertstellung__isnull=True
    ).order_by("erstellt_am", "pk")


def zeilen(anordnungen) -> list[dict]:
    """One dict per Anordnung with Decimal amounts and dates (the exports format them)."""
    ergebnis = []
    for a in anordnungen:
        d = a.daten
        ergebnis.append(
            {
                "nummer": a.nummer,
                "empfaenger": d.get("empfaenger", ""),
                "kontoinhaber": d.get("bank", {}).get("kontoinhaber", ""),
                "iban": d.get("bank", {}).get("iban", "").replace(" ", ""),
                "bic": d.get("bank", {}).get("bic", ""),
                "betrag": a.betrag,
                "faellig": datetime.date.fromisoformat(d["faellig"]),
                "verwendungszweck": d.get("verwendungszweck", ""),
                "aktenzeichen": d.get("aktenzeichen", ""),
                "haushaltsstelle": d.get("haushaltsstelle", ""),
                "angeordnet_am": datetime.date.fromisoformat(d["angeordnet_am"]),
                "gezeichnet_von": d.get("gezeichnet_von", ""),
            }
        )
    return ergebnis


def neutral(text: str) -> str:
    """A cell a spreadsheet would read as a formula starts with an apostrophe (CSV injection)."""
    text = str(text)
    return "'" + text if text.startswith(GEFAEHRLICH) else text


def _text(wert) -> str:
    if isinstance(wert, Decimal):
        return f"{wert:.2f}".replace(".", ",")
    if isinstance(wert, datetime.date):
        return datum(wert)
    return neutral(wert)


def csv_export(liste: list[dict]) -> str:
    """German headers, semicolons, UTF-8 with BOM, 1234,56 and 31.12.2026."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow([titel for _, titel in SPALTEN])
    for z in liste:
        schreiber.writerow([_text(z[feld]) for feld, _ in SPALTEN])
    return "\ufeff" + puffer.getvalue()


def xlsx_export(liste: list[dict]) -> bytes:
    """The same rows as the CSV: amounts as numbers in euro format, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Auszahlungen"
    blatt.append([titel for _, titel in SPALTEN])
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
    for z in liste:
        blatt.append([z[feld] if isinstance(z[feld], Decimal | datetime.date) else neutral(z[feld]) for feld, _ in SPALTEN])
    for zeile in blatt.iter_rows(min_row=2):
        for zelle in zeile:
            if isinstance(zelle.value, (int, float, Decimal)):
                zelle.number_format = '#,##0.00 "€"'
            elif isinstance(zelle.value, datetime.datetime | datetime.date):
                zelle.number_format = "DD.MM.YYYY"
            elif isinstance(zelle.value, str):
                zelle.data_type = "s"  # never a formula
    for spalte, breite in zip("ABCDEFGHIJKL", (22, 30, 30, 26, 14, 14, 12, 50, 22, 26, 14, 24), strict=True):
        blatt.column_dimensions[spalte].width = breite
    blatt.freeze_panes = "A2"
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


@dataclass(frozen=True)
class Zahlung:
    anordnung: Auszahlungsanordnung
    wertstellung: datetime.date


def _datum_lesen(text: str) -> datetime.date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def zahlungsliste_lesen(inhalt: bytes | str) -> tuple[list[Zahlung], list[CsvFehler]]:
    """The Kasse's paid list: every row checked, every problem with row and column."""
    daten, fehler = csv_zeilen(inhalt, IMPORT_SPALTEN)
    if not daten:
        return [], fehler
    offen = {a.nummer: a for a in offene_anordnungen().select_related("buchung")}
    gesehen: dict[str, int] = {}
    ergebnis = []
    for nr, (nummer, betrag_text, datum_text) in daten:
        anordnung = offen.get(nummer)
        if anordnung is None:
            bekannt = Auszahlungsanordnung.objects.filter(nummer=nummer).exists()
            fehler.append(
                CsvFehler(nr, "Anordnung", f"„{nummer}“ ist bereits als ausgezahlt gemeldet." if bekannt
                          else f"„{nummer}“ ist keine offene Auszahlungsanordnung.")
            )  # fmt: skip
        elif nummer in gesehen:
            fehler.append(CsvFehler(nr, "Anordnung", f"„{nummer}“ steht schon in Zeile {gesehen[nummer]}."))
            anordnung = None
        else:
            gesehen[nummer] = nr
        try:
            betrag = BetragFormField().clean(betrag_text)
        except ValidationError as e:
            fehler.append(CsvFehler(nr, "Betrag", " ".join(e.messages)))
            betrag = None
        if anordnung is not None and betrag is not None and betrag != anordnung.betrag:
            fehler.append(
                CsvFehler(nr, "Betrag", f"{euro(betrag)} weicht vom angeordneten Betrag ({euro(anordnung.betrag)}) ab.")
            )
        wertstellung = _datum_lesen(datum_text)
        if wertstellung is None:
            fehler.append(CsvFehler(nr, "Wertstellung", f"„{datum_text}“ ist kein Datum im Format TT.MM.JJJJ."))
        elif anordnung is not None and wertstellung < anordnung.buchung.gebucht_am:
            fehler.append(
                CsvFehler(nr, "Wertstellung", f"Die Wertstellung liegt vor der Anordnung ({datum(anordnung.buchung.gebucht_am)}).")
            )
        if anordnung is not None and wertstellung is not None:
            ergebnis.append(Zahlung(anordnung, wertstellung))
    return ergebnis, fehler


def zahlungsliste_uebernehmen(inhalt: bytes | str, *, by) -> tuple[int, list[CsvFehler]]:
    """All or nothing: with any problem nothing is marked paid; returns (marked, problems)."""
    from zuwendungen import workflow

    zahlungen, fehler = zahlungsliste_lesen(inhalt)
    if fehler:
        return 0, fehler
    try:
        with transaction.atomic():
            workflow.als_bezahlt_melden_liste(
                zahlungen=[(z.anordnung.mittelabruf_id, z.wertstellung) for z in zahlungen], by=by
            )
    except WorkflowError as e:
        return 0, [CsvFehler(0, "", str(e))]
    return len(zahlungen), []
