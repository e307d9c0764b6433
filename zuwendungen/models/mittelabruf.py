"""Mittelabruf and Auszahlungsanordnung: a call for funds, its release, the signed payout.

States (the table is zuwendungen.workflow.mittelabruf.UEBERGAENGE): entwurf → eingereicht →
freigegeben → angeordnet → bezahlt; eingereicht → abgelehnt; entwurf/eingereicht →
zurueckgezogen. Four eyes: whoever released a call never signs its payout (view, function
and the constraint mittelabruf_vier_augen).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from komman.fields import NICHT_NEGATIV, Betrag
from komman.models import Unveraenderlich


class AbrufStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "Eingereicht"
    FREIGEGEBEN = "freigegeben", "Freigegeben (wartet auf Zeichnung)"
    ANGEORDNET = "angeordnet", "Auszahlung angeordnet"
    BEZAHLT = "bezahlt", "Ausgezahlt"
    ABGELEHNT = "abgelehnt", "Abgelehnt"
    ZURUECKGEZOGEN = "zurueckgezogen", "Zurückgezogen"

    @classmethod
    def offen(cls) -> tuple[str, ...]:
        """Submitted and not yet paid nor refused: what the rules call angefordert_offen."""
        return (cls.EINGEREICHT, cls.FREIGEGEBEN, cls.ANGEORDNET)


def _user(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Mittelabruf(models.Model):
    Status = AbrufStatus

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung",
        verbose_name="Zuwendung",
        on_delete=models.PROTECT,
        related_name="mittelabrufe",
    )
    nummer = models.PositiveSmallIntegerField("Nummer")
    status = models.CharField(
        "Status", max_length=20, choices=AbrufStatus.choices, default=AbrufStatus.ENTWURF
    )
    auszahlung_am = models.DateField("Auszahlung gewünscht zum")
    bedarfe = models.JSONField(
        "Bedarfe", default=list, help_text="Liste von {faellig: ISO-Datum, betrag: Dezimaltext}."
    )
    betrag = Betrag("Angeforderter Betrag", default=Decimal("0.00"), validators=NICHT_NEGATIV)
    # Part I: with the first call the report that the posts are filled, from the second a
    # summary statement of the use of earlier payments.
    stellen_besetzt_am = models.DateField("Stellen besetzt seit", null=True, blank=True)
    stellen_vze = models.DecimalField(
        "Besetzte Stellen (Vollzeitäquivalente)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    verwendung_bisher = models.TextField("Verwendung der bisherigen Auszahlungen", blank=True)
    erstellt_von = _user("Erstellt von")
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)
    eingereicht_von = _user("Eingereicht von")
    eingereicht_am = models.DateTimeField("Eingereicht am", null=True, blank=True)
    pruefvermerk = models.TextField("Prüfvermerk", blank=True)
    freigegeben = Betrag("Freigegebener Betrag", null=True, blank=True, validators=NICHT_NEGATIV)
    begruendung = models.TextField("Begründung", blank=True)
    freigegeben_von = _user("Freigegeben von")
    freigegeben_am = models.DateTimeField("Freigegeben am", null=True, blank=True)
    gezeichnet_von = _user("Gezeichnet von")
    gezeichnet_am = models.DateTimeField("Gezeichnet am", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Mittelabruf"
        verbose_name_plural = "Mittelabrufe"
        ordering = ["zuwendung", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["zuwendung", "nummer"], name="mittelabruf_nummer_eindeutig"),
            models.CheckConstraint(
                condition=Q(status__in=AbrufStatus.values), name="mittelabruf_status_gueltig"
            ),
            models.CheckConstraint(condition=Q(betrag__gte=0), name="mittelabruf_betrag_nicht_negativ"),
            models.CheckConstraint(
                condition=Q(freigegeben__isnull=True)
                | (Q(freigegeben__gte=0) & Q(freigegeben__lte=F("betrag"))),
                name="mittelabruf_freigabe_im_rahmen",
            ),
            # Four eyes: whoever released the call never signs the payout.
            models.CheckConstraint(
                condition=Q(gezeichnet_von__isnull=True) | ~Q(gezeichnet_von=F("freigegeben_von")),
                name="mittelabruf_vier_augen",
            ),
        ]
        indexes = [models.Index(fields=["status", "zuwendung"], name="mittelabruf_status")]

    def __str__(self) -> str:
        return f"Mittelabruf {self.nummer} zu {self.zuwendung}"

    @property
    def bedarfsliste(self) -> list[tuple]:
        """[(date, Decimal)] of the stored needs."""
        import datetime

        return [
            (datetime.date.fromisoformat(b["faellig"]), Decimal(b["betrag"])) for b in (self.bedarfe or [])
        ]


class Auszahlungsanordnung(models.Model):
    """The signed payout order for the Landeskasse; written once (figures in ``daten``, the PDF is
    its Zahlungsbrief of art auszahlungsanordnung). Paid when its Buchung has a value date."""

    mittelabruf = models.OneToOneField(
        Mittelabruf, verbose_name="Mittelabruf", on_delete=models.PROTECT, related_name="anordnung"
    )
    nummer = models.CharField("Nummer", max_length=40, unique=True)
    betrag = Betrag("Betrag", validators=NICHT_NEGATIV)
    daten = models.JSONField(
        "Daten", default=dict, help_text="Alle Angaben der Anordnung (auch für die Kasse)."
    )
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    class Meta:
        verbose_name = "Auszahlungsanordnung"
        verbose_name_plural = "Auszahlungsanordnungen"
        ordering = ["erstellt_am", "pk"]

    def __str__(self) -> str:
        return f"Auszahlungsanordnung {self.nummer}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Unveraenderlich("Eine Auszahlungsanordnung wird nie geändert.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich("Eine Auszahlungsanordnung wird nie gelöscht.")


class AusgestelltesSchreiben:
    """A letter once issued is never changed or deleted; its PDF is checked by its SHA-256
    (Zahlungsbrief, Rueckforderungsbrief, VnSchreiben, Aenderungsbescheid)."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Unveraenderlich("Ein ausgestelltes Schreiben wird nie geändert.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich("Ein ausgestelltes Schreiben wird nie gelöscht.")

    def pruefsumme_stimmt(self) -> bool:
        return bool(self.pdf) and hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256


class Zahlungsbrief(AusgestelltesSchreiben, models.Model):
    """A letter of the payout process (confirmation of a call, of a payment, the
    Auszahlungsanordnung itself): the snapshot in the transaction, the PDF once after commit."""

    class Art(models.TextChoices):
        ABRUFBESTAETIGUNG = "abrufbestaetigung", "Eingangsbestätigung Mittelabruf"
        AUSZAHLUNGSANORDNUNG = "auszahlungsanordnung", "Auszahlungsanordnung"
        ZAHLUNGSBESTAETIGUNG = "zahlungsbestaetigung", "Zahlungsmitteilung"

    mittelabruf = models.ForeignKey(
        Mittelabruf, verbose_name="Mittelabruf", on_delete=models.PROTECT, related_name="briefe"
    )
    art = models.CharField("Art", max_length=30, choices=Art.choices)
    daten = models.JSONField("Daten", default=dict)
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    class Meta:
        verbose_name = "Zahlungsbrief"
        verbose_name_plural = "Zahlungsbriefe"
        ordering = ["mittelabruf", "erstellt_am", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mittelabruf", "art"], name="zahlungsbrief_einer_je_art")
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} zu {self.mittelabruf}"

