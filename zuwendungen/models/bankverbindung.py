"""Bankverbindung: the account a grant is paid to, from the organisation's master data.

Only the Administration enters it. History as append-only rows: a change is a new row with
its gueltig_ab; the current one is the newest row valid on the day asked for.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from komman.models import NurAnhaengen


def iban_pruefen(wert: str) -> str:
    """The IBAN in its electronic form (no spaces, upper case); ValidationError in German."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    text = "".join(str(wert or "").split()).upper()
    try:
        return IBAN(text).compact
    except SchwiftyException as e:
        raise ValidationError(
            "„%(wert)s“ ist keine gültige IBAN (Länge, Ländercode oder Prüfziffer stimmen nicht).",
            params={"wert": wert},
            code="iban",
        ) from e


def bic_pruefen(wert: str) -> str:
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    text = "".join(str(wert or "").split()).upper()
    if not text:
        return ""
    try:
        return BIC(text).compact
    except SchwiftyException as e:
        raise ValidationError(
            "„%(wert)s“ ist keine gültige BIC (8 oder 11 Zeichen).", params={"wert": wert}, code="bic"
        ) from e


def iban_lesbar(iban: str) -> str:
    """DE02120300000000202051 -> DE02 1203 0000 0000 2020 51."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


class BankverbindungQuerySet(models.QuerySet):
    def aktuell(self, organisation_id: int, *, am: datetime.date | None = None) -> Bankverbindung | None:
        am = am or timezone.localdate()
        return (
            self.filter(organisation_id=organisation_id, gueltig_ab__lte=am)
            .order_by("-gueltig_ab", "-pk")
            .first()
        )


class Bankverbindung(NurAnhaengen):
    organisation = models.ForeignKey(
        "komman.Organisation",
        verbose_name="Organisation",
        on_delete=models.PROTECT,
        related_name="bankverbindungen",
    )
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    kontoinhaber = models.CharField("Kontoinhaber", max_length=200)
    gueltig_ab = models.DateField("Gültig ab")
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Erfasst von", on_delete=models.PROTECT, related_name="+"
    )
    erfasst_am = models.DateTimeField("Erfasst am", auto_now_add=True)

    NIE_GEAENDERT = "Eine Bankverbindung wird nie geändert; eine Änderung ist ein neuer Eintrag."
    NIE_GELOESCHT = "Eine Bankverbindung wird nie gelöscht."

    objects = BankverbindungQuerySet.as_manager()

    class Meta:
        verbose_name = "Bankverbindung"
        verbose_name_plural = "Bankverbindungen"
        ordering = ["organisation", "-gueltig_ab", "-pk"]
        indexes = [models.Index(fields=["organisation", "gueltig_ab"], name="bankverbindung_org_ab")]

    def __str__(self) -> str:
        return f"{self.kontoinhaber}, {self.iban_lesbar}"

    @property
    def iban_lesbar(self) -> str:
        return iban_lesbar(self.iban)
