"""Roles that wait for a second administrator (four eyes for Bezirksregierung roles)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from komman.models.rolle import Rolle


class Rollenfreigabe(models.Model):
    """A Bezirksregierung role one administrator asked for; it becomes a Mitgliedschaft only
    when a second administrator confirms it (komman/konten.py)."""

    class Stand(models.TextChoices):
        OFFEN = "offen", "Wartet auf Bestätigung"
        BESTAETIGT = "bestaetigt", "Bestätigt"
        ABGELEHNT = "abgelehnt", "Abgelehnt"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Benutzer*in", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "komman.Organisation", verbose_name="Organisation", on_delete=models.PROTECT, related_name="+"
    )
    rolle = models.CharField("Rolle", max_length=30, choices=Rolle.choices)
    beantragt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Beantragt von", on_delete=models.PROTECT, related_name="+"
    )
    beantragt_am = models.DateTimeField("Beantragt am", auto_now_add=True)
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Entschieden von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entschieden_am = models.DateTimeField("Entschieden am", null=True, blank=True)
    stand = models.CharField("Stand", max_length=20, choices=Stand.choices, default=Stand.OFFEN)

    class Meta:
        verbose_name = "Rollenfreigabe"
        verbose_name_plural = "Rollenfreigaben"
        ordering = ["-beantragt_am", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "rolle"],
                condition=Q(stand="offen"),
                name="rollenfreigabe_offen_eindeutig",
            ),
            models.CheckConstraint(
                condition=~Q(entschieden_von=models.F("beantragt_von")),
                name="rollenfreigabe_vier_augen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rolle_display()} für {self.user} ({self.get_stand_display()})"
