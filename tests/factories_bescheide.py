"""Factories for the Bescheide tests: state changes and letters. Anträge and their lines come from
tests/factories.py (make_antrag, make_teil1, make_position, make_massnahme)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from komman.models import User


def make_statuswechsel(antrag, *, nach: str, wer: User, von: str | None = None, betrag=None, grund: str = ""):
    """A Statuswechsel as _change() writes it, and the Antrag moved to its new status."""
    from antraege.models import Antrag, Statuswechsel

    wechsel = Statuswechsel.objects.create(
        antrag=antrag,
        von=antrag.status if von is None else von,
        nach=nach,
        wer=wer,
        betrag=None if betrag is None else Decimal(betrag),
        grund=grund,
    )
    Antrag.objects.filter(pk=antrag.pk).update(status=nach)
    antrag.status = nach
    return wechsel


def make_schreiben(
    antrag, *, art: str, von: User, text: str = "", punkte=None, frist=None, beabsichtigter_betrag=None
):
    from antraege.models import Schreiben

    return Schreiben.objects.create(
        antrag=antrag,
        art=art,
        text=text,
        punkte=punkte or [],
        frist=frist or datetime.date(antrag.foerderperiode.foerderjahr, 3, 15),
        beabsichtigter_betrag=None if beabsichtigter_betrag is None else Decimal(beabsichtigter_betrag),
        erstellt_von=von,
    )
