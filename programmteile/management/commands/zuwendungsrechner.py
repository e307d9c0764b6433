"""python manage.py zuwendungsrechner RECHNUNG.json   (or - for standard input)

Reads one Rechnung (docs/zuwendungsrechner.md), prints one JSON object
``{"rechnung": ..., "ergebnis": {...}, "befunde": [...]}`` and exits 0, or 2 with one
``eingabe.ungueltig`` Befund if the input cannot be read. Needs neither database nor SECRET_KEY.
"""

from __future__ import annotations

from typing import NoReturn

from django.core.management.base import CommandParser

from programmteile import rules
from programmteile.management.json_kommando import JsonKommando, Unlesbar, lies_json


class Command(JsonKommando):
    help = (
        "Berechnet Fristen, Zinsen, Mittelabruf und anerkannte Zuwendung nach den KOMM-AN-Regeln "
        "und gibt das Ergebnis als JSON aus."
    )
    aufruf = "python manage.py zuwendungsrechner RECHNUNG.json (oder - für die Standardeingabe)"
    datei_fehlt = "die Rechnungsdatei fehlt"
    abbruch_code = "rechnung.abgebrochen"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rechnung", help="Rechnung als JSON-Datei; „-“ liest die Standardeingabe.")

    def handle(self, *args, **options) -> NoReturn:
        try:
            rechnung = rules.rechne(lies_json(options["rechnung"], ""))
        except Unlesbar as e:
            self.ausgeben(self.nur_befund(e.befund), 2)
        except Exception as e:  # the contract: JSON and an exit status, never a traceback
            self.interner_fehler(
                e,
                "Die Rechnung wurde wegen eines internen Fehlers abgebrochen. Bitte melden Sie die Eingabe "
                "dem Betrieb des Förderportals.",
            )
        self.ausgeben(rechnung.als_dict(), 0 if rechnung.lesbar else 2)

    def nur_befund(self, befund: rules.Befund) -> dict:
        return rules.Rechnung(None, {}, [befund]).als_dict()
