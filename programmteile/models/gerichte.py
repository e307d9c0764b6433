"""The seven Verwaltungsgerichte of Nordrhein-Westfalen: administration data (§ 17 JustG NRW).

The Rechtsbehelfsbelehrung names the court of the recipient's seat with its seat and postal
address (§ 58 Abs. 1 VwGO). Which court is competent for a Kommune is the column
``verwaltungsgericht`` of the Kommune (from komman/data/kommunen_nrw.csv); a Träger records its
Kreis or kreisfreie Stadt, whose court applies.
"""

from __future__ import annotations

from django.db import models


class Verwaltungsgericht(models.Model):
    class Sitz(models.TextChoices):
        AACHEN = "Aachen", "Aachen"
        ARNSBERG = "Arnsberg", "Arnsberg"
        DUESSELDORF = "Düsseldorf", "Düsseldorf"
        GELSENKIRCHEN = "Gelsenkirchen", "Gelsenkirchen"
        KOELN = "Köln", "Köln"
        MINDEN = "Minden", "Minden"
        MUENSTER = "Münster", "Münster"

    sitz = models.CharField("Sitz", max_length=40, choices=Sitz.choices, unique=True)
    strasse = models.CharField("Straße und Hausnummer", max_length=200)
    plz = models.CharField("PLZ", max_length=5)
    ort = models.CharField("Ort", max_length=100)
    quelle = models.CharField(
        "Quelle", max_length=300, blank=True, help_text="Woher die Anschrift stammt (Internetseite des Gerichts)."
    )

    class Meta:
        verbose_name = "Verwaltungsgericht"
        verbose_name_plural = "Verwaltungsgerichte"
        ordering = ["sitz"]

    def __str__(self) -> str:
        return f"Verwaltungsgericht {self.sitz}"

    @property
    def anschrift(self) -> str:
        return f"{self.strasse}, {self.plz} {self.ort}"
