"""The Basiszinssatz (§ 247 BGB) as administration data with validity dates.

The rules take the table as a list of (gültig ab, Satz in Prozent); programmteile.basiszins
turns these rows into that list. Changes are recorded in the audit log (komman.audit).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

SATZ_GRENZE = Decimal("99.99")


class Basiszins(models.Model):
    """One Basiszinssatz in force from ``gueltig_ab`` until the next row's date."""

    gueltig_ab = models.DateField(
        "Gültig ab",
        unique=True,
        help_text="Der Basiszinssatz ändert sich zum 01.01. und zum 01.07. (§ 247 Abs. 1 S. 2 BGB).",
        error_messages={"unique": "Für diesen Tag ist schon ein Basiszinssatz hinterlegt."},
    )
    satz = models.DecimalField(
        "Basiszinssatz in Prozent",
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(-SATZ_GRENZE, "Der Satz muss zwischen -99,99 und 99,99 Prozent liegen."),
            MaxValueValidator(SATZ_GRENZE, "Der Satz muss zwischen -99,99 und 99,99 Prozent liegen."),
        ],
        help_text="Darf negativ sein, z. B. -0,88.",
    )
    quelle = models.CharField(
        "Quelle",
        max_length=200,
        blank=True,
        help_text="Z. B. „Deutsche Bundesbank, Bekanntgabe nach § 247 Abs. 2 BGB“.",
    )

    class Meta:
        verbose_name = "Basiszinssatz"
        verbose_name_plural = "Basiszinssätze"
        ordering = ["-gueltig_ab"]

    def __str__(self) -> str:
        from komman.formate import datum, zahl

        return f"{zahl(self.satz)} % ab {datum(self.gueltig_ab)}"

    def clean(self) -> None:
        from programmteile.rules import DATUM_JAHRE

        if isinstance(self.gueltig_ab, datetime.date) and not (
            DATUM_JAHRE[0] <= self.gueltig_ab.year <= DATUM_JAHRE[1]
        ):
            # The rules calculate dates only within these years; a rate beyond them would break
            # every interest calculation (the half-year after it has no date).
            raise ValidationError(
                {"gueltig_ab": f"Bitte ein Datum zwischen den Jahren {DATUM_JAHRE[0]} und {DATUM_JAHRE[1]} eingeben."}
            )
        if isinstance(self.gueltig_ab, datetime.date) and (
            self.gueltig_ab.day,
            self.gueltig_ab.month,
        ) not in (
            (1, 1),
            (1, 7),
        ):
            raise ValidationError(
                {
                    "gueltig_ab": "Der Basiszinssatz ändert sich nur zum 01.01. und zum 01.07. eines Jahres "
                    "(§ 247 Abs. 1 S. 2 BGB). Bitte einen dieser Tage eingeben."
                }
            )
