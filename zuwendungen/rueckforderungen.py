"""Recording a refund claim: the one entry point for every process that finds one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from zuwendungen.models import Rueckforderung, Zuwendung


def erfassen(
    *,
    zuwendung: Zuwendung,
    anlass: str,
    quelle: str,
    betrag: Decimal,
    entstanden_am: datetime.date,
    grund: str = "",
    aufteilung: list[dict] | None = None,
    wer=None,
) -> Rueckforderung:
    """Record (or return the already recorded) claim from ``quelle``; amounts from the rules."""
    if betrag <= 0:
        raise ValueError("Eine Rückforderung braucht einen Betrag über 0,00 €.")
    with transaction.atomic():
        forderung, _ = Rueckforderung.objects.get_or_create(
            quelle=quelle,
            defaults={
                "zuwendung": zuwendung,
                "anlass": anlass,
                "betrag": betrag,
                "entstanden_am": entstanden_am,
                "grund": grund,
                "aufteilung": aufteilung or [],
                "erfasst_von": wer,
            },
        )
    return forderung
