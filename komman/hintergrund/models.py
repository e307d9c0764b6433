"""Rows of the background machinery: the mail outbox, the workers' heartbeats, periodic runs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Mail(models.Model):
    """One mail of the outbox: written in the transaction of the change it reports.

    A task delivers it after commit (komman.hintergrund.outbox.zustellen); a failed delivery
    is retried with growing pauses until `aufgeben_ab`, then given up with an alert.
    """

    class Status(models.TextChoices):
        WARTEND = "wartend", "wartet auf Versand"
        GESENDET = "gesendet", "gesendet"
        AUFGEGEBEN = "aufgegeben", "aufgegeben"

    vorlage = models.CharField("Vorlage", max_length=100)
    an = models.JSONField("Empfänger", default=list)
    betreff = models.CharField("Betreff", max_length=300)
    text = models.TextField("Text")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.WARTEND)
    erstellt_am = models.DateTimeField("Erstellt am", default=timezone.now)
    naechster_versuch = models.DateTimeField("Nächster Versuch", default=timezone.now)
    aufgeben_ab = models.DateTimeField("Aufgeben ab")
    versuche = models.PositiveIntegerField("Versuche", default=0)
    letzter_fehler = models.TextField("Letzter Fehler", blank=True)
    gesendet_am = models.DateTimeField("Gesendet am", null=True, blank=True)

    class Meta:
        verbose_name = "E-Mail (Postausgang)"
        verbose_name_plural = "E-Mails (Postausgang)"
        ordering = ["-erstellt_am", "-pk"]
        indexes = [
            models.Index(
                fields=["naechster_versuch"], name="komman_mail_wartend", condition=Q(status="wartend")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.betreff} ({self.get_status_display()})"


class Arbeiter(models.Model):
    """A running `manage.py worker` process; `puls` is renewed every few seconds by a thread.

    A task claimed by a worker whose pulse stopped (killed, machine gone) is put back in the
    queue by any other worker (komman.hintergrund.worker.verwaiste_aufgaben_freigeben).
    """

    worker_id = models.CharField("Kennung", max_length=64, primary_key=True)
    rechner = models.CharField("Rechner", max_length=255)
    pid = models.PositiveIntegerField("Prozess")
    gestartet = models.DateTimeField("Gestartet", default=timezone.now)
    puls = models.DateTimeField("Letztes Lebenszeichen", default=timezone.now)

    class Meta:
        verbose_name = "Hintergrundprozess"
        verbose_name_plural = "Hintergrundprozesse"

    def __str__(self) -> str:
        return f"{self.rechner}:{self.pid}"


class Planlauf(models.Model):
    """One due run of a periodic task (e.g. the daily run of 03.12.2026).

    The unique (name, termin) row is what makes a periodic task run once per due date
    however many workers look at the clock at the same time.
    """

    name = models.CharField("Aufgabe", max_length=100)
    termin = models.CharField("Termin", max_length=40)
    eingereiht_am = models.DateTimeField("Eingereiht am", default=timezone.now)
    erledigt_am = models.DateTimeField("Erledigt am", null=True, blank=True)
    ergebnis = models.JSONField("Ergebnis", null=True, blank=True)

    class Meta:
        verbose_name = "Planmäßiger Lauf"
        verbose_name_plural = "Planmäßige Läufe"
        constraints = [models.UniqueConstraint(fields=["name", "termin"], name="komman_planlauf_einmal")]

    def __str__(self) -> str:
        return f"{self.name} {self.termin}"
