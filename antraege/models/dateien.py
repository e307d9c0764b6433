"""What is on file as a file: uploaded attachments and issued letters (written once)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from antraege.models.akte import Statuswechsel
from antraege.models.antrag import Antrag
from komman.models import Unveraenderlich


class Anlage(models.Model):
    """An uploaded attachment, stored under PRIVATE_ROOT and served only after a permission check."""

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="anlagen")
    dateiname = models.CharField("Dateiname", max_length=200)
    pfad = models.CharField("Ablage", max_length=300, editable=False)
    content_type = models.CharField("Dateityp", max_length=100)
    groesse = models.PositiveIntegerField("Größe (Bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    beschreibung = models.CharField("Beschreibung", max_length=300, blank=True)
    hochgeladen_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hochgeladen_am = models.DateTimeField(auto_now_add=True)
    geloescht = models.BooleanField("Entfernt", default=False)
    pflichtanlage = models.ForeignKey(
        "programmteile.Pflichtanlage",
        verbose_name="Pflichtanlage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Welche Pflichtanlage der Checkliste diese Datei erfüllt.",
    )

    class Meta:
        verbose_name = "Anlage"
        verbose_name_plural = "Anlagen"
        ordering = ["antrag", "hochgeladen_am", "id"]

    def __str__(self) -> str:
        return self.dateiname


class Dokument(models.Model):
    """An issued letter (Eingangsbestätigung, Bescheid …): written once, never changed or deleted."""

    class Art(models.TextChoices):
        EINGANGSBESTAETIGUNG = "eingangsbestaetigung", "Eingangsbestätigung"
        NACHFORDERUNG = "nachforderung", "Nachforderung"
        ANHOERUNG = "anhoerung", "Anhörung"
        ZUWENDUNGSBESCHEID = "zuwendungsbescheid", "Zuwendungsbescheid"
        ABLEHNUNGSBESCHEID = "ablehnungsbescheid", "Ablehnungsbescheid"

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="dokumente")
    statuswechsel = models.OneToOneField(
        Statuswechsel, null=True, blank=True, on_delete=models.PROTECT, related_name="dokument"
    )
    art = models.CharField("Art", max_length=30, choices=Art.choices)
    daten = models.JSONField(
        "Daten", default=dict, help_text="Alle Angaben, aus denen das Schreiben erzeugt wurde."
    )
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    erstellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erstellt_am = models.DateTimeField(auto_now_add=True)
    bezieht_sich_auf = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="korrekturen"
    )

    class Meta:
        verbose_name = "Dokument"
        verbose_name_plural = "Dokumente"
        ordering = ["antrag", "erstellt_am", "id"]
        indexes = [models.Index(fields=["art", "sha256"], name="dokument_art_sha")]

    def __str__(self) -> str:
        return f"{self.get_art_display()} zu {self.antrag}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise Unveraenderlich(
                "Ein ausgestelltes Dokument wird nie geändert; eine Korrektur ist ein neues Dokument."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich("Ein ausgestelltes Dokument wird nie gelöscht.")

    @property
    def fertig(self) -> bool:
        return bool(self.sha256)

    def pruefsumme_stimmt(self) -> bool:
        return bool(self.pdf) and hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256
