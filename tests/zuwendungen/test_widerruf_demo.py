"""The demo's Widerruf story (issue 21 "Done when"): a Part III grant, 66.600,00 € recognised of
70.000,00 € paid → Erstattungsbescheid 3.400,00 € plus interest to the cent, a part payment
booked interest first, the rest paid, the grant closed; and a case in Anhörung, one with a part
payment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from programmteile import basiszins, rules
from zuwendungen import forderungen
from zuwendungen.models import Buchung, Rueckforderung, Rueckforderungsbrief

R = Rueckforderung.Status


@pytest.mark.django_db
def test_demo_widerruf_story(settings):
    settings.DEBUG = True
    call_command("demodaten")
    alle = Rueckforderung.objects.filter(quelle__startswith="demo-vn:")
    faelle = {rf.status: rf for rf in alle.filter(klage_erhoben_am__isnull=True)}
    klage = alle.get(klage_erhoben_am__isnull=False)
    assert klage.klage_anhaengig and klage.status == R.BESCHIEDEN and klage.bestandskraeftig_am is None
    assert set(faelle) == {R.ANHOERUNG, R.BESCHIEDEN, R.BEZAHLT}
    for rf in faelle.values():
        assert rf.betrag == Decimal("3400.00") and rf.zuwendung.anerkannt == Decimal("66600.00")
        assert rf.zuwendung.antrag.foerderperiode.programmteil.nummer == "III"
    anhoerung = faelle[R.ANHOERUNG]
    assert anhoerung.jahresfrist_ende is not None and forderungen.jahresfrist(anhoerung).warnen

    geschlossen = faelle[R.BEZAHLT]
    bescheid = geschlossen.briefe.get(art=Rueckforderungsbrief.Art.ERSTATTUNGSBESCHEID)
    erwartet = rules.zinsen(
        Decimal("3400.00"), geschlossen.entstanden_am, geschlossen.faellig_am, aufschlag=Decimal("5.00"),
        basiszins=basiszins.tabelle(),
    ).zinsen  # fmt: skip
    assert Decimal(bescheid.daten["zinsen"]["betrag"]) == erwartet > 0
    teil, rest = geschlossen.zahlungen.order_by("eingang_am")
    assert teil.auf_zinsen > 0 and teil.auf_zinsen + teil.auf_hauptforderung == teil.betrag
    assert geschlossen.zuwendung.abgeschlossen_am is not None
    assert geschlossen.briefe.filter(art=Rueckforderungsbrief.Art.ABSCHLUSS).exists()
    erstattet = geschlossen.zuwendung.buchungen.filter(art=Buchung.Art.ERSTATTUNG)
    assert sum(b.betrag for b in erstattet) == Decimal("3400.00")
    assert forderungen.stand(geschlossen).offen == 0

    teilbezahlt = faelle[R.BESCHIEDEN]
    assert teilbezahlt.zahlungen.count() == 1 and forderungen.stand(teilbezahlt).offen > 0
    assert teilbezahlt.zuwendung.verwendungszinsen.filter(entscheidung="offen").exists()
