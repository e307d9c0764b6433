"""python manage.py regelpruefung ANTRAG.json [--parameter PARAMETER.json]

Prints one JSON object (docs/regelpruefung.md) and exits 0 (zulässig), 1 (fehler) or
2 (input unreadable). Needs neither database nor SECRET_KEY.
"""

from __future__ import annotations

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandParser

from programmteile import rules

AUFRUF = "python manage.py regelpruefung ANTRAG.json [--parameter PARAMETER.json]"


# Python's json messages (json.decoder, scanner), in German; others are named by position only.
JSON_FEHLER = [
    ("Expecting value", "hier fehlt ein Wert"),
    (
        "Expecting property name enclosed in double quotes",
        "hier fehlt ein Feldname in doppelten Anführungszeichen",
    ),
    ("Expecting ':' delimiter", "hier fehlt ein Doppelpunkt"),
    ("Expecting ',' delimiter", "hier fehlt ein Komma"),
    ("Unterminated string", "eine Zeichenkette wird nicht geschlossen"),
    ("Invalid control character", "ungültiges Steuerzeichen in einer Zeichenkette"),
    ("Invalid \\escape", "ungültige Escape-Sequenz"),
    ("Invalid \\uXXXX escape", "ungültige Escape-Sequenz"),
    ("Extra data", "nach dem JSON-Objekt folgt noch etwas"),
]


class Unlesbar(Exception):
    """The input cannot be read; carries the one eingabe.ungueltig Befund to print."""

    def __init__(self, feld: str, meldung: str):
        super().__init__(meldung)
        self.befund = rules.Befund(
            schwere="fehler", code="eingabe.ungueltig", feld=feld, meldung=meldung, quelle=""
        )


class Command(BaseCommand):
    help = "Prüft einen Antrag nach den KOMM-AN-Regeln und gibt Befunde und Berechnung als JSON aus."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # argparse would print English usage to stderr; the contract is JSON on stdout, exit 2.
        parser.error = self._aufruf_fehler
        return parser

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
            self.stderr.write(f"regelpruefung: interner Fehler ({type(e).__name__}: {e})")
            meldung = (
                "Die Prüfung wurde wegen eines internen Fehlers abgebrochen. Bitte melden Sie den Antrag "
                "dem Betrieb des Förderportals."
            )
            befund = rules.Befund(
                schwere="fehler", code="pruefung.abgebrochen", feld="", meldung=meldung, quelle=""
            )
            self._ausgeben(rules.Ergebnis(befunde=[befund], berechnung=rules.KEINE_BERECHNUNG), 2)
        self._ausgeben(ergebnis, exit_status(ergebnis))

    def _pruefe(self, antrag_pfad: str, parameter_pfad: str | None) -> rules.Ergebnis:
        antrag = _lies_json(antrag_pfad, "")
        werte = rules.standardwerte()
        if parameter_pfad is not None:
            datei = _lies_json(parameter_pfad, "--parameter")
            if not isinstance(datei, dict):
                raise Unlesbar("--parameter", "Die Parameterdatei enthält kein JSON-Objekt.")
            werte.update(datei)
        fehler = rules.pruefe_parameter(werte)
        if fehler:
            raise Unlesbar("--parameter", " ".join(fehler.values()))
        return rules.pruefe(antrag, rules.Regelparameter.aus_dict(werte))

    def _ausgeben(self, ergebnis: rules.Ergebnis, status: int) -> NoReturn:
        daten = rules.als_dict(ergebnis)
        try:
            self.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2))
        except UnicodeEncodeError:  # a terminal without UTF-8: JSON escapes are still the same JSON
            self.stdout.write(json.dumps(daten, ensure_ascii=True, indent=2))
        self.stdout.flush()
        sys.exit(status)

    def _aufruf_fehler(self, nachricht: str) -> NoReturn:
        if "required" in nachricht:
            nachricht = "die Antragsdatei fehlt"
        meldung = f"Der Aufruf ist ungültig ({nachricht}). Aufruf: {AUFRUF}"
        befund = rules.Befund(schwere="fehler", code="eingabe.ungueltig", feld="", meldung=meldung, quelle="")
        self._ausgeben(rules.Ergebnis(befunde=[befund], berechnung=rules.KEINE_BERECHNUNG), 2)


def exit_status(ergebnis: rules.Ergebnis) -> int:
    """0 zulässig, 1 fehler, 2 input unreadable (eingabe.ungueltig)."""
    if any(b.code == "eingabe.ungueltig" for b in ergebnis.befunde):
        return 2
    return 0 if ergebnis.zulaessig else 1


def _lies_json(pfad: str, feld: str) -> object:
    """The parsed file ("-" = standard input), or Unlesbar with a German message."""
    name = "Die Standardeingabe" if pfad == "-" else f"Die Datei „{pfad}“"
    try:
        if pfad == "-":
            rohdaten = sys.stdin.buffer.read()
        else:
            with open(pfad, "rb") as datei:
                rohdaten = datei.read()
    except FileNotFoundError:
        raise Unlesbar(feld, f"{name} wurde nicht gefunden.") from None
    except IsADirectoryError:
        raise Unlesbar(feld, f"{name} ist ein Verzeichnis, keine Datei.") from None
    except OSError as e:
        raise Unlesbar(feld, f"{name} kann nicht gelesen werden ({e.strerror or e}).") from None
    try:
        text = rohdaten.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unlesbar(feld, f"{name} ist nicht in UTF-8 kodiert.") from None
    try:
        return json.loads(text, parse_constant=_keine_konstante)
    except json.JSONDecodeError as e:
        grund = next((text for anfang, text in JSON_FEHLER if e.msg.startswith(anfang)), "")
        raise Unlesbar(
            feld,
            f"{name} enthält kein gültiges JSON (Zeile {e.lineno}, Spalte {e.colno}{': ' + grund if grund else ''}).",
        ) from None
    except (ValueError, RecursionError):
        raise Unlesbar(feld, f"{name} enthält kein gültiges JSON.") from None


def _keine_konstante(name: str) -> NoReturn:
    # Python's json accepts NaN and Infinity; JSON does not.
    raise ValueError(name)
