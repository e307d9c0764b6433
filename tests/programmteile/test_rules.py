"""The KOMM-AN rules: one table row per Befund code, the parameters, the tier proposal, hypothesis.

Pure Python: no database, no Django settings needed; the whole file runs in well under a second.
"""

import dataclasses
import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from komman.formate import datum, euro, in_worten, prozent, zahl
from programmteile import rules

P = rules.Regelparameter.standard()
HEUTE = date(2026, 1, 15)
REPO = Path(__file__).resolve().parents[2]


def parameter(aenderungen: dict) -> rules.Regelparameter:
    """The shipped defaults with some keys changed, e.g. {"I.festbetrag_stelle": "50000.00"}."""
    return rules.Regelparameter.aus_dict(rules.standardwerte() | aenderungen)


def pruefe(antrag: dict, p: rules.Regelparameter = P) -> rules.Ergebnis:
    return rules.pruefe(antrag, p, heute=HEUTE)


def teil1(**felder) -> dict:
    return {
        "programmteil": "I",
        "foerderjahr": 2026,
        "stellen_zuweisung": "1.5",
        "stellen": "1.5",
        "personalausgaben": "85500.00",
        "sachmittel": "15000.00",
    } | felder


def massnahme_ii(**felder) -> dict:
    return {
        "baustein": "B",
        "pauschale": "B2",
        "einheiten": 4,
        "empfaenger": "Verein Beispiel e. V.",
        "empfaenger_rechtsform": "verein",
        "empfaenger_anschrift": "Beispielweg 1, 44135 Dortmund",
        "bezeichnung": "Sprachcafé",
    } | felder


def treffpunkt(**felder) -> dict:
    return (
        massnahme_ii(
            baustein="A", pauschale="A1", einheiten=2, raumnutzung_prozent=40, geplante_kosten="2500.00"
        )
        | felder
    )


def teil2(*massnahmen: dict, **felder) -> dict:
    return {
        "programmteil": "II",
        "foerderjahr": 2026,
        "hoechstbetrag": "57100.00",
        "massnahmen": list(massnahmen) or [massnahme_ii()],
    } | felder


def massnahme_iii(**felder) -> dict:
    return {
        "titel": "Stadtteilarbeit",
        "handlungsfeld": "zusammenleben",
        "stellen": "1.0",
        "personalausgaben": "70000.00",
        "honorarausgaben": "5000.00",
        "sachausgaben": "3000.00",
        "investitionsausgaben": "0.00",
        "beantragt": "70000.00",
    } | felder


def teil3(*massnahmen: dict, **felder) -> dict:
    return {
        "programmteil": "III",
        "foerderjahr": 2026,
        "massnahmen": list(massnahmen) or [massnahme_iii()],
    } | felder


def mit_code(ergebnis: rules.Ergebnis, code: str) -> list[rules.Befund]:
    return [b for b in ergebnis.befunde if b.code == code]


def fehler_codes(ergebnis: rules.Ergebnis) -> set[str]:
    return {b.code for b in ergebnis.befunde if b.schwere == "fehler"}


# ---------------------------------------------------------------------------------------------
# One row per Befund code: exactly at the limit passes, one cent or one unit beyond fails
# ---------------------------------------------------------------------------------------------

EG11 = parameter({"III.personal_eg11_s5": "72345.67"})
BAGATELL = parameter({"III.mindestbetrag": "1000.00"})
HALBE_STELLE = {
    "stellen": "0.5",
    "personalausgaben": "35000.00",
    "sachausgaben": "4400.00",
    "beantragt": "30000.00",
}
EG11_HALBE = HALBE_STELLE | {"personalausgaben": "36172.84"}  # 0,5 × 72.345,67 = 36.172,835 -> 36.172,84


@dataclass
class Fall:
    code: str
    feld: str
    grenze: dict  # exactly at the limit: no Befund with this code, no fehler at all
    verstoss: dict  # one cent or one unit beyond: exactly one Befund with this code, at feld
    meldung: str
    p: rules.Regelparameter = P
    auch: set = field(default_factory=set)  # fehler codes that follow from the same input


FAELLE = [
    Fall(
        "I.stellen.stufe",
        "stellen",
        teil1(stellen="1.5"),
        teil1(stellen="1.4", personalausgaben="79800.00"),
        "1,4 Stellen sind keine zulässige Stellenstufe. Zulässig sind 1, 1,5 oder 2 Stellen.",
    ),
    Fall(
        "I.stellen.zuweisung",
        "stellen",
        teil1(stellen="1.5", stellen_zuweisung="1.5"),
        teil1(stellen="2", stellen_zuweisung="1.5"),
        "Beantragt sind 2 Stellen, zugewiesen sind der Kommune für 2026 1,5 Stellen. "
        "Es können höchstens 1,5 Stellen beantragt werden.",
    ),
    Fall(
        "I.personal.hoechstbetrag",
        "personalausgaben",
        teil1(personalausgaben="85500.00"),
        teil1(personalausgaben="85500.01"),
        "Die Personalausgaben (85.500,01 €) übersteigen den Festbetrag. Für 1,5 Stellen sind höchstens "
        "85.500,00 € zuwendungsfähig (57.000,00 € je Vollzeitstelle).",
    ),
    Fall(
        "I.sachmittel.hoechstbetrag",
        "sachmittel",
        teil1(sachmittel="15000.00"),
        teil1(sachmittel="15000.01"),
        "Die Sachmittel (15.000,01 €) übersteigen den Höchstbetrag. Für 1,5 Stellen sind höchstens "
        "15.000,00 € Sachmittel zuwendungsfähig.",
    ),
    Fall(
        "II.pauschale.unbekannt",
        "massnahmen.0.pauschale",
        teil2(massnahme_ii(pauschale="B1")),
        teil2(massnahme_ii(pauschale="C1")),
        "Die Pauschale „C1“ gibt es im Baustein B nicht. Zulässig sind: B1, B2.",
    ),
    Fall(
        "II.einheiten.ungueltig",
        "massnahmen.0.einheiten",
        teil2(massnahme_ii(einheiten=1)),
        teil2(massnahme_ii(einheiten=0)),
        "Die Anzahl „0“ für B2 ist ungültig. Zulässig ist eine ganze Zahl ab 1.",
    ),
    Fall(
        "II.A1.raeume",
        "massnahmen.0.einheiten",
        teil2(treffpunkt(einheiten=2)),
        teil2(treffpunkt(einheiten=3)),
        "Für A1 sind 3 Räume angegeben. Je Ankommenstreffpunkt werden höchstens 2 Räume mit je 1.000,00 € "
        "gefördert.",
    ),
    Fall(
        "II.A1.kosten",
        "massnahmen.0.geplante_kosten",
        teil2(treffpunkt(geplante_kosten="2000.01")),
        teil2(treffpunkt(geplante_kosten="2000.00")),
        "Die geplanten Kosten für Renovierung/Ausstattung (2.000,00 €) liegen nicht über 2.000,00 € "
        "(2 Räume × 1.000,00 €). Die Pauschale A1 setzt geplante Kosten von mehr als 1.000,00 € je Raum voraus.",
    ),
    Fall(
        "II.A2.monate",
        "massnahmen.0.einheiten",
        teil2(treffpunkt(pauschale="A2", einheiten=12)),
        teil2(treffpunkt(pauschale="A2", einheiten=13)),
        "Für A2 sind 13 Monate angegeben. Laufende Kosten werden für höchstens 12 Monate im Förderjahr "
        "mit je 400,00 € gefördert.",
    ),
    Fall(
        "II.A.raumnutzung",
        "massnahmen.0.raumnutzung_prozent",
        teil2(treffpunkt(raumnutzung_prozent=33)),
        teil2(treffpunkt(raumnutzung_prozent=32)),
        "Der Raum wird zu 32 % der Nutzungszeit als Ankommenstreffpunkt genutzt. Gefördert wird nur bei "
        "mindestens 33 % (einem Drittel), nachgewiesen durch einen Belegungsplan.",
    ),
    Fall(
        "II.empfaenger.fehlt",
        "massnahmen.0.empfaenger",
        teil2(massnahme_ii(empfaenger="V")),
        teil2(massnahme_ii(empfaenger="  ", empfaenger_rechtsform="", empfaenger_anschrift="")),
        "Für die Maßnahme „Sprachcafé“ ist kein Letztempfänger angegeben. Jede Maßnahme braucht einen "
        "Letztempfänger mit Name, Rechtsform und Anschrift.",
    ),
    Fall(
        "II.empfaenger.rechtsform",
        "massnahmen.0.empfaenger_rechtsform",
        teil2(massnahme_ii(empfaenger_rechtsform="kreisangehoerige_gemeinde")),
        teil2(massnahme_ii(empfaenger_rechtsform="GmbH")),
        "„GmbH“ kann nicht Letztempfänger der Maßnahme „Sprachcafé“ sein. Weitergeleitet werden darf nur an: "
        "Eingetragener Verein, auch Sport- oder Kulturverein; Initiative oder nicht eingetragener Verein; "
        "Migrantenselbstorganisation; Verband der Freien Wohlfahrtspflege oder seine Gliederung; Kirchen- oder "
        "Moscheegemeinde; Kreisangehörige Stadt oder Gemeinde; Die antragstellende Kommune selbst.",
    ),
    Fall(
        "II.summe.hoechstbetrag",
        "",
        teil2(massnahme_ii(pauschale="B1", einheiten=40), hoechstbetrag="1400.00"),
        teil2(massnahme_ii(pauschale="B1", einheiten=40), hoechstbetrag="1399.99"),
        "Die Summe der Pauschalen (1.400,00 €) übersteigt den Höchstbetrag der Kommune für 2026. "
        "Zulässig sind höchstens 1.399,99 €.",
    ),
    Fall(
        "III.handlungsfeld.unbekannt",
        "massnahmen.0.handlungsfeld",
        teil3(massnahme_iii(handlungsfeld="antidiskriminierung")),
        teil3(massnahme_iii(handlungsfeld="integration")),
        "„integration“ ist kein Handlungsfeld von Programmteil III. Zulässig sind „Friedliches Zusammenleben "
        "in den Stadtteilen“ und „Prävention und Bekämpfung von Antisemitismus, Rassismus, Islamfeindlichkeit "
        "und Diskriminierung“.",
    ),
    Fall(
        "III.investition",
        "massnahmen.0.investitionsausgaben",
        teil3(massnahme_iii(investitionsausgaben="0.00")),
        teil3(massnahme_iii(investitionsausgaben="0.01")),
        "Es sind Investitionsausgaben (0,01 €) angegeben. In Programmteil III sind nur Personal-, Honorar- "
        "und Sachausgaben zuwendungsfähig, Investitionen nicht.",
    ),
    Fall(
        "III.personal.hoechstbetrag",
        "massnahmen.0.personalausgaben",
        teil3(massnahme_iii(**EG11_HALBE)),
        teil3(massnahme_iii(**EG11_HALBE | {"personalausgaben": "36172.85"})),
        "Die Personalausgaben für „Stadtteilarbeit“ (36.172,85 €) übersteigen die Obergrenze. Zuwendungsfähig "
        "sind höchstens 36.172,84 € (0,5 Vollzeitstellen × 72.345,67 € nach TV-L EG 11 Stufe 5).",
        p=EG11,
    ),
    Fall(
        "III.sachpauschale",
        "massnahmen.0.sachausgaben",
        teil3(massnahme_iii(**HALBE_STELLE)),
        teil3(massnahme_iii(**HALBE_STELLE | {"sachausgaben": "4400.01"})),
        "Die Sachausgabenpauschale (4.400,01 €) ist zu hoch. Für 0,5 Vollzeitstellen sind höchstens "
        "4.400,00 € zuwendungsfähig (8.800,00 € je Vollzeitstelle und Jahr).",
    ),
    Fall(
        "III.anteil.hoechstsatz",
        "massnahmen.0.beantragt",
        teil3(massnahme_iii(beantragt="70200.00")),  # 90 % of 70.000 + 5.000 + 3.000
        teil3(massnahme_iii(beantragt="70200.01")),
        "Die beantragte Zuwendung (70.200,01 €) entspricht 90,01 % der zuwendungsfähigen Ausgaben. "
        "Zulässig sind höchstens 90 %, also 70.200,00 €.",
    ),
    Fall(
        "III.mindestbetrag",
        "massnahmen.0.beantragt",
        teil3(massnahme_iii(beantragt="5000.00")),
        teil3(massnahme_iii(beantragt="4999.99")),
        "Die Zuwendung für „Stadtteilarbeit“ beträgt 4.999,99 €. Je Maßnahme beträgt die Zuwendung "
        "mindestens 5.000,00 €.",
    ),
    # Finanzierungsplan (issue 17, VV 1.2): 78.000 € costs, 90 % of them 70.200 €
    Fall(
        "III.finanzierungsplan.fehlbetrag",
        "eigenanteil",
        teil3(eigenanteil="8000.00", drittmittel="0.00"),
        teil3(eigenanteil="7999.99", drittmittel="0.00"),
        "Der Finanzierungsplan ist nicht ausgeglichen: Den Gesamtausgaben von 78.000,00 € stehen Zuwendung "
        "70.000,00 € + Eigenanteil 7.999,99 € + Drittmittel 0,00 € = 77.999,99 € gegenüber; es fehlen 0,01 €.",
    ),
    Fall(
        "III.finanzierungsplan.doppelt",
        "drittmittel",
        teil3(eigenanteil="8000.00", drittmittel="0.00"),
        teil3(eigenanteil="8000.00", drittmittel="0.01"),
        "Der Finanzierungsplan übersteigt die Gesamtausgaben von 78.000,00 €: Zuwendung 70.000,00 € + "
        "Eigenanteil 8.000,00 € + Drittmittel 0,01 € = 78.000,01 €. 0,01 € wären doppelt finanziert; keine "
        "Ausgabe darf aus mehreren Quellen gefördert werden.",
    ),
    Fall(
        "III.eigenanteil",
        "eigenanteil",
        teil3(massnahme_iii(beantragt="70200.00"), eigenanteil="7800.00", drittmittel="0.00"),
        teil3(massnahme_iii(beantragt="70200.00"), eigenanteil="7799.99", drittmittel="0.00"),
        "Bei einem Fördersatz von höchstens 90 % tragen Eigenanteil und Drittmittel mindestens 7.800,00 € der "
        "zuwendungsfähigen Ausgaben (78.000,00 €); angegeben sind 7.799,99 €.",
        # with a balanced plan and the Zuwendung within 90 % the own share always suffices
        auch={"III.finanzierungsplan.fehlbetrag"},
    ),
    Fall(
        "zuwendung.bagatellgrenze",
        "",
        teil3(massnahme_iii(beantragt="2000.01")),
        teil3(massnahme_iii(beantragt="2000.00")),
        "Die Zuwendung (2.000,00 €) liegt nicht über der Bagatellgrenze. Zuwendungen an nichtkommunale "
        "Empfänger sollen 2.000,00 € übersteigen.",
        p=BAGATELL,
    ),
    Fall(
        "frist.versaeumt",
        "",
        teil1(antragsfrist="2026-02-28", eingang="2026-02-28"),
        teil1(antragsfrist="2026-02-28", eingang="2026-03-01"),
        "Der Antrag wird nach Ablauf der Antragsfrist eingereicht. Fristgerecht ist eine Einreichung bis "
        "28.02.2026; über verspätete Anträge entscheidet die Bewilligungsbehörde.",
    ),
    Fall(
        "beginn.vorzeitig",
        "massnahmebeginn",
        # compared with the day of the Bewilligung (issue 17), not with the Eingang
        teil2(eingang="2026-01-10", bewilligung_am="2026-02-01", massnahmebeginn="2026-02-01"),
        teil2(eingang="2026-01-10", bewilligung_am="2026-02-01", massnahmebeginn="2026-01-31"),
        "Die Maßnahme beginnt am 31.01.2026 und damit vor der Bewilligung am 01.02.2026. Gefördert werden nur "
        "Maßnahmen, die noch nicht begonnen haben, außer bei einem von der Bewilligungsbehörde zugelassenen "
        "vorzeitigen Maßnahmebeginn oder unveränderter Fortführung einer im Vorjahr geförderten ganzjährigen "
        "Maßnahme.",
    ),
    Fall(
        "bescheid.lrh_kopie",
        "",
        teil1(stellen_zuweisung="1", stellen="1", personalausgaben="40000.00", sachmittel="10000.00"),
        teil1(stellen_zuweisung="1", stellen="1", personalausgaben="40000.01", sachmittel="10000.00"),
        "Die Zuwendung (50.000,01 €) übersteigt 50.000,00 €. Eine Ausfertigung des Bescheids ist dem "
        "Landesrechnungshof zu übersenden.",
    ),
]


def test_every_code_has_a_table_row():
    ohne_zeile = set(rules.CODES_PRUEFUNG) - {f.code for f in FAELLE}
    assert ohne_zeile == {"eingabe.ungueltig", "betrag.ungueltig", "parameter.fehlt"}  # tables of their own


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.code)
def test_exactly_at_the_limit_passes(fall):
    ergebnis = pruefe(fall.grenze, fall.p)
    assert mit_code(ergebnis, fall.code) == []
    assert ergebnis.zulaessig, ergebnis.befunde


@pytest.mark.parametrize("fall", FAELLE, ids=lambda f: f.code)
def test_one_beyond_the_limit_gives_the_code_at_the_field(fall):
    ergebnis = pruefe(fall.verstoss, fall.p)
    befunde = mit_code(ergebnis, fall.code)
    assert [(b.feld, b.meldung) for b in befunde] == [(fall.feld, fall.meldung)]
    assert befunde[0].schwere == rules.CODES[fall.code][0]
    assert befunde[0].quelle == rules.CODES[fall.code][1]
    assert fehler_codes(ergebnis) <= {fall.code} | fall.auch
    assert ergebnis.zulaessig == (befunde[0].schwere != "fehler")


def test_beginn_vorzeitig_is_allowed_with_permission_or_as_continuation():
    frueh = teil1(eingang="2026-02-01", massnahmebeginn="2026-01-01")
    assert mit_code(pruefe(frueh), "beginn.vorzeitig")
    assert not mit_code(pruefe(frueh | {"vorzeitiger_beginn_zugelassen": True}), "beginn.vorzeitig")
    assert not mit_code(pruefe(frueh | {"fortfuehrung": True}), "beginn.vorzeitig")


def test_beginn_vorzeitig_compares_a_draft_with_today():
    entwurf = teil1(massnahmebeginn="2026-01-14")
    assert mit_code(rules.pruefe(entwurf, P, heute=date(2026, 1, 15)), "beginn.vorzeitig")
    assert not mit_code(rules.pruefe(entwurf, P, heute=date(2026, 1, 14)), "beginn.vorzeitig")


def test_frist_without_eingang_is_not_judged():
    assert not mit_code(pruefe(teil1(antragsfrist="2020-01-01")), "frist.versaeumt")


def test_bagatellgrenze_is_for_part_iii_only():
    klein = teil1(stellen_zuweisung="1", stellen="1", personalausgaben="1000.00", sachmittel="0.00")
    assert not mit_code(pruefe(klein), "zuwendung.bagatellgrenze")


def test_messages_use_singular_for_one_post():
    ergebnis = pruefe(teil1(stellen_zuweisung="1", stellen="1.5", sachmittel="10000.00"))
    assert mit_code(ergebnis, "I.stellen.zuweisung")[0].meldung == (
        "Beantragt sind 1,5 Stellen, zugewiesen ist der Kommune für 2026 1 Stelle. "
        "Es kann höchstens 1 Stelle beantragt werden."
    )


@pytest.mark.parametrize(
    ("einheiten", "anzeige", "erlaubt"),
    [
        (-1, "-1", "ab 1"),
        (1.5, "1,5", "ab 1"),
        (2.0, None, None),
        (1_000_001, "1.000.001", "von 1 bis 1.000.000"),
    ],
)
def test_einheiten_must_be_whole_and_positive(einheiten, anzeige, erlaubt):
    befunde = mit_code(pruefe(teil2(massnahme_ii(einheiten=einheiten))), "II.einheiten.ungueltig")
    if anzeige is None:
        assert befunde == []
    else:
        assert [b.meldung for b in befunde] == [
            f"Die Anzahl „{anzeige}“ für B2 ist ungültig. Zulässig ist eine ganze Zahl {erlaubt}."
        ]


def test_all_findings_are_collected_not_only_the_first():
    ergebnis = pruefe(
        teil2(
            treffpunkt(einheiten=3, raumnutzung_prozent=10, empfaenger=""),
            massnahme_ii(baustein="C", pauschale="D1", einheiten=0),
            treffpunkt(pauschale="A2", einheiten=14, geplante_kosten="-5.00"),
            hoechstbetrag="100.00",
        )
    )
    assert [(b.code, b.feld) for b in ergebnis.befunde if b.schwere != "hinweis"] == [
        ("betrag.ungueltig", "massnahmen.2.geplante_kosten"),
        ("II.pauschale.unbekannt", "massnahmen.1.pauschale"),
        ("II.einheiten.ungueltig", "massnahmen.1.einheiten"),
        ("II.A.raumnutzung", "massnahmen.0.raumnutzung_prozent"),
        ("II.A1.kosten", "massnahmen.0.geplante_kosten"),  # 2.500,00 € for 3 rooms: not above 3 × 1.000,00 €
        ("II.A1.raeume", "massnahmen.0.einheiten"),
        ("II.A2.monate", "massnahmen.2.einheiten"),
        ("II.empfaenger.fehlt", "massnahmen.0.empfaenger"),
        ("II.summe.hoechstbetrag", ""),
    ]


def test_part_iii_checks_every_massnahme():
    ergebnis = pruefe(teil3(massnahme_iii(), massnahme_iii(titel="Beratung", beantragt="100.00")))
    assert [(b.code, b.feld) for b in ergebnis.befunde if b.schwere == "fehler"] == [
        ("III.mindestbetrag", "massnahmen.1.beantragt")
    ]
    assert mit_code(ergebnis, "III.mindestbetrag")[0].meldung.startswith(
        "Die Zuwendung für „Beratung“ beträgt 100,00 €."
    )


# ---------------------------------------------------------------------------------------------
# betrag.ungueltig, eingabe.ungueltig, parameter.fehlt
# ---------------------------------------------------------------------------------------------

KEIN_BETRAG = (
    "„{wert}“ im Feld „Sachmittel“ ist kein gültiger Betrag. Bitte einen Eurobetrag eingeben, z. B. 1.234,56."
)


@pytest.mark.parametrize(
    ("wert", "meldung"),
    [
        ("-0.01", "Der Betrag im Feld „Sachmittel“ ist negativ. Zulässig sind Beträge ab 0,00 €."),
        (
            "12.345",
            "Der Betrag im Feld „Sachmittel“ hat mehr als zwei Nachkommastellen. Zulässig sind höchstens zwei (Cent).",
        ),
        ("12.340", None),  # three decimals, even if the last is 0
        (
            "10000000000.00",
            "Der Betrag im Feld „Sachmittel“ ist zu groß. Zulässig sind Beträge unter 10.000.000.000,00 €.",
        ),
        ("1.234,56", KEIN_BETRAG.format(wert="1.234,56")),
        ("abc", KEIN_BETRAG.format(wert="abc")),
        ("1e3", KEIN_BETRAG.format(wert="1e3")),
        ("NaN", KEIN_BETRAG.format(wert="NaN")),
        (" 12.00", KEIN_BETRAG.format(wert=" 12.00")),
        ("", KEIN_BETRAG.format(wert="")),
        ("١٢", KEIN_BETRAG.format(wert="١٢")),  # Arabic-Indic digits: Decimal would take them
    ],
)
def test_betrag_ungueltig(wert, meldung):
    befunde = mit_code(pruefe(teil1(sachmittel=wert)), "betrag.ungueltig")
    assert [b.feld for b in befunde] == ["sachmittel"]
    if meldung is not None:
        assert befunde[0].meldung == meldung


@pytest.mark.parametrize("wert", ["0.00", "0", "12.3", "9999999999.99"])
def test_betrag_valid(wert):
    assert not mit_code(pruefe(teil3(massnahme_iii(honorarausgaben=wert))), "betrag.ungueltig")


def test_betrag_ungueltig_names_the_massnahme():
    [befund] = mit_code(pruefe(teil3(massnahme_iii(), massnahme_iii(beantragt="viel"))), "betrag.ungueltig")
    assert befund.feld == "massnahmen.1.beantragt"
    assert befund.meldung.startswith(
        "„viel“ im Feld „Beantragte Zuwendung (Maßnahme 2)“ ist kein gültiger Betrag."
    )


def ohne(antrag: dict, schluessel: str) -> dict:
    return {k: v for k, v in antrag.items() if k != schluessel}


@pytest.mark.parametrize(
    ("antrag", "feld"),
    [
        ([], ""),
        ("Antrag", ""),
        (None, ""),
        ({}, "programmteil"),
        (teil1(programmteil="IV"), "programmteil"),
        (teil1(programmteil=1), "programmteil"),
        (ohne(teil1(), "foerderjahr"), "foerderjahr"),
        (teil1(foerderjahr="2026"), "foerderjahr"),
        (teil1(foerderjahr=True), "foerderjahr"),
        (ohne(teil1(), "stellen_zuweisung"), "stellen_zuweisung"),
        (teil1(stellen=1.5), "stellen"),
        (teil1(stellen="1,5"), "stellen"),
        (teil1(stellen="-1"), "stellen"),
        (teil1(personalausgaben=85500), "personalausgaben"),
        (teil1(personalausgaben=None), "personalausgaben"),
        (teil1(eingang="01.03.2026"), "eingang"),
        (teil1(antragsfrist="2026-02-30"), "antragsfrist"),
        (teil1(massnahmebeginn=20260101), "massnahmebeginn"),
        (teil1(vorzeitiger_beginn_zugelassen="ja"), "vorzeitiger_beginn_zugelassen"),
        (teil1(fortfuehrung=1), "fortfuehrung"),
        (teil2(hoechstbetrag=57100), "hoechstbetrag"),
        (teil2(massnahmen={}), "massnahmen"),
        (teil2(massnahmen=["Sprachcafé"]), "massnahmen.0"),
        (teil2(massnahme_ii(), massnahme_ii(einheiten=True)), "massnahmen.1.einheiten"),
        (teil2(massnahme_ii(einheiten="4")), "massnahmen.0.einheiten"),
        (teil2(massnahme_ii(baustein="E")), "massnahmen.0.baustein"),
        (teil2(massnahme_ii(pauschale=None)), "massnahmen.0.pauschale"),
        (teil2(treffpunkt(raumnutzung_prozent=None)), "massnahmen.0.raumnutzung_prozent"),
        (teil2(treffpunkt(raumnutzung_prozent=101)), "massnahmen.0.raumnutzung_prozent"),
        (teil2(treffpunkt(raumnutzung_prozent=40.5)), "massnahmen.0.raumnutzung_prozent"),
        (teil2(massnahme_ii(empfaenger=5)), "massnahmen.0.empfaenger"),
        (teil2(treffpunkt(geplante_kosten=2500)), "massnahmen.0.geplante_kosten"),
        (teil3(massnahme_iii(handlungsfeld=None)), "massnahmen.0.handlungsfeld"),
        (teil3(massnahme_iii(beantragt=70000.0)), "massnahmen.0.beantragt"),
        (teil3(massnahme_iii(stellen="1.00001")), "massnahmen.0.stellen"),
        (teil3(ohne(massnahme_iii(), "investitionsausgaben")), "massnahmen.0.investitionsausgaben"),
    ],
)
def test_eingabe_ungueltig(antrag, feld):
    ergebnis = pruefe(antrag)
    assert [(b.schwere, b.code, b.feld) for b in ergebnis.befunde] == [("fehler", "eingabe.ungueltig", feld)]
    assert ergebnis.berechnung == rules.Berechnung(Decimal("0.00"), Decimal("0.00"), [])
    assert not ergebnis.zulaessig


@pytest.mark.parametrize(
    ("antrag", "meldung"),
    [
        (
            teil1(stellen=1.5),
            "Das Feld „Stellen“ fehlt oder ist ungültig. Erwartet wird eine Stellenzahl ab 0 als Text, z. B. „1.5“.",
        ),
        (
            teil2(massnahme_ii(einheiten=True)),
            "Das Feld „Einheiten (Maßnahme 1)“ fehlt oder ist ungültig. Erwartet wird eine ganze Zahl ab 1.",
        ),
        (
            teil1(programmteil="IV"),
            "Das Feld „Programmteil“ fehlt oder ist ungültig. Erwartet wird „I“, „II“ oder „III“.",
        ),
    ],
)
def test_eingabe_ungueltig_message(antrag, meldung):
    assert [b.meldung for b in pruefe(antrag).befunde] == [meldung]


def test_python_values_from_forms_are_accepted():
    aus_formular = teil1(
        stellen=Decimal("1.5"), personalausgaben=Decimal("85500.00"), massnahmebeginn=date(2026, 3, 1)
    )
    assert pruefe(aus_formular) == pruefe(teil1(massnahmebeginn="2026-03-01"))


@pytest.mark.parametrize(
    ("schluessel", "code", "antrag"),
    [
        ("I.stellenstufen", "I.stellen.stufe", teil1(stellen="1.4", personalausgaben="0.00")),
        ("I.festbetrag_stelle", "I.personal.hoechstbetrag", teil1(personalausgaben="999999.00")),
        ("I.sachmittel.1.5", "I.sachmittel.hoechstbetrag", teil1(sachmittel="99999.00")),
        ("II.A1.max_raeume", "II.A1.raeume", teil2(treffpunkt(einheiten=3))),
        ("II.A2.max_monate", "II.A2.monate", teil2(treffpunkt(pauschale="A2", einheiten=13))),
        ("II.A.raumnutzung_min", "II.A.raumnutzung", teil2(treffpunkt(raumnutzung_prozent=0))),
        ("II.pauschale.A1", "II.A1.kosten", teil2(treffpunkt(geplante_kosten="10.00"))),
        (
            "II.pauschale.B2",
            "II.summe.hoechstbetrag",
            teil2(massnahme_ii(einheiten=1000), hoechstbetrag="1.00"),
        ),
        (
            "III.personal_eg11_s5",
            "III.personal.hoechstbetrag",
            teil3(massnahme_iii(personalausgaben="999999.00")),
        ),
        ("III.sachpauschale", "III.sachpauschale", teil3(massnahme_iii(sachausgaben="99999.00"))),
        ("III.foerdersatz_max", "III.anteil.hoechstsatz", teil3(massnahme_iii(beantragt="999999.00"))),
        ("III.mindestbetrag", "III.mindestbetrag", teil3(massnahme_iii(beantragt="1.00"))),
        ("bagatellgrenze.nichtkommunal", "zuwendung.bagatellgrenze", teil3(massnahme_iii(beantragt="1.00"))),
        ("lrh.schwelle", "bescheid.lrh_kopie", teil1()),
    ],
)
def test_missing_parameter_skips_its_check_with_a_hinweis(schluessel, code, antrag):
    assert mit_code(pruefe(antrag), code) or schluessel == "III.personal_eg11_s5"  # the check does fire
    ergebnis = pruefe(antrag, parameter({schluessel: None}))
    assert mit_code(ergebnis, code) == []
    assert (
        "hinweis",
        "",
        f"Für 2026 ist der Parameter „{schluessel}“ nicht gepflegt; die Prüfung {code} wurde nicht ausgeführt.",
    ) in [(b.schwere, b.feld, b.meldung) for b in mit_code(ergebnis, "parameter.fehlt")]


def test_parameter_fehlt_is_reported_once_for_many_massnahmen():
    p = parameter({"II.pauschale.B2": None})
    ergebnis = pruefe(teil2(massnahme_ii(), massnahme_ii(), massnahme_ii()), p)
    assert len(mit_code(ergebnis, "parameter.fehlt")) == 1


def test_an_empty_parameter_set_gives_hinweise_only():
    ergebnis = pruefe(teil1(), rules.Regelparameter())
    assert ergebnis.zulaessig
    assert {b.code for b in ergebnis.befunde} == {"parameter.fehlt"}


# ---------------------------------------------------------------------------------------------
# Berechnung
# ---------------------------------------------------------------------------------------------


def posten(ergebnis: rules.Ergebnis) -> list[tuple[str, str]]:
    return [(p.bezeichnung, f"{p.betrag:f}") for p in ergebnis.berechnung.posten]


def test_berechnung_part_i():
    b = pruefe(teil1()).berechnung
    assert (b.zuwendungsfaehige_ausgaben, b.zuwendung) == (Decimal("100500.00"), Decimal("100500.00"))
    assert posten(pruefe(teil1())) == [
        ("Personalausgaben (1,5 Stellen × 57.000,00 €)", "85500.00"),
        ("Sachmittel", "15000.00"),
    ]


def test_berechnung_part_i_is_capped_by_the_zuweisung():
    ergebnis = pruefe(
        teil1(stellen_zuweisung="1", stellen="2", personalausgaben="114000.00", sachmittel="20000.00")
    )
    assert posten(ergebnis) == [
        ("Personalausgaben (1 Stelle × 57.000,00 €)", "57000.00"),
        ("Sachmittel", "10000.00"),
    ]
    assert ergebnis.berechnung.zuwendung == Decimal("67000.00")


def test_older_period_is_checked_by_its_own_figures():
    p2016 = parameter({"I.festbetrag_stelle": "50000.00"})
    assert pruefe(teil1(personalausgaben="75000.00"), p2016).zulaessig
    ergebnis = pruefe(teil1(personalausgaben="85500.00"), p2016)
    assert [b.meldung for b in mit_code(ergebnis, "I.personal.hoechstbetrag")] == [
        "Die Personalausgaben (85.500,00 €) übersteigen den Festbetrag. Für 1,5 Stellen sind höchstens "
        "75.000,00 € zuwendungsfähig (50.000,00 € je Vollzeitstelle)."
    ]
    assert posten(ergebnis)[0] == ("Personalausgaben (1,5 Stellen × 50.000,00 €)", "75000.00")


def test_berechnung_part_ii_cuts_to_the_maxima_and_the_hoechstbetrag():
    ergebnis = pruefe(
        teil2(
            treffpunkt(einheiten=3, bezeichnung="Treff Nord"),
            treffpunkt(pauschale="A2", einheiten=13, bezeichnung="Treff Nord"),
            treffpunkt(raumnutzung_prozent=20, bezeichnung="Treff Süd"),
            massnahme_ii(pauschale="B1", einheiten=10, bezeichnung=""),
            hoechstbetrag="7000.00",
        )
    )
    assert posten(ergebnis) == [
        ("A1 Renovierung/Ausstattung je Raum (einmalig) – Treff Nord (2 × 1.000,00 €)", "2000.00"),
        ("A2 Laufende Kosten je Monat – Treff Nord (12 × 400,00 €)", "4800.00"),
        ("A1 Renovierung/Ausstattung je Raum (einmalig) – Treff Süd (0 × 1.000,00 €)", "0.00"),
        ("B1 Ehrenamtliche Begleitung (10 × 35,00 €)", "350.00"),
        ("Kürzung auf den Höchstbetrag", "-150.00"),
    ]
    assert ergebnis.berechnung.zuwendungsfaehige_ausgaben == Decimal("7150.00")
    assert ergebnis.berechnung.zuwendung == Decimal("7000.00")


def test_berechnung_part_iii():
    ergebnis = pruefe(
        teil3(
            massnahme_iii(),
            massnahme_iii(
                titel="", sachausgaben="9000.00", investitionsausgaben="500.00", beantragt="80000.00"
            ),
        ),
        EG11,
    )
    assert posten(ergebnis) == [
        ("Stadtteilarbeit (90 % von 78.000,00 € zuwendungsfähigen Ausgaben)", "70000.00"),
        ("Maßnahme 2 (90 % von 83.800,00 € zuwendungsfähigen Ausgaben)", "75420.00"),
    ]
    b = ergebnis.berechnung
    assert (b.zuwendungsfaehige_ausgaben, b.zuwendung) == (Decimal("161800.00"), Decimal("145420.00"))


def test_part_iii_personnel_is_capped_by_eg11_when_maintained():
    m = massnahme_iii(personalausgaben="80000.00", beantragt="1000000.00")
    assert rules.zuwendungsfaehig(rules.lies_eingabe(teil3(m), heute=HEUTE).massnahmen[0], EG11) == Decimal(
        "80345.67"
    )  # 72.345,67 + 5.000 + 3.000
    assert pruefe(teil3(m)).berechnung.zuwendungsfaehige_ausgaben == Decimal("88000.00")  # no EG 11 figure


def test_unreadable_amounts_count_as_zero():
    assert pruefe(teil1(sachmittel="viel")).berechnung.zuwendung == Decimal("85500.00")


def test_als_dict_is_the_cli_json():
    daten = rules.als_dict(pruefe(teil1(sachmittel="15000.01")))
    assert json.loads(json.dumps(daten)) == daten
    assert daten["zulaessig"] is False
    assert daten["befunde"][0] == {
        "schwere": "fehler",
        "code": "I.sachmittel.hoechstbetrag",
        "feld": "sachmittel",
        "meldung": "Die Sachmittel (15.000,01 €) übersteigen den Höchstbetrag. Für 1,5 Stellen sind höchstens "
        "15.000,00 € Sachmittel zuwendungsfähig.",
        "quelle": "S4",
    }
    assert daten["berechnung"] == {
        "zuwendungsfaehige_ausgaben": "100500.00",
        "zuwendung": "100500.00",
        "posten": [
            {"bezeichnung": "Personalausgaben (1,5 Stellen × 57.000,00 €)", "betrag": "85500.00"},
            {"bezeichnung": "Sachmittel", "betrag": "15000.00"},
        ],
    }


# ---------------------------------------------------------------------------------------------
# Regelparameter
# ---------------------------------------------------------------------------------------------


def test_standard_holds_the_current_figures_of_domain():
    assert P.teil1.stellenstufen == (Decimal("1"), Decimal("1.5"), Decimal("2"))
    assert P.teil1.festbetrag_stelle == Decimal("57000.00")
    assert P.teil1.sachmittel == {Decimal("1"): 10000, Decimal("1.5"): 15000, Decimal("2"): 20000}
    assert P.teil1.rechner_schwellen == (Decimal("0.0125"), Decimal("0.030"))
    assert P.teil1.rechner_basis == 17538251
    assert P.teil2.pauschalen == {
        "A1": 1000, "A2": 400, "B1": 35, "B2": 250, "C1": 500, "C2": 50, "D1": 100, "D2": 50,
    }  # fmt: skip
    assert (P.teil2.a1_max_raeume, P.teil2.a2_max_monate, P.teil2.raumnutzung_min) == (2, 12, 33)
    assert P.teil3 == rules.ParameterTeil3(
        foerdersatz_max=Decimal("0.90"),
        personal_eg11_s5=None,
        sachpauschale=Decimal("8800.00"),
        mindestbetrag=Decimal("5000.00"),
    )
    a = P.allgemein
    assert (a.lrh_schwelle, a.bagatellgrenze_nichtkommunal, a.erstattung_zins_pp) == (50000, 2000, 5)
    assert (
        a.frist_vn_monate,
        a.frist_schreiben_tage,
        a.rechtsbehelf_frist_monate,
        a.auszahlung_bedarf_monate,
    ) == (
        6,
        14,
        1,
        2,
    )


def test_als_dict_round_trips():
    for p in (P, rules.Regelparameter(), parameter({"I.stellenstufen": ["1", "2"], "I.sachmittel.2": None})):
        assert rules.Regelparameter.aus_dict(p.als_dict()) == p
        assert rules.Regelparameter.aus_dict(json.loads(json.dumps(p.als_dict()))) == p
    assert P.als_dict() == rules.standardwerte()


def test_standard_returns_independent_objects():
    p = rules.Regelparameter.standard()
    p.teil2.pauschalen["A1"] = Decimal("0")  # a careless caller cannot change the defaults of others
    assert rules.Regelparameter.standard().teil2.pauschalen["A1"] == Decimal("1000.00")


@pytest.mark.parametrize(
    ("schluessel", "wert"),
    [
        ("I.festbetrag_stelle", 57000),
        ("I.festbetrag_stelle", 57000.0),
        ("I.festbetrag_stelle", "57.000,00"),
        ("I.festbetrag_stelle", "-1.00"),
        ("I.festbetrag_stelle", "1.001"),
        ("III.foerdersatz_max", "90"),
        ("III.foerdersatz_max", "1.5"),
        ("II.A1.max_raeume", "2"),
        ("II.A1.max_raeume", True),
        ("II.A.raumnutzung_min", 101),
        ("I.stellenstufen", "1, 1.5, 2"),
        ("I.stellenstufen", ["2", "1"]),
        ("I.stellenstufen", ["0", "1"]),
        ("I.rechner.schwellen", ["0.03"]),
        ("I.rechner.schwellen", ["0.03", "0.0125"]),
        ("bescheid.dezernat", 36),
        ("II.pauschale.E1", "1.00"),
        ("I.sachmittel.1.50", "15000.00"),
        ("III.foerdersatz", "0.90"),
    ],
)
def test_malformed_parameters_are_named_in_german(schluessel, wert):
    fehler = rules.pruefe_parameter(rules.standardwerte() | {schluessel: wert})
    assert list(fehler) == [schluessel]
    assert f"„{schluessel}“" in fehler[schluessel]
    with pytest.raises(ValueError, match=f"„{schluessel}“"):
        rules.Regelparameter.aus_dict(rules.standardwerte() | {schluessel: wert})


def test_parameter_messages():
    assert rules.pruefe_parameter({"I.festbetrag_stelle": 57000}) == {
        "I.festbetrag_stelle": "Der Parameter „I.festbetrag_stelle“ ist ungültig (57000). Erwartet wird ein "
        "Eurobetrag ab 0 als Text mit höchstens zwei Nachkommastellen, z. B. „57000.00“."
    }
    assert rules.pruefe_parameter([]) == {"": "Die Regelparameter müssen ein JSON-Objekt sein."}
    assert rules.pruefe_parameter(rules.standardwerte() | {"_kommentar": "Werte 2016"}) == {}


def test_parameter_with_a_fourth_tier():
    p = parameter({"I.stellenstufen": ["1", "1.5", "2", "2.5"], "I.sachmittel.2.5": "25000.00"})
    assert pruefe(
        teil1(stellen_zuweisung="2.5", stellen="2.5", personalausgaben="142500.00", sachmittel="25000.00"), p
    ).zulaessig


# ---------------------------------------------------------------------------------------------
# Part I tier proposal (DOMAIN.md §3, an assumption; figures Zensus 2011 from DOMAIN.md §8)
# ---------------------------------------------------------------------------------------------

NRW_2011 = 17538251
SCHWELLEN = (Decimal("0.0125"), Decimal("0.030"))
VORSCHLAG_2011 = {
    "Düsseldorf": (586291, "2"),
    "Duisburg": (488468, "1.5"),
    "Essen": (566201, "2"),
    "Krefeld": (222247, "1.5"),
    "Mönchengladbach": (255188, "1.5"),
    "Mülheim an der Ruhr": (166865, "1"),
    "Oberhausen": (210216, "1"),
    "Remscheid": (110708, "1"),
    "Solingen": (155265, "1"),
    "Kleve": (300989, "1.5"),
    "Mettmann": (477778, "1.5"),
    "Rhein-Kreis Neuss": (437393, "1.5"),
    "Viersen": (296175, "1.5"),
    "Bonn": (305765, "1.5"),
    "Köln": (1005775, "2"),
    "Leverkusen": (158984, "1"),
    "StädteRegion Aachen": (539516, "2"),
    "Düren": (258760, "1.5"),
    "Rhein-Erft-Kreis": (451514, "1.5"),
    "Euskirchen": (187940, "1"),
    "Heinsberg": (248161, "1.5"),
    "Oberbergischer Kreis": (273011, "1.5"),
    "Rheinisch-Bergischer Kreis": (278183, "1.5"),
    "Rhein-Sieg-Kreis": (578252, "2"),
    "Bottrop": (117311, "1"),
    "Gelsenkirchen": (258766, "1.5"),
    "Münster": (289576, "1.5"),
    "Borken": (363755, "1.5"),
    "Coesfeld": (215269, "1"),
    "Recklinghausen": (619382, "2"),
    "Steinfurt": (433659, "1.5"),
    "Warendorf": (273477, "1.5"),
    "Bielefeld": (326870, "1.5"),
    "Gütersloh": (350420, "1.5"),
    "Herford": (250704, "1.5"),
    "Höxter": (145678, "1"),
    "Lippe": (348681, "1.5"),
    "Minden-Lübbecke": (312169, "1.5"),
    "Paderborn": (294602, "1.5"),
    "Bochum": (362286, "1.5"),
    "Dortmund": (571143, "2"),
    "Hagen": (187944, "1"),
    "Hamm": (176037, "1"),
    "Herne": (155160, "1"),
    "Ennepe-Ruhr-Kreis": (326049, "1.5"),
    "Hochsauerlandkreis": (266509, "1.5"),
    "Märkischer Kreis": (423819, "1.5"),
    "Olpe": (136491, "1"),
    "Siegen-Wittgenstein": (276834, "1.5"),
    "Soest": (296875, "1.5"),
    "Unna": (396060, "1.5"),
}


def vorschlag(einwohner: int | None) -> Decimal | None:
    return rules.stufe_vorschlag(einwohner, gesamt=NRW_2011, schwellen=SCHWELLEN)


@pytest.mark.parametrize(
    ("einwohner", "stufe"),
    [(248161, "1.5"), (437393, "1.5"), (1005775, "2"), (110708, "1")],
    ids=["Heinsberg", "Rhein-Kreis Neuss", "Köln", "Remscheid"],
)
def test_tier_proposal_reproduces_the_known_cases(einwohner, stufe):
    assert vorschlag(einwohner) == Decimal(stufe)


def test_tier_proposal_matches_the_domain_table():
    assert {name: vorschlag(e) for name, (e, _) in VORSCHLAG_2011.items()} == {
        name: Decimal(s) for name, (_, s) in VORSCHLAG_2011.items()
    }
    stufen = [s for _, s in VORSCHLAG_2011.values()]
    assert (stufen.count("1"), stufen.count("1.5"), stufen.count("2")) == (13, 31, 7)


def test_tier_proposal_thresholds_are_inclusive_from_below():
    stufen = [rules.stufe_vorschlag(e, gesamt=10000, schwellen=SCHWELLEN) for e in (124, 125, 299, 300)]
    assert stufen == [Decimal("1"), Decimal("1.5"), Decimal("1.5"), Decimal("2")]
    assert vorschlag(None) is None
    with pytest.raises(ValueError):
        rules.stufe_vorschlag(1, gesamt=0, schwellen=SCHWELLEN)


def test_tier_proposal_uses_the_parameters():
    t = P.teil1
    assert rules.stufe_vorschlag(248161, gesamt=t.rechner_basis, schwellen=t.rechner_schwellen) == Decimal(
        "1.5"
    )


# ---------------------------------------------------------------------------------------------
# German formats
# ---------------------------------------------------------------------------------------------


def test_german_formats():
    assert [euro(Decimal("1234.5")), euro("0"), euro("-5"), euro(None)] == [
        "1.234,50 €",
        "0,00 €",
        "-5,00 €",
        "",
    ]
    assert [zahl(Decimal("1.5")), zahl(Decimal("2")), zahl("1234.5"), zahl(Decimal("2.00")), zahl(100)] == [
        "1,5",
        "2",
        "1.234,5",
        "2",
        "100",
    ]
    assert [prozent(Decimal("0.90")), prozent("0.9001"), prozent("0.333")] == ["90 %", "90,01 %", "33,3 %"]
    assert [datum(date(2026, 12, 31)), datum("2026-02-01")] == ["31.12.2026", "01.02.2026"]


@pytest.mark.parametrize(
    ("betrag", "worte"),
    [
        ("134000.00", "einhundertvierunddreißigtausend Euro"),
        ("85500.50", "fünfundachtzigtausendfünfhundert Euro und 50 Cent"),
        ("1.00", "ein Euro"),
        ("0.01", "null Euro und 1 Cent"),
        ("101000.00", "einhunderteintausend Euro"),  # num2words 0.5.14 says "einhunderteinstausend"
        ("70289.82", "siebzigtausendzweihundertneunundachtzig Euro und 82 Cent"),
        ("1000000.00", "eine Million Euro"),
        ("2021001.00", "zwei Millionen einundzwanzigtausendeins Euro"),
    ],
)
def test_in_worten(betrag, worte):
    assert in_worten(Decimal(betrag)) == worte


# ---------------------------------------------------------------------------------------------
# Purity
# ---------------------------------------------------------------------------------------------


def test_rules_import_no_django():
    code = "import sys, programmteile.rules; print([m for m in sys.modules if m.split('.')[0] == 'django'])"
    ausgabe = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert ausgabe.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------
# Hypothesis
# ---------------------------------------------------------------------------------------------

KOPF = [
    "foerderjahr",
    "antragsfrist",
    "eingang",
    "massnahmebeginn",
    "vorzeitiger_beginn_zugelassen",
    "fortfuehrung",
    "bewilligung_am",
    "vorzeitiger_beginn_ab",
]
FELDER = {
    "I": KOPF + ["stellen_zuweisung", "stellen", "personalausgaben", "sachmittel"],
    "II": KOPF + ["hoechstbetrag", "massnahmen"],
    "III": KOPF + ["massnahmen", "eigenanteil", "drittmittel"],
}
MASSNAHME_FELDER = sorted(set(massnahme_ii(raumnutzung_prozent=1, geplante_kosten="")) | set(massnahme_iii()))
TYPISCH = ["1.5", "0.00", "-1", "12.345", "1e3", "A", "A1", "zusammenleben", "2026-02-28", "", "１", "NaN"]

json_werte = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.sampled_from(TYPISCH),
    lambda innen: st.lists(innen, max_size=3) | st.dictionaries(st.text(max_size=4), innen, max_size=3),
    max_leaves=4,
)
massnahme_beliebig = st.dictionaries(st.sampled_from(MASSNAHME_FELDER), json_werte)


@st.composite
def antrag_beliebig(draw) -> dict:
    teil = draw(st.sampled_from(["I", "II", "III", "IV", None]))
    antrag = draw(st.dictionaries(st.sampled_from(FELDER.get(teil, KOPF)), json_werte))
    if teil in ("II", "III") and draw(st.booleans()):
        antrag["massnahmen"] = draw(st.lists(massnahme_beliebig, max_size=3))
    return antrag | ({"programmteil": teil} if teil else {})


betraege = st.decimals(min_value=0, max_value=Decimal("300000"), places=2).map(lambda d: f"{d:.2f}")
gueltig_teil1 = st.builds(
    teil1,
    stellen_zuweisung=st.sampled_from(["1", "1.5", "2"]),
    stellen=st.sampled_from(["0.5", "1", "1.5", "2", "2.5"]),
    personalausgaben=betraege,
    sachmittel=betraege,
)
gueltig_massnahme_ii = st.builds(
    massnahme_ii,
    baustein=st.sampled_from("ABCD"),
    pauschale=st.sampled_from([*rules.PAUSCHALEN, "X9"]),
    einheiten=st.integers(-2, 40),
    raumnutzung_prozent=st.integers(0, 100),
    empfaenger=st.sampled_from(["", "Verein"]),
    geplante_kosten=st.none() | betraege,
)
gueltig_teil2 = st.builds(teil2, st.just(massnahme_ii()), hoechstbetrag=betraege).flatmap(
    lambda a: st.lists(gueltig_massnahme_ii, max_size=4).map(lambda ms: a | {"massnahmen": ms})
)
gueltig_massnahme_iii = st.builds(
    massnahme_iii,
    handlungsfeld=st.sampled_from([*rules.HANDLUNGSFELDER, "sonstiges"]),
    stellen=st.sampled_from(["0", "0.5", "1.0", "1.25", "2"]),
    personalausgaben=betraege,
    honorarausgaben=betraege,
    sachausgaben=betraege,
    investitionsausgaben=st.sampled_from(["0.00", "10.00"]),
    beantragt=betraege,
)
gueltig_teil3 = st.lists(gueltig_massnahme_iii, max_size=3).map(
    lambda ms: teil3(massnahme_iii()) | {"massnahmen": ms}
)
gueltig = gueltig_teil1 | gueltig_teil2 | gueltig_teil3
PARAMETERSAETZE = [P, EG11, rules.Regelparameter()]


@settings(max_examples=60, deadline=None)
@given(antrag=antrag_beliebig() | json_werte, p=st.sampled_from(PARAMETERSAETZE))
def test_pruefe_never_raises_for_any_input(antrag, p):
    ergebnis = rules.pruefe(antrag, p, heute=HEUTE)
    json.dumps(rules.als_dict(ergebnis))
    assert ergebnis.zulaessig == (not any(b.schwere == "fehler" for b in ergebnis.befunde))
    assert all(b.code in rules.CODES and b.meldung for b in ergebnis.befunde)


@settings(max_examples=40, deadline=None)
@given(
    antrag=gueltig,
    p=st.sampled_from(PARAMETERSAETZE),
    name=st.sampled_from(sorted(FELDER["I"] + MASSNAHME_FELDER)),
    wert=json_werte,
)
def test_pruefe_never_raises_when_one_field_is_broken(antrag, p, name, wert):
    if name in antrag:
        antrag = antrag | {name: wert}
    elif antrag.get("massnahmen"):
        antrag = antrag | {"massnahmen": [antrag["massnahmen"][0] | {name: wert}, *antrag["massnahmen"][1:]]}
    ergebnis = rules.pruefe(antrag, p, heute=HEUTE)
    json.dumps(rules.als_dict(ergebnis))


def summe(ergebnis: rules.Ergebnis) -> Decimal:
    return sum((p.betrag for p in ergebnis.berechnung.posten), Decimal("0.00"))


@settings(max_examples=80, deadline=None)
@given(antrag=gueltig, p=st.sampled_from(PARAMETERSAETZE))
def test_berechnung_invariants(antrag, p):
    ergebnis = rules.pruefe(antrag, p, heute=HEUTE)
    b = ergebnis.berechnung
    assert summe(ergebnis) == b.zuwendung  # the Posten add up exactly
    assert b.zuwendung == b.zuwendung.quantize(Decimal("0.01")) and b.zuwendung >= 0
    assert ergebnis.zulaessig == (not any(x.schwere == "fehler" for x in ergebnis.befunde))
    assert rules.pruefe(antrag, p, heute=HEUTE) == ergebnis  # same input, same output
    assert json.dumps(rules.als_dict(rules.pruefe(antrag, p, heute=HEUTE))) == json.dumps(
        rules.als_dict(ergebnis)
    )
    {"I": caps_teil1, "II": caps_teil2, "III": caps_teil3}[antrag["programmteil"]](antrag, p, ergebnis)


def caps_teil1(a: dict, p: rules.Regelparameter, ergebnis: rules.Ergebnis) -> None:
    personal, sach = (x.betrag for x in ergebnis.berechnung.posten)
    assert personal <= Decimal(a["personalausgaben"]) and sach <= Decimal(a["sachmittel"])
    zuweisung = Decimal(a["stellen_zuweisung"])
    if p.teil1.festbetrag_stelle is not None:
        assert personal <= min(Decimal(a["stellen"]), zuweisung) * p.teil1.festbetrag_stelle
    if p.teil1.sachmittel.get(zuweisung) is not None:
        assert sach <= p.teil1.sachmittel[zuweisung]
    if ergebnis.zulaessig:  # nothing was cut
        assert ergebnis.berechnung.zuwendung == Decimal(a["personalausgaben"]) + Decimal(a["sachmittel"])


def caps_teil2(a: dict, p: rules.Regelparameter, ergebnis: rules.Ergebnis) -> None:
    assert ergebnis.berechnung.zuwendung <= Decimal(a["hoechstbetrag"])
    for m, x in zip(a["massnahmen"], ergebnis.berechnung.posten, strict=False):
        maximum = {"A1": p.teil2.a1_max_raeume, "A2": p.teil2.a2_max_monate}.get(m["pauschale"])
        satz = p.teil2.pauschalen.get(m["pauschale"])
        assert x.betrag <= max(m["einheiten"], 0) * (satz or 0)
        if maximum is not None and satz is not None:
            assert x.betrag <= maximum * satz
    if ergebnis.zulaessig and all(p.teil2.pauschalen.values()):  # nothing was cut
        assert ergebnis.berechnung.zuwendung == sum(
            m["einheiten"] * p.teil2.pauschalen[m["pauschale"]] for m in a["massnahmen"]
        )


def caps_teil3(a: dict, p: rules.Regelparameter, ergebnis: rules.Ergebnis) -> None:
    for m, x in zip(a["massnahmen"], ergebnis.berechnung.posten, strict=True):
        stellen = Decimal(m["stellen"])
        sach = Decimal(m["sachausgaben"])
        personal = Decimal(m["personalausgaben"])
        if p.teil3.sachpauschale is not None:
            sach = min(sach, rules.cent(stellen * p.teil3.sachpauschale))  # caps rounded to the cent
        if p.teil3.personal_eg11_s5 is not None:
            personal = min(personal, rules.cent(stellen * p.teil3.personal_eg11_s5))
        assert x.betrag <= Decimal(m["beantragt"])
        if p.teil3.foerdersatz_max is not None:
            assert x.betrag <= rules.cent(
                p.teil3.foerdersatz_max * (personal + Decimal(m["honorarausgaben"]) + sach)
            )
    if ergebnis.zulaessig:
        assert ergebnis.berechnung.zuwendung == sum(Decimal(m["beantragt"]) for m in a["massnahmen"])


parameter_werte = st.dictionaries(
    st.sampled_from([*rules.standardwerte(), "I.sachmittel.2.5", "unbekannt", "_notiz"]),
    json_werte,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(aenderungen=parameter_werte)
def test_parameters_never_crash_and_round_trip(aenderungen):
    werte = rules.standardwerte() | aenderungen
    fehler = rules.pruefe_parameter(werte)
    if fehler:
        with pytest.raises(ValueError):
            rules.Regelparameter.aus_dict(werte)
    else:
        p = rules.Regelparameter.aus_dict(werte)
        assert rules.Regelparameter.aus_dict(json.loads(json.dumps(p.als_dict()))) == p


# --- Issue 15: one home for money (rounding, the notice's figures, parameters a Bewilligung needs) ---


@pytest.mark.parametrize(
    "wert, halb_auf, ab",
    [
        ("0.005", "0.01", "0.00"),  # half even would give 0.00
        ("0.015", "0.02", "0.01"),
        ("0.025", "0.03", "0.02"),  # half even would give 0.02
        ("0.045", "0.05", "0.04"),
        ("1500.045", "1500.05", "1500.04"),
        ("2.00", "2.00", "2.00"),
    ],
)
def test_cent_rounds_half_up_and_cent_abrunden_down(wert, halb_auf, ab):
    assert rules.cent(Decimal(wert)) == Decimal(halb_auf)
    assert rules.cent_abrunden(Decimal(wert)) == Decimal(ab)


def test_90_percent_of_five_cent_is_four_cent():
    """"Höchstens 90 %" (DOMAIN.md §4a): 90 % of 0,05 € = 0,045 € is rounded DOWN to 0,04 €."""
    a = teil3(
        massnahme_iii(
            stellen="0", personalausgaben="0.00", honorarausgaben="0.05", sachausgaben="0.00", beantragt="0.05"
        )
    )
    ergebnis = pruefe(a)
    assert ergebnis.berechnung.zuwendung == Decimal("0.04")
    (zu_hoch,) = mit_code(ergebnis, "III.anteil.hoechstsatz")
    assert "also 0,04 €" in zu_hoch.meldung
    assert rules.bescheidbetraege(a, P).zeilen[0].hoechstens == Decimal("0.04")
    genau = teil3(massnahme_iii(stellen="0", personalausgaben="0.00", honorarausgaben="0.05",
                                sachausgaben="0.00", beantragt="0.04"))  # fmt: skip
    assert not mit_code(pruefe(genau), "III.anteil.hoechstsatz")  # 0,04 € is exactly the maximum


def test_hoechstgrenze_teil1_is_posts_times_festbetrag_plus_tier():
    assert rules.hoechstgrenze_teil1(Decimal("1.5"), P) == Decimal("100500.00")
    assert rules.hoechstgrenze_teil1(Decimal("1.5"), parameter({"I.festbetrag_stelle": None})) is None
    # 1,5 × 1.000,03 € = 1.500,045 €: half up
    p = parameter({"I.festbetrag_stelle": "1000.03"})
    assert rules.hoechstgrenze_teil1(Decimal("1.5"), p) == Decimal("1500.05") + Decimal("15000.00")


@pytest.mark.parametrize(
    "antrag, p",
    [
        (teil1(), P),
        (teil1(stellen="1", personalausgaben="60000.00", sachmittel="16000.00"), P),
        (teil1(), parameter({"I.festbetrag_stelle": "50000.00"})),
        (teil1(), parameter({"I.sachmittel.1.5": None})),
        (teil2(treffpunkt(), massnahme_ii(pauschale="B1", einheiten=7)), P),
        (teil2(treffpunkt(pauschale="A2", einheiten=15), hoechstbetrag="3000.00"), P),
        (teil2(treffpunkt(raumnutzung_prozent=20)), P),
        (teil3(), P),
        (teil3(), parameter({"III.personal_eg11_s5": "60000.00"})),
        (teil3(massnahme_iii(sachausgaben="9000.00")), parameter({"III.personal_eg11_s5": "60000.00"})),
        (teil3(massnahme_iii(sachausgaben="9000.00")), parameter({"III.sachpauschale": None})),
        (teil3(massnahme_iii(), massnahme_iii(stellen="0.5")), parameter({"III.foerdersatz_max": None})),
    ],
)
def test_notice_figures_equal_the_berechnung(antrag, p):
    """Without the reviewer's amounts the notice prints exactly the rules' Berechnung."""
    berechnung = pruefe(antrag, p).berechnung
    b = rules.bescheidbetraege(antrag, p)
    assert [z.bewilligt for z in b.zeilen] == [x.betrag for x in berechnung.posten]
    assert b.zuwendung == b.summe == berechnung.zuwendung
    assert b.zuwendungsfaehig == berechnung.zuwendungsfaehige_ausgaben


def test_notice_eg11_cap_and_rechnung():
    p = parameter({"III.personal_eg11_s5": "60000.00"})
    b = rules.bescheidbetraege(teil3(), p)
    (z,) = b.zeilen
    assert z.zuwendungsfaehig == Decimal("68000.00") and z.hoechstens == z.bewilligt == Decimal("61200.00")
    assert z.rechnung == "90 % von 68.000,00 € zuwendungsfähigen Ausgaben"
    assert z.kuerzungsgrund == "Zuwendungsfähig sind höchstens 90 % von 68.000,00 €, also 61.200,00 €."
    assert b.teilbewilligung and b.beantragt == Decimal("70000.00") and b.lrh_kopie


def test_notice_keeps_the_reviewers_amounts_and_balances_a_fixed_zuwendung():
    f = [rules.Festsetzung(Decimal("80000.00"), "Nur 80.000 € belegt."), rules.Festsetzung()]
    b = rules.bescheidbetraege(teil1(), P, f, zuwendung=Decimal("90000.00"), begruendung="Festgesetzt.")
    assert [z.bewilligt for z in b.zeilen] == [Decimal("80000.00"), Decimal("15000.00"), Decimal("-5000.00")]
    assert b.zeilen[0].kuerzungsgrund == "Nur 80.000 € belegt." and b.zeilen[2].kuerzungsgrund == "Festgesetzt."
    assert b.zuwendung == Decimal("90000.00") and b.summe == Decimal("95000.00")
    assert [z.bezeichnung for z in b.kuerzungen] == ["Personalausgaben (Festbetrag)"]


@pytest.mark.parametrize(
    "antrag, aenderungen, fehlend",
    [
        (teil1(), {}, []),
        (teil1(), {"I.festbetrag_stelle": None}, ["I.festbetrag_stelle"]),
        (teil1(), {"I.sachmittel.1.5": None, "I.sachmittel.2": None}, ["I.sachmittel.1.5"]),
        (teil2(), {"II.pauschale.A1": None}, []),  # no A1 line
        (teil2(), {"II.pauschale.B2": None}, ["II.pauschale.B2"]),
        (teil2(treffpunkt()), {"II.A.raumnutzung_min": None, "II.A1.max_raeume": None},
         ["II.A1.max_raeume", "II.A.raumnutzung_min"]),  # fmt: skip
        (teil3(), {}, ["III.personal_eg11_s5"]),  # the shipped defaults have no EG 11 figure
        (teil3(), {"III.personal_eg11_s5": "60000.00"}, []),
        (teil3(), {"III.personal_eg11_s5": "60000.00", "III.foerdersatz_max": None, "III.sachpauschale": None},
         ["III.foerdersatz_max", "III.sachpauschale"]),  # fmt: skip
        (teil3(), {"III.personal_eg11_s5": "1.00", "lrh.schwelle": None, "frist.vn_monate": None},
         ["lrh.schwelle", "frist.vn_monate"]),  # fmt: skip
    ],
)
def test_fehlende_bewilligungsparameter(antrag, aenderungen, fehlend):
    p = parameter(aenderungen)
    assert sorted(rules.fehlende_bewilligungsparameter(antrag, p)) == sorted(fehlend)
    erlaubt, meldung = rules.bewilligung_moeglich(antrag, p)
    assert erlaubt is (not fehlend)
    if fehlend:
        for schluessel in fehlend:
            assert f"„{rules.parametername(schluessel)}“" in meldung
            assert schluessel not in meldung
        assert "Administration (Verwaltung → Förderperioden → Regelparameter)" in meldung


def test_parametername_in_words():
    assert rules.parametername("III.personal_eg11_s5") == "Personalausgaben-Obergrenze EG 11 Stufe 5"
    assert rules.parametername("I.sachmittel.1.5") == "Sachmittel-Höchstbetrag der Stellenstufe 1,5"
    assert rules.parametername("II.pauschale.C2") == "Pauschale C2 (Übersetzung je Seite)"
    assert set(rules.PARAMETER_NAMEN) <= set(rules.PARAMETER)


def test_sachpauschale_betrag_is_posts_times_the_pauschale_and_caps_zuwendungsfaehig():
    p = rules.Regelparameter.standard()
    antrag = teil3(massnahme_iii(stellen="1.5", personalausgaben="0.00", honorarausgaben="0.00", sachausgaben="20000.00"))
    m = rules.lies_eingabe(antrag, heute=date(2026, 1, 1)).massnahmen[0]
    assert rules.sachpauschale_betrag(m, p) == rules.cent(Decimal("1.5") * p.teil3.sachpauschale)
    assert rules.zuwendungsfaehig(m, p) == rules.sachpauschale_betrag(m, p)  # 20.000 € capped
    ohne = dataclasses.replace(p, teil3=dataclasses.replace(p.teil3, sachpauschale=None))
    assert rules.sachpauschale_betrag(m, ohne) is None
    assert rules.zuwendungsfaehig(m, ohne) == Decimal("20000.00")
