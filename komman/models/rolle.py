"""Every role of the portal (DESIGN.md §4)."""

from django.db import models


class Rolle(models.TextChoices):
    """Every role of the portal, in one place (DESIGN.md §4)."""

    SACHBEARBEITUNG = "sachbearbeitung", "Sachbearbeitung"
    ZEICHNUNGSBERECHTIGT = "zeichnungsberechtigt", "Zeichnungsberechtigte*r"
    PRUEFUNG = "pruefung", "Prüfung"
    ZEICHNUNG = "zeichnung", "Zeichnung (Vier-Augen-Prinzip)"
    ADMIN = "admin", "Administration"


ANTRAGSTELLER_ROLLEN = (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT)
BEZIRKSREGIERUNG_ROLLEN = (Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN)
