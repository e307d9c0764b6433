"""Programmteil IV: orders of printed brochures."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from komman.models import Organisation


class Broschuerenbestellung(models.Model):
    """Part IV: an order of printed copies of „Demokratie für mich“ by a Kommunales Integrationszentrum."""

    SPRACHEN = [
        ("deutsch", "Deutsch"),
        ("englisch", "Englisch"),
        ("franzoesisch", "Französisch"),
        ("arabisch", "Arabisch"),
        ("dari", "Dari"),
        ("farsi", "Farsi"),
    ]

    organisation = models.ForeignKey(
        Organisation, verbose_name="Kommune", on_delete=models.PROTECT, related_name="broschuerenbestellungen"
    )
    bestellt_von = models.ForeignKey(
        "komman.User", verbose_name="Bestellt von", on_delete=models.PROTECT, related_name="+"
    )
    bestellt_am = models.DateTimeField("Bestellt am", auto_now_add=True)
    deutsch = models.PositiveIntegerField("Deutsch", default=0)
    englisch = models.PositiveIntegerField("Englisch", default=0)
    franzoesisch = models.PositiveIntegerField("Französisch", default=0)
    arabisch = models.PositiveIntegerField("Arabisch", default=0)
    dari = models.PositiveIntegerField("Dari", default=0)
    farsi = models.PositiveIntegerField("Farsi", default=0)
    empfaenger = models.CharField("Empfänger", max_length=200, help_text="Name der Stelle oder Person.")
    strasse = models.CharField("Straße und Hausnummer", max_length=200)
    plz = models.CharField("PLZ", max_length=5)
    ort = models.CharField("Ort", max_length=100)
    anmerkung = models.TextField("Anmerkung", blank=True)

    class Meta:
        verbose_name = "Broschürenbestellung"
        verbose_name_plural = "Broschürenbestellungen"
        ordering = ["-bestellt_am", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deutsch__gt=0)
                | Q(englisch__gt=0)
                | Q(franzoesisch__gt=0)
                | Q(arabisch__gt=0)
                | Q(dari__gt=0)
                | Q(farsi__gt=0),
                name="broschuerenbestellung_mindestens_ein_exemplar",
            )
        ]

    def __str__(self) -> str:
        return f"Bestellung von {self.organisation} am {self.bestellt_am:%d.%m.%Y}"

    @property
    def mengen(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, feld)) for feld, label in self.SPRACHEN if getattr(self, feld)]

    @property
    def gesamt(self) -> int:
        return sum(getattr(self, feld) for feld, _ in self.SPRACHEN)
