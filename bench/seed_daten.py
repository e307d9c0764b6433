"""The bench's fixed facts: years, today, users, the paths and shares of the Antrag states,
lump sums; small helpers shared by the seed modules (imported after django.setup())."""

from __future__ import annotations

import datetime
import hashlib
import random
from decimal import Decimal

from antraege.models import Antrag, Dokument

JAHRE = range(2016, 2027)
AKTUELLES_JAHR = 2026
#: The bench's today: 3 December of the current year (the data does not move with the clock).
HEUTE = datetime.datetime(AKTUELLES_JAHR, 12, 3, tzinfo=datetime.UTC)
BENCH_PREFIX = "bench."
BENCH_PASSWORT = "bench-passwort-komman"
TRAEGER_NAME = "Bench-Träger {:04d} e. V."
BATCH = 2000

S = Antrag.Status
# The path of each end state through the wave-1 lifecycle (DOMAIN.md §5).
PFADE: dict[str, list[str]] = {
    S.ENTWURF: [],
    S.EINGEREICHT: [S.EINGEREICHT],
    S.FORMALE_PRUEFUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG],
    S.NACHFORDERUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.NACHFORDERUNG],
    S.INHALTLICHE_PRUEFUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG],
    S.ANHOERUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG],
    S.BEWILLIGUNG_VORGESCHLAGEN: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.BEWILLIGUNG_VORGESCHLAGEN,
    ],
    S.ABLEHNUNG_VORGESCHLAGEN: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.ANHOERUNG,
        S.ABLEHNUNG_VORGESCHLAGEN,
    ],
    S.BEWILLIGT: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.BEWILLIGUNG_VORGESCHLAGEN,
        S.BEWILLIGT,
    ],
    S.ABGELEHNT: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.ANHOERUNG,
        S.ABLEHNUNG_VORGESCHLAGEN,
        S.ABGELEHNT,
    ],
    S.ZURUECKGEZOGEN: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.ZURUECKGEZOGEN],
}
# Wave 2: the notice becomes final (bench/leben/bestand.py writes Bekanntgabe and Zuwendung).
PFADE[S.BESTANDSKRAEFTIG] = [*PFADE[S.BEWILLIGT], S.BESTANDSKRAEFTIG]
PFADE[S.ABLEHNUNG_BESTANDSKRAEFTIG] = [*PFADE[S.ABGELEHNT], S.ABLEHNUNG_BESTANDSKRAEFTIG]
BESTANDSKRAFT = {S.BESTANDSKRAEFTIG: S.BEWILLIGT, S.ABLEHNUNG_BESTANDSKRAEFTIG: S.ABGELEHNT}
#: Days from the signature to the Statuswechsel "bestandskräftig" (Bekanntgabe + Klagefrist).
TAGE_BIS_BESTANDSKRAFT = 45
VERTEILUNG_VERGANGEN = {S.BESTANDSKRAEFTIG: 82, S.ABLEHNUNG_BESTANDSKRAEFTIG: 9, S.ZURUECKGEZOGEN: 9}
VERTEILUNG_AKTUELL = {
    S.ENTWURF: 14,
    S.EINGEREICHT: 14,
    S.FORMALE_PRUEFUNG: 14,
    S.NACHFORDERUNG: 8,
    S.INHALTLICHE_PRUEFUNG: 14,
    S.ANHOERUNG: 4,
    S.BEWILLIGUNG_VORGESCHLAGEN: 8,
    S.ABLEHNUNG_VORGESCHLAGEN: 2,
    S.BEWILLIGT: 5,
    S.BESTANDSKRAEFTIG: 9,
    S.ABGELEHNT: 4,
    S.ZURUECKGEZOGEN: 4,
}
DOKUMENT_BEI = {
    S.EINGEREICHT: Dokument.Art.EINGANGSBESTAETIGUNG,
    S.NACHFORDERUNG: Dokument.Art.NACHFORDERUNG,
    S.ANHOERUNG: Dokument.Art.ANHOERUNG,
    S.BEWILLIGT: Dokument.Art.ZUWENDUNGSBESCHEID,
    S.ABGELEHNT: Dokument.Art.ABLEHNUNGSBESCHEID,
}
PAUSCHALEN = {
    "A1": Decimal("1000.00"),
    "A2": Decimal("2500.00"),
    "B1": Decimal("150.00"),
    "B2": Decimal("400.00"),
    "C1": Decimal("150.00"),
    "C2": Decimal("400.00"),
    "D1": Decimal("200.00"),
    "D2": Decimal("500.00"),
}
TZ = datetime.UTC


def log(text: str) -> None:
    print(text, flush=True)


def fake_pdf(text: str) -> tuple[bytes, str]:
    pdf = f"%PDF-1.7\n% KOMM-AN NRW bench document: {text}\n%%EOF\n".encode()
    return pdf, hashlib.sha256(pdf).hexdigest()


def zeitpunkt(rng: random.Random, von: datetime.date, bis: datetime.date) -> datetime.datetime:
    tage = max((bis - von).days, 0)
    tag = von + datetime.timedelta(days=rng.randint(0, tage))
    return datetime.datetime(tag.year, tag.month, tag.day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=TZ)
