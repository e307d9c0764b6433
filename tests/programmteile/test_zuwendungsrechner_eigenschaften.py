"""Properties of the Zuwendungsrechner that hold for any input (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from programmteile import rules
from programmteile.rules import Bedarf, Pauschalzeile, Unbesetzt

betraege = st.integers(min_value=0, max_value=10**10 - 1).map(lambda c: D(c) / 100)
kleine_betraege = st.integers(min_value=0, max_value=10**8).map(lambda c: D(c) / 100)
# the shipped table covers 2015-01-01 to 2026-06-30 without a warning
tage = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 30))
aufschlaege = st.sampled_from([D("0"), D("2"), D("5"), D("9")])
unbesetzt = st.lists(
    st.builds(
        Unbesetzt,
        stellen=st.sampled_from([D("0.5"), D("1"), D("1.5"), D("2")]),
        monate=st.integers(0, 12),
        festbetrag_stelle=kleine_betraege,
    ),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(betrag=betraege, a=tage, b=tage, c=tage, aufschlag=aufschlaege)
def test_interest_is_additive_over_adjacent_periods_up_to_a_cent(betrag, a, b, c, aufschlag):
    t0, t1, t2 = sorted((a, b, c))
    ganz = rules.zinsen(betrag, t0, t2, aufschlag=aufschlag)
    teile = (
        rules.zinsen(betrag, t0, t1, aufschlag=aufschlag).zinsen
        + rules.zinsen(betrag, t1, t2, aufschlag=aufschlag).zinsen
    )
    assert abs(ganz.zinsen - teile) <= D("0.01")
    assert ganz.tage == (t2 - t0).days == sum(x.tage for x in ganz.abschnitte)
    assert ganz.zinsen >= 0


@settings(max_examples=200, deadline=None)
@given(festbetrag=betraege, ausgaben=betraege, ausgezahlt=betraege, luecken=unbesetzt)
def test_festbetrag_never_exceeds_grant_nor_costs_and_refund_never_negative(
    festbetrag, ausgaben, ausgezahlt, luecken
):
    r = rules.verwendungsnachweis_festbetrag(
        festbetrag=festbetrag, ausgaben_ist=ausgaben, unbesetzt=luecken, ausgezahlt=ausgezahlt
    )
    assert D(0) <= r.anerkannt <= min(festbetrag, ausgaben)
    assert r.erstattung == max(ausgezahlt - r.anerkannt, D(0)) >= 0


@settings(max_examples=200, deadline=None)
@given(
    satz=st.integers(0, 100).map(lambda p: D(p) / 100),
    hoechstbetrag=betraege,
    ausgaben=betraege,
    ausgezahlt=betraege,
)
def test_anteil_never_exceeds_cap_nor_costs(satz, hoechstbetrag, ausgaben, ausgezahlt):
    r = rules.verwendungsnachweis_anteil(
        foerdersatz=satz,
        hoechstbetrag=hoechstbetrag,
        zuwendungsfaehige_ausgaben_ist=ausgaben,
        ausgezahlt=ausgezahlt,
    )
    assert D(0) <= r.anerkannt <= min(hoechstbetrag, ausgaben)
    assert r.anerkannt <= satz * ausgaben  # rounded down, never up
    assert r.erstattung >= 0


zeilen = st.lists(
    st.builds(
        Pauschalzeile,
        pauschale=st.sampled_from(["A1", "A2", "B1", "C2"]),
        satz=kleine_betraege,
        einheiten_bewilligt=st.integers(0, 1000),
        einheiten_erbracht=st.integers(0, 1000),
        empfaenger=st.sampled_from(["Verein A", "Verein B", "Stadt"]),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(liste=zeilen, ausgezahlt=betraege)
def test_pauschalen_never_exceed_the_grant_and_refunds_never_negative(liste, ausgezahlt):
    r = rules.verwendungsnachweis_pauschalen(zeilen=liste, ausgezahlt=ausgezahlt)
    assert D(0) <= r.anerkannt <= sum((z.bewilligt for z in liste), D(0))
    assert r.erstattung >= 0
    assert all(a.erstattung >= 0 and a.anerkannt >= 0 for a in r.je_empfaenger)
    assert sum((a.anerkannt for a in r.je_empfaenger), D(0)) == r.anerkannt


@settings(max_examples=200, deadline=None)
@given(
    bewilligt=betraege,
    ausgezahlt=betraege,
    offen=betraege,
    auszahlung_am=tage,
    bestandskraft=st.none() | tage,
    bedarfe=st.lists(st.builds(Bedarf, faellig=tage, betrag=betraege), max_size=5),
)
def test_release_never_exceeds_the_rest_of_the_grant(
    bewilligt, ausgezahlt, offen, auszahlung_am, bestandskraft, bedarfe
):
    r = rules.mittelabruf(
        bewilligt=bewilligt,
        ausgezahlt=ausgezahlt,
        angefordert_offen=offen,
        auszahlung_am=auszahlung_am,
        bestandskraeftig_ab=bestandskraft,
        bewilligungszeitraum_bis=date(2026, 12, 31),
        bedarfe=bedarfe,
        bedarf_monate=2,
    )
    assert D(0) <= r.freigabe <= max(bewilligt - ausgezahlt - offen, D(0))
    assert r.freigabe + sum((a.betrag for a in r.abgelehnt), D(0)) == sum((b.betrag for b in bedarfe), D(0))
    if bestandskraft is None:
        assert r.freigabe == 0


@settings(max_examples=100, deadline=None)
@given(
    auszahlungen=st.lists(st.tuples(tage, kleine_betraege), max_size=4),
    verwendungen=st.lists(st.tuples(tage, kleine_betraege), max_size=4),
)
def test_verwendungszinsen_fifo_accounts_for_every_payout(auszahlungen, verwendungen):
    r = rules.verwendungszinsen(auszahlungen, verwendungen, alsbald_monate=2, aufschlag=D("5"))
    assert r.zinsen >= 0
    assert sum((p.betrag for p in r.posten), D(0)) == sum((b for _, b in auszahlungen), D(0))
    assert all(p.zinsen == 0 for p in r.posten if p.verwendet_am is None or p.verwendet_am <= p.ausgezahlt_am)


@settings(max_examples=300, deadline=None)
@given(tag=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), monate=st.integers(0, 120))
def test_deadlines_end_on_a_working_day_at_most_a_few_days_after_the_month_date(tag, monate):
    ohne = rules.plus_monate(tag, monate)
    assert ohne.day <= tag.day
    assert (ohne.year * 12 + ohne.month) - (tag.year * 12 + tag.month) == monate
    ende = rules.fristende(tag, monate)
    assert rules.ist_werktag(ende)
    assert ohne <= ende <= ohne + timedelta(days=5)


@settings(max_examples=100, deadline=None)
@given(bewilligt=betraege, ausgezahlt=betraege, luecken=unbesetzt)
def test_aenderung_never_negative(bewilligt, ausgezahlt, luecken):
    r = rules.aenderung(
        bewilligt=bewilligt, ausgezahlt=ausgezahlt, unbesetzt=luecken, lrh_schwelle=D("50000.00")
    )
    assert D(0) <= r.neu_bewilligt <= bewilligt
    assert r.noch_abrufbar == max(r.neu_bewilligt - ausgezahlt, D(0))
