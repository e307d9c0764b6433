"""Rows for the query-count guard (tests/test_abfragen.py): n grants with calls, payouts, deadlines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from tests.auswertung.hilfen import BEZIRKE, Fall, S, anlegen

D = Decimal


def faelle(n: int) -> None:
    anlegen([
        Fall(status=S.BESTANDSKRAEFTIG, zuwendung=D("1000.00"), final=True, bezirk=BEZIRKE[i % 5],
             teil=("II", "III")[i % 2], abrufe=[("bezahlt", D("400.00"))], auszahlungen=[(D("400.00"), True)],
             fristen=[(datetime.date(2026, 1 + i % 12, 5), "versaeumt")])
        for i in range(n)
    ])  # fmt: skip


def uebersicht(n: int, user) -> str:
    faelle(n)
    return reverse("auswertung:uebersicht") + "?jahr=2026"


def liste(n: int, user) -> str:
    faelle(n)
    return reverse("auswertung:liste", args=["ausgezahlt"]) + "?jahr=2026"


def transparenz(n: int, user) -> str:
    from auswertung.models import Transparenzschaltung

    faelle(n)
    Transparenzschaltung.objects.create(oeffentlich=True, grund="Test", wer=user)
    return reverse("auswertung:transparenz") + "?jahr=2026"
