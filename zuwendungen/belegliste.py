"""Belegliste of a Verwendungsnachweis: import from CSV (semicolons, UTF-8) or XLSX (openpyxl),
all or nothing with a report per row and column, and export as CSV with formula-safe cells."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from antraege.workflow import WorkflowError
from komman.export import zeile
from komman.fields import BetragFormField
from programmteile.csvdatei import CsvFehler, csv_zeilen
from zuwendungen.models import Beleg, Verwendungsnachweis
from zuwendungen.permissions_vn import can_vn

SPALTEN = ["Nr.", "Datum", "Zahlungsempfänger", "Grund der Zahlung", "Ausgabenart", "Betrag"]
MAX_ZEILEN = 5000


def _xlsx_zeilen(inhalt: bytes) -> tuple[list[tuple[int, list[str]]], list[CsvFehler]]:
    from openpyxl import load_workbook

    try:
        blatt = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True).active
    except Exception:
        return [], [CsvFehler(0, "", "Die Datei ist keine lesbare XLSX-Arbeitsmappe.")]
    zeilen = list(blatt.iter_rows(values_only=True, max_row=MAX_ZEILEN + 1))
    if not zeilen:
        return [], [CsvFehler(0, "", "Die Datei ist leer.")]
    kopf = [str(z or "").strip() for z in zeilen[0]][: len(SPALTEN)]
    if kopf != SPALTEN:
        return [], [CsvFehler(1, "", f"Die Kopfzeile muss „{';'.join(SPALTEN)}“ lauten, gefunden: „{';'.join(kopf)}“.")]
    daten = []
    for nr, z in enumerate(zeilen[1:], start=2):
        werte = [_text(w) for w in list(z)[: len(SPALTEN)]]
        werte += [""] * (len(SPALTEN) - len(werte))
        if any(werte):
            daten.append((nr, werte))
    if not daten:
        return [], [CsvFehler(2, "", "Die Datei enthält keine Zeilen unter der Kopfzeile.")]
    return daten, []


def _text(wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, datetime.datetime):
        wert = wert.date()
    if isinstance(wert, datetime.date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, float | Decimal):
        # a spreadsheet number: German notation, so BetragFormField never reads "." as thousands
        return str(Decimal(str(wert))).replace(".", ",")
    return str(wert).strip()


def lesen(inhalt: bytes, dateiname: str) -> tuple[list[Beleg], list[CsvFehler]]:
    """Every row checked; the Belege (unsaved) or every problem with its row and column."""
    if dateiname.lower().endswith(".xlsx"):
        daten, fehler = _xlsx_zeilen(inhalt)
    else:
        daten, fehler = csv_zeilen(inhalt, SPALTEN)
    if fehler:
        return [], fehler
    if len(daten) > MAX_ZEILEN:
        return [], [CsvFehler(0, "", f"Höchstens {MAX_ZEILEN} Belege je Liste.")]
    belege, gesehen = [], {}
    for nr, (lfd, datum_text, empfaenger, grund, kategorie, betrag_text) in daten:
        try:
            lfd_nr = int(lfd)
            if lfd_nr <= 0:
                raise ValueError
        except ValueError:
            fehler.append(CsvFehler(nr, "Nr.", f"„{lfd}“ ist keine laufende Nummer (ganze Zahl ab 1)."))
            lfd_nr = None
        if lfd_nr is not None and lfd_nr in gesehen:
            fehler.append(CsvFehler(nr, "Nr.", f"Die Nummer {lfd_nr} steht schon in Zeile {gesehen[lfd_nr]}."))
        elif lfd_nr is not None:
            gesehen[lfd_nr] = nr
        datum = None
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                datum = datetime.datetime.strptime(datum_text, fmt).date()
                break
            except ValueError:
                continue
        if datum is None:
            fehler.append(CsvFehler(nr, "Datum", f"„{datum_text}“ ist kein Datum im Format TT.MM.JJJJ."))
        if not empfaenger:
            fehler.append(CsvFehler(nr, "Zahlungsempfänger", "Bitte den Zahlungsempfänger angeben."))
        if not grund:
            fehler.append(CsvFehler(nr, "Grund der Zahlung", "Bitte den Grund der Zahlung angeben."))
        try:
            betrag = BetragFormField().clean(betrag_text)
            if betrag is None:
                raise ValidationError("Bitte den Betrag angeben.")
        except ValidationError as e:
            fehler.append(CsvFehler(nr, "Betrag", " ".join(e.messages)))
            betrag = None
        if not fehler:
            belege.append(Beleg(nr=lfd_nr, datum=datum, empfaenger=empfaenger[:200], grund=grund[:300],
                                kategorie=kategorie[:100], betrag=betrag))  # fmt: skip
    return ([], fehler) if fehler else (belege, [])


def uebernehmen(vn: Verwendungsnachweis, inhalt: bytes, dateiname: str, *, by) -> tuple[int, list[CsvFehler]]:
    """All or nothing: with any problem the old list stays; else the new list replaces it."""
    from zuwendungen.workflow.vn import sperren

    belege, fehler = lesen(inhalt, dateiname)
    if fehler:
        return 0, fehler
    with transaction.atomic():
        _, vn = sperren(vn)
        ok, grund = can_vn(by, vn, "bearbeiten")
        if not ok:
            raise WorkflowError(grund)
        vn.belege.all().delete()
        for b in belege:
            b.verwendungsnachweis = vn
        Beleg.objects.bulk_create(belege)
    return len(belege), []


def als_csv(vn: Verwendungsnachweis) -> str:
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";")
    w.writerow(SPALTEN)
    for b in vn.belege.all():
        w.writerow(zeile([b.nr, b.datum.strftime("%d.%m.%Y"), b.empfaenger, b.grund, b.kategorie,
                          f"{b.betrag:.2f}".replace(".", ",")]))  # fmt: skip
    return puffer.getvalue()
