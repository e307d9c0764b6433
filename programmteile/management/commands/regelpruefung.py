"""python manage.py regelpruefung ANTRAG.json [--parameter PARAMETER.json]

Prints one JSON object (docs/regelpruefung.md) and exits 0 (zulässig), 1 (fehler) or
2 (input unreadable). Needs neither database nor SECRET_KEY.
"""

from __future__ import annotations

from typing import NoReturn

from django.core.management.base import CommandParser

from programmteile import rules
from programmteile.management.json_kommando import JsonKommando, Unlesbar, lies_json


class Command(JsonKommando):
    help = "Prüft einen Antrag nach den KOMM-AN-Regeln und gibt Befunde und Berechnung als JSON aus."
    aufruf = "python manage.py regelpruefung ANTRAG.json [--parameter PARAMETER.json]"
    datei_fehlt = "die Antragsdatei fehlt"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("antrag", help="Antrag als JSON-Datei; „-“ liest die Standardeingabe.")
        parser.add_argument(
            "--parameter",
            help="Regelparameter als JSON-Datei (Schlüssel wie DOMAIN.md §3); fehlende Schlüssel "
            "kommen aus den Standardwerten, null schaltet einen Parameter ab.",
        )

    def handle(self, *args, **options) -> NoReturn:
        try:
            ergebnis = self._pruefe(options["antrag"], options.get("parameter"))
        except Unlesbar as e:
            ergebnis = rules.Ergebnis(befunde=[e.befund], berechnung=rules.KEINE_BERECHNUNG)
        except Exception as e:  # the contract: JSON and an exit status, never a traceback
            self.interner_fehler(
                e,
                "Die Prüfung wurde wegen eines internen Fehlers abgebrochen. Bitte melden Sie den Antrag "
                "dem Betrieb des Förderportals.",
            )
        self.ausgeben(rules.als_dict(ergebnis), exit_status(ergebnis))

    def nur_befund(self, befund: rules.Befund) -> dict:
        return rules.als_dict(rules.Ergebnis(befunde=[befund], berechnung=rules.KEINE_BERECHNUNG))

    def _pruefe(self, antrag_pfad: str, parameter_pfad: str | None) -> rules.Ergebnis:
        antrag = lies_json(antrag_pfad, "")
        werte = rules.standardwerte()
        if parameter_pfad is not None:
            datei = lies_json(parameter_pfad, "--parameter")
            if not isinstance(datei, dict):
                raise Unlesbar("--parameter", "Die Parameterdatei enthält kein JSON-Objekt.")
            werte.update(datei)
        fehler = rules.pruefe_parameter(werte)
        if fehler:
            raise Unlesbar("--parameter", " ".join(fehler.values()))
        return rules.pruefe(antrag, rules.Regelparameter.aus_dict(werte))


def exit_status(ergebnis: rules.Ergebnis) -> int:
    """0 zulässig, 1 fehler, 2 input unreadable (eingabe.ungueltig)."""
    if any(b.code == "eingabe.ungueltig" for b in ergebnis.befunde):
        return 2
    return 0 if ergebnis.zulaessig else 1
