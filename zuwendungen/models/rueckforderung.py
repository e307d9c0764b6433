"""Rueckforderung: a refund claim of the Land against a recipient (DESIGN.md §14).

Recorded by whichever process finds that more was paid than is owed — a Verwendungsnachweis
recognising less than paid, an Änderungsbescheid lowering the grant below what was paid, a
voluntary refund, a missed VN, or Prüfung's own decision — through
``zuwendungen.rueckforderungen.erfassen`` (idempotent by ``quelle``). The Widerruf process
takes it from ``erfasst`` through Anhörung and Erstattungsbescheid to payment; interest and
payments are computed by the rules package and booked as ``Buchung`` rows, never stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from komman.fields import Betrag


class Rueckforderung(models.Model):
    class Anlass(models.TextChoices):
        VERWENDUNGSNACHWEIS = "verwendungsnachweis", "Verwendungsnachweis: weniger anerkannt als ausgezahlt"
        AENDERUNG = "aenderung", "Änderungsbescheid: Zuwendung unter den ausgezahlten Betrag gesenkt"
        KEIN_VN = "kein_vn", "Verwendungsnachweis trotz Mahnung nicht vorgelegt"
        ZWEI_MONATE = "zwei_monate", "Mittel nicht innerhalb von zwei Monaten verwendet"
        ZWECK = "zweck", "Zweck verfehlt oder Auflage nicht erfüllt"
        FREIWILLIG = "freiwillig", "Freiwillige Rückzahlung nicht verbrauchter Mittel"

    class Status(models.TextChoices):
        ERFASST = "erfasst", "festgestellt, Verfahren noch nicht eingeleitet"
        ANHOERUNG = "anhoerung", "Anhörung"
        ENTSCHEIDUNG = "entscheidung", "Entscheidung vorgeschlagen"
        BESCHIEDEN = "beschieden", "Erstattungsbescheid erlassen"
        BEZAHLT = "bezahlt", "vollständig bezahlt"
        ERLASSEN = "erlassen", "nicht geltend gemacht (Bagatelle oder Verzicht)"
        EINGESTELLT = "eingestellt", "eingestellt"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung",
        verbose_name="Zuwendung",
        on_delete=models.PROTECT,
        related_name="rueckforderungen",
    )
    anlass = models.CharField("Anlass", max_length=30, choices=Anlass.choices)
    # Where it came from, e.g. "vn:12" or "aenderung:3": recording it twice changes nothing.
    quelle = models.CharField("Quelle", max_length=80, unique=True)
    betrag = Betrag("Erstattungsbetrag (Hauptforderung)")
    entstanden_am = models.DateField(
        "Erstattungsanspruch entstanden am",
        help_text="Ab diesem Tag wird der Erstattungsbetrag verzinst (§ 49a Abs. 3 VwVfG NRW).",
    )
    grund = models.TextField("Begründung", blank=True)
    # Part II: [{"empfaenger": name, "weiterleitung": pk or null, "betrag": "123.45"}, ...]
    aufteilung = models.JSONField("Aufteilung nach Letztempfängern", default=list, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.ERFASST)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Erfasst von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    erfasst_am = models.DateTimeField("Erfasst am", auto_now_add=True)

    class Meta:
        verbose_name = "Rückforderung"
        verbose_name_plural = "Rückforderungen"
        ordering = ["zuwendung", "erfasst_am", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(betrag__gt=0), name="rueckforderung_betrag_positiv"),
        ]

    def __str__(self) -> str:
        return f"Rückforderung {self.betrag} € ({self.get_anlass_display()})"
