"""Frist: one row per deadline of any process (healthchecks' Flip as the model, DESIGN.md §14).

A process that opens a deadline calls ``zuwendungen.fristen.setzen`` with a stable key (e.g.
``"vn:17"``), so setting it again updates the row instead of adding one; closing the step
calls ``fristen.erledigen``. The daily run (``manage.py fristen``) moves open deadlines past
their day to ``versaeumt`` and sends the reminders the process asks for; each reminder stage
sent is recorded in ``erinnerungen`` so a second run never sends it again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Frist(models.Model):
    class Art(models.TextChoices):
        NACHFORDERUNG = "nachforderung", "Antwort auf eine Nachforderung"
        ANHOERUNG = "anhoerung", "Stellungnahme zur Anhörung"
        BEKANNTGABE = "bekanntgabe", "Abruf des Bescheids"
        KLAGEFRIST = "klagefrist", "Klagefrist (Bestandskraft)"
        MITTELABRUF = "mittelabruf", "Mittelabruf"
        AENDERUNG = "aenderung", "Änderungsantrag"
        ZWISCHENNACHWEIS = "zwischennachweis", "Zwischennachweis"
        VERWENDUNGSNACHWEIS = "verwendungsnachweis", "Verwendungsnachweis"
        VN_NACHFORDERUNG = "vn_nachforderung", "Antwort auf eine Frage zum Verwendungsnachweis"
        MAHNUNG = "mahnung", "Frist aus einer Mahnung"
        WIDERRUF_JAHRESFRIST = "widerruf_jahresfrist", "Jahresfrist für den Widerruf (§ 48 Abs. 4 VwVfG NRW)"
        ZAHLUNG = "zahlung", "Zahlung einer Erstattung"
        WIEDERVORLAGE = "wiedervorlage", "Wiedervorlage"

    class Status(models.TextChoices):
        OFFEN = "offen", "offen"
        ERINNERT = "erinnert", "erinnert"
        ERLEDIGT = "erledigt", "erledigt"
        VERSAEUMT = "versaeumt", "versäumt"

        @classmethod
        def laufend(cls) -> tuple[str, ...]:
            return (cls.OFFEN, cls.ERINNERT)

    class Wer(models.TextChoices):
        ANTRAGSTELLER = "antragsteller", "Antragsteller / Zuwendungsempfänger"
        PRUEFUNG = "pruefung", "Prüfung (Bezirksregierung)"
        ZEICHNUNG = "zeichnung", "Zeichnung (Bezirksregierung)"
        ADMINISTRATION = "administration", "Administration"

    schluessel = models.CharField("Schlüssel", max_length=80, unique=True)
    art = models.CharField("Art", max_length=30, choices=Art.choices)
    antrag = models.ForeignKey(
        "antraege.Antrag", verbose_name="Antrag", on_delete=models.CASCADE, related_name="fristen"
    )
    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung",
        verbose_name="Zuwendung",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fristen",
    )
    titel = models.CharField("Bezeichnung", max_length=200)
    faellig_am = models.DateField("Fällig am")
    wer = models.CharField("Wer handelt", max_length=20, choices=Wer.choices)
    url = models.CharField("Verweis", max_length=300, blank=True)
    # A Wiedervorlage belongs to the reviewer who set it (only they are reminded and see it).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Für",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.OFFEN)
    # Reminder stages already sent ("vorher_28", "vorher_7", "am_tag", ...): never twice.
    erinnerungen = models.JSONField("Gesendete Erinnerungen", default=list, blank=True)
    erledigt_am = models.DateTimeField("Erledigt am", null=True, blank=True)
    versaeumt_am = models.DateField("Versäumt festgestellt am", null=True, blank=True)
    angelegt_am = models.DateTimeField("Angelegt am", auto_now_add=True)
    geaendert_am = models.DateTimeField("Geändert am", auto_now=True)

    class Meta:
        verbose_name = "Frist"
        verbose_name_plural = "Fristen"
        ordering = ["faellig_am", "pk"]
        indexes = [
            models.Index(
                fields=["faellig_am"],
                name="frist_laufend_faellig",
                condition=Q(status__in=["offen", "erinnert"]),
            ),
            models.Index(fields=["antrag", "status"], name="frist_antrag_status"),
            # Meine Aufgaben of the Prüfung: the applicant's passed deadlines (a few hundred among
            # 85,000 at 100,000 Anträge; without it the whole frist_antrag_status index is read).
            models.Index(fields=["wer", "art"], name="frist_versaeumt", condition=Q(status="versaeumt")),
            models.Index(
                fields=["person", "faellig_am"],
                name="frist_person_laufend",
                condition=Q(person__isnull=False, status__in=["offen", "erinnert"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} bis {self.faellig_am:%d.%m.%Y}"

    @property
    def laeuft(self) -> bool:
        return self.status in self.Status.laufend()
