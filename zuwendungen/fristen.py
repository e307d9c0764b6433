"""Deadlines as data: open, update and close a Frist by its stable key (models/frist.py)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zuwendungen.models import Frist
from zuwendungen.taeglich import schritt


def setzen(
    *,
    schluessel: str,
    art: str,
    antrag,
    faellig_am: datetime.date,
    titel: str,
    wer: str,
    zuwendung=None,
    url: str = "",
) -> Frist:
    """Open the deadline ``schluessel`` or move it; a moved due date reopens its reminders."""
    with transaction.atomic():
        frist, neu = Frist.objects.select_for_update().get_or_create(
            schluessel=schluessel,
            defaults={
                "art": art,
                "antrag": antrag,
                "zuwendung": zuwendung,
                "faellig_am": faellig_am,
                "titel": titel,
                "wer": wer,
                "url": url,
            },
        )
        if not neu:
            geaendert = frist.faellig_am != faellig_am or frist.status == Frist.Status.ERLEDIGT
            frist.titel, frist.wer, frist.url, frist.art = titel, wer, url, art
            if geaendert:
                frist.faellig_am = faellig_am
                frist.status = Frist.Status.OFFEN
                frist.erinnerungen = []
                frist.erledigt_am = None
                frist.versaeumt_am = None
            frist.save()
    return frist


def erledigen(schluessel: str) -> int:
    """Close the deadline (1) or do nothing if there is none or it is closed already (0)."""
    return Frist.objects.filter(schluessel=schluessel, status__in=Frist.Status.laufend()).update(
        status=Frist.Status.ERLEDIGT, erledigt_am=timezone.now()
    )


@schritt("fristen_versaeumt")
def versaeumt_feststellen(heute: datetime.date) -> int:
    """Every running deadline whose day has passed is versäumt (once; re-runs find none)."""
    return Frist.objects.filter(status__in=Frist.Status.laufend(), faellig_am__lt=heute).update(
        status=Frist.Status.VERSAEUMT, versaeumt_am=heute
    )
