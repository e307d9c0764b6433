"""When a notice was made known (Bekanntgabe, § 41 VwVfG NRW; DOMAIN.md §4a).

One row per issued notice (Zuwendungs- or Ablehnungsbescheid), written once when the notice
is made known: the first download by the applicant's Zeichnungsberechtigte (the Bekanntgabe
is the day after) or the dispatch by post that the Prüfung records (the statutory
presumption, ``bekanntgabe.post_tage``). A second download changes nothing. The reminder to
the Prüfung when nobody downloaded the notice is recorded on the same row beforehand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from antraege.models.antrag import Antrag
from antraege.models.dateien import Dokument


class Bekanntgabe(models.Model):
    class Weg(models.TextChoices):
        PORTAL = "portal", "Abruf im Portal"
        POST = "post", "Versand per Post"

    dokument = models.OneToOneField(
        Dokument, verbose_name="Bescheid", on_delete=models.PROTECT, related_name="bekanntgabe"
    )
    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="bekanntgaben")
    weg = models.CharField("Weg der Bekanntgabe", max_length=10, choices=Weg.choices, blank=True)
    bekanntgegeben_am = models.DateField("Bekanntgegeben am", null=True, blank=True)
    abgerufen_am = models.DateTimeField("Erstmals abgerufen am", null=True, blank=True)
    abgerufen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    zur_post_am = models.DateField("Zur Post gegeben am", null=True, blank=True)
    post_erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    erinnert_am = models.DateField("Prüfung erinnert am", null=True, blank=True)

    class Meta:
        verbose_name = "Bekanntgabe"
        verbose_name_plural = "Bekanntgaben"
        constraints = [
            # Made known exactly when the way and the day are recorded, and by the matching facts.
            models.CheckConstraint(
                condition=(Q(weg="") & Q(bekanntgegeben_am__isnull=True))
                | (Q(weg="portal") & Q(bekanntgegeben_am__isnull=False) & Q(abgerufen_am__isnull=False))
                | (Q(weg="post") & Q(bekanntgegeben_am__isnull=False) & Q(zur_post_am__isnull=False)),
                name="bekanntgabe_weg_vollstaendig",
            ),
        ]
        indexes = [models.Index(fields=["antrag", "bekanntgegeben_am"], name="bekanntgabe_antrag")]

    def __str__(self) -> str:
        return f"Bekanntgabe {self.dokument}"
