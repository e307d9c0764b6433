"""Reading an uploaded CSV file for an all-or-nothing import of the Verwaltung.

Semicolons, UTF-8 (a BOM is fine), a fixed header; every problem is reported with row and
column (``CsvFehler``), so the screen can list them all and import nothing. Used by the
Zuweisungen (programmteile/zuweisungsdatei.py) and the Basiszinssatz (programmteile/basiszins.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

_ZAHLWORT = {2: "zwei", 3: "drei", 4: "vier", 5: "fünf"}


@dataclass(frozen=True)
class CsvFehler:
    zeile: int
    spalte: str
    meldung: str


def csv_zeilen(
    inhalt: bytes | str, spalten: list[str]
) -> tuple[list[tuple[int, list[str]]], list[CsvFehler]]:
    """The data rows as (row number, stripped fields, one per column) after checking the
    encoding and the header; blank rows are skipped, a row with extra filled columns is an error."""
    if isinstance(inhalt, bytes):
        try:
            text = inhalt.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [
                CsvFehler(0, "", "Die Datei ist nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.")
            ]
    else:
        text = inhalt.lstrip("\ufeff")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not zeilen:
        return [], [CsvFehler(0, "", "Die Datei ist leer.")]
    kopf = [spalte.strip() for spalte in zeilen[0]]
    if kopf[: len(spalten)] != spalten:
        return [], [
            CsvFehler(
                1,
                "",
                f"Die Kopfzeile muss „{';'.join(spalten)}“ lauten (Trennzeichen Semikolon), "
                f"gefunden: „{';'.join(kopf)}“.",
            )
        ]
    anzahl = len(spalten)
    daten: list[tuple[int, list[str]]] = []
    fehler: list[CsvFehler] = []
    for nr, zeile in enumerate(zeilen[1:], start=2):
        if not any(feld.strip() for feld in zeile):
            continue
        zeile = [feld.strip() for feld in zeile] + [""] * (anzahl - len(zeile))
        if len(zeile) > anzahl and any(zeile[anzahl:]):
            fehler.append(
                CsvFehler(
                    nr,
                    "",
                    f"Die Zeile hat mehr als {_ZAHLWORT.get(anzahl, anzahl)} Spalten. "
                    "Bitte Semikolon als Trennzeichen verwenden.",
                )
            )
            continue
        daten.append((nr, zeile[:anzahl]))
    if not fehler and not daten:
        fehler.append(CsvFehler(2, "", "Die Datei enthält keine Zeilen unter der Kopfzeile."))
    return daten, fehler
