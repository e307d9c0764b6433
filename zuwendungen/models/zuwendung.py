"""Zuwendung: the grant, from the day its notice became final (Bestandskraft).

One per granted Antrag. Paid, called and refunded amounts are never fields here: they are
sums over the process rows (Buchung, Mittelabruf), so nobody can update them by hand.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from komman.fields import NICHT_NEGATIV, Betrag


class Finanzierungsart(models.TextChoices):
    """VV 2.2 zu § 44 LHO; the Programmteil decides (DOMAIN.md §4 item 4)."""

    ANTEIL = "anteil", "Anteilfinanzierung"
    FESTBETRAG = "festbetrag", "Festbetragsfinanzierung"
    PAUSCHALEN = "pauschalen", "Festbetragsfinanzierung (Pauschalen)"


class Zuwendung(models.Model):
    # Antrag.zuwendung is the granted amount (a field), so the way back is antrag.zuwendungsfall.
    antrag = models.OneToOneField(
        "antraege.Antrag", verbose_name="Antrag", on_delete=models.PROTECT, related_name="zuwendungsfall"
    )
    bewilligt = Betrag("Bewilligte Zuwendung", validators=NICHT_NEGATIV)
    bewilligungszeitraum_von = models.DateField("Bewilligungszeitraum von")
    bewilligungszeitraum_bis = models.DateField("Bewilligungszeitraum bis")
    finanzierungsart = models.CharField("Finanzierungsart", max_length=20, choices=Finanzierungsart.choices)
    bestandskraeftig_am = models.DateField("Bestandskräftig seit")
    # Set by the Verwendungsnachweis process when its result is signed (VV 11): the grant
    # recognised as properly used, computed by rules.verwendungsnachweis_*.
    anerkannt = Betrag("Anerkannte Zuwendung", null=True, blank=True, validators=NICHT_NEGATIV)
    anerkannt_am = models.DateField("Anerkannt am", null=True, blank=True)
    # Set when the grant is closed (Abschlussmitteilung, or all refunds paid): read-only from then.
    abgeschlossen_am = models.DateField("Abgeschlossen am", null=True, blank=True)
    erstellt_am = models.DateTimeField("Angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Zuwendung"
        verbose_name_plural = "Zuwendungen"
        ordering = ["-bestandskraeftig_am", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(bewilligt__gte=0), name="zuwendung_bewilligt_nicht_negativ"),
            models.CheckConstraint(
                condition=Q(bewilligungszeitraum_von__lte=F("bewilligungszeitraum_bis")),
                name="zuwendung_zeitraum_geordnet",
            ),
        ]

    def __str__(self) -> str:
        return f"Zuwendung {self.antrag.aktenzeichen or self.antrag_id}"
