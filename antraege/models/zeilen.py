"""The lines of an Antrag, one kind per Programmteil: Part I details, Part II Positionen, Part III Maßnahmen."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from antraege.models.antrag import Antrag
from komman.fields import Betrag
from programmteile.rules.begriffe import RECHTSFORMEN_LETZTEMPFAENGER


class AntragTeil1(models.Model):
    """Part I details: extra KI posts and Sachmittel."""

    antrag = models.OneToOneField(Antrag, on_delete=models.CASCADE, related_name="teil1", primary_key=True)
    stellen = models.DecimalField(
        "Beantragte Stellen",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="1, 1,5 oder 2 Stellen.",
    )
    personalausgaben = Betrag("Geplante Personalausgaben im Jahr", null=True, blank=True)
    sachmittel = Betrag("Sachmittel im Jahr", null=True, blank=True)
    fachkraft = models.CharField("Fachkraft (Name oder „noch offen“)", max_length=200, blank=True)
    entgeltgruppe = models.CharField("Entgeltgruppe", max_length=20, blank=True, help_text="z. B. EG 11 TVöD")
    besetzt_seit = models.DateField("Stelle besetzt seit", null=True, blank=True)
    besetzung_geplant = models.DateField("Besetzung geplant zum", null=True, blank=True)
    konzept = models.TextField("Kurzkonzept der Aufgaben", blank=True)
    # The decision, split as the Bescheid states it (Festbetrag for posts, Sachmittel by tier).
    personal_bewilligt = Betrag("Bewilligt für Personal", null=True, blank=True)
    sachmittel_bewilligt = Betrag("Bewilligt für Sachmittel", null=True, blank=True)
    personal_kuerzungsgrund = models.TextField("Grund der Kürzung (Personal)", blank=True)
    sachmittel_kuerzungsgrund = models.TextField("Grund der Kürzung (Sachmittel)", blank=True)

    class Meta:
        verbose_name = "Angaben Programmteil I"
        verbose_name_plural = "Angaben Programmteil I"

    def __str__(self) -> str:
        return f"Angaben Programmteil I zu {self.antrag}"


class Position(models.Model):
    """A Part II Maßnahme: a Pauschale × Einheiten for one Letztempfänger."""

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="positionen")
    nr = models.PositiveSmallIntegerField("Nr.", default=1)
    baustein = models.CharField("Baustein", max_length=1)
    pauschale = models.CharField("Pauschale", max_length=2)
    einheiten = models.PositiveIntegerField("Einheiten", null=True, blank=True)
    bezeichnung = models.CharField("Bezeichnung der Maßnahme", max_length=300, blank=True)
    raumnutzung_prozent = models.PositiveSmallIntegerField(
        "Anteil der Nutzung als Ankommenstreffpunkt (%)", null=True, blank=True
    )
    geplante_kosten = Betrag("Geplante Kosten (Renovierung/Ausstattung)", null=True, blank=True)
    treffpunkt = models.CharField(
        "Ankommenstreffpunkt",
        max_length=200,
        blank=True,
        help_text="Nur Baustein A: Name und Ort des Treffpunkts. Räume (A1) und Monate (A2) werden je "
        "Ankommenstreffpunkt begrenzt.",
    )
    empfaenger = models.CharField("Letztempfänger", max_length=200, blank=True)
    empfaenger_rechtsform = models.CharField(
        "Rechtsform des Letztempfängers",
        max_length=100,
        blank=True,
        choices=list(RECHTSFORMEN_LETZTEMPFAENGER.items()),
    )
    empfaenger_anschrift = models.CharField("Anschrift des Letztempfängers", max_length=300, blank=True)
    betrag = Betrag("Betrag", default=Decimal("0.00"))
    bewilligt = Betrag("Bewilligt", null=True, blank=True)
    kuerzungsgrund = models.TextField("Grund der Kürzung", blank=True)

    class Meta:
        verbose_name = "Maßnahme (Programmteil II)"
        verbose_name_plural = "Maßnahmen (Programmteil II)"
        ordering = ["antrag", "nr", "id"]

    def __str__(self) -> str:
        return f"{self.pauschale} × {self.einheiten}: {self.bezeichnung}"


class Massnahme(models.Model):
    """A Part III Maßnahme of an Integrationsagentur."""

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="massnahmen")
    nr = models.PositiveSmallIntegerField("Nr.", default=1)
    titel = models.CharField("Titel der Maßnahme", max_length=300, blank=True)
    handlungsfeld = models.CharField("Handlungsfeld", max_length=30, blank=True)
    stellen = models.DecimalField(
        "Stellen (Vollzeitäquivalente)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    personalausgaben = Betrag("Personalausgaben", null=True, blank=True)
    honorarausgaben = Betrag("Honorarausgaben", null=True, blank=True)
    sachausgaben = Betrag("Sachausgaben", null=True, blank=True)
    investitionsausgaben = Betrag("Investitionsausgaben", null=True, blank=True)
    beantragt = Betrag("Beantragte Zuwendung", null=True, blank=True)
    bewilligt = Betrag("Bewilligt", null=True, blank=True)
    # the decision: costs not recognised as eligible (Anteilfinanzierung: 90 % of the rest)
    nicht_zuwendungsfaehig = Betrag("Davon nicht zuwendungsfähig", null=True, blank=True)
    kuerzungsgrund = models.TextField("Grund der Kürzung", blank=True)

    class Meta:
        verbose_name = "Maßnahme (Programmteil III)"
        verbose_name_plural = "Maßnahmen (Programmteil III)"
        ordering = ["antrag", "nr", "id"]

    def __str__(self) -> str:
        return self.titel or f"Maßnahme {self.nr}"
