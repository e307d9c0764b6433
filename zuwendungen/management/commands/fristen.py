"""python manage.py fristen [--heute JJJJ-MM-TT]: the daily run (zuwendungen/taeglich.py).

Safe to run any number of times a day; cron or the task queue calls it once after midnight.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zuwendungen import taeglich


class Command(BaseCommand):
    help = "Täglicher Lauf: Fristen prüfen, Statuswechsel des Systems, Erinnerungen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--heute", help="Stichtag JJJJ-MM-TT (Standard: heute)")

    def handle(self, *args, heute: str | None = None, **options) -> None:
        try:
            tag = datetime.date.fromisoformat(heute) if heute else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"--heute: „{heute}“ ist kein Datum im Format JJJJ-MM-TT.") from e
        ergebnis = taeglich.lauf(tag)
        for name, anzahl in ergebnis.items():
            self.stdout.write(f"{name}: {anzahl}")
        self.stdout.write(f"Täglicher Lauf für {tag:%d.%m.%Y} beendet ({len(ergebnis)} Schritte).")
