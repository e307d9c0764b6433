"""Letterhead and notice texts: administration data, versioned."""

from __future__ import annotations

import datetime

from django.db import models

from programmteile.models.perioden import Foerderperiode


class Briefkopf(models.Model):
    """Letterhead and signature of the Bewilligungsbehörde: administration data, versioned by date."""

    behoerde = models.CharField("Behörde", max_length=200, default="Bezirksregierung Arnsberg")
    dezernat = models.CharField(
        "Dezernat", max_length=200, default="Dezernat 36 – Kompetenzzentrum für Integration"
    )
    strasse = models.CharField("Straße und Hausnummer", max_length=200, default="Seibertzstraße 1")
    plz = models.CharField("PLZ", max_length=5, default="59821")
    ort = models.CharField("Ort", max_length=100, default="Arnsberg")
    telefon = models.CharField("Telefon", max_length=50, default="02931 82-0")
    email = models.EmailField("E-Mail", default="komm-an@bra.nrw.invalid")
    internet = models.CharField("Internet", max_length=200, default="www.bra.nrw.de")
    zeichnungsformel = models.CharField(
        "Zeichnungsformel", max_length=100, default="Im Auftrag", help_text="Steht über der Unterschrift."
    )
    gueltig_ab = models.DateField("Gültig ab", default=datetime.date(2016, 1, 1))

    class Meta:
        verbose_name = "Briefkopf"
        verbose_name_plural = "Briefköpfe"
        ordering = ["-gueltig_ab", "-id"]

    def __str__(self) -> str:
        return f"{self.behoerde}, {self.dezernat} (ab {self.gueltig_ab:%d.%m.%Y})"

    @classmethod
    def aktuell(cls, stichtag: datetime.date | None = None) -> Briefkopf:
        """The letterhead in force on a day; an unsaved default if none is maintained yet."""
        stichtag = stichtag or datetime.date.today()
        return cls.objects.filter(gueltig_ab__lte=stichtag).first() or cls()


class Bescheidtexte(models.Model):
    """The texts of the notices of one Förderperiode, versioned: a change is a new version."""

    foerderperiode = models.ForeignKey(
        Foerderperiode, verbose_name="Förderperiode", on_delete=models.PROTECT, related_name="bescheidtexte"
    )
    version = models.PositiveSmallIntegerField("Version", default=1)
    rechtsgrundlage = models.TextField(
        "Rechtsgrundlage",
        default="§§ 23, 44 Landeshaushaltsordnung NRW (LHO) und die Verwaltungsvorschriften dazu (VV/VVG zu § 44 LHO) "
        "in Verbindung mit der Förderkonzeption KOMM-AN NRW in der für das Förderjahr geltenden Fassung",
    )
    nebenbestimmungen_kommune = models.TextField(
        "Nebenbestimmungen für Kommunen",
        default="Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden (GV) "
        "(ANBest-G) sind Bestandteil dieses Bescheides.",
    )
    nebenbestimmungen_traeger = models.TextField(
        "Nebenbestimmungen für Träger",
        default="Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P) sind "
        "Bestandteil dieses Bescheides.",
    )
    programmbedingungen = models.TextField("Besondere Nebenbestimmungen des Programms", blank=True)
    hinweise = models.TextField("Hinweise", blank=True)
    rechtsbehelfsbelehrung = models.TextField(
        "Rechtsbehelfsbelehrung",
        default="Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim "
        "Verwaltungsgericht {gericht} erhoben werden.",
        help_text="{gericht} wird durch das Verwaltungsgericht am Sitz des Zuwendungsempfängers ersetzt.",
    )
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    TEXTFELDER = (
        "rechtsgrundlage",
        "nebenbestimmungen_kommune",
        "nebenbestimmungen_traeger",
        "programmbedingungen",
        "hinweise",
        "rechtsbehelfsbelehrung",
    )

    class Meta:
        verbose_name = "Bescheidtexte"
        verbose_name_plural = "Bescheidtexte"
        ordering = ["foerderperiode", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["foerderperiode", "version"], name="bescheidtexte_version_eindeutig"
            )
        ]

    def __str__(self) -> str:
        return f"Bescheidtexte {self.foerderperiode}, Version {self.version}"

    @classmethod
    def aktuell(cls, foerderperiode: Foerderperiode) -> Bescheidtexte:
        """The newest version for the period; an unsaved default if none is maintained yet."""
        return cls.objects.filter(foerderperiode=foerderperiode).first() or cls(foerderperiode=foerderperiode)
