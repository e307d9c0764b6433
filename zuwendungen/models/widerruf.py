"""The rest of the Widerruf process around a Rueckforderung (issue 21).

- ``Rueckforderungsbrief``: its letters (Anhörung, Erstattungsbescheid, Mahnung, Abschluss),
  snapshot in the transaction, PDF once after commit, never changed (like Zahlungsbrief).
- ``Zahlungseingang``: one payment received on a claim and how it was applied (interest first),
  with the Buchung rows it produced; append-only.
- ``Verwendungszinsen``: the § 49a Abs. 4 computation for a grant from its payouts and dated
  uses, and the recorded decision to charge or waive it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from komman.fields import Betrag
from komman.models import Unveraenderlich
from zuwendungen.models.mittelabruf import AusgestelltesSchreiben


class Rueckforderungsbrief(AusgestelltesSchreiben, models.Model):
    class Art(models.TextChoices):
        ANHOERUNG = "anhoerung", "Anhörung vor Widerruf und Erstattung"
        ERSTATTUNGSBESCHEID = "erstattungsbescheid", "Widerrufs-/Rücknahme- und Erstattungsbescheid"
        MAHNUNG = "mahnung", "Mahnung"
        ABSCHLUSS = "abschluss", "Abschlussmitteilung"

    rueckforderung = models.ForeignKey(
        "zuwendungen.Rueckforderung", verbose_name="Rückforderung", on_delete=models.PROTECT, related_name="briefe"
    )
    art = models.CharField("Art", max_length=30, choices=Art.choices)
    daten = models.JSONField("Daten", default=dict)
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    class Meta:
        verbose_name = "Schreiben zur Rückforderung"
        verbose_name_plural = "Schreiben zu Rückforderungen"
        ordering = ["rueckforderung", "erstellt_am", "pk"]

    def __str__(self) -> str:
        return f"{self.get_art_display()} vom {self.erstellt_am:%d.%m.%Y}"



class Zahlungseingang(models.Model):
    rueckforderung = models.ForeignKey(
        "zuwendungen.Rueckforderung", verbose_name="Rückforderung", on_delete=models.PROTECT, related_name="zahlungen"
    )
    eingang_am = models.DateField("Zahlungseingang (Wertstellung)")
    betrag = Betrag("Betrag")
    auf_zinsen = Betrag("davon auf Zinsen")
    auf_hauptforderung = Betrag("davon auf die Hauptforderung")
    ueberzahlung = Betrag("Überzahlung")
    buchung_zinsen = models.OneToOneField(
        "zuwendungen.Buchung", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    buchung_erstattung = models.OneToOneField(
        "zuwendungen.Buchung", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    erfasst_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erfasst_am = models.DateTimeField("Erfasst am", auto_now_add=True)

    class Meta:
        verbose_name = "Zahlungseingang"
        verbose_name_plural = "Zahlungseingänge"
        ordering = ["rueckforderung", "eingang_am", "pk"]
        constraints = [models.CheckConstraint(condition=Q(betrag__gt=0), name="zahlungseingang_betrag_positiv")]

    def __str__(self) -> str:
        return f"Zahlung {self.betrag} € am {self.eingang_am:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Unveraenderlich("Ein Zahlungseingang wird nie geändert; eine Korrektur ist eine neue Buchung.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich("Ein Zahlungseingang wird nie gelöscht.")


class Verwendungszinsen(models.Model):
    class Entscheidung(models.TextChoices):
        OFFEN = "offen", "noch nicht entschieden"
        ERHEBEN = "erheben", "Zinsen werden erhoben"
        VERZICHTEN = "verzichten", "auf Zinsen wird verzichtet"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung", on_delete=models.PROTECT, related_name="verwendungszinsen"
    )
    # [{"am": "2026-05-02", "betrag": "1234.00"}, ...] as entered by Prüfung or taken from the VN.
    verwendungen = models.JSONField("Verwendungen", default=list)
    zinsen = Betrag("Zinsen nach § 49a Abs. 4 VwVfG NRW")
    berechnung = models.JSONField("Berechnung", default=dict)
    entscheidung = models.CharField(
        "Entscheidung", max_length=20, choices=Entscheidung.choices, default=Entscheidung.OFFEN
    )
    grund = models.TextField("Begründung", blank=True)
    berechnet_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    berechnet_am = models.DateTimeField("Berechnet am", auto_now_add=True)
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entschieden_am = models.DateTimeField("Entschieden am", null=True, blank=True)

    class Meta:
        verbose_name = "Verwendungszinsen"
        verbose_name_plural = "Verwendungszinsen"
        ordering = ["zuwendung", "berechnet_am", "pk"]

    def __str__(self) -> str:
        return f"Verwendungszinsen {self.zinsen} € ({self.get_entscheidung_display()})"
