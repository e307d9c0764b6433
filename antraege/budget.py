"""What the budget figures of a Förderperiode count of its Anträge.

programmteile computes budgets, Höchstbeträge and what is left, but names no Antrag status;
these two functions, registered in AntraegeConfig.ready(), say which Anträge count.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from antraege.models import AntragStatus
from komman.fields import Betrag
from programmteile.models import Foerderperiode, antraege_anbinden

# Not counted in the figures: drafts, withdrawn and rejected Anträge.
NICHT_MITGEZAEHLT = (AntragStatus.ENTWURF, AntragStatus.ZURUECKGEZOGEN, AntragStatus.ABGELEHNT)


def budgetzahlen(perioden: QuerySet) -> QuerySet:
    """anzahl_antraege and summe_beantragt (submitted, neither withdrawn nor rejected);
    summe_vorgeschlagen: Zuwendung of Anträge with a proposed Bewilligung (not yet signed)."""
    null = Value(Decimal("0.00"), output_field=Betrag())
    gezaehlt = ~Q(antraege__status__in=NICHT_MITGEZAEHLT)
    return perioden.annotate(
        anzahl_antraege=Count("antraege", filter=gezaehlt),
        summe_beantragt=Coalesce(Sum("antraege__beantragt", filter=gezaehlt), null),
        summe_vorgeschlagen=Coalesce(
            Sum("antraege__zuwendung", filter=Q(antraege__status=AntragStatus.BEWILLIGUNG_VORGESCHLAGEN)),
            null,
        ),
    )


def eingereicht(periode: Foerderperiode) -> bool:
    """Whether the period has Anträge past the draft."""
    return periode.antraege.exclude(status=AntragStatus.ENTWURF).exists()


def registrieren() -> None:
    antraege_anbinden(budgetzahlen=budgetzahlen, eingereicht=eingereicht)
