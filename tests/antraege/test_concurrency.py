"""PostgreSQL: concurrent Zeichnung never binds more than the budget (DESIGN.md §10)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from antraege import workflow
from antraege.models import Antrag, Statuswechsel
from antraege.workflow import WorkflowError
from komman.models import Rolle
from programmteile.models import Foerderperiode
from tests.factories import (
    bezirksregierung,
    make_eingereichter_antrag,
    make_massnahme,
    make_periode,
    make_traeger,
    make_user,
    parameter_mit_eg11,
)

# --- Prüfung und Entscheidung: budget race ---

ANZAHL = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("durchlauf", range(20))
def test_fifty_signatures_race_for_a_budget_of_ten(durchlauf):
    periode = make_periode("III", budget=Decimal("100000.00"), regelparameter=parameter_mit_eg11())
    pruefer = make_user("pruefung.race", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    zeichner = make_user("zeichnung.race", organisation=bezirksregierung(), rolle=Rolle.ZEICHNUNG)
    antraege = []
    for i in range(ANZAHL):
        a = make_eingereichter_antrag(
            periode, make_traeger(f"Race-Träger {i:02d}"), status=Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN,
            beantragt=Decimal("10000.00"), zuwendung=Decimal("10000.00"), vorgeschlagen_von=pruefer,
            vorgeschlagen_am=timezone.now(), erstellt_von=pruefer,
        )  # fmt: skip
        make_massnahme(a, beantragt=Decimal("10000.00"))
        antraege.append(a)

    schranke = threading.Barrier(ANZAHL)
    ergebnisse: list[str] = []
    sperre = threading.Lock()

    def zeichnen(antrag):
        try:
            schranke.wait()
            try:
                workflow.approve(antrag=antrag, by=zeichner)
                ergebnis = "ok"
            except WorkflowError as e:
                ergebnis = str(e)
            with sperre:
                ergebnisse.append(ergebnis)
        finally:
            connection.close()

    threads = [threading.Thread(target=zeichnen, args=(a,)) for a in antraege]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert len(ergebnisse) == ANZAHL
    assert ergebnisse.count("ok") == 10
    abgelehnt = [e for e in ergebnisse if e != "ok"]
    assert all(e.startswith("Das Budget reicht nicht: verfügbar sind noch 0,00 €") for e in abgelehnt), (
        abgelehnt[:3]
    )
    periode = Foerderperiode.objects.get(pk=periode.pk)
    assert periode.gebunden == Decimal("100000.00")
    assert Antrag.objects.filter(foerderperiode=periode, status=Antrag.Status.BEWILLIGT).count() == 10
    assert (
        Statuswechsel.objects.filter(antrag__foerderperiode=periode, nach=Antrag.Status.BEWILLIGT).count()
        == 10
    )
