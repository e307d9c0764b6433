"""Zuweisungen: what a Kommune may apply for in a period (Part I Stellen, Part II Höchstbetrag)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from komman.fields import Betrag
from komman.models import Organisation
from programmteile.models.perioden import Foerderperiode


class ZuweisungQuerySet(models.QuerySet):
    def visible_to(self, user) -> ZuweisungQuerySet:
        from komman.permissions import is_bezirksregierung, organisation_ids

        if not user.is_authenticated:
            return self.none()
        if is_bezirksregierung(user):
            return self.all()
        return self.filter(kommune_id__in=organisation_ids(user)).exclude(
            foerderperiode__status=Foerderperiode.Status.IN_VORBEREITUNG
        )


class Zuweisung(models.Model):
    """What a Kommune may apply for in a period: Part I Stellen, Part II Höchstbetrag."""

    foerderperiode = models.ForeignKey(
        Foerderperiode, verbose_name="Förderperiode", on_delete=models.CASCADE, related_name="zuweisungen"
    )
    kommune = models.ForeignKey(
        Organisation,
        verbose_name="Kommune",
        on_delete=models.PROTECT,
        related_name="zuweisungen",
        limit_choices_to={"art": Organisation.Art.KOMMUNE},
    )
    stellen = models.DecimalField(
        "Stellenzuweisung",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Programmteil I: 1, 1,5 oder 2 Stellen.",
    )
    hoechstbetrag = Betrag(
        "Höchstbetrag", null=True, blank=True, help_text="Programmteil II: Höchstbetrag der Kommune."
    )
    anmerkung = models.CharField("Anmerkung", max_length=300, blank=True)

    objects = ZuweisungQuerySet.as_manager()

    class Meta:
        verbose_name = "Zuweisung"
        verbose_name_plural = "Zuweisungen"
        ordering = ["foerderperiode", "kommune__name"]
        constraints = [
            models.UniqueConstraint(fields=["foerderperiode", "kommune"], name="zuweisung_eindeutig"),
            models.CheckConstraint(
                condition=Q(stellen__isnull=True) | Q(stellen__gt=0), name="zuweisung_stellen_positiv"
            ),
            models.CheckConstraint(
                condition=Q(hoechstbetrag__isnull=True) | Q(hoechstbetrag__gte=0),
                name="zuweisung_hoechstbetrag_nicht_negativ",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kommune} – {self.foerderperiode}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kommune_id and self.kommune.art != Organisation.Art.KOMMUNE:
            errors["kommune"] = "Zuweisungen gibt es nur für Kommunen."
        if self.stellen is not None and self.foerderperiode_id:
            stufen = self.foerderperiode.parameter().teil1.stellenstufen or ()
            if stufen and self.stellen not in stufen:
                from komman.formate import zahl

                texte = [zahl(s) for s in stufen]
                erlaubt = f"{', '.join(texte[:-1])} oder {texte[-1]}" if len(texte) > 1 else texte[0]
                errors["stellen"] = (
                    f"{zahl(self.stellen)} Stellen sind keine zulässige Stellenstufe. Zulässig sind {erlaubt} Stellen."
                )
        if self.hoechstbetrag is not None and self.hoechstbetrag < 0:
            errors["hoechstbetrag"] = "Der Höchstbetrag darf nicht negativ sein."
        if errors:
            raise ValidationError(errors)

    @property
    def sachmittel(self) -> Decimal | None:
        """The Part I Sachmittel that go with the Stellenzuweisung (same key, DOMAIN.md §2.1)."""
        if self.stellen is None:
            return None
        return self.foerderperiode.parameter().teil1.sachmittel.get(self.stellen)
