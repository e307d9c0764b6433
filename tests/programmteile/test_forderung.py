"""rules.forderung: running interest, part payments interest first, the one-year limit (issue 21)."""

from datetime import date
from decimal import Decimal as D

import pytest

from programmteile import rules

TABELLE = [(date(2024, 1, 1), D("3.62")), (date(2024, 7, 1), D("3.37"))]
AUF = D("5.00")


def stand(zahlungen, stichtag, betrag="1000.00", **kw):
    return rules.forderungsstand(
        D(betrag), date(2024, 6, 20), zahlungen, stichtag, aufschlag=AUF, basiszins=TABELLE, **kw
    )


def test_interest_without_payments_equals_zinsen_across_a_basiszins_change():
    s = stand([], date(2024, 7, 10))
    erwartet = rules.zinsen(D("1000.00"), date(2024, 6, 20), date(2024, 7, 10), aufschlag=AUF, basiszins=TABELLE)
    # 10 days at 8.62 % + 10 days at 8.37 %: 2.3616… + 2.2931… = 4.6547… → 4.65
    assert s.zinsen == erwartet.zinsen == D("4.65")
    assert [a.satz for a in s.abschnitte] == [D("8.62"), D("8.37")]
    assert s.offen == D("1004.65")


def test_part_payment_settles_interest_first_and_interest_runs_on_the_rest():
    s = stand([(date(2024, 7, 10), D("104.65"))], date(2024, 7, 20))
    v = s.verrechnungen[0]
    assert (v.auf_zinsen, v.auf_hauptforderung, v.ueberzahlung) == (D("4.65"), D("100.00"), D("0.00"))
    assert s.offen_hauptforderung == D("900.00")
    # 900 € × 8.37 % × 10/365 = 2.0638… → 2.06
    assert s.offen_zinsen == D("2.06")
    assert s.zinsen == D("6.71")


def test_interest_stops_on_the_day_of_full_payment():
    zahlungen = [(date(2024, 7, 10), D("104.65")), (date(2024, 7, 20), D("902.06"))]
    am_tag = stand(zahlungen, date(2024, 7, 20))
    spaeter = stand(zahlungen, date(2024, 12, 31))
    assert am_tag.erledigt and spaeter.erledigt
    assert spaeter.zinsen == am_tag.zinsen == D("6.71")
    assert spaeter.bezahlt == D("1006.71")


def test_no_interest_on_interest():
    s = stand([(date(2024, 7, 10), D("3.00"))], date(2024, 7, 20))
    assert s.offen_hauptforderung == D("1000.00")
    # the principal alone bears interest: 1000 € × 8.37 % × 10/365 = 2.29; 1.65 stay open unchanged
    assert s.offen_zinsen == D("1.65") + D("2.29")


def test_overpayment_is_shown_not_credited():
    s = stand([(date(2024, 6, 30), D("2000.00"))], date(2024, 7, 31))
    assert s.offen == 0
    assert s.ueberzahlung == D("2000.00") - D("1000.00") - s.bezahlt_zinsen


def test_payment_after_the_stichtag_is_ignored_and_zero_payment_refused():
    assert stand([(date(2024, 8, 1), D("50.00"))], date(2024, 7, 10)).bezahlt == 0
    with pytest.raises(ValueError):
        rules.zahlung_verrechnen(D("0.00"), offen_zinsen=D("1"), offen_hauptforderung=D("1"))


def test_unverzinst_claim_bears_no_interest():
    assert stand([], date(2025, 6, 20), verzinst=False).zinsen == 0


def test_jahresfrist_last_day_allowed_next_day_refused_warning_two_months_ahead():
    ende = rules.widerrufsfrist(date(2026, 3, 15), jahre=1).frist_ende
    assert ende == date(2027, 3, 15)
    assert not rules.jahresfrist_stand(ende, date(2027, 3, 15)).abgelaufen
    assert rules.jahresfrist_stand(ende, date(2027, 3, 16)).abgelaufen
    assert not rules.jahresfrist_stand(ende, date(2027, 1, 14)).warnen
    assert rules.jahresfrist_stand(ende, date(2027, 1, 15)).warnen
    assert not rules.jahresfrist_stand(ende, date(2027, 3, 16)).warnen


def test_bagatelle_and_aufbewahrung():
    assert rules.ist_bagatelle(D("24.99"), D("25.00"))
    assert not rules.ist_bagatelle(D("25.00"), D("25.00"))
    assert not rules.ist_bagatelle(D("1.00"), None)
    a = rules.aufbewahrung(date(2027, 2, 28), vn_am=date(2026, 6, 30), belege_jahre=5, akten_jahre=10)
    assert (a.belege_bis, a.akten_bis) == (date(2031, 6, 30), date(2037, 2, 28))


def test_new_parameters_have_defaults():
    a = rules.Regelparameter.standard().allgemein
    assert a.erstattung_zahlungsfrist_tage == 30
    assert a.erstattung_bagatellgrenze == D("25.00")
