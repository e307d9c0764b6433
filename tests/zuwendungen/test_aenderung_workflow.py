"""The change process: transition table, four eyes, Anhörung exactly when worse, the figures of each
part equal the rules, money at Bestandskraft, refund claims (issue 19)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from programmteile import rules
from programmteile.models import Foerderperiode
from programmteile.rules import aenderungsrechnung as ar
from tests.factories import make_kommune
from tests.zuwendungen import aenderung_hilfen as h
from zuwendungen.models import Aenderungsantrag, AenderungStatus, Frist, Rueckforderung
from zuwendungen.workflow import aenderung as wf
from zuwendungen.workflow.aenderung import kern

pytestmark = pytest.mark.django_db
St = AenderungStatus


def _bis_zum_vorschlag(
    z, leute, angaben, art="unbesetzt", begruendung="Zweite Stelle erst zum 1. April besetzt."
):
    a = wf.aenderung_anlegen(zuwendung=z, by=leute.ki, art=art, angaben=angaben, begruendung=begruendung)
    a = wf.aenderung_einreichen(aenderung=a, by=leute.zb)
    return wf.uebernehmen(aenderung=a, by=leute.pruefer)


def test_dortmund_teil1_figures_equal_the_rules_and_money_follows_at_bestandskraft():
    z, leute = h.teil1()
    a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    p = z.antrag.foerderperiode.parameter()
    erwartet = rules.aenderung(
        bewilligt=Decimal("134000.00"), ausgezahlt=Decimal("0.00"),
        unbesetzt=[rules.Unbesetzt(Decimal("1.0"), 3, p.teil1.festbetrag_stelle)], lrh_schwelle=p.allgemein.lrh_schwelle,
    )  # fmt: skip
    assert a.beantragt_neu == erwartet.neu_bewilligt == Decimal("119750.00")
    # exactly what was asked: no Anhörung needed (§ 28 Abs. 2 Nr. 3)
    a = wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll")
    with pytest.raises(wf.AenderungFehler.__mro__[1], match="Zeichnung der Bezirksregierung"):
        wf.zeichnen(aenderung=a, by=leute.pruefer)
    a = wf.zeichnen(aenderung=a, by=leute.zeichner)
    assert a.status == St.BESCHIEDEN and a.bescheid.daten["summen"]["neu"] == "119750.00"
    assert a.bescheid.daten["lrh"]["mitteilung"] is True
    periode = Foerderperiode.objects.get(pk=z.antrag.foerderperiode_id)
    assert periode.gebunden == Decimal("134000.00")  # nothing released before Bestandskraft
    assert wf.abruf_erfassen(aenderung=a, by=leute.zb)
    a.refresh_from_db()
    assert a.bekanntgegeben_am == timezone.localdate() + datetime.timedelta(days=1)
    frist = Frist.objects.get(schluessel=f"aenderung-klagefrist:{a.pk}")
    assert frist.art == Frist.Art.KLAGEFRIST and frist.faellig_am == wf.stand(a).klagefrist_ende
    # the daily step does nothing before the Klagefrist, makes it final after it, once
    assert not wf.bestandskraft_durch_frist(a, heute=frist.faellig_am)
    assert wf.bestandskraft_durch_frist(a, heute=frist.faellig_am + datetime.timedelta(days=1))
    assert not wf.bestandskraft_durch_frist(a, heute=frist.faellig_am + datetime.timedelta(days=2))
    a.refresh_from_db()
    z.refresh_from_db()
    periode.refresh_from_db()
    assert a.status == St.BESTANDSKRAEFTIG
    assert z.bewilligt == Decimal("119750.00")
    assert periode.gebunden == Decimal("119750.00")  # 14.250,00 € back in the period's budget
    assert Frist.objects.get(pk=frist.pk).status == Frist.Status.ERLEDIGT


def test_waiver_makes_the_change_final_at_once_and_overpayment_becomes_a_refund_claim():
    from zuwendungen.models import Buchung

    z, leute = h.teil1()
    Buchung.objects.create(
        zuwendung=z, art="auszahlung", betrag=Decimal("130000.00"), gebucht_am=z.bewilligungszeitraum_von,
        wertstellung=z.bewilligungszeitraum_von, wer=leute.pruefer,
    )  # fmt: skip
    a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    a = wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll")
    a = wf.zeichnen(aenderung=a, by=leute.zeichner)
    assert a.bescheid.daten["summen"]["rueckforderung"] == "10250.00"
    with pytest.raises(Exception, match="noch nicht bekanntgegeben"):
        wf.verzichten(aenderung=a, by=leute.zb)
    wf.abruf_erfassen(aenderung=a, by=leute.zb)
    a.refresh_from_db()
    wf.verzichten(aenderung=a, by=leute.zb, heute=a.bekanntgegeben_am)
    a.refresh_from_db()
    assert a.status == St.BESTANDSKRAEFTIG and a.bestandskraeftig_am == a.bekanntgegeben_am
    r = Rueckforderung.objects.get(quelle=f"aenderung:{a.pk}")
    assert r.anlass == Rueckforderung.Anlass.AENDERUNG and r.betrag == Decimal("10250.00")


def test_calls_are_capped_at_the_new_grant():
    from zuwendungen.abrufzahlen import abrufstand

    z, leute = h.teil1()
    a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    a = wf.zeichnen(
        aenderung=wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll"), by=leute.zeichner
    )
    wf.abruf_erfassen(aenderung=a, by=leute.zb)
    a.refresh_from_db()
    wf.verzichten(aenderung=a, by=leute.zb, heute=a.bekanntgegeben_am)
    z.refresh_from_db()
    assert abrufstand(z).abrufbar == Decimal("119750.00")


@pytest.mark.parametrize(
    ("ergebnis", "betrag", "noetig"),
    [("voll", None, False), ("teilweise", Decimal("125000.00"), True), ("abgelehnt", None, True)],
)
def test_anhoerung_exactly_when_worse_than_asked(ergebnis, betrag, noetig):
    z, leute = h.teil1()
    a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4), art="unbesetzt")
    # a partial decision above what the recipient asked for is worse for it only if lower
    kwargs = {"betrag": betrag, "bis": z.bewilligungszeitraum_bis, "gruende": "Begründung."}
    if betrag is not None and betrag > a.beantragt_neu:
        kwargs["betrag"] = a.beantragt_neu - Decimal("1000.00")
    if noetig:
        with pytest.raises(Exception, match="angehört"):
            wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis=ergebnis, **kwargs)
        a = wf.anhoeren(aenderung=a, by=leute.pruefer, text="Wir beabsichtigen …", betrag=kwargs["betrag"])
        assert Frist.objects.get(schluessel=f"aenderung-anhoerung:{a.pk}").art == Frist.Art.ANHOERUNG
        with pytest.raises(Exception, match="Frist zur Stellungnahme"):
            wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis=ergebnis, **kwargs)
        a = wf.stellung_nehmen(aenderung=a, by=leute.zb, text="Wir widersprechen.")
    a = wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis=ergebnis, **kwargs)
    assert a.status == St.VORGESCHLAGEN


def test_anhoerung_rule_table():
    d = datetime.date(2027, 12, 31)
    kw = {"bewilligt_vorher": Decimal("100"), "bis_vorher": d, "beantragt": Decimal("80"), "bis_beantragt": d}
    assert not ar.anhoerung_noetig(
        von_amts_wegen=False, entschieden=Decimal("80"), bis_entschieden=d, abgelehnt=False, **kw
    )
    assert ar.anhoerung_noetig(
        von_amts_wegen=False, entschieden=Decimal("79.99"), bis_entschieden=d, abgelehnt=False, **kw
    )
    assert ar.anhoerung_noetig(
        von_amts_wegen=False, entschieden=Decimal("100"), bis_entschieden=d, abgelehnt=True, **kw
    )
    assert ar.anhoerung_noetig(
        von_amts_wegen=True, entschieden=Decimal("99"), bis_entschieden=d, abgelehnt=False, **kw
    )
    assert not ar.anhoerung_noetig(
        von_amts_wegen=True, entschieden=Decimal("100"), bis_entschieden=d, abgelehnt=False, **kw
    )
    assert ar.unbesetzte_monate(datetime.date(2026, 1, 1), datetime.date(2026, 4, 1)) == 3
    assert ar.unbesetzte_monate(datetime.date(2026, 1, 1), datetime.date(2026, 4, 15)) == 3
    assert ar.unbesetzte_monate(datetime.date(2026, 1, 15), datetime.date(2026, 4, 1)) == 2
    assert ar.unbesetzte_monate(datetime.date(2026, 1, 1), datetime.date(2025, 12, 1)) == 0


def test_von_amts_wegen_starts_in_pruefung_and_needs_an_anhoerung_when_lower():
    z, leute = h.teil1()
    a = wf.aenderung_anlegen(
        zuwendung=z, by=leute.pruefer, art="unbesetzt", angaben=h.besetzt_ab(z, 3),
        begruendung="Mit dem Mittelabruf gemeldet: zweite Stelle erst ab März besetzt.",
    )  # fmt: skip
    assert a.von_amts_wegen and a.status == St.IN_PRUEFUNG and a.beantragt_neu == Decimal("124500.00")
    with pytest.raises(Exception, match="angehört"):
        wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll")
    ok, _ = kern.darf(leute.zb, a, "zurueckziehen")
    assert not ok  # the recipient cannot drop the authority's change


def test_teil2_shift_between_bausteine_is_checked_by_the_same_rules():
    z, leute = h.teil2()
    eingabe = wf.rechnung.letzte_zeilen(z)
    zeilen = [dict(m) for m in eingabe["massnahmen"]]
    zeilen[0]["einheiten"], zeilen[1]["einheiten"] = 8, 10  # B2 −4 × 250 €, C1 +2 × 500 €
    r = wf.berechnen(z, "einheiten", {"massnahmen": zeilen})
    erwartet = rules.pruefe(
        eingabe | {"massnahmen": zeilen}, z.antrag.foerderperiode.parameter()
    ).berechnung.zuwendung
    assert r.zulaessig and r.neu_bewilligt == erwartet == Decimal("7000.00")
    zeilen[1]["einheiten"] = 20  # 12.000 € > Höchstbetrag 10.000 €
    r = wf.berechnen(z, "einheiten", {"massnahmen": zeilen})
    assert not r.zulaessig and any(b.code == "II.summe.hoechstbetrag" for b in r.befunde)


def test_teil3_extension_unchanged_amount_and_refused_extension_keeps_everything():
    z, leute = h.teil3()
    bis = z.bewilligungszeitraum_bis + datetime.timedelta(days=90)
    a = _bis_zum_vorschlag(
        z, leute, {"bis": bis.isoformat()}, art="verlaengerung", begruendung="Verzögerung."
    )
    assert a.beantragt_neu == z.bewilligt and a.bis_beantragt == bis
    r = wf.berechnen(z, "verlaengerung", {"bis": z.bewilligungszeitraum_bis.isoformat()})
    assert [b.code for b in r.befunde] == ["aenderung.verlaengerung"]


def test_higher_grant_binds_money_at_signing_never_over_budget():
    z, leute = h.teil3()
    periode = z.antrag.foerderperiode
    periode.budget = Decimal("10500.00")
    periode.save(update_fields=["budget"])
    zeilen = [dict(m) for m in wf.rechnung.letzte_zeilen(z)["massnahmen"]]
    zeilen[0]["beantragt"] = "12000.00"
    # The Finanzierungsplan must balance (VV 1.2): more Zuwendung means less Eigenanteil.
    a = _bis_zum_vorschlag(
        z, leute, {"massnahmen": zeilen, "eigenanteil": "8000.00"}, art="kosten", begruendung="Mehr Teilnehmende."
    )
    assert a.beantragt_neu == Decimal("12000.00")
    a = wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll")
    with pytest.raises(Exception, match="Budget reicht nicht"):
        wf.zeichnen(aenderung=a, by=leute.zeichner)
    periode.refresh_from_db()
    periode.budget = Decimal("20000.00")
    periode.save(update_fields=["budget"])
    wf.zeichnen(aenderung=Aenderungsantrag.objects.get(pk=a.pk), by=leute.zeichner)
    periode.refresh_from_db()
    assert periode.gebunden == Decimal("12000.00")


TABELLE = [
    # (action, allowed start states)
    ("einreichen", {St.ENTWURF}),
    ("zurueckziehen", {St.ENTWURF, St.EINGEREICHT, St.IN_PRUEFUNG, St.ANHOERUNG}),
    ("uebernehmen", {St.EINGEREICHT}),
    ("anhoeren", {St.IN_PRUEFUNG}),
    ("vorschlagen", {St.IN_PRUEFUNG, St.ANHOERUNG}),
    ("zeichnen", {St.VORGESCHLAGEN}),
    ("zurueckgeben", {St.VORGESCHLAGEN}),
    ("verzichten", {St.BESCHIEDEN}),
]


@pytest.mark.parametrize(("aktion", "erlaubt"), TABELLE)
def test_transition_table(aktion, erlaubt):
    z, leute = h.teil1()
    wer = {"einreichen": leute.zb, "zurueckziehen": leute.zb, "verzichten": leute.zb, "zeichnen": leute.zeichner,
           "zurueckgeben": leute.zeichner}.get(aktion, leute.pruefer)  # fmt: skip
    for status in St.values:
        a = Aenderungsantrag(zuwendung=z, status=status, nummer=1, art="unbesetzt")
        ok, grund = kern.darf(wer, a, aktion)
        assert ok == (status in erlaubt), (aktion, status, grund)
    # the wrong role is refused with a reason
    a = Aenderungsantrag(zuwendung=z, status=next(iter(erlaubt)), nummer=1, art="unbesetzt")
    ok, grund = kern.darf(leute.ki, a, aktion)
    assert not ok and grund


def test_four_eyes_constraint_in_the_database():
    from django.db import IntegrityError, transaction

    z, leute = h.teil1()
    a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    a = wf.vorschlagen(aenderung=a, by=leute.pruefer2, ergebnis="voll")
    ok, grund = kern.darf(leute.pruefer2, a, "zeichnen")
    assert not ok and "zweite Person" in grund
    with pytest.raises(IntegrityError), transaction.atomic():
        Aenderungsantrag.objects.filter(pk=a.pk).update(gezeichnet_von=leute.pruefer2)


def test_one_open_change_per_grant_and_only_while_the_period_runs():
    z, leute = h.teil1()
    _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    ok, grund = wf.can_anlegen(leute.ki, z)
    assert not ok and "schon ein Änderungsantrag offen" in grund
    z2, leute2 = h.teil2(org=make_kommune("Bochum", kreisschluessel="05911"))
    z2.bewilligungszeitraum_bis = timezone.localdate() - datetime.timedelta(days=1)
    z2.bewilligungszeitraum_von = z2.bewilligungszeitraum_bis - datetime.timedelta(days=30)
    z2.save()
    ok, grund = wf.can_anlegen(leute2.ki, z2)
    assert not ok and "abgelaufen" in grund


def test_teil2_a_cut_of_the_notice_stays_after_a_shift():
    z, leute = h.teil2()
    z.bewilligt = Decimal("6250.00")  # the notice cut 750,00 €
    z.save()
    zeilen = [dict(m) for m in wf.rechnung.letzte_zeilen(z)["massnahmen"]]
    zeilen[0]["einheiten"], zeilen[1]["einheiten"] = 8, 10  # same rules amount (7.000,00 €)
    assert wf.berechnen(z, "einheiten", {"massnahmen": zeilen}).neu_bewilligt == Decimal("6250.00")
    zeilen[1]["einheiten"] = 6  # −2.000,00 € by the rules
    assert wf.berechnen(z, "einheiten", {"massnahmen": zeilen}).neu_bewilligt == Decimal("4250.00")


def test_mails_after_commit_to_the_right_side(django_capture_on_commit_callbacks):
    from komman.models import Mail

    z, leute = h.teil1()
    with django_capture_on_commit_callbacks(execute=True):
        a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    eingereicht = Mail.objects.filter(betreff__contains="eingereicht")
    assert eingereicht.exists() and all(leute.pruefer.email in m.an for m in eingereicht)
    with django_capture_on_commit_callbacks(execute=True):
        a = wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll")
        wf.zeichnen(aenderung=a, by=leute.zeichner)
    assert Mail.objects.filter(betreff__contains="zum Zeichnen").exists()
    beschieden = Mail.objects.filter(betreff__contains="Änderungsbescheid Nr. 1")
    assert beschieden.exists() and leute.zb.email in beschieden.first().an


def test_history_figures_on_a_date_and_the_notice_of_each_payout():
    from zuwendungen import aenderung_verlauf, taeglich
    from zuwendungen.models import Buchung

    assert "aenderung_bestandskraft" in taeglich.SCHRITTE
    z, leute = h.teil1()
    a = _bis_zum_vorschlag(z, leute, h.besetzt_ab(z, 4))
    a = wf.zeichnen(aenderung=wf.vorschlagen(aenderung=a, by=leute.pruefer, ergebnis="voll"), by=leute.zeichner)
    wf.abruf_erfassen(aenderung=a, by=leute.zb)
    a.refresh_from_db()
    wf.verzichten(aenderung=a, by=leute.zb, heute=a.bekanntgegeben_am)
    a.refresh_from_db()
    z.refresh_from_db()
    liste = aenderung_verlauf.fassungen(z)
    assert [(f.nummer, f.bewilligt) for f in liste] == [(0, Decimal("134000.00")), (1, Decimal("119750.00"))]
    vorher = a.bestandskraeftig_am - datetime.timedelta(days=1)
    assert aenderung_verlauf.gueltig_am(liste, vorher).nummer == 0
    assert aenderung_verlauf.gueltig_am(liste, a.bestandskraeftig_am).nummer == 1
    b = Buchung.objects.create(zuwendung=z, art="auszahlung", betrag=Decimal("1.00"), gebucht_am=vorher, wer=leute.pruefer)
    assert aenderung_verlauf.gueltig_am(liste, b.gebucht_am).titel == "Zuwendungsbescheid"
    # the LRH report is recorded on the change's file (original grant above lrh.schwelle)
    assert a.schritte.filter(intern=True, grund__contains="Landesrechnungshof").exists()
