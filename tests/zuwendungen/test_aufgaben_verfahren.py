"""Meine Aufgaben lists the steps of the processes after the notice for the Bezirksregierung."""

import datetime
from decimal import Decimal

import pytest

from komman import aufgaben
from tests.zuwendungen.auszahlung_hilfen import make_zuwendung
from zuwendungen import rueckforderungen
from zuwendungen.models import Rueckforderung

pytestmark = pytest.mark.django_db


def _forderung():
    return rueckforderungen.erfassen(
        zuwendung=make_zuwendung(), anlass=Rueckforderung.Anlass.VERWENDUNGSNACHWEIS, quelle="vn:1",
        betrag=Decimal("3400.00"), entstanden_am=datetime.date(2026, 6, 1),
    )  # fmt: skip


VERFAHREN = ("aenderungen", "verwendungsnachweise", "rueckforderungen")  # one source per process


def _arten(user) -> list[str]:
    return [a.art for a in aufgaben.aufgaben(user) if a.quelle in VERFAHREN]


def test_a_recorded_claim_waits_on_the_pruefung_not_on_the_zeichnung(pruefung_arnsberg, zeichnung_arnsberg):
    forderung = _forderung()
    assert _arten(pruefung_arnsberg) == ["Rückforderung: Widerruf einleiten oder entscheiden"]
    assert _arten(zeichnung_arnsberg) == []
    eintrag = next(a for a in aufgaben.aufgaben(pruefung_arnsberg) if a.quelle == "rueckforderungen")
    assert eintrag.url == f"/zuwendungen/rueckforderung/{forderung.pk}/"


def test_a_proposal_waits_on_the_zeichnung_but_never_on_its_proposer(pruefung_arnsberg, zeichnung_arnsberg):
    forderung = _forderung()
    Rueckforderung.objects.filter(pk=forderung.pk).update(
        status=Rueckforderung.Status.ENTSCHEIDUNG, vorgeschlagen_von=zeichnung_arnsberg
    )
    assert _arten(zeichnung_arnsberg) == []  # four eyes: one's own proposal is not one's task
    Rueckforderung.objects.filter(pk=forderung.pk).update(vorgeschlagen_von=pruefung_arnsberg)
    assert _arten(zeichnung_arnsberg) == ["Erstattungsbescheid zeichnen"]
    assert _arten(pruefung_arnsberg) == []


def test_applicants_get_no_process_tasks_of_the_bezirksregierung(ki_dortmund):
    _forderung()
    assert _arten(ki_dortmund) == []
