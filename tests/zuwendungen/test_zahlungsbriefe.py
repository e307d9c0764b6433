"""The payout letters as PDFs: figures equal the rules and the records, PDF/A like the notice."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf
import pytest

from komman.formate import euro
from tests.zuwendungen.auszahlung_hilfen import HEUTE, daten, make_zuwendung
from zuwendungen import workflow
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.models import Zahlungsbrief


@pytest.fixture
def bezahlt(dortmund, ki_dortmund, zeichnung_dortmund, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks):
    zuwendung = make_zuwendung(organisation=dortmund, bewilligt=Decimal("12345.67"))
    with django_capture_on_commit_callbacks(execute=True):
        abruf = workflow.abruf_anlegen(zuwendung=zuwendung, by=ki_dortmund, daten=daten("4321.09"))
        workflow.abruf_einreichen(abruf=abruf, by=zeichnung_dortmund, heute=HEUTE)
        hoechstens = workflow.freigabe_hoechstens(abruf, heute=HEUTE)
        workflow.abruf_freigeben(abruf=abruf, by=pruefung_arnsberg, betrag=Decimal("4000.00"), pruefvermerk="ok",
                                 begruendung="Bedarf teilweise später", heute=HEUTE)  # fmt: skip
        workflow.auszahlung_zeichnen(abruf=abruf, by=zeichnung_arnsberg, heute=HEUTE)
        workflow.als_bezahlt_melden(abruf=abruf, by=pruefung_arnsberg, wertstellung=HEUTE + datetime.timedelta(days=2))
    assert hoechstens == Decimal("4321.09")  # the rules release the whole call
    return zuwendung, abruf


def _text(brief: Zahlungsbrief) -> tuple[str, pypdf.PdfReader]:
    leser = pypdf.PdfReader(io.BytesIO(bytes(brief.pdf)))
    return "\n".join(p.extract_text() for p in leser.pages), leser


def test_letters_state_the_figures_and_are_pdfa(bezahlt):
    zuwendung, abruf = bezahlt
    briefe = {b.art: b for b in Zahlungsbrief.objects.filter(mittelabruf=abruf)}
    anordnung, _ = _text(briefe["auszahlungsanordnung"])
    for teil in ("4.000,00 €", "DE02 1203 0000 0000 2020 51", "Kap. 07 050 Tit. 633 10", zuwendung.antrag.aktenzeichen,
                 "Landeskasse Nordrhein-Westfalen", "viertausend Euro"):  # fmt: skip
        assert teil in anordnung, teil
    k = abrufstand(zuwendung)
    mitteilung, leser = _text(briefe["zahlungsbestaetigung"])
    assert euro(k.ausgezahlt) in mitteilung and euro(k.abrufbar) in mitteilung
    assert (HEUTE + datetime.timedelta(days=2)).strftime("%d.%m.%Y") in mitteilung
    assert "Angefordert hatten Sie 4.321,09 €" in mitteilung
    eingang, _ = _text(briefe["abrufbestaetigung"])
    assert "4.321,09 €" in eingang
    # PDF/A like the notice (antraege.bescheide.render_pdf): the XMP declares the PDF/A part.
    xmp = leser.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    assert "pdfaid:part" in xmp
