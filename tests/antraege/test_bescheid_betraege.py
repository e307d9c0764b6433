"""The Zuwendungsbescheid and the rules agree to the cent (issue 15 "One home for money").

For each part and parameter set the figures of the notice (lines, eligible costs, total) are
compared with what ``rules.pruefe`` computes for the same Antrag; a Bewilligung that needs a
parameter the period lacks is refused, with the parameter named in words.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from antraege import bescheide, workflow
from antraege.bescheide import werte
from antraege.models import Antrag, AntragTeil1, Dokument, Pruefvermerk, Schreiben
from antraege.regeln import regel_eingabe
from antraege.workflow import WorkflowError
from programmteile import rules
from tests.antraege.test_bescheide import antrag_fuer, text_of
from tests.factories import (
    JAHR,
    make_massnahme,
    make_periode,
    make_position,
    make_schreiben,
    make_statuswechsel,
    make_zuweisung,
)

S = Antrag.Status
Art = Dokument.Art
D = Decimal


def parameter(**werte_) -> dict:
    """The shipped defaults with some keys replaced ("III_personal_eg11_s5" -> "III.personal_eg11_s5")."""
    return {**rules.standardwerte(), **{k.replace("_", ".", 1): v for k, v in werte_.items()}}


def notiz(antrag: Antrag, zeichner, betrag=None) -> Dokument:
    """The Zuwendungsbescheid of a signed decision (snapshot only; rendered where a test reads the PDF)."""
    wechsel = make_statuswechsel(antrag, nach=S.BEWILLIGT, wer=zeichner, betrag=betrag)
    return bescheide.anlegen(statuswechsel=wechsel, art=Art.ZUWENDUNGSBESCHEID, by=zeichner)


def pdf_text(dok: Dokument) -> str:
    assert bescheide.rendern(dokument_id=dok.pk)
    return text_of(bytes(Dokument.objects.get(pk=dok.pk).pdf))


def regeln(antrag: Antrag) -> rules.Berechnung:
    """What the rules compute for the stored Antrag, independently of the notice."""
    return rules.pruefe(regel_eingabe(antrag), antrag.foerderperiode.parameter()).berechnung


def zeilenbetraege(dok: Dokument) -> list[Decimal]:
    return [D(z["bewilligt"]) for z in dok.daten["bewilligung"]["tabelle"]["zeilen"]]


# --- Part I ---


@pytest.mark.parametrize(
    "werte, personal, sach",
    [
        ({}, D("85500.00"), D("15000.00")),  # the shipped figures
        ({"I_festbetrag_stelle": "50000.00"}, D("75000.00"), D("15000.00")),  # an older period's Festbetrag
        ({"I_sachmittel.1.5": "12000.00"}, D("85500.00"), D("12000.00")),
        # 1,5 × 1.000,03 € = 1.500,045 €: half up to 1.500,05 € (half even would give 1.500,04 €)
        ({"I_festbetrag_stelle": "1000.03"}, D("1500.05"), D("15000.00")),
    ],
)
def test_part_i_notice_equals_the_rules(dortmund, zeichnung_arnsberg, werte, personal, sach):
    periode = make_periode("I", regelparameter=parameter(**werte))
    make_zuweisung(periode, dortmund, stellen=D("1.5"))
    antrag = antrag_fuer(periode, dortmund, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    AntragTeil1.objects.filter(antrag=antrag).update(
        stellen=D("1.5"), personalausgaben=D("85500.00"), sachmittel=D("15000.00")
    )
    dok = notiz(antrag, zeichnung_arnsberg)
    b, berechnung = dok.daten["bewilligung"], regeln(antrag)

    assert zeilenbetraege(dok) == [p.betrag for p in berechnung.posten] == [personal, sach]
    assert D(b["zuwendung"]) == berechnung.zuwendung == personal + sach
    assert D(b["zuwendungsfaehig"]) == berechnung.zuwendungsfaehige_ausgaben
    if not werte:  # one PDF per part: the printed figures are the snapshot's
        text = pdf_text(dok)
        assert "1,5 Stellen × 57.000,00 € je Vollzeitstelle" in text
        assert "85.500,00 €" in text and "15.000,00 €" in text and "100.500,00 €" in text


# --- Part II ---


@pytest.mark.parametrize(
    "werte, a2, b2",
    [
        ({}, D("4800.00"), D("1000.00")),  # A2 cut to 12 months × 400 €, B2 4 × 250 €
        ({"II_pauschale.B2": "300.00"}, D("4800.00"), D("1200.00")),
        ({"II_A2.max_monate": 10}, D("4000.00"), D("1000.00")),
        ({"II_A.raumnutzung_min": 50}, D("0.00"), D("1000.00")),  # room used 40 %: no A line
    ],
)
def test_part_ii_notice_equals_the_rules(bochum, zeichnung_arnsberg, werte, a2, b2):
    periode = make_periode("II", regelparameter=parameter(**werte))
    make_zuweisung(periode, bochum, hoechstbetrag=D("100000.00"))
    antrag = antrag_fuer(periode, bochum, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    p = periode.parameter().teil2.pauschalen
    make_position(antrag, nr=1, pauschale="A2", einheiten=14, raumnutzung_prozent=40, betrag=14 * p["A2"])
    make_position(antrag, nr=2, pauschale="B2", einheiten=4, betrag=4 * p["B2"])
    dok = notiz(antrag, zeichnung_arnsberg)
    b, berechnung = dok.daten["bewilligung"], regeln(antrag)

    assert zeilenbetraege(dok) == [x.betrag for x in berechnung.posten] == [a2, b2]
    assert D(b["zuwendung"]) == berechnung.zuwendung == a2 + b2
    if not werte:
        text = pdf_text(dok)
        assert "12 × 400,00 €" in text and "4 × 250,00 €" in text
        assert "4.800,00 €" in text and "5.800,00 €" in text
        # the rule's reason for the cut (per Ankommenstreffpunkt, issue 17)
        assert (
            "Je Ankommenstreffpunkt werden höchstens 12 Monate laufende Kosten im Bewilligungszeitraum "
            "gefördert; für diese Zeile verbleiben 12 × 400,00 €." in text
        )


def test_part_ii_preview_over_the_hoechstbetrag_is_cut_like_the_rules(bochum, zeichnung_arnsberg):
    periode = make_periode("II")
    make_zuweisung(periode, bochum, hoechstbetrag=D("2000.00"))
    antrag = antrag_fuer(periode, bochum, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    make_position(antrag, nr=1, pauschale="B2", einheiten=10)  # 2.500 €
    dok = notiz(antrag, zeichnung_arnsberg)
    berechnung = regeln(antrag)
    assert zeilenbetraege(dok) == [x.betrag for x in berechnung.posten] == [D("2500.00"), D("-500.00")]
    assert D(dok.daten["bewilligung"]["zuwendung"]) == berechnung.zuwendung == D("2000.00")


# --- Part III ---

MASSNAHME = {
    "titel": "Nachbarschaftsdialoge",
    "stellen": D("1.00"),
    "personalausgaben": D("70000.00"),
    "honorarausgaben": D("5000.00"),
    "sachausgaben": D("9000.00"),
    "beantragt": D("70000.00"),
}


@pytest.mark.parametrize(
    "werte, zf, zuwendung",
    [
        # EG 11 and Sachausgabenpauschale set: 60.000 + 5.000 + 8.800 = 73.800; 90 % = 66.420
        ({"III_personal_eg11_s5": "60000.00"}, D("73800.00"), D("66420.00")),
        # EG 11 set, Sachausgabenpauschale missing: 60.000 + 5.000 + 9.000 = 74.000; 90 % = 66.600
        ({"III_personal_eg11_s5": "60000.00", "III_sachpauschale": None}, D("74000.00"), D("66600.00")),
        # EG 11 missing (the shipped default), Sachausgabenpauschale set: 83.800; 90 % > beantragt
        ({}, D("83800.00"), D("70000.00")),
        # both missing: 84.000
        ({"III_sachpauschale": None}, D("84000.00"), D("70000.00")),
        # Fördersatz 85 % with EG 11: 73.800 × 0,85 = 62.730
        ({"III_personal_eg11_s5": "60000.00", "III_foerdersatz_max": "0.85"}, D("73800.00"), D("62730.00")),
    ],
)
def test_part_iii_notice_equals_the_rules(awo, zeichnung_arnsberg, werte, zf, zuwendung):
    periode = make_periode("III", regelparameter=parameter(**werte))
    antrag = antrag_fuer(periode, awo, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    make_massnahme(antrag, **MASSNAHME)
    dok = notiz(antrag, zeichnung_arnsberg)
    b, berechnung = dok.daten["bewilligung"], regeln(antrag)

    assert zeilenbetraege(dok) == [p.betrag for p in berechnung.posten] == [zuwendung]
    assert D(b["zuwendungsfaehig"]) == berechnung.zuwendungsfaehige_ausgaben == zf
    assert D(b["tabelle"]["zeilen"][0]["zuwendungsfaehig"]) == zf
    assert D(b["zuwendung"]) == berechnung.zuwendung == zuwendung


def test_part_iii_notice_applies_the_eg11_cap(awo, zeichnung_arnsberg):
    """The case of issue 15: EG 11 set, the notice printed "90 % von 78.000,00 €", the rules 61.200 €."""
    periode = make_periode("III", regelparameter=parameter(III_personal_eg11_s5="60000.00"))
    antrag = antrag_fuer(periode, awo, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    make_massnahme(antrag, **{**MASSNAHME, "sachausgaben": D("3000.00")})
    dok = notiz(antrag, zeichnung_arnsberg)
    assert regeln(antrag).zuwendung == D("61200.00")
    text = pdf_text(dok)
    assert "90 % von 68.000,00 € zuwendungsfähigen Ausgaben" in text and "90 % von 78.000,00" not in text
    assert "61.200,00 €" in text and "einundsechzigtausendzweihundert Euro" in text
    assert "Zuwendungsfähig sind höchstens 90 % von 68.000,00 €, also 61.200,00 €." in text


def test_part_iii_90_percent_rounds_down(awo, zeichnung_arnsberg):
    """90 % of 0,05 € is 0,045 €: höchstens 0,04 €, not 0,05 € (DOMAIN.md §4a)."""
    periode = make_periode("III", regelparameter=parameter(III_personal_eg11_s5="60000.00"))
    antrag = antrag_fuer(periode, awo, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    make_massnahme(
        antrag, stellen=D("0"), personalausgaben=D("0.00"), honorarausgaben=D("0.05"), beantragt=D("0.05")
    )
    dok = notiz(antrag, zeichnung_arnsberg)
    assert zeilenbetraege(dok) == [regeln(antrag).zuwendung] == [D("0.04")]


def test_snapshot_amounts_round_half_up():
    assert werte.betrag(D("0.125")) == "0.13"  # half even would give 0.12
    assert werte.betrag(D("2.675")) == "2.68"
    assert werte.betrag(None) is None


def test_notice_reads_only_the_parameter_set(awo, zeichnung_arnsberg):
    """LRH threshold, two-month rule and VN deadline come from the period, not from literals."""
    periode = make_periode(
        "III",
        regelparameter=parameter(
            III_personal_eg11_s5="60000.00",
            **{"lrh_schwelle": "20000.00", "auszahlung_bedarf_monate": 3, "frist_vn_monate": 4},
        ),
    )
    antrag = antrag_fuer(periode, awo, status=S.BEWILLIGUNG_VORGESCHLAGEN)
    make_massnahme(antrag, beantragt=D("25000.00"), personalausgaben=D("40000.00"))
    b = notiz(antrag, zeichnung_arnsberg).daten["bewilligung"]
    assert b["lrh_kopie"] is True and b["lrh_schwelle"] == "20000.00"
    assert b["bedarf_monate"] == 3 and b["vn_monate"] == 4 and b["vn_faellig"] == f"{JAHR + 1}-04-30"
    assert b["foerdersatz"] == "0.90"


# --- A missing parameter blocks the Bewilligung ---


def _vorschlagsreif(periode, organisation, pruefer, *, status=S.INHALTLICHE_PRUEFUNG, **fields) -> Antrag:
    from tests.factories import make_eingereichter_antrag

    antrag = make_eingereichter_antrag(periode, organisation, status=status, **fields)
    Pruefvermerk.objects.create(
        antrag=antrag, vollstaendig=True, unterschrieben=True, antragsberechtigt=True, nicht_begonnen=True
    )
    return antrag


FEHLENDE = [
    ("III", {"III_personal_eg11_s5": None}, "„Personalausgaben-Obergrenze EG 11 Stufe 5“"),
    ("III", {"III_foerdersatz_max": None}, "„Fördersatz (Anteilfinanzierung)“"),
    ("III", {"III_sachpauschale": None}, "„Sachausgabenpauschale je Vollzeitstelle“"),
    ("I", {"I_festbetrag_stelle": None}, "„Festbetrag je Vollzeitstelle“"),
    ("I", {"I_sachmittel.1": None}, "„Sachmittel-Höchstbetrag der Stellenstufe 1“"),
    ("II", {"II_pauschale.B2": None}, "„Pauschale B2 (Gruppenmaßnahme)“"),
    ("I", {"lrh_schwelle": None}, "„Schwelle für die Ausfertigung an den Landesrechnungshof“"),
]


def _antrag_mit_zeilen(teil, werte, dortmund, awo, pruefer, **fields):
    eg11 = {} if teil != "III" or "III_personal_eg11_s5" in werte else {"III_personal_eg11_s5": "60000.00"}
    periode = make_periode(teil, regelparameter=parameter(**{**eg11, **werte}))
    if teil == "I":
        make_zuweisung(periode, dortmund, stellen=D("1"))
        antrag = _vorschlagsreif(periode, dortmund, pruefer, beantragt=D("67000.00"), **fields)
        AntragTeil1.objects.update_or_create(
            antrag=antrag,
            defaults={"stellen": D("1"), "personalausgaben": D("57000.00"), "sachmittel": D("10000.00")},
        )
        zeilen = {"personal": (D("57000.00"), ""), "sachmittel": (D("10000.00"), "")}
    elif teil == "II":
        make_zuweisung(periode, dortmund, hoechstbetrag=D("10000.00"))
        antrag = _vorschlagsreif(periode, dortmund, pruefer, beantragt=D("1000.00"), **fields)
        pos = make_position(antrag, pauschale="B2", einheiten=4, betrag=D("1000.00"))
        zeilen = {f"position-{pos.pk}": (D("1000.00"), "")}
    else:
        antrag = _vorschlagsreif(periode, awo, pruefer, beantragt=D("10000.00"), **fields)
        m = make_massnahme(antrag, beantragt=D("10000.00"))
        zeilen = {f"massnahme-{m.pk}": (D("10000.00"), "")}
    return antrag, zeilen


@pytest.mark.parametrize("teil, werte, name", FEHLENDE)
def test_missing_parameter_blocks_the_proposal(dortmund, awo, pruefung_arnsberg, teil, werte, name):
    antrag, zeilen = _antrag_mit_zeilen(teil, werte, dortmund, awo, pruefung_arnsberg)
    with pytest.raises(WorkflowError) as fehler:
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)
    meldung = str(fehler.value)
    assert name in meldung and "Administration (Verwaltung → Förderperioden → Regelparameter)" in meldung
    for schluessel in [*rules.PARAMETER, rules.SACHMITTEL_PRAEFIX, rules.PAUSCHALE_PRAEFIX]:
        assert schluessel not in meldung  # never a parameter key
    antrag.refresh_from_db()
    assert antrag.status == S.INHALTLICHE_PRUEFUNG


@pytest.mark.parametrize("teil, werte, name", FEHLENDE)
def test_missing_parameter_blocks_the_signature(
    dortmund, awo, pruefung_arnsberg, zeichnung_arnsberg, teil, werte, name
):
    antrag, _ = _antrag_mit_zeilen(
        teil,
        werte,
        dortmund,
        awo,
        pruefung_arnsberg,
        status=S.BEWILLIGUNG_VORGESCHLAGEN,
        vorgeschlagen_von=pruefung_arnsberg,
    )
    Antrag.objects.filter(pk=antrag.pk).update(zuwendung=antrag.beantragt)
    antrag.refresh_from_db()
    with pytest.raises(WorkflowError, match=re.escape(name)):
        workflow.approve(antrag=antrag, by=zeichnung_arnsberg)
    antrag.refresh_from_db()
    assert antrag.status == S.BEWILLIGUNG_VORGESCHLAGEN and not antrag.dokumente.exists()
    assert antrag.foerderperiode.gebunden == D("0.00")


def test_unused_pauschale_does_not_block(dortmund, awo, pruefung_arnsberg):
    antrag, zeilen = _antrag_mit_zeilen("II", {"II_pauschale.A1": None}, dortmund, awo, pruefung_arnsberg)
    workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)
    assert Antrag.objects.get(pk=antrag.pk).status == S.BEWILLIGUNG_VORGESCHLAGEN


def test_part_iii_decision_through_the_workflow_matches_the_rules(
    awo, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks
):
    """EG 11 maintained after submission: the reviewer cannot grant above the rules' 61.200 €,
    and the signed notice prints the rules' figures."""
    periode = make_periode("III", regelparameter=parameter(III_personal_eg11_s5="60000.00"))
    antrag = _vorschlagsreif(periode, awo, pruefung_arnsberg, status=S.ANHOERUNG, beantragt=D("70000.00"))
    m = make_massnahme(antrag, **{**MASSNAHME, "sachausgaben": D("3000.00")})
    make_schreiben(
        antrag, art=Schreiben.Art.ANHOERUNG, von=pruefung_arnsberg, beabsichtigter_betrag="61200.00"
    )
    zuviel = {f"massnahme-{m.pk}": (D("70000.00"), "")}
    with pytest.raises(WorkflowError, match="höchstens 61.200,00 €"):
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zuviel)
    zeilen = {f"massnahme-{m.pk}": (D("61200.00"), "EG 11 Stufe 5 begrenzt die Personalausgaben.")}
    workflow.propose_approval(
        antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen, begruendung="Obergrenze EG 11."
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(antrag=Antrag.objects.get(pk=antrag.pk), by=zeichnung_arnsberg)
    dok = Dokument.objects.get(antrag=antrag, art=Art.ZUWENDUNGSBESCHEID)
    b = dok.daten["bewilligung"]
    assert D(b["zuwendung"]) == regeln(antrag).zuwendung == D("61200.00")
    assert D(b["zuwendungsfaehig"]) == D("68000.00") and b["teilbewilligung"] is True
    text = text_of(bytes(dok.pdf))
    assert "90 % von 68.000,00 €" in text and "EG 11 Stufe 5 begrenzt die Personalausgaben." in text
