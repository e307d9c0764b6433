"""Weiterleitung (Part II, DOMAIN.md §6.3): the Kommune forwards the grant to its Letztempfänger.

One row per forwarding of one line (a Part II Position: Pauschale × Einheiten for one
Letztempfänger) by contract or notice. The sum per line never exceeds the amount granted for
it (rules.weiterleitung_uebersteigt, checked under the Zuwendung's row lock).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from komman.fields import NICHT_NEGATIV, Betrag


class Weiterleitung(models.Model):
    class Form(models.TextChoices):
        VERTRAG = "vertrag", "Weiterleitungsvertrag"
        BESCHEID = "bescheid", "Weiterleitungsbescheid"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung", on_delete=models.PROTECT, related_name="weiterleitungen"
    )
    position = models.ForeignKey(
        "antraege.Position", verbose_name="Maßnahme", on_delete=models.PROTECT, related_name="weiterleitungen"
    )
    letztempfaenger = models.CharField("Letztempfänger", max_length=200)
    form = models.CharField("Form", max_length=10, choices=Form.choices, default=Form.VERTRAG)
    datum = models.DateField("Datum des Vertrags oder Bescheids")
    einheiten = models.PositiveIntegerField("Einheiten")
    betrag = Betrag("Weitergeleiteter Betrag", validators=NICHT_NEGATIV)
    anbest_p = models.BooleanField("ANBest-P zum Bestandteil gemacht", default=False)
    pruefrecht = models.BooleanField(
        "Prüfrecht der Bezirksregierung und des Landesrechnungshofs vereinbart", default=False
    )
    erstattung_mit_zinsen = models.BooleanField(
        "Erstattung mit Verzinsung (§ 49a VwVfG NRW) vereinbart", default=False
    )
    erfasst_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erfasst_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Weiterleitung"
        verbose_name_plural = "Weiterleitungen"
        ordering = ["zuwendung", "position__nr", "datum", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(betrag__gte=0), name="weiterleitung_betrag_nicht_negativ"),
            # Without these three clauses no forwarding may be recorded (VV 12 zu § 44 LHO).
            models.CheckConstraint(
                condition=Q(anbest_p=True) & Q(pruefrecht=True) & Q(erstattung_mit_zinsen=True),
                name="weiterleitung_pflichtklauseln",
            ),
        ]

    def __str__(self) -> str:
        return f"Weiterleitung an {self.letztempfaenger}"
