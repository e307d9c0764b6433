"""How a notice becomes final: the signed Rechtsbehelfsverzicht and the Klage (DOMAIN.md §4a).

Both belong to the Antrag (a rejection can become final or be challenged too); the Zuwendung
exists only once a grant is final. The Klagefrist and the day of Bestandskraft are never
stored as a rule result: ``rules.bestandskraft`` computes them from the Bekanntgabe, the
waiver's receipt and whether a Klage is pending.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Rechtsbehelfsverzicht(models.Model):
    """The signed waiver (PDF) the Zeichnungsberechtigte uploaded; received on its upload day."""

    antrag = models.OneToOneField(
        "antraege.Antrag", on_delete=models.PROTECT, related_name="rechtsbehelfsverzicht"
    )
    dateiname = models.CharField("Dateiname", max_length=200)
    pfad = models.CharField("Ablage", max_length=300, editable=False)
    content_type = models.CharField("Dateityp", max_length=100)
    groesse = models.PositiveIntegerField("Größe (Bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    eingegangen_am = models.DateField("Eingegangen am")
    hochgeladen_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hochgeladen_am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Rechtsbehelfsverzicht"
        verbose_name_plural = "Rechtsbehelfsverzichte"

    def __str__(self) -> str:
        return f"Rechtsbehelfsverzicht zu {self.antrag}"


class Klage(models.Model):
    """A Klage against the notice: recorded by the Prüfung, later recorded as decided."""

    class Ausgang(models.TextChoices):
        ZURUECKGENOMMEN = "zurueckgenommen", "Klage zurückgenommen"
        ABGEWIESEN = "abgewiesen", "Klage abgewiesen"
        BESCHEID_GEAENDERT = "bescheid_geaendert", "Bescheid geändert (Abhilfe, Vergleich oder Urteil)"

    antrag = models.ForeignKey("antraege.Antrag", on_delete=models.PROTECT, related_name="klagen")
    gegen = models.CharField(
        "Klage gegen", max_length=30, help_text="Status des Antrags, als die Klage erfasst wurde."
    )
    erhoben_am = models.DateField("Klage erhoben am")
    gericht = models.CharField("Gericht", max_length=200)
    aktenzeichen = models.CharField("Aktenzeichen des Gerichts", max_length=60)
    erfasst_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erfasst_am = models.DateTimeField(auto_now_add=True)
    ausgang = models.CharField("Ausgang", max_length=30, choices=Ausgang.choices, blank=True)
    entschieden_am = models.DateField("Entschieden am", null=True, blank=True)
    entschieden_erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Klage"
        verbose_name_plural = "Klagen"
        ordering = ["antrag", "erhoben_am", "pk"]
        constraints = [
            # At most one pending Klage per Antrag (a second one is the same proceedings).
            models.UniqueConstraint(
                fields=["antrag"], condition=Q(ausgang=""), name="klage_eine_anhaengig_je_antrag"
            ),
            models.CheckConstraint(
                condition=(Q(ausgang="") & Q(entschieden_am__isnull=True))
                | (~Q(ausgang="") & Q(entschieden_am__isnull=False)),
                name="klage_ausgang_mit_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"Klage {self.aktenzeichen} ({self.gericht})"
