"""PostgreSQL: parallel submissions get distinct, gapless Aktenzeichen; a double submit counts once."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from antraege import workflow
from antraege.models import Antrag, Statuswechsel
from komman.models import Rolle
from tests.factories import (
    JAHR,
    TEIL1_GUELTIG,
    make_antrag,
    make_kommune,
    make_periode,
    make_user,
    make_zuweisung,
)

ANZAHL = 30


def _parallel(aufgaben) -> list:
    """Runs the callables at once behind a barrier; returns results or exceptions."""
    barriere = threading.Barrier(len(aufgaben))
    ergebnisse: list = [None] * len(aufgaben)

    def lauf(i, aufgabe):
        try:
            barriere.wait()
            ergebnisse[i] = aufgabe()
        except Exception as e:  # noqa: BLE001 - collected and asserted by the test
            ergebnisse[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=lauf, args=(i, a)) for i, a in enumerate(aufgaben)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ergebnisse


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_submissions_get_distinct_gapless_aktenzeichen():

    periode = make_periode("I")
    faelle = []
    for i in range(ANZAHL):
        kommune = make_kommune(f"Testkommune {i}", kreisschluessel=f"09{i:03d}")
        make_zuweisung(periode, kommune, stellen=Decimal("1.5"))
        user = make_user(f"zeichnung.{i}", organisation=kommune, rolle=Rolle.ZEICHNUNGSBERECHTIGT)
        faelle.append((make_antrag(periode, kommune, erstellt_von=user, teil1=TEIL1_GUELTIG), user))

    ergebnisse = _parallel([lambda a=a, u=u: workflow.submit(antrag=a, by=u) for a, u in faelle])

    assert not [e for e in ergebnisse if isinstance(e, Exception)]
    zeichen = sorted(Antrag.objects.filter(foerderperiode=periode).values_list("aktenzeichen", flat=True))
    assert zeichen == [f"KA-I-{JAHR}-{n:04d}" for n in range(1, ANZAHL + 1)]
    periode.refresh_from_db()
    assert periode.aktenzeichen_zaehler == ANZAHL


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_double_submit_of_the_same_antrag_counts_once():
    periode = make_periode("I")

    kommune = make_kommune("Dortmund", kreisschluessel="05913")
    make_zuweisung(periode, kommune, stellen=Decimal("1.5"))
    user = make_user("zeichnung.dortmund", organisation=kommune, rolle=Rolle.ZEICHNUNGSBERECHTIGT)
    antrag = make_antrag(periode, kommune, erstellt_von=user, teil1=TEIL1_GUELTIG)

    ergebnisse = _parallel([lambda: workflow.submit(antrag=antrag, by=user)] * 2)

    fehler = [e for e in ergebnisse if isinstance(e, Exception)]
    assert len(fehler) == 1 and isinstance(fehler[0], workflow.WorkflowError)
    assert Statuswechsel.objects.filter(antrag=antrag, nach="eingereicht").count() == 1
    assert Antrag.objects.get(pk=antrag.pk).aktenzeichen == f"KA-I-{JAHR}-0001"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_double_click_on_antrag_anlegen_creates_one():
    periode = make_periode("II")
    kommune = make_kommune("Dortmund", kreisschluessel="05913")
    user = make_user("ki.dortmund", organisation=kommune, rolle=Rolle.SACHBEARBEITUNG)

    ergebnisse = _parallel(
        [lambda: workflow.create_draft(organisation=kommune, periode=periode, by=user)] * 5
    )

    assert not [e for e in ergebnisse if isinstance(e, Exception)]
    assert Antrag.objects.filter(foerderperiode=periode, antragsteller=kommune).count() == 1
    assert sorted(angelegt for _, angelegt in ergebnisse) == [False, False, False, False, True]
    assert len({antrag.pk for antrag, _ in ergebnisse}) == 1
