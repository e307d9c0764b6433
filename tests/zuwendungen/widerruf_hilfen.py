"""A Part III grant whose VN recognised 66.600,00 € of 70.000,00 € paid, and its claim (issue 21)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from uuid import uuid4

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


# --- rows for the query-count guard (tests/test_abfragen.py) --------------------------------------


def _forderungen(zuwendungen, wer, *, status="beschieden"):
    from zuwendungen.models import Rueckforderung

    return Rueckforderung.objects.bulk_create(
        Rueckforderung(
            zuwendung=z, anlass="verwendungsnachweis", quelle=f"q:{z.pk}:{i}:{uuid4()}", betrag=Decimal("1000.00"),
            entstanden_am=ENTSTANDEN, status=status, erfasst_von=wer, kenntnis_am=ANHOERUNG,
            jahresfrist_ende=datetime.date(2027, 7, 15), faellig_am=datetime.date(2026, 9, 2),
            kassenzeichen=f"RF-{z.pk}-{i}",
        )
        for i, z in enumerate(zuwendungen)
    )  # fmt: skip


def forderungen_liste(n: int, user) -> None:
    """n claims on n grants, for Prüfung's list."""
    from tests.zuwendungen.auszahlung_hilfen import zuwendungen_mit_abrufen
    from zuwendungen.models import Rueckforderung

    bisher = Rueckforderung.objects.count()
    _forderungen(zuwendungen_mit_abrufen(n - bisher, von=user), user)


def forderung_mit_zahlungen(n: int, user):
    """One decided claim with n part payments (its page lists them)."""
    from tests.zuwendungen.auszahlung_hilfen import zuwendungen_mit_abrufen
    from zuwendungen.models import Rueckforderung, Zahlungseingang

    rf = Rueckforderung.objects.filter(quelle__startswith="q:").first()
    if rf is None:
        rf = _forderungen(zuwendungen_mit_abrufen(1, von=user), user)[0]
    start = rf.zahlungen.count()
    Zahlungseingang.objects.bulk_create(
        Zahlungseingang(
            rueckforderung=rf, eingang_am=datetime.date(2026, 9, 3) + datetime.timedelta(days=i), betrag=Decimal("1.00"),
            auf_zinsen=Decimal("1.00"), auf_hauptforderung=Decimal("0.00"), ueberzahlung=Decimal("0.00"), erfasst_von=user,
        )
        for i in range(start, n)
    )  # fmt: skip
    return rf


def zuwendung_mit_forderungen(n: int, user):
    """One grant with n claims (the grant page's section lists them all)."""
    from tests.zuwendungen.auszahlung_hilfen import zuwendungen_mit_abrufen
    from zuwendungen.models import Zuwendung

    z = Zuwendung.objects.filter(rueckforderungen__isnull=False).first() or zuwendungen_mit_abrufen(1, von=user)[0]
    _forderungen([z] * (n - z.rueckforderungen.count()), user)
    return z
