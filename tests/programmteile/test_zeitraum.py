"""rules.zeitraum (issue 17): the Bewilligungszeitraum of one notice, as a rule table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from programmteile import rules

Z = rules.zeitraum
RAHMEN = {"rahmen_von": date(2027, 1, 1), "rahmen_bis": date(2027, 12, 31)}
FRISTEN = {"post_tage": 4, "klagefrist_monate": 1}
OHNE = {"vorzeitig": False, "vorzeitig_ab": None, "fortfuehrung": False}


@pytest.mark.parametrize(
    ("von", "bis", "monate"),
    [
        (date(2027, 1, 1), date(2027, 12, 31), 12),
        (date(2027, 3, 15), date(2027, 12, 31), 10),  # a started month counts
        (date(2027, 12, 15), date(2027, 12, 31), 1),
        (date(2027, 12, 31), date(2027, 1, 1), 0),
    ],
)
def test_monate(von, bis, monate):
    assert Z.monate(von, bis) == monate


def test_anteil_follows_the_months_half_up():
    assert Z.anteil(Decimal("57000.00"), date(2027, 7, 1), date(2027, 12, 31)) == Decimal("28500.00")
    assert Z.anteil(Decimal("10000.00"), date(2027, 2, 1), date(2027, 12, 31)) == Decimal("9166.67")
    assert Z.anteil(Decimal("10000.00"), date(2027, 1, 1), date(2027, 12, 31)) == Decimal("10000.00")


@pytest.mark.parametrize(
    ("bescheid_am", "beginn", "weitere", "erwartet"),
    [
        (date(2026, 12, 3), None, OHNE, (date(2027, 1, 1), date(2027, 12, 31))),
        (date(2027, 3, 10), None, OHNE, (date(2027, 3, 10), date(2027, 12, 31))),  # not before the notice
        (date(2027, 3, 10), date(2027, 5, 1), OHNE, (date(2027, 5, 1), date(2027, 12, 31))),  # planned start
        (date(2027, 3, 10), None, {**OHNE, "vorzeitig": True}, (date(2027, 1, 1), date(2027, 12, 31))),
        (date(2027, 3, 10), None, {**OHNE, "fortfuehrung": True}, (date(2027, 1, 1), date(2027, 12, 31))),
        (
            date(2027, 3, 10),
            None,
            {**OHNE, "vorzeitig": True, "vorzeitig_ab": date(2027, 2, 1)},
            (date(2027, 2, 1), date(2027, 12, 31)),
        ),
    ],
)
def test_vorschlag(bescheid_am, beginn, weitere, erwartet):
    assert Z.vorschlag(bescheid_am=bescheid_am, massnahmebeginn=beginn, **RAHMEN, **weitere) == erwartet


# (notice date, von, bis, early start etc., the reason expected or "" if the period works)
FAELLE = [
    # the notice: dated 03.12.2026, granting 01.01.–31.12.2026 – before the notice, never final in time
    (date(2026, 12, 3), date(2026, 1, 1), date(2026, 12, 31), OHNE, "darf nicht vor dem 03.12.2026 beginnen"),
    (date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 31), OHNE, "erst am 08.01.2027 bestandskräftig"),
    (date(2026, 12, 3), date(2027, 1, 1), date(2027, 12, 31), OHNE, ""),
    (date(2027, 3, 10), date(2027, 1, 1), date(2027, 12, 31), OHNE, "darf nicht vor dem 10.03.2027 beginnen"),
    (date(2027, 3, 10), date(2027, 1, 1), date(2027, 12, 31), {**OHNE, "vorzeitig": True}, ""),
    (date(2027, 3, 10), date(2027, 1, 1), date(2027, 12, 31), {**OHNE, "fortfuehrung": True}, ""),
    (
        date(2027, 3, 10),
        date(2027, 1, 1),
        date(2027, 12, 31),
        {**OHNE, "vorzeitig": True, "vorzeitig_ab": date(2027, 2, 1)},
        "erst ab dem 01.02.2027 zugelassen",
    ),  # fmt: skip
    (date(2027, 3, 10), date(2027, 3, 10), date(2028, 1, 31), OHNE, "im Rahmen der Förderperiode"),
    (date(2027, 3, 10), date(2027, 6, 1), date(2027, 5, 1), OHNE, "vor seinem Beginn"),
]


@pytest.mark.parametrize(("bescheid_am", "von", "bis", "weitere", "grund"), FAELLE)
def test_pruefen(bescheid_am, von, bis, weitere, grund):
    ergebnis = Z.pruefen(von, bis, bescheid_am=bescheid_am, **RAHMEN_FUER(von), **FRISTEN, **weitere)
    if grund:
        assert not ergebnis.moeglich and grund in " ".join(ergebnis.gruende)
    else:
        assert ergebnis.moeglich, ergebnis.gruende


def RAHMEN_FUER(von: date) -> dict:  # noqa: N802 - reads like the constant it replaces
    return {"rahmen_von": date(von.year, 1, 1), "rahmen_bis": date(von.year, 12, 31)}


def test_missing_parameters_are_a_reason():
    ergebnis = Z.pruefen(
        date(2027, 1, 1), date(2027, 12, 31), bescheid_am=date(2026, 12, 3), **RAHMEN, post_tage=None,
        klagefrist_monate=1, **OHNE,
    )  # fmt: skip
    assert not ergebnis.moeglich and "Bekanntgabe durch die Post" in ergebnis.gruende[0]


def test_part_i_amounts_follow_the_months():
    p = rules.Regelparameter.standard()
    antrag = {
        "programmteil": "I", "foerderjahr": 2027, "stellen_zuweisung": "1.5", "stellen": "1.5",
        "personalausgaben": "85500.00", "sachmittel": "15000.00",
    }  # fmt: skip
    halb = rules.bescheidbetraege(antrag, p, zeitraum=(date(2027, 7, 1), date(2027, 12, 31)))
    assert [z.hoechstens for z in halb.zeilen] == [Decimal("42750.00"), Decimal("7500.00")]
    assert "× 6/12 Monate" in halb.zeilen[0].rechnung
    ganz = rules.bescheidbetraege(antrag, p, zeitraum=(date(2027, 1, 1), date(2027, 12, 31)))
    assert [z.hoechstens for z in ganz.zeilen] == [Decimal("85500.00"), Decimal("15000.00")]


@pytest.mark.parametrize(
    ("betrag", "satz", "einheiten"),
    [("2250.00", "250.00", 9), ("2400.00", "250.00", None), ("0.00", "250.00", 0), ("100.00", None, None)],
)
def test_ganze_einheiten(betrag, satz, einheiten):
    assert rules.ganze_einheiten(Decimal(betrag), None if satz is None else Decimal(satz)) == einheiten


@pytest.mark.parametrize(
    ("bewilligung_am", "weitere", "befund"),
    [
        ("2027-03-01", {}, True),  # begun 01.02. before the Bewilligung on 01.03.
        ("2027-02-01", {}, False),  # begins on the day of the Bewilligung
        ("2027-03-01", {"vorzeitiger_beginn_zugelassen": True}, False),
        ("2027-03-01", {"vorzeitiger_beginn_zugelassen": True, "vorzeitiger_beginn_ab": "2027-02-15"}, True),
        ("2027-03-01", {"fortfuehrung": True}, False),
    ],
)
def test_beginn_vorzeitig_against_the_day_of_the_bewilligung(bewilligung_am, weitere, befund):
    antrag = {
        "programmteil": "I", "foerderjahr": 2027, "stellen_zuweisung": "1", "stellen": "1",
        "personalausgaben": "57000.00", "sachmittel": "10000.00", "eingang": "2026-11-01",
        "massnahmebeginn": "2027-02-01", "bewilligung_am": bewilligung_am, **weitere,
    }  # fmt: skip
    codes = [b.code for b in rules.pruefe(antrag, rules.Regelparameter.standard()).befunde]
    assert ("beginn.vorzeitig" in codes) is befund


def test_summe_hoechstbetrag_counts_only_eligible_units():
    """A2 beyond its 12 months and a room used below a third do not count against the Höchstbetrag."""
    zeile = {
        "baustein": "A",
        "pauschale": "A2",
        "einheiten": 20,
        "raumnutzung_prozent": 50,
        "empfaenger": "V e. V.",
    }
    antrag = {
        "programmteil": "II", "foerderjahr": 2027, "hoechstbetrag": "4800.00",
        "massnahmen": [zeile, {**zeile, "raumnutzung_prozent": 10}],
    }  # fmt: skip
    codes = [b.code for b in rules.pruefe(antrag, rules.Regelparameter.standard()).befunde]
    assert "II.summe.hoechstbetrag" not in codes  # 12 × 400 € = 4.800 € eligible, not 20 × 400 € × 2
    assert "II.A2.monate" in codes and "II.A.raumnutzung" in codes
