"""Anlagen of the Zuwendungsbescheid: ANBest-G, ANBest-P, the Mittelabruf and VN forms.

Versioned administration data: each upload of the official PDF is a new row (Fassung vom,
source, SHA-256); the notice names the version in force on its date and its snapshot records
it, so an issued notice keeps pointing to the text it imposed. Rows are never changed.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models

from komman.models import NurAnhaengen


class Anlage(NurAnhaengen):
    class Art(models.TextChoices):
        ANBEST_G = "anbest_g", "ANBest-G"
        ANBEST_P = "anbest_p", "ANBest-P"
        MITTELABRUF = "mittelabruf", "Vordruck Mittelabruf"
        VERWENDUNGSNACHWEIS = "verwendungsnachweis", "Vordruck Verwendungsnachweis"

    TITEL = {
        Art.ANBEST_G: "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden (GV) "
        "(ANBest-G)",
        Art.ANBEST_P: "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P)",
        Art.MITTELABRUF: "Vordruck Mittelabruf",
        Art.VERWENDUNGSNACHWEIS: "Vordruck Verwendungsnachweis",
    }

    art = models.CharField("Art", max_length=30, choices=Art.choices)
    fassung = models.DateField("Fassung vom", help_text="Datum der Fassung, wie es auf dem Dokument steht.")
    quelle = models.CharField(
        "Quelle", max_length=300, help_text="Fundstelle, z. B. „MBl. NRW. 2022 S. 445“ oder die Internetadresse."
    )
    muster = models.BooleanField(
        "Muster – nicht amtlich", default=False, help_text="Nur für Demo- und Testdaten."
    )
    dateiname = models.CharField("Dateiname", max_length=200)
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    hochgeladen_am = models.DateTimeField("Hochgeladen am", auto_now_add=True)
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Hochgeladen von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    NIE_GEAENDERT = "Eine Anlage wird nie geändert; laden Sie eine neue Fassung hoch."
    NIE_GELOESCHT = "Eine Anlage wird nie gelöscht; erlassene Bescheide verweisen auf sie."

    class Meta:
        verbose_name = "Anlage zum Bescheid"
        verbose_name_plural = "Anlagen zum Bescheid"
        ordering = ["art", "-fassung", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["art", "fassung"], name="anlage_fassung_eindeutig"),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()}, Fassung vom {self.fassung:%d.%m.%Y}"

    @property
    def titel(self) -> str:
        return self.TITEL[self.art]

    def save(self, *args, **kwargs):
        self.sha256 = hashlib.sha256(bytes(self.pdf)).hexdigest()
        super().save(*args, **kwargs)

    @classmethod
    def aktuelle(cls, stichtag: datetime.date) -> dict[str, Anlage]:
        """Art -> the newest Fassung in force on the day (one query, without the PDF bytes)."""
        aktuell: dict[str, Anlage] = {}
        for a in cls.objects.filter(fassung__lte=stichtag).defer("pdf").order_by("art", "-fassung", "-id"):
            aktuell.setdefault(a.art, a)
        return aktuell
