"""Verwendungsnachweis: the issue's Part II example end to end, the transition table, four eyes,
the refund claim split by Letztempfänger, the Abschlussmitteilung."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from antraege.workflow import WorkflowError
from programmteile import rules
from tests.zuwendungen.vn_hilfen import JAHR, auszahlen, sachbericht, zahlen_teil2, zuwendung_teil2
from zuwendungen.models import Frist, Rueckforderung, Verwendungsnachweis, VnSchreiben, VnStatus
from zuwendungen.permissions_vn import UEBERGAENGE, can_vn
from zuwendungen.vn_taeglich import fristen_anlegen
from zuwendungen.workflow import vn as wf
from zuwendungen.workflow import vn_pruefung as pw
from zuwendungen.workflow.vn_pruefung import CHECKLISTE, CHECKPUNKT_TEIL2
from zuwendungen.workflow.vn_zahlen import ergebnis

V = VnStatus
ALLE_HAKEN = {k: True for k, _ in (*CHECKLISTE, CHECKPUNKT_TEIL2)}


@pytest.fixture
def zeichnung_bochum(bochum):
    from komman.models import Rolle
    from tests.factories import make_user

    return make_user("zeichnung.bochum", organisation=bochum, rolle=Rolle.ZEICHNUNGSBERECHTIGT)


@pytest.fixture
def zuwendung(bochum):
    return zuwendung_teil2(bochum)


def _eingereicht(zuwendung, ki, zb) -> Verwendungsnachweis:
    vn = wf.vn_anlegen(zuwendung=zuwendung, by=ki)
    wf.vn_speichern(vn=vn, by=ki, werte=sachbericht(), zahlen=zahlen_teil2(zuwendung))
    return wf.vn_einreichen(vn=vn, by=zb)


def test_beispiel_teil2_anerkannt_und_rueckforderung_je_letztempfaenger(
    zuwendung, ki_bochum, zeichnung_bochum, pruefung_arnsberg, zeichnung_arnsberg
):
    fristen_anlegen(zuwendung)
    vn = _eingereicht(zuwendung, ki_bochum, zeichnung_bochum)
    assert Frist.objects.get(schluessel=f"vn:{zuwendung.pk}").status == Frist.Status.ERLEDIGT
    e = ergebnis(vn)
    assert (e.anerkannt, e.erstattung) == (Decimal("6585.00"), Decimal("1115.00"))
    # Figures equal the Zuwendungsrechner called directly.
    direkt = rules.verwendungsnachweis_pauschalen(zeilen=[
        rules.Pauschalzeile("B1", Decimal("35.00"), 40, 31, "Verein Brücke e. V."),
        rules.Pauschalzeile("A2", Decimal("400.00"), 12, 10, "Caritas Bochum"),
        rules.Pauschalzeile("C2", Decimal("50.00"), 30, 36, "Verein Brücke e. V."),
    ], ausgezahlt=Decimal("7700.00"))  # fmt: skip
    assert (e.anerkannt, e.erstattung, e.je_empfaenger) == (direkt.anerkannt, direkt.erstattung, direkt.je_empfaenger)

    frage = pw.frage_stellen(vn=vn, by=pruefung_arnsberg, frage="Warum nur 31 Sprachcafé-Termine?")
    vn.refresh_from_db()
    assert vn.status == V.NACHFORDERUNG
    assert Frist.objects.get(schluessel=f"vn_frage:{frage.pk}").art == Frist.Art.VN_NACHFORDERUNG
    assert VnSchreiben.objects.filter(zuwendung=zuwendung, art=VnSchreiben.Art.NACHFORDERUNG).count() == 1
    wf.vn_antworten(frage=frage, by=ki_bochum, antwort="Neun Termine fielen wegen Krankheit aus.")
    vn.refresh_from_db()
    assert vn.status == V.PRUEFUNG

    pw.pruefvermerk_speichern(vn=vn, by=pruefung_arnsberg, haken=ALLE_HAKEN, feststellungen={}, vermerk_text="ok")
    pw.ergebnis_vorschlagen(vn=vn, by=pruefung_arnsberg)
    with pytest.raises(WorkflowError):
        pw.ergebnis_zeichnen(vn=vn, by=pruefung_arnsberg)  # four eyes (and role)
    pw.ergebnis_zeichnen(vn=vn, by=zeichnung_arnsberg)
    zuwendung.refresh_from_db()
    assert zuwendung.anerkannt == Decimal("6585.00") and zuwendung.abgeschlossen_am is None
    r = Rueckforderung.objects.get(quelle=f"vn:{vn.pk}")
    assert r.anlass == Rueckforderung.Anlass.VERWENDUNGSNACHWEIS and r.betrag == Decimal("1115.00")
    assert {a["empfaenger"]: a["betrag"] for a in r.aufteilung} == {
        "Verein Brücke e. V.": "315.00", "Caritas Bochum": "800.00",
    }  # fmt: skip


def test_anerkannt_gleich_ausgezahlt_abschlussmitteilung(
    bochum, ki_bochum, zeichnung_bochum, pruefung_arnsberg, zeichnung_arnsberg
):
    z = zuwendung_teil2(bochum, ausgezahlt=Decimal("6585.00"))
    vn = _eingereicht(z, ki_bochum, zeichnung_bochum)
    pw.pruefvermerk_speichern(vn=vn, by=pruefung_arnsberg, haken=ALLE_HAKEN, feststellungen={}, vermerk_text="")
    pw.ergebnis_vorschlagen(vn=vn, by=pruefung_arnsberg)
    pw.ergebnis_zeichnen(vn=vn, by=zeichnung_arnsberg)
    z.refresh_from_db()
    assert z.anerkannt == Decimal("6585.00") and z.abgeschlossen_am is not None
    assert not Rueckforderung.objects.filter(zuwendung=z).exists()
    brief = VnSchreiben.objects.get(zuwendung=z, art=VnSchreiben.Art.ABSCHLUSS)
    assert brief.daten["ergebnis"]["anerkannt"] == "6585.00"


def test_einreichen_mit_befunden_an_den_feldern(zuwendung, ki_bochum, zeichnung_bochum):
    vn = wf.vn_anlegen(zuwendung=zuwendung, by=ki_bochum)
    wf.vn_speichern(vn=vn, by=ki_bochum, werte={"taetigkeiten": "x"}, zahlen={})  # a draft always saves
    with pytest.raises(wf.VnFehler) as e:
        wf.vn_einreichen(vn=vn, by=zeichnung_bochum)
    assert {"ergebnisse", "beginn", "erklaerung", "kommune_bestaetigt"} <= set(e.value.felder)
    assert any(f.endswith("_erbracht") for f in e.value.felder)
    vn.refresh_from_db()
    assert vn.status == V.ENTWURF


def test_ki_darf_nicht_einreichen(zuwendung, ki_bochum):
    vn = wf.vn_anlegen(zuwendung=zuwendung, by=ki_bochum)
    wf.vn_speichern(vn=vn, by=ki_bochum, werte=sachbericht(), zahlen=zahlen_teil2(zuwendung))
    with pytest.raises(WorkflowError, match="Zeichnungsberechtigte"):
        wf.vn_einreichen(vn=vn, by=ki_bochum)


def test_fremde_kommune_kann_nicht_anlegen(zuwendung, ki_dortmund):
    with pytest.raises(WorkflowError):
        wf.vn_anlegen(zuwendung=zuwendung, by=ki_dortmund)


@pytest.mark.parametrize("aktion", sorted(UEBERGAENGE))
@pytest.mark.parametrize("status", V.values)
def test_uebergangstabelle(aktion, status, zuwendung, ki_bochum, zeichnung_bochum, pruefung_arnsberg, zeichnung_arnsberg):
    """Every (state, action): allowed exactly from the table's states for its role."""
    vn = Verwendungsnachweis.objects.create(zuwendung=zuwendung, status=status)
    von, _, rollen, _ = UEBERGAENGE[aktion]
    nutzer = {"bearbeiten": ki_bochum, "antworten": ki_bochum, "einreichen": zeichnung_bochum,
              "zurueckgeben": zeichnung_arnsberg, "zeichnen": zeichnung_arnsberg}.get(aktion, pruefung_arnsberg)  # fmt: skip
    assert can_vn(nutzer, vn, aktion)[0] == (status in von)
    andere = pruefung_arnsberg if nutzer != pruefung_arnsberg else ki_bochum
    assert can_vn(andere, vn, aktion)[0] is False or andere in (pruefung_arnsberg,) and aktion in ("pruefen",)


def test_vier_augen_constraint(zuwendung, pruefung_arnsberg):
    vn = Verwendungsnachweis.objects.create(zuwendung=zuwendung, status=V.VORGESCHLAGEN, vorgeschlagen_von=pruefung_arnsberg)
    vn.gezeichnet_von = pruefung_arnsberg
    with pytest.raises(IntegrityError), transaction.atomic():
        vn.save()


def test_vorschlag_braucht_checkliste(zuwendung, ki_bochum, zeichnung_bochum, pruefung_arnsberg):
    vn = _eingereicht(zuwendung, ki_bochum, zeichnung_bochum)
    with pytest.raises(wf.VnFehler) as e:
        pw.ergebnis_vorschlagen(vn=vn, by=pruefung_arnsberg)
    assert "checkliste" in e.value.felder


def test_stichprobe_reproduzierbar(bochum, dortmund, ki_bochum, zeichnung_bochum, pruefung_arnsberg):
    from tests.factories import make_kommune, make_periode

    periode = make_periode("II", jahr=JAHR)
    vns = []
    for i in range(12):
        z = zuwendung_teil2(make_kommune(f"Kommune {i}", kreisschluessel=f"0599{i:02d}"), periode=periode, ausgezahlt=None)
        vns.append(Verwendungsnachweis.objects.create(zuwendung=z, status=V.EINGEREICHT))
    Verwendungsnachweis.objects.create(zuwendung=zuwendung_teil2(bochum, periode=periode), status=V.ENTWURF)
    s = pw.stichprobe_ziehen(periode=periode, by=pruefung_arnsberg, seed=4711)
    assert s.prozent == 10 and len(s.gezogen) == 2  # 10 % of 12, rounded up
    assert s.kandidaten == sorted(v.pk for v in vns)
    assert s.gezogen == rules.stichprobe(s.kandidaten, prozent=10, seed=4711).gezogen
    assert set(Verwendungsnachweis.objects.filter(pruefart="vertieft").values_list("pk", flat=True)) == set(s.gezogen)
    with pytest.raises(WorkflowError):  # nobody left without a draw
        pw.stichprobe_ziehen(periode=periode, by=pruefung_arnsberg)


def test_teil3_anteil_mit_eg11_deckel(awo, traeger_awo, pruefung_arnsberg):
    from tests.factories import make_massnahme, make_periode, parameter_mit_eg11
    from zuwendungen.models import Finanzierungsart, Zuwendung

    periode = make_periode("III", jahr=JAHR, regelparameter=parameter_mit_eg11())
    from tests.factories import make_eingereichter_antrag

    antrag = make_eingereichter_antrag(periode, awo, status="bestandskraeftig", zuwendung=Decimal("30000.00"))
    m = make_massnahme(antrag, beantragt=Decimal("30000.00"), stellen=Decimal("0.50"), personalausgaben=Decimal("40000.00"),
                       sachausgaben=Decimal("4000.00"))  # fmt: skip
    import datetime

    z = Zuwendung.objects.create(antrag=antrag, bewilligt=Decimal("30000.00"), finanzierungsart=Finanzierungsart.ANTEIL,
                                 bewilligungszeitraum_von=datetime.date(JAHR, 1, 1), bewilligungszeitraum_bis=datetime.date(JAHR, 12, 31),
                                 bestandskraeftig_am=datetime.date(JAHR, 2, 1))  # fmt: skip
    auszahlen(z, Decimal("30000.00"))
    vn = Verwendungsnachweis.objects.create(zuwendung=z, zahlen={"teil3": {str(m.pk): {
        "personal": "40000.00", "honorar": "0", "sach": "4500.00", "invest": "1000.00"}}})  # fmt: skip
    p = periode.parameter()
    # EG 11 cap 0.5 × 70.000 = 35.000; Sachpauschale 0.5 × 8.800 = 4.400; investments never.
    zf = Decimal("35000.00") + Decimal("4400.00")
    erwartet = rules.anerkannt_anteil(p.teil3.foerdersatz_max, Decimal("30000.00"), zf)
    e = ergebnis(vn)
    assert e.anerkannt == erwartet == Decimal("30000.00")
    assert e.erstattung == Decimal("0.00")


def test_teil1_festbetrag_mit_unbesetzten_monaten(dortmund, pruefung_arnsberg):
    import datetime

    from tests.factories import make_eingereichter_antrag, make_periode, make_teil1
    from zuwendungen.models import Finanzierungsart, Zuwendung

    periode = make_periode("I", jahr=JAHR)
    antrag = make_eingereichter_antrag(periode, dortmund, status="bestandskraeftig", zuwendung=Decimal("100500.00"))
    make_teil1(antrag, stellen=Decimal("1.5"))
    z = Zuwendung.objects.create(antrag=antrag, bewilligt=Decimal("100500.00"), finanzierungsart=Finanzierungsart.FESTBETRAG,
                                 bewilligungszeitraum_von=datetime.date(JAHR, 1, 1), bewilligungszeitraum_bis=datetime.date(JAHR, 12, 31),
                                 bestandskraeftig_am=datetime.date(JAHR, 2, 1))  # fmt: skip
    auszahlen(z, Decimal("100500.00"))
    vn = Verwendungsnachweis.objects.create(zuwendung=z, zahlen={"teil1": {
        "stellen": [{"vze": "1", "monate": 12}, {"vze": "0.5", "monate": 9}], "personal": "90000.00", "sachmittel": "15000.00"}})  # fmt: skip
    e = ergebnis(vn)
    # 0.5 posts × 57.000 € × 3 vacant months / 12 = 7.125,00 € cut
    erwartet = rules.anerkannt_festbetrag(Decimal("100500.00"), Decimal("105000.00"),
                                          [rules.Unbesetzt(Decimal("1"), 0, Decimal("57000.00")), rules.Unbesetzt(Decimal("0.5"), 3, Decimal("57000.00"))])  # fmt: skip
    assert e.anerkannt == erwartet == Decimal("93375.00")
    assert e.erstattung == Decimal("7125.00")


def test_verspaeteter_zwischennachweis_haelt_auszahlung_nur_nach_entscheidung(zuwendung, ki_bochum, zeichnung_bochum, pruefung_arnsberg):
    import datetime

    from zuwendungen.workflow import Abrufdaten, eingabe_pruefen

    daten = Abrufdaten(auszahlung_am=datetime.date(2025, 3, 2), bedarfe=[(datetime.date(2025, 3, 20), Decimal("10.00"))])
    heute = datetime.date(2025, 3, 2)
    assert "Zwischennachweis" not in " ".join(eingabe_pruefen(zuwendung, daten, abruf=None, heute=heute).felder.get("__all__", []))
    with pytest.raises(wf.VnFehler):
        pw.auszahlung_zurueckhalten(zuwendung=zuwendung, fuer_jahr=2024, by=pruefung_arnsberg, grund=" ")
    with pytest.raises(WorkflowError):
        pw.auszahlung_zurueckhalten(zuwendung=zuwendung, fuer_jahr=2024, by=ki_bochum, grund="fehlt")
    zn = pw.auszahlung_zurueckhalten(zuwendung=zuwendung, fuer_jahr=2024, by=pruefung_arnsberg, grund="Seit drei Monaten überfällig.")
    assert "Seit drei Monaten überfällig." in " ".join(eingabe_pruefen(zuwendung, daten, abruf=None, heute=heute).felder["__all__"])
    wf.vn_speichern(vn=zn, by=ki_bochum, werte=sachbericht(), zahlen=zahlen_teil2(zuwendung))
    wf.vn_einreichen(vn=zn, by=zeichnung_bochum)
    assert "Zwischennachweis" not in " ".join(eingabe_pruefen(zuwendung, daten, abruf=None, heute=heute).felder.get("__all__", []))
