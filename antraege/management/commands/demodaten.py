"""Demo data so people can try the portal (antraege.demodaten). Idempotent.

Refuses to run with DEBUG off unless --force is given, so it never lands in production by accident.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from antraege import demodaten


class Command(BaseCommand):
    help = "Legt Demodaten an: Förderperioden 2026, Zuweisungen, Träger, Demo-Logins (Passwort komman-demo)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Auch mit DEBUG=False ausführen.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demodaten werden nur mit DEBUG=True angelegt, damit sie nie in einem Produktivsystem landen. "
                "Wer das wirklich will: --force."
            )
        demodaten.anlegen(stdout=self.stdout, zwei_faktor=settings.DEBUG)
        self.stdout.write(
            self.style.SUCCESS("Demodaten sind angelegt. Anmelden mit z. B. ki.dortmund / komman-demo.")
        )
