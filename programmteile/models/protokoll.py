"""The Änderungsprotokoll: changes to rules or Zuweisungen of a period with submitted Anträge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from komman.models import NurAnhaengen
from programmteile.models.perioden import Foerderperiode


class Aenderungsprotokoll(NurAnhaengen):
    """One change to the rules or Zuweisungen of a period that already has submitted Anträge.

    Append-only: a row is written once and never changed or deleted.
    """

    class Bereich(models.TextChoices):
        PERIODE = "periode", "Förderperiode"
        PARAMETER = "parameter", "Regelparameter"
        ZUWEISUNG = "zuweisung", "Zuweisung"

    foerderperiode = models.ForeignKey(
        Foerderperiode,
        verbose_name="Förderperiode",
        on_delete=models.PROTECT,
        related_name="aenderungsprotokoll",
    )
    zeitpunkt = models.DateTimeField("Zeitpunkt", auto_now_add=True)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Geändert von", on_delete=models.PROTECT, related_name="+"
    )
    bereich = models.CharField("Bereich", max_length=20, choices=Bereich.choices)
    schluessel = models.CharField(
        "Feld", max_length=200, help_text="Parameterschlüssel, Feld der Periode oder Kommune und Feld."
    )
    alter_wert = models.TextField("Alter Wert", blank=True)
    neuer_wert = models.TextField("Neuer Wert", blank=True)
    grund = models.TextField("Grund der Änderung")

    NIE_GEAENDERT = "Einträge des Änderungsprotokolls können nicht geändert werden."
    NIE_GELOESCHT = "Einträge des Änderungsprotokolls können nicht gelöscht werden."

    class Meta:
        verbose_name = "Eintrag im Änderungsprotokoll"
        verbose_name_plural = "Änderungsprotokoll"
        ordering = ["-zeitpunkt", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bereich__in=["periode", "parameter", "zuweisung"]),
                name="aenderungsprotokoll_bereich_gueltig",
            ),
            models.CheckConstraint(condition=~Q(grund=""), name="aenderungsprotokoll_grund_pflicht"),
        ]

    def __str__(self) -> str:
        return f"{self.foerderperiode}: {self.schluessel} ({self.zeitpunkt:%d.%m.%Y %H:%M})"

    @classmethod
    def schreiben(
        cls,
        *,
        foerderperiode: Foerderperiode,
        by,
        grund: str,
        aenderungen: list[tuple[str, str, str, str]],
    ) -> list[Aenderungsprotokoll]:
        """One row per (bereich, schluessel, alter_wert, neuer_wert)."""
        return cls.objects.bulk_create(
            cls(
                foerderperiode=foerderperiode,
                geaendert_von=by,
                bereich=bereich,
                schluessel=schluessel,
                alter_wert=alt,
                neuer_wert=neu,
                grund=grund,
            )
            for bereich, schluessel, alt, neu in aenderungen
        )
