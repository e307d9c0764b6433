"""A Part III grant whose VN recognised 66.600,00 € of 70.000,00 € paid, and its claim (issue 21)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tests.zuwendungen.auszahlung_hilfen import make_zuwendung
from zuwendungen import rueckforderungen
from zuwendungen.models import Buchung

AUSGEZAHLT_AM = datetime.date(2026, 3, 3)
ENTSTANDEN = datetime.date(2026, 6, 30)
ANHOERUNG = datetime.date(2026, 7, 15)
ENTSCHEIDUNG = datetime.date(2026, 8, 3)


def zuwendung_mit_vn(organisation, wer, *, bewilligt="70000.00", anerkannt="66600.00"):
    z = make_zuwendung(organisation=organisation, bewilligt=Decimal(bewilligt))
    Buchung.objects.create(
        zuwendung=z, art=Buchung.Art.AUSZAHLUNG, betrag=Decimal(bewilligt), gebucht_am=AUSGEZAHLT_AM,
        wertstellung=AUSGEZAHLT_AM, wer=wer,
    )  # fmt: skip
    z.anerkannt, z.anerkannt_am = Decimal(anerkannt), ENTSTANDEN
    z.save(update_fields=["anerkannt", "anerkannt_am"])
    return z


def forderung(zuwendung, wer, betrag="3400.00"):
    return rueckforderungen.erfassen(
        zuwendung=zuwendung, anlass="verwendungsnachweis", quelle=f"vn:{zuwendung.pk}", betrag=Decimal(betrag),
        entstanden_am=ENTSTANDEN, grund="Im Verwendungsnachweis wurden 66.600,00 € anerkannt; ausgezahlt 70.000,00 €.",
        wer=wer,
    )  # fmt: skip


def bis_zum_bescheid(f, *, pruefung, zeichnung, antragsteller=None, kenntnis=ANHOERUNG):
    from zuwendungen import workflow

    f = workflow.anhoerung_einleiten(
        forderung=f, by=pruefung, rechtsgrundlage="widerruf_vergangenheit", widerruf_ab=datetime.date(2026, 1, 1),
        kenntnis_am=kenntnis, text="Die Mittel wurden nur teilweise zweckentsprechend verwendet.", heute=ANHOERUNG,
    )  # fmt: skip
    if antragsteller is not None:
        f = workflow.stellungnahme_abgeben(forderung=f, by=antragsteller, text="Wir erkennen den Betrag an.")
    f = workflow.entscheidung_vorschlagen(
        forderung=f, by=pruefung, ermessen="Das öffentliche Interesse an der Rückforderung überwiegt.",
        heute=ENTSCHEIDUNG,
    )  # fmt: skip
    return workflow.bescheid_zeichnen(forderung=f, by=zeichnung, heute=ENTSCHEIDUNG)
