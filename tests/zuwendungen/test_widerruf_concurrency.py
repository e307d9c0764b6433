"""PostgreSQL: ten parallel bookings of the same payment on one claim never book more than what
is open, and never settle interest twice (select_for_update on the Zuwendung, then the claim)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from komman.models import Rolle
from tests.factories import bezirksregierung, make_kommune, make_user
from tests.zuwendungen.test_auszahlung_concurrency import _parallel
from tests.zuwendungen.widerruf_hilfen import bis_zum_bescheid, forderung, zuwendung_mit_vn
from zuwendungen import forderungen, workflow
from zuwendungen.models import Buchung, Rueckforderung, Zahlungseingang


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_final_payments_book_once():
    dortmund = make_kommune("Dortmund", kreisschluessel="05913")
    pruefer = make_user("pruefung.race", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    zeichner = make_user("zeichnung.race", organisation=bezirksregierung(), rolle=Rolle.ZEICHNUNG)
    z = zuwendung_mit_vn(dortmund, pruefer)
    rf = bis_zum_bescheid(forderung(z, pruefer), pruefung=pruefer, zeichnung=zeichner)
    am = datetime.date(2026, 10, 1)
    offen = forderungen.stand(rf, am).offen
    ergebnisse = _parallel(
        [lambda: workflow.zahlung_buchen(forderung=rf, by=pruefer, betrag=offen, eingang_am=am) for _ in range(10)]
    )
    assert ergebnisse.count("ok") == 1, ergebnisse[:3]
    assert Zahlungseingang.objects.count() == 1
    assert Rueckforderung.objects.get().status == Rueckforderung.Status.BEZAHLT
    gebucht = Buchung.objects.exclude(art=Buchung.Art.AUSZAHLUNG).aggregate(s=Sum("betrag"))["s"]
    assert gebucht == offen
    assert Buchung.objects.filter(art=Buchung.Art.ERSTATTUNG).aggregate(s=Sum("betrag"))["s"] == Decimal("3400.00")
