"""Renders every Dokument a crash left without its PDF, in all Förderperioden (DESIGN.md §8)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from antraege.management.commands.bescheide_erzeugen import erzeugen
from antraege.models import Dokument


class Command(BaseCommand):
    help = "Erzeugt alle fehlenden PDFs (und fehlende Bescheide gezeichneter Anträge) aller Förderperioden."

    def handle(self, *args, **options):
        erzeugen(self, Dokument.objects.all(), "Alle Perioden")
