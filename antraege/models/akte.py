"""The file of an Antrag: state changes, letters with a deadline, the reviewer's checklist and notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from antraege.models.antrag import Antrag, AntragStatus
from komman.fields import Betrag
from komman.models import NurAnhaengen


class Statuswechsel(NurAnhaengen):
    """One row per state change: who, when, from, to, why, and the money where it changes.

    The legal record of the file: append-only like the audit log (model, QuerySet and, by
    migration 0005, a database trigger refuse UPDATE and DELETE).
    """

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="statuswechsel")
    von = models.CharField("Von", max_length=30, choices=AntragStatus.choices, blank=True)
    nach = models.CharField("Nach", max_length=30, choices=AntragStatus.choices)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Wer", on_delete=models.PROTECT, related_name="+"
    )
    wann = models.DateTimeField("Wann", auto_now_add=True)
    grund = models.TextField("Grund / Bemerkung", blank=True)
    betrag = Betrag("Betrag", null=True, blank=True)
    intern = models.BooleanField(
        "Intern",
        default=False,
        help_text="Interne Vermerke sieht nur die Bezirksregierung, nie der Antragsteller.",
    )

    NIE_GEAENDERT = "Ein Statuswechsel wird nie geändert; eine Korrektur ist ein neuer Eintrag."
    NIE_GELOESCHT = "Ein Statuswechsel wird nie gelöscht."

    class Meta:
        verbose_name = "Statuswechsel"
        verbose_name_plural = "Statuswechsel"
        ordering = ["antrag", "wann", "id"]
        indexes = [models.Index(fields=["antrag", "wann"], name="statuswechsel_antrag_wann")]

    def __str__(self) -> str:
        return f"{self.antrag}: {self.get_von_display() or '–'} → {self.get_nach_display()}"


class Schreiben(models.Model):
    """A request to the applicant with a deadline: Nachforderung or Anhörung, and the answer."""

    class Art(models.TextChoices):
        NACHFORDERUNG = "nachforderung", "Nachforderung"
        ANHOERUNG = "anhoerung", "Anhörung"

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="schreiben")
    art = models.CharField("Art", max_length=20, choices=Art.choices)
    text = models.TextField("Inhalt", help_text="Was fehlt oder was beabsichtigt ist, mit Gründen.")
    punkte = models.JSONField(
        "Punkte", default=list, blank=True, help_text="Liste der nachzureichenden Unterlagen."
    )
    frist = models.DateField("Frist")
    beabsichtigter_betrag = Betrag("Beabsichtigter Betrag", null=True, blank=True)
    erstellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erstellt_am = models.DateTimeField(auto_now_add=True)
    antwort = models.TextField("Antwort", blank=True)
    beantwortet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beantwortet_am = models.DateTimeField(null=True, blank=True)
    # Anhörung: the intended amount per line [{"bezeichnung", "beantragt", "beabsichtigt"}].
    zeilen = models.JSONField("Beabsichtigte Beträge je Zeile", default=list, blank=True)
    # A letter sent by mistake is withdrawn and replaced, never edited (workflow.schreiben_ersetzen).
    zurueckgezogen_am = models.DateTimeField("Zurückgezogen am", null=True, blank=True)
    zurueckgezogen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    zurueckgezogen_grund = models.TextField("Grund der Zurückziehung", blank=True)
    ersetzt_durch = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="ersetzt"
    )
    dokument = models.OneToOneField(
        "antraege.Dokument", null=True, blank=True, on_delete=models.PROTECT, related_name="schreiben"
    )

    class Meta:
        verbose_name = "Schreiben"
        verbose_name_plural = "Schreiben"
        ordering = ["antrag", "erstellt_am"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=["nachforderung", "anhoerung"]), name="schreiben_art_gueltig"
            )
        ]
        indexes = [
            # The open deadline the queue shows per row (docs/leistung.md): only unanswered letters.
            models.Index(
                fields=["antrag", "art", "frist"],
                condition=Q(beantwortet_am__isnull=True),
                name="schreiben_offen_frist",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} zu {self.antrag}"

    @property
    def zurueckgezogen(self) -> bool:
        return self.zurueckgezogen_am is not None


class Pruefvermerk(models.Model):
    """The reviewer's formal checklist; one per Antrag, edited with optimistic locking."""

    antrag = models.OneToOneField(
        Antrag, on_delete=models.PROTECT, related_name="pruefvermerk", primary_key=True
    )
    vollstaendig = models.BooleanField("Antrag vollständig", default=False)
    unterschrieben = models.BooleanField("Von einer zeichnungsberechtigten Person eingereicht", default=False)
    antragsberechtigt = models.BooleanField("Antragsteller antragsberechtigt", default=False)
    nicht_begonnen = models.BooleanField(
        "Maßnahme nicht vorzeitig begonnen (oder vorzeitiger Beginn zugelassen)", default=False
    )
    ergebnis = models.TextField("Ergebnis der inhaltlichen Prüfung", blank=True)
    version = models.PositiveIntegerField(default=1)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Prüfvermerk"
        verbose_name_plural = "Prüfvermerke"

    def __str__(self) -> str:
        return f"Prüfvermerk zu {self.antrag}"


class Vermerk(models.Model):
    """An internal note on the file (material review), never shown to the applicant."""

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="vermerke")
    text = models.TextField("Vermerk")
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Vermerk"
        verbose_name_plural = "Vermerke"
        ordering = ["antrag", "am", "id"]

    def __str__(self) -> str:
        return f"Vermerk von {self.von} am {self.am:%d.%m.%Y}"
