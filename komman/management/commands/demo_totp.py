"""Prints the current 6-digit code of a demo login's second factor (README: Demo-Anmeldung)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from komman.zwei_faktor import DEMO_GERAET_NAME, DEMO_SCHLUESSEL_HEX, aktueller_code


class Command(BaseCommand):
    help = "Zeigt den aktuellen Code der Zwei-Faktor-Anmeldung eines Demo-Logins (nur nach demodaten)."

    def add_arguments(self, parser):
        parser.add_argument("benutzername", help="z. B. pruefung.arnsberg")

    def handle(self, *args, benutzername: str, **options):
        # Only the device demodaten created with the published key; never a real person's secret.
        geraet = TOTPDevice.objects.filter(
            user__username=benutzername, name=DEMO_GERAET_NAME, key=DEMO_SCHLUESSEL_HEX, confirmed=True
        ).first()
        if geraet is None:
            raise CommandError(
                f"{benutzername} hat keinen Demo-Schlüssel. Er entsteht nur durch "
                "`DEBUG=True python manage.py demodaten`."
            )
        self.stdout.write(aktueller_code(geraet))
