"""Deadlines as rows and refund claims: the shared base the wave-2 processes record into."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.zuwendungen.auszahlung_hilfen import make_zuwendung
from zuwendungen import fristen, rueckforderungen
from zuwendungen.models import Frist, Rueckforderung

pytestmark = pytest.mark.django_db
TAG = datetime.date(2026, 6, 30)


def _frist(zuwendung, faellig=TAG, schluessel="vn:1"):
    return fristen.setzen(
        schluessel=schluessel, art=Frist.Art.VERWENDUNGSNACHWEIS, antrag=zuwendung.antrag,
        zuwendung=zuwendung, faellig_am=faellig, titel="Verwendungsnachweis", wer=Frist.Wer.ANTRAGSTELLER,
    )  # fmt: skip


def test_setting_a_deadline_twice_keeps_one_row_and_a_new_day_reopens_it():
    zuwendung = make_zuwendung()
    frist = _frist(zuwendung)
    Frist.objects.filter(pk=frist.pk).update(status=Frist.Status.ERINNERT, erinnerungen=["vorher_28"])
    assert _frist(zuwendung).erinnerungen == ["vorher_28"]  # same day: the reminder stays sent
    verschoben = _frist(zuwendung, faellig=TAG + datetime.timedelta(days=30))
    assert Frist.objects.count() == 1
    assert (verschoben.status, verschoben.erinnerungen) == (Frist.Status.OFFEN, [])


def test_closing_is_idempotent_and_a_closed_deadline_is_never_missed():
    zuwendung = make_zuwendung()
    _frist(zuwendung)
    assert fristen.erledigen("vn:1") == 1
    assert fristen.erledigen("vn:1") == 0
    assert fristen.versaeumt_feststellen(TAG + datetime.timedelta(days=5)) == 0
    assert Frist.objects.get().status == Frist.Status.ERLEDIGT


def test_the_daily_step_marks_missed_deadlines_once_and_not_on_their_last_day():
    zuwendung = make_zuwendung()
    _frist(zuwendung)
    assert fristen.versaeumt_feststellen(TAG) == 0
    assert fristen.versaeumt_feststellen(TAG + datetime.timedelta(days=1)) == 1
    assert fristen.versaeumt_feststellen(TAG + datetime.timedelta(days=1)) == 0
    frist = Frist.objects.get()
    assert (frist.status, frist.versaeumt_am) == (Frist.Status.VERSAEUMT, TAG + datetime.timedelta(days=1))


def test_a_refund_claim_is_recorded_once_per_source():
    zuwendung = make_zuwendung()
    erste = rueckforderungen.erfassen(
        zuwendung=zuwendung, anlass=Rueckforderung.Anlass.VERWENDUNGSNACHWEIS, quelle="vn:7",
        betrag=Decimal("1115.00"), entstanden_am=TAG,
    )  # fmt: skip
    zweite = rueckforderungen.erfassen(
        zuwendung=zuwendung, anlass=Rueckforderung.Anlass.VERWENDUNGSNACHWEIS, quelle="vn:7",
        betrag=Decimal("999.00"), entstanden_am=TAG,
    )  # fmt: skip
    assert erste.pk == zweite.pk and zweite.betrag == Decimal("1115.00")
    with pytest.raises(ValueError, match="über 0,00"):
        rueckforderungen.erfassen(
            zuwendung=zuwendung, anlass="freiwillig", quelle="x", betrag=Decimal("0"), entstanden_am=TAG
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rueckforderung.objects.create(
            zuwendung=zuwendung, anlass="freiwillig", quelle="y", betrag=Decimal("-1"), entstanden_am=TAG
        )
