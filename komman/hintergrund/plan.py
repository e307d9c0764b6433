"""Periodic runs: a worker looks at the clock, the unique Planlauf row decides who queues."""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from komman.hintergrund import PERIODISCH, aufgabe
from komman.hintergrund.models import Planlauf

logger = logging.getLogger("komman.hintergrund")


def planen(jetzt: datetime.datetime | None = None) -> list[str]:
    """Queue every periodic run that is due and not yet queued; returns the names queued.

    Safe from any number of workers at once: the row (name, termin) exists once, and the
    task is queued in the same transaction as the row (with the database backend).
    """
    jetzt = jetzt or timezone.now()
    eingereiht = []
    for p in PERIODISCH.values():
        termin = p.termin(jetzt)
        if termin is None or Planlauf.objects.filter(name=p.name, termin=termin).exists():
            continue
        try:
            with transaction.atomic():
                lauf = Planlauf.objects.create(name=p.name, termin=termin, eingereiht_am=jetzt)
                periodisch_ausfuehren.enqueue(planlauf_id=lauf.pk)
        except IntegrityError:  # another worker was first
            continue
        eingereiht.append(p.name)
    return eingereiht


@aufgabe(versuche=3, pause=60, titel="Planmäßiger Lauf")
def periodisch_ausfuehren(*, planlauf_id: int):
    return ausfuehren(planlauf_id)


def ausfuehren(planlauf_id: int) -> object:
    """Run one due periodic function and note when it finished (health endpoint, docs)."""
    lauf = Planlauf.objects.get(pk=planlauf_id)
    if lauf.erledigt_am is not None:
        return lauf.ergebnis
    p = PERIODISCH.get(lauf.name)
    if p is None:
        logger.error("Periodische Aufgabe %s ist nicht (mehr) registriert", lauf.name)
        return None
    ergebnis = p.funktion(lauf.eingereiht_am)
    Planlauf.objects.filter(pk=lauf.pk).update(erledigt_am=timezone.now(), ergebnis=_json(ergebnis))
    return _json(ergebnis)


def _json(wert):
    if isinstance(wert, dict | list | str | int | float | bool) or wert is None:
        return wert
    return str(wert)


def letzter_lauf(name: str) -> datetime.datetime | None:
    return (
        Planlauf.objects.filter(name=name, erledigt_am__isnull=False)
        .order_by("-erledigt_am")
        .values_list("erledigt_am", flat=True)
        .first()
    )
