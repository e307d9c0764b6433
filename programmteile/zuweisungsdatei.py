"""The Zuweisungen as a CSV file: export for a spreadsheet, and the reader for the upload.

Columns Kreisschlüssel;Stellenzuweisung;Höchstbetrag, semicolons, UTF-8 (with BOM on export),
German decimal comma. The reader reports every problem with row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from komman.export import zeile as csv_zeile
from komman.fields import BetragFormField
from komman.formate import zahl
from komman.models import Organisation
from programmteile.csvdatei import CsvFehler, csv_zeilen
from programmteile.forms.felder import dezimal_text, parse_dezimal
from programmteile.models import Foerderperiode

CSV_SPALTEN = ["Kreisschlüssel", "Stellenzuweisung", "Höchstbetrag"]


@dataclass(frozen=True)
class CsvZeile:
    kommune: Organisation
    stellen: Decimal | None
    hoechstbetrag: Decimal | None


def csv_export(zuweisungen) -> str:
    """UTF-8 with BOM (Excel), semicolons, German decimal comma, ordered by Kreisschlüssel."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(csv_zeile(CSV_SPALTEN))
    for z in sorted(zuweisungen, key=lambda z: z.kommune.kreisschluessel):
        schreiber.writerow(
            csv_zeile([
                z.kommune.kreisschluessel,
                dezimal_text(z.stellen) if z.stellen is not None else "",
                f"{z.hoechstbetrag:.2f}".replace(".", ",") if z.hoechstbetrag is not None else "",
            ])  # fmt: skip
        )
    return "\ufeff" + puffer.getvalue()


def csv_lesen(inhalt: bytes | str, *, periode: Foerderperiode) -> tuple[list[CsvZeile], list[CsvFehler]]:
    """Read a Zuweisungen file; every problem is reported with row number and column."""
    daten, fehler = csv_zeilen(inhalt, CSV_SPALTEN)
    if not daten:
        return [], fehler
    kommunen = {k.kreisschluessel: k for k in Organisation.objects.kommunen()}
    stufen = periode.parameter().teil1.stellenstufen or ()
    ergebnis: list[CsvZeile] = []
    gesehen: dict[str, int] = {}
    for nr, zeile in daten:
        schluessel, stellen_text, betrag_text = zeile[:3]
        if schluessel.isdigit() and len(schluessel) in (4, 7):
            schluessel = "0" + schluessel  # a spreadsheet dropped the leading zero
        kommune = kommunen.get(schluessel)
        if kommune is None:
            fehler.append(
                CsvFehler(
                    nr, "Kreisschlüssel", f"„{zeile[0]}“ ist kein Kreisschlüssel einer der 54 Kommunen."
                )
            )
        elif schluessel in gesehen:
            fehler.append(
                CsvFehler(
                    nr,
                    "Kreisschlüssel",
                    f"{kommune} ({schluessel}) steht schon in Zeile {gesehen[schluessel]}.",
                )
            )
        else:
            gesehen[schluessel] = nr
        stellen = None
        if stellen_text:
            try:
                stellen = parse_dezimal(stellen_text)
            except ValueError:
                fehler.append(CsvFehler(nr, "Stellenzuweisung", f"„{stellen_text}“ ist keine Zahl."))
            else:
                if stufen and stellen not in stufen:
                    erlaubt = ", ".join(zahl(s) for s in stufen)
                    fehler.append(
                        CsvFehler(
                            nr,
                            "Stellenzuweisung",
                            f"{zahl(stellen)} ist keine zulässige Stellenstufe. Zulässig sind {erlaubt}.",
                        )
                    )
                    stellen = None
        betrag = None
        if betrag_text:
            try:
                betrag = BetragFormField(required=False).clean(betrag_text)
            except ValidationError as e:
                fehler.append(CsvFehler(nr, "Höchstbetrag", " ".join(e.messages)))
        if kommune is not None:
            ergebnis.append(CsvZeile(kommune=kommune, stellen=stellen, hoechstbetrag=betrag))
    return ergebnis, fehler
