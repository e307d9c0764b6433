"""PostgreSQL: parallel signatures of higher grants never bind more than the budget (the period's
row lock and foerderperiode_budget_reicht), parallel waivers release exactly once, and a double
click on "Zeichnen" issues one Änderungsbescheid (issue 19)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from programmteile.models import Foerderperiode
from tests.factories import (
    JAHR,
    make_eingereichter_antrag,
    make_massnahme,
    make_periode,
    make_traeger,
    parameter_mit_eg11,
)
from tests.zuwendungen.aenderung_hilfen import Leute
from tests.zuwendungen.test_auszahlung_concurrency import _parallel
from zuwendungen.models import (
    Aenderungsantrag,
    Aenderungsbescheid,
    AenderungStatus,
    Finanzierungsart,
    Zuwendung,
)
from zuwendungen.workflow import aenderung as wf

ANZAHL = 8
GRANT = Decimal("10000.00")


def _zuwendungen(budget: Decimal) -> tuple[Foerderperiode, list[tuple[Zuwendung, Leute]]]:
    periode = make_periode("III", jahr=JAHR, budget=budget, regelparameter=parameter_mit_eg11())
    ergebnis = []
    for i in range(ANZAHL):
        org = make_traeger(f"Träger {i} e. V.")
        antrag = make_eingereichter_antrag(
            periode, org, status="bestandskraeftig", beantragt=GRANT, zuwendung=GRANT,
            massnahmebeginn=periode.bewilligungszeitraum_von,
        )  # fmt: skip
        make_massnahme(antrag, beantragt=GRANT)
        z = Zuwendung.objects.create(
            antrag=antrag, bewilligt=GRANT, bewilligungszeitraum_von=periode.bewilligungszeitraum_von,
            bewilligungszeitraum_bis=periode.bewilligungszeitraum_bis, finanzierungsart=Finanzierungsart.ANTEIL,
            bestandskraeftig_am=periode.bewilligungszeitraum_von,
        )  # fmt: skip
        ergebnis.append((z, Leute(org)))
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=GRANT * ANZAHL)
    return periode, ergebnis


def _vorgeschlagen(z: Zuwendung, leute: Leute, art: str, angaben: dict) -> Aenderungsantrag:
    a = wf.aenderung_anlegen(zuwendung=z, by=leute.ki, art=art, angaben=angaben, begruendung="Mehr Bedarf.")
    a = wf.aenderung_einreichen(aenderung=a, by=leute.zb)
    a = wf.uebernehmen(aenderung=a, by=leute.pruefer)
    return wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_higher_grants_never_bind_more_than_the_budget():
    # room for exactly three increases of 2.000,00 € (and 1.000,00 € to spare)
    periode, faelle = _zuwendungen(GRANT * ANZAHL + Decimal("7000.00"))
    aenderungen = []
    for z, leute in faelle:
        zeilen = [dict(m) for m in wf.rechnung.letzte_zeilen(z)["massnahmen"]]
        zeilen[0]["beantragt"] = "12000.00"
        # the Finanzierungsplan stays balanced (VV 1.2): more Zuwendung, less Eigenanteil
        angaben = {"massnahmen": zeilen, "eigenanteil": "8000.00"}
        aenderungen.append((_vorgeschlagen(z, leute, "kosten", angaben), leute))
    # every change signed twice at once (a double click)
    ergebnisse = _parallel([lambda a=a, p=p: wf.zeichnen(aenderung=a, by=p.zeichner) for a, p in aenderungen * 2])
    assert ergebnisse.count("ok") == 3, ergebnisse
    assert sum("Budget reicht nicht" in e for e in ergebnisse) >= ANZAHL - 3
    periode.refresh_from_db()
    assert periode.gebunden == GRANT * ANZAHL + Decimal("6000.00") <= periode.budget
    assert Aenderungsbescheid.objects.count() == 3
    assert Aenderungsantrag.objects.filter(status=AenderungStatus.BESCHIEDEN).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_waivers_release_each_difference_exactly_once():
    periode, faelle = _zuwendungen(GRANT * ANZAHL)
    beschieden = []
    for z, leute in faelle:
        a = _vorgeschlagen(z, leute, "verzicht", {"betrag": "8000.00"})
        a = wf.zeichnen(aenderung=a, by=leute.zeichner)
        wf.abruf_erfassen(aenderung=a, by=leute.zb)
        a.refresh_from_db()
        beschieden.append((a, leute))
    tag = beschieden[0][0].bekanntgegeben_am
    aufgaben = [lambda a=a, p=p: wf.verzichten(aenderung=a, by=p.zb, heute=tag) for a, p in beschieden * 2]
    # and the daily step at the same time, as if the Klagefrist had run
    aufgaben.append(lambda: wf.bestandskraft.taeglich(tag + datetime.timedelta(days=60)))
    ergebnisse = _parallel(aufgaben)
    assert ergebnisse.count("ok") >= ANZAHL
    periode.refresh_from_db()
    assert periode.gebunden == Decimal("8000.00") * ANZAHL
    assert set(Zuwendung.objects.values_list("bewilligt", flat=True)) == {Decimal("8000.00")}
    assert Aenderungsantrag.objects.filter(status=AenderungStatus.BESTANDSKRAEFTIG).count() == ANZAHL
