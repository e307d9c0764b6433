"""What the JSON commands (regelpruefung, zuwendungsrechner) share: reading a JSON file or
standard input with German error messages, and printing exactly one JSON object with an exit
status, never a traceback, never English usage text. Needs neither database nor SECRET_KEY.
"""

from __future__ import annotations

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandParser

from programmteile import rules

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


def eingabe_ungueltig(feld: str, meldung: str) -> rules.Befund:
    return rules.Befund(schwere="fehler", code="eingabe.ungueltig", feld=feld, meldung=meldung, quelle="")


class Unlesbar(Exception):
    """The input cannot be read; carries the one eingabe.ungueltig Befund to print."""

    def __init__(self, feld: str, meldung: str):
        super().__init__(meldung)
        self.befund = eingabe_ungueltig(feld, meldung)


class JsonKommando(BaseCommand):
    """A command whose whole output is one JSON object on stdout and an exit status."""

    aufruf = ""  # the usage line for messages, e.g. "python manage.py regelpruefung ANTRAG.json"
    datei_fehlt = "die Eingabedatei fehlt"
    abbruch_code = "pruefung.abgebrochen"  # the Befund code for an internal error
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # argparse would print English usage to stderr; the contract is JSON on stdout, exit 2.
        parser.error = self._aufruf_fehler
        return parser

    def nur_befund(self, befund: rules.Befund) -> dict:
        """The command's JSON when nothing but this one Befund can be said."""
        raise NotImplementedError

    def interner_fehler(self, fehler: Exception, meldung: str) -> NoReturn:
        """Report a bug as one fehler Befund (exit 2): stderr names it, stdout stays JSON."""
        self.stderr.write(f"{self.kommando_name}: interner Fehler ({type(fehler).__name__}: {fehler})")
        befund = rules.Befund(schwere="fehler", code=self.abbruch_code, feld="", meldung=meldung, quelle="")
        self.ausgeben(self.nur_befund(befund), 2)

    @property
    def kommando_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def ausgeben(self, daten: dict, status: int) -> NoReturn:
        try:
            self.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2))
        except UnicodeEncodeError:  # a terminal without UTF-8: JSON escapes are still the same JSON
            self.stdout.write(json.dumps(daten, ensure_ascii=True, indent=2))
        self.stdout.flush()
        sys.exit(status)

    def _aufruf_fehler(self, nachricht: str) -> NoReturn:
        if "required" in nachricht:
            nachricht = self.datei_fehlt
        meldung = f"Der Aufruf ist ungültig ({nachricht}). Aufruf: {self.aufruf}"
        self.ausgeben(self.nur_befund(eingabe_ungueltig("", meldung)), 2)


def lies_json(pfad: str, feld: str) -> object:
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
