"""PostgreSQL: 30 parallel calls, releases and signatures against one grant never pay more than
granted; a double click on "Zeichnen" books one Buchung (select_for_update on the Zuwendung)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from antraege.workflow import WorkflowError
from komman.models import Rolle
from tests.factories import bezirksregierung, make_kommune, make_user
from tests.zuwendungen.auszahlung_hilfen import HEUTE, daten, make_zuwendung
from zuwendungen import workflow
from zuwendungen.models import AbrufStatus, Auszahlungsanordnung, Buchung, Mittelabruf

ANZAHL = 30


def _parallel(aufgaben) -> list[str]:
    schranke = threading.Barrier(len(aufgaben))
    ergebnisse: list[str] = []
    sperre = threading.Lock()

    def lauf(aufgabe):
        try:
            schranke.wait()
            try:
                aufgabe()
                ergebnis = "ok"
            except WorkflowError as e:
                ergebnis = str(e)
            with sperre:
                ergebnisse.append(ergebnis)
        finally:
            connection.close()

    threads = [threading.Thread(target=lauf, args=(a,)) for a in aufgaben]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(ergebnisse) == len(aufgaben)
    return ergebnisse


def _entwuerfe(zuwendung, ki, betrag: str) -> list[Mittelabruf]:
    """30 drafts (the portal keeps one draft at a time; drafts bind nothing, so made directly)."""
    d = daten(betrag)
    return [
        Mittelabruf.objects.create(
            zuwendung=zuwendung, nummer=i, erstellt_von=ki, auszahlung_am=d.auszahlung_am, betrag=d.betrag,
            bedarfe=[{"faellig": f.isoformat(), "betrag": str(b)} for f, b in d.bedarfe],
        )
        for i in range(1, ANZAHL + 1)
    ]  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("durchlauf", range(3))
def test_thirty_calls_releases_and_signatures_never_pay_more_than_granted(durchlauf):
    dortmund = make_kommune("Dortmund", kreisschluessel="05913")
    zuwendung = make_zuwendung(organisation=dortmund, bewilligt=Decimal("10000.00"))
    ki = make_user(
        "ki.race", organisation=dortmund, rolle=[Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT]
    )
    pruefer = make_user("pruefung.race", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    zeichner = make_user("zeichnung.race", organisation=bezirksregierung(), rolle=Rolle.ZEICHNUNG)
    abrufe = _entwuerfe(zuwendung, ki, "1000.00")

    ergebnisse = _parallel(
        [lambda a=a: workflow.abruf_einreichen(abruf=a, by=ki, heute=HEUTE) for a in abrufe]
    )
    assert ergebnisse.count("ok") == 10, ergebnisse[:3]
    eingereicht = list(Mittelabruf.objects.filter(status=AbrufStatus.EINGEREICHT))
    assert len(eingereicht) == 10

    # 30 parallel releases: each of the 10 submitted calls three times at once (double clicks).
    aufgaben = [
        lambda a=a: workflow.abruf_freigeben(
            abruf=a, by=pruefer, betrag=a.betrag, pruefvermerk="ok", heute=HEUTE
        )
        for a in eingereicht * 3
    ]
    ergebnisse = _parallel(aufgaben)
    assert ergebnisse.count("ok") == 10

    # 30 parallel signatures: again each call three times at once.
    freigegeben = list(Mittelabruf.objects.filter(status=AbrufStatus.FREIGEGEBEN))
    ergebnisse = _parallel(
        [lambda a=a: workflow.auszahlung_zeichnen(abruf=a, by=zeichner, heute=HEUTE) for a in freigegeben * 3]
    )
    assert ergebnisse.count("ok") == 10
    assert Buchung.objects.count() == 10 == Auszahlungsanordnung.objects.count()
    assert Buchung.objects.aggregate(s=Sum("betrag"))["s"] == Decimal("10000.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_submissions_of_large_calls_stay_within_the_grant():
    """30 calls of 3.000,00 € against 10.000,00 €: three may be submitted, signed and paid."""
    dortmund = make_kommune("Dortmund", kreisschluessel="05913")
    zuwendung = make_zuwendung(organisation=dortmund, bewilligt=Decimal("10000.00"))
    ki = make_user(
        "ki.race2", organisation=dortmund, rolle=[Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT]
    )
    abrufe = _entwuerfe(zuwendung, ki, "3000.00")
    ergebnisse = _parallel(
        [lambda a=a: workflow.abruf_einreichen(abruf=a, by=ki, heute=HEUTE) for a in abrufe]
    )
    assert ergebnisse.count("ok") == 3
    summe = Mittelabruf.objects.filter(status=AbrufStatus.EINGEREICHT).aggregate(s=Sum("betrag"))["s"]
    assert summe == Decimal("9000.00")
