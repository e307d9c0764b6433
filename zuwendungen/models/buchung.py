"""Buchung: every money move of a grant, append-only (like Statuswechsel).

Paid amounts are sums of Buchungen, never fields. A payout is booked when its
Auszahlungsanordnung is signed (gebucht_am); the Landeskasse's value date (wertstellung) is
written once when the payment is reported, and from then the row is frozen. Model, QuerySet
and a database trigger (migration 0003) refuse every other change and every delete.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from komman.fields import Betrag
from komman.models import NurAnhaengen, NurAnhaengenQuerySet, Unveraenderlich


class BuchungQuerySet(NurAnhaengenQuerySet):
    def wertstellen(self, *, pk: int, wertstellung) -> int:
        """The one change a Buchung allows: its value date, once (0 if it already has one)."""
        return models.QuerySet.update(
            self.filter(pk=pk, wertstellung__isnull=True), wertstellung=wertstellung
        )


class Buchung(NurAnhaengen):
    class Art(models.TextChoices):
        AUSZAHLUNG = "auszahlung", "Auszahlung"
        ERSTATTUNG = "erstattung", "Erstattung"
        ZINSEN = "zinsen", "Zinsen"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung", verbose_name="Zuwendung", on_delete=models.PROTECT, related_name="buchungen"
    )
    art = models.CharField("Art", max_length=20, choices=Art.choices)
    betrag = Betrag("Betrag")
    gebucht_am = models.DateField("Gebucht am")
    wertstellung = models.DateField("Wertstellung", null=True, blank=True)
    anordnung = models.OneToOneField(
        "zuwendungen.Auszahlungsanordnung",
        verbose_name="Auszahlungsanordnung",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buchung",
    )
    text = models.CharField("Buchungstext", max_length=300, blank=True)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Gebucht von", on_delete=models.PROTECT, related_name="+"
    )
    erfasst_am = models.DateTimeField("Erfasst am", auto_now_add=True)

    NIE_GEAENDERT = "Eine Buchung wird nie geändert; eine Korrektur ist eine neue Buchung."
    NIE_GELOESCHT = "Eine Buchung wird nie gelöscht."

    objects = BuchungQuerySet.as_manager()

    class Meta:
        verbose_name = "Buchung"
        verbose_name_plural = "Buchungen"
        ordering = ["zuwendung", "gebucht_am", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(betrag__gt=0), name="buchung_betrag_positiv"),
            models.CheckConstraint(
                condition=Q(art__in=["auszahlung", "erstattung", "zinsen"]), name="buchung_art_gueltig"
            ),
        ]
        indexes = [models.Index(fields=["zuwendung", "art"], name="buchung_zuwendung_art")]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.betrag} € am {self.gebucht_am:%d.%m.%Y}"

    def delete(self, *args, **kwargs):
        raise Unveraenderlich(self.NIE_GELOESCHT)
