"""Issued notices for the tests after the decision, without rendering a PDF."""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal

import pikepdf

from antraege.models import Antrag, Bekanntgabe, Dokument
from tests.factories import make_eingereichter_antrag, make_statuswechsel

S = Antrag.Status
ZEITRAUM = {"bewilligung_von": "2026-01-01", "bewilligung_bis": "2026-12-31"}


def pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def entschieden(
    periode, antragsteller, zeichner, *, bewilligt: bool = True, betrag="10000.00", **fields
) -> Antrag:
    """An Antrag with its issued notice (a ready Dokument with the snapshot's zeitraum)."""
    antrag = make_eingereichter_antrag(
        periode, antragsteller, status=S.BEWILLIGUNG_VORGESCHLAGEN if bewilligt else S.ABLEHNUNG_VORGESCHLAGEN,
        zuwendung=Decimal(betrag) if bewilligt else Decimal("0.00"), **fields,
    )  # fmt: skip
    nach = S.BEWILLIGT if bewilligt else S.ABGELEHNT
    wechsel = make_statuswechsel(antrag, nach=nach, wer=zeichner, betrag=betrag if bewilligt else None)
    inhalt = b"%PDF-1.7 Bescheid " + str(antrag.pk).encode()
    Dokument.objects.create(
        antrag=antrag,
        statuswechsel=wechsel,
        art=Dokument.Art.ZUWENDUNGSBESCHEID if bewilligt else Dokument.Art.ABLEHNUNGSBESCHEID,
        daten={"zeitraum": ZEITRAUM},
        pdf=inhalt,
        sha256=hashlib.sha256(inhalt).hexdigest(),
        erstellt_von=zeichner,
    )
    antrag.refresh_from_db()
    return antrag


def bekanntgegeben(antrag: Antrag, am: datetime.date, *, von=None) -> Bekanntgabe:
    """The notice as made known on `am` by download (the day before), as abruf_erfassen writes it."""
    from django.utils import timezone

    dokument = Dokument.objects.get(antrag=antrag, art__in=["zuwendungsbescheid", "ablehnungsbescheid"])
    abruf = timezone.make_aware(datetime.datetime.combine(am - datetime.timedelta(days=1), datetime.time(10)))
    return Bekanntgabe.objects.create(
        dokument=dokument,
        antrag=antrag,
        weg="portal",
        abgerufen_am=abruf,
        abgerufen_von=von,
        bekanntgegeben_am=am,
    )
