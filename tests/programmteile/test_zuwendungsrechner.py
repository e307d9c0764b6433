"""The Zuwendungsrechner's pure functions at every boundary (DOMAIN.md §4a, issue 16).

Every expected figure here is worked out by hand in docs/zuwendungsrechner.md.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from programmteile import rules
from programmteile.rules import Bedarf, Pauschalzeile, Unbesetzt

T = date.fromisoformat


# -- Fristen -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ereignis", "monate", "ende"),
    [
        ("2026-01-31", 1, "2026-02-28"),  # short month
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2026-01-30", 1, "2026-02-28"),
        ("2026-01-28", 1, "2026-02-28"),  # the same number
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-15", 1, "2027-01-15"),  # year end
        ("2026-08-31", 6, "2027-02-28"),
        ("2024-02-29", 12, "2025-02-28"),  # 29.02. + 1 year
        ("2026-03-19", 2, "2026-05-19"),
    ],
)
def test_plus_monate_188_bgb(ereignis, monate, ende):
    assert rules.plus_monate(T(ereignis), monate) == T(ende)


@pytest.mark.parametrize(
    ("ereignis", "ende", "grund"),
    [
        ("2026-01-31", "2026-03-02", "Samstag"),  # 28.02.2026 is a Saturday
        ("2026-02-01", "2026-03-02", "Sonntag"),  # 01.03.2026 is a Sunday
        ("2028-01-31", "2028-02-29", ""),  # leap day, a Tuesday
        ("2026-05-04", "2026-06-05", "Fronleichnam"),  # Thursday 04.06.2026, a working day in Berlin
        ("2027-10-01", "2027-11-02", "Allerheiligen"),  # Monday 01.11.2027
        ("2026-03-03", "2026-04-07", "Karfreitag"),  # Good Friday, weekend, Easter Monday
        ("2026-11-25", "2026-12-28", "Erster Weihnachtstag"),
        ("2026-06-03", "2026-07-03", ""),  # a Friday: nothing moves
    ],
)
def test_fristende_moves_off_weekends_and_nrw_holidays(ereignis, ende, grund):
    ohne = rules.plus_monate(T(ereignis), 1)
    assert rules.fristende(T(ereignis), 1) == T(ende)
    assert rules.fristende(T(ereignis), 1, verschieben=False) == ohne
    assert rules.fristen.grund_der_verschiebung(ohne) == grund


def test_reformationstag_is_no_holiday_in_nrw():
    # 31.10. is a holiday in other Länder, not in North Rhine-Westphalia
    assert rules.ist_werktag(T("2028-10-31"))
    assert rules.fristende(T("2028-08-31"), 2) == T("2028-10-31")


def test_nrw_holidays_come_from_the_library():
    assert rules.feiertag_nrw(T("2026-06-04")) == "Fronleichnam"
    assert rules.feiertag_nrw(T("2027-11-01")) == "Allerheiligen"
    assert not rules.ist_werktag(T("2026-06-04"))
    assert rules.ist_werktag(T("2026-06-05"))
    assert rules.naechster_werktag(T("2026-12-24")) == T("2026-12-24")


@pytest.mark.parametrize(
    ("eingabe", "klagefrist_ende", "bestandskraeftig_ab", "codes"),
    [
        ({"bekanntgabe": "2026-06-03"}, "2026-07-03", "2026-07-04", []),
        ({"bekanntgabe": "2026-01-31"}, "2026-03-02", "2026-03-03", []),  # Saturday → Monday
        ({"bekanntgabe": "2026-05-04"}, "2026-06-05", "2026-06-06", []),  # Fronleichnam
        (
            {"bekanntgabe": "2026-05-04", "rechtsbehelfsverzicht_eingang": "2026-05-04"},
            "2026-06-05",
            "2026-05-04",
            [],
        ),
        (
            {"bekanntgabe": "2026-05-04", "rechtsbehelfsverzicht_eingang": "2026-05-11"},
            "2026-06-05",
            "2026-05-11",
            [],
        ),
        (
            {"bekanntgabe": "2026-05-04", "rechtsbehelfsverzicht_eingang": "2026-05-03"},
            "2026-06-05",
            "2026-06-06",
            ["bestandskraft.verzicht_vor_bekanntgabe"],
        ),
        ({"bekanntgabe": "2026-05-04", "klage_erhoben": True}, "2026-06-05", None, ["bestandskraft.klage"]),
        # 31.03. + 1 month: April has no 31st -> Thursday 30.04.; final on the holiday 01.05.
        ({"bekanntgabe": "2026-03-31"}, "2026-04-30", "2026-05-01", []),
        (
            {"bekanntgabe": "2026-03-31", "rechtsbehelfsverzicht_eingang": "2026-03-30"},
            "2026-04-30",
            "2026-05-01",
            ["bestandskraft.verzicht_vor_bekanntgabe"],
        ),
        ({"bekanntgabe": "2026-03-31", "rechtsbehelfsverzicht_eingang": "2026-03-31"}, "2026-04-30", "2026-03-31", []),
        ({"bekanntgabe": "2026-03-31", "rechtsbehelfsverzicht_eingang": "2026-04-10"}, "2026-04-30", "2026-04-10", []),
        (
            {"bekanntgabe": "2026-03-31", "rechtsbehelfsverzicht_eingang": "2026-04-10", "klage_erhoben": True},
            "2026-04-30",
            None,
            ["bestandskraft.klage"],
        ),
    ],
)
def test_bestandskraft(eingabe, klagefrist_ende, bestandskraeftig_ab, codes):
    r = rules.rechne({"rechnung": "bestandskraft", **eingabe})
    assert r.ergebnis == {"klagefrist_ende": klagefrist_ende, "bestandskraeftig_ab": bestandskraeftig_ab}
    assert [b.code for b in r.befunde] == codes


@pytest.mark.parametrize(
    ("von", "bis", "zweck", "vn", "zwischen"),
    [
        ("2026-01-01", "2026-12-31", None, "2027-06-30", []),
        ("2028-01-01", "2028-12-31", None, "2029-07-02", []),  # 30.06.2029 is a Saturday
        ("2026-07-01", "2027-06-30", None, "2027-12-31", [(2026, "2027-04-30")]),
        ("2026-01-01", "2026-12-31", "2026-08-31", "2027-03-01", []),  # 28.02.2027 is a Sunday
        ("2026-01-01", "2027-12-31", "2026-10-15", "2027-04-15", []),  # fulfilled before the year end
        (
            "2026-01-01",
            "2028-06-30",
            None,
            "2029-01-02",  # Sunday, then Neujahr
            [(2026, "2027-04-30"), (2027, "2028-05-02")],
        ),
    ],
)
def test_vn_fristen(von, bis, zweck, vn, zwischen):
    r = rules.rechne(
        {
            "rechnung": "vn_fristen",
            "nebenbestimmungen": "ANBest-G",
            "bewilligungszeitraum_von": von,
            "bewilligungszeitraum_bis": bis,
            "zweck_erfuellt_am": zweck,
        }
    )
    assert r.ergebnis["verwendungsnachweis_faellig"] == vn
    assert r.ergebnis["zwischennachweise"] == [{"fuer_jahr": j, "faellig": f} for j, f in zwischen]


@pytest.mark.parametrize(
    ("kenntnis", "entscheidung", "ende", "codes"),
    [
        ("2026-03-10", "2027-03-10", "2027-03-10", []),  # the last day is allowed
        ("2026-03-10", "2027-03-11", "2027-03-10", ["widerruf.frist_abgelaufen"]),
        ("2024-02-29", "2025-02-28", "2025-02-28", []),
        ("2024-02-29", "2025-03-01", "2025-02-28", ["widerruf.frist_abgelaufen"]),
        ("2026-03-14", "2027-03-15", "2027-03-14", ["widerruf.frist_abgelaufen"]),  # Sunday: not moved
        ("2026-03-10", None, "2027-03-10", []),
    ],
)
def test_widerrufsfrist(kenntnis, entscheidung, ende, codes):
    r = rules.rechne({"rechnung": "widerrufsfrist", "kenntnis_am": kenntnis, "entscheidung_am": entscheidung})
    assert r.ergebnis == {"frist_ende": ende}
    assert [b.code for b in r.befunde] == codes
    assert all(b.schwere == "fehler" and b.feld == "entscheidung_am" for b in r.befunde)


# -- Mittelabruf ---------------------------------------------------------------------------------


def abruf(**werte):
    eingabe = {
        "rechnung": "mittelabruf",
        "bewilligt": "100000.00",
        "ausgezahlt": "0.00",
        "auszahlung_am": "2026-03-19",
        "bestandskraeftig_ab": "2026-03-10",
        "bewilligungszeitraum_bis": "2026-12-31",
        "bedarfe": [],
    }
    eingabe.update(werte)
    return rules.rechne(eingabe)


def test_mittelabruf_window_last_day_and_the_day_after():
    r = abruf(
        bedarfe=[
            {"faellig": "2026-05-20", "betrag": "500.00"},
            {"faellig": "2026-05-19", "betrag": "1000.00"},
        ]
    )
    assert r.ergebnis == {
        "frueheste_auszahlung": "2026-03-19",
        "zeitfenster_bis": "2026-05-19",
        "freigabe": "1000.00",
        "abgelehnt": [{"faellig": "2026-05-20", "betrag": "500.00", "code": "abruf.zeitfenster"}],
    }
    assert [(b.code, b.feld) for b in r.befunde] == [("abruf.zeitfenster", "bedarfe.0.faellig")]


def test_mittelabruf_waits_for_bestandskraft_and_window_not_moved_off_weekends():
    r = abruf(auszahlung_am="2025-12-01", bestandskraeftig_ab="2025-12-31")
    assert r.ergebnis["frueheste_auszahlung"] == "2025-12-31"
    assert r.ergebnis["zeitfenster_bis"] == "2026-02-28"  # a Saturday, stays


def test_mittelabruf_not_final():
    r = abruf(bestandskraeftig_ab=None, bedarfe=[{"faellig": "2026-04-01", "betrag": "100.00"}])
    assert r.ergebnis["frueheste_auszahlung"] is None
    assert r.ergebnis["zeitfenster_bis"] is None
    assert r.ergebnis["freigabe"] == "0.00"
    assert [a["code"] for a in r.ergebnis["abgelehnt"]] == ["abruf.nicht_bestandskraeftig"]
    assert r.befunde[0].schwere == "fehler"


def test_mittelabruf_rest_of_the_grant():
    r = abruf(
        ausgezahlt="60000.00",
        angefordert_offen="30000.00",
        bedarfe=[
            {"faellig": "2026-04-01", "betrag": "6000.00"},
            {"faellig": "2026-04-15", "betrag": "9000.00"},
        ],
    )
    assert r.ergebnis["freigabe"] == "10000.00"
    assert r.ergebnis["abgelehnt"] == [
        {"faellig": "2026-04-15", "betrag": "5000.00", "code": "abruf.restbetrag"}
    ]
    assert [(b.code, b.feld) for b in r.befunde] == [("abruf.restbetrag", "bedarfe.1.betrag")]


def test_mittelabruf_after_bewilligungszeitraum():
    r = abruf(
        auszahlung_am="2026-11-20",
        bedarfe=[{"faellig": "2026-12-31", "betrag": "10.00"}, {"faellig": "2027-01-05", "betrag": "20.00"}],
    )
    assert r.ergebnis["freigabe"] == "10.00"
    assert r.ergebnis["abgelehnt"][0]["code"] == "abruf.nach_bewilligungszeitraum"


def test_mittelabruf_pure_function():
    r = rules.mittelabruf(
        bewilligt=D("100.00"),
        ausgezahlt=D("120.00"),  # more paid than granted: the rest is zero, never negative
        angefordert_offen=D("0.00"),
        auszahlung_am=T("2026-03-19"),
        bestandskraeftig_ab=T("2026-03-01"),
        bewilligungszeitraum_bis=T("2026-12-31"),
        bedarfe=[Bedarf(T("2026-04-01"), D("5.00"))],
        bedarf_monate=2,
    )
    assert r.freigabe == D("0.00")


# -- Zinsen --------------------------------------------------------------------------------------


def test_zinsen_across_basiszins_changes_rounded_once():
    r = rules.rechne({"rechnung": "zinsen", "betrag": "10000.00", "von": "2022-12-01", "bis": "2023-08-15"})
    assert r.ergebnis == {
        "zinsen": "464.48",  # 33,863… + 328,279… + 102,334… = 464,4767…; rounded per section: 464,47
        "tage": 257,
        "abschnitte": [
            {"von": "2022-12-02", "bis": "2022-12-31", "tage": 30, "satz": "4.12", "zinsen": "33.86"},
            {"von": "2023-01-01", "bis": "2023-06-30", "tage": 181, "satz": "6.62", "zinsen": "328.28"},
            {"von": "2023-07-01", "bis": "2023-08-15", "tage": 46, "satz": "8.12", "zinsen": "102.33"},
        ],
    }
    assert r.befunde == []


def test_zinsen_negative_basiszins_and_365_days_in_a_leap_year():
    # 2020 is a leap year; -0,88 % + 5 = 4,12 %; equal rates of 01.07.2020 are one section
    r = rules.zinsen(D("10000.00"), T("2020-01-01"), T("2020-12-31"), aufschlag=D("5"))
    assert (r.zinsen, r.tage, len(r.abschnitte)) == (D("412.00"), 365, 1)
    assert r.abschnitte[0].satz == D("4.12")


def test_zinsen_full_leap_year_has_366_days_of_365():
    r = rules.zinsen(D("1000.00"), T("2023-12-31"), T("2024-12-31"), aufschlag=D("5"))
    assert r.tage == 366
    assert [(a.tage, a.satz) for a in r.abschnitte] == [(182, D("8.62")), (184, D("8.37"))]
    assert r.zinsen == D("85.18")  # 42,9819… + 42,1940…


def test_zinsen_own_table_negative_rate_never_below_zero_and_no_days():
    tabelle = [{"ab": "2020-01-01", "satz": "-0.88"}]
    r = rules.rechne(
        {
            "rechnung": "zinsen",
            "betrag": "1000.00",
            "von": "2020-03-01",
            "bis": "2020-03-31",
            "aufschlag_prozentpunkte": "0",
            "basiszins": tabelle,
        }
    )
    assert r.ergebnis["zinsen"] == "0.00"
    assert r.ergebnis["abschnitte"][0]["satz"] == "0.00"
    leer = rules.rechne({"rechnung": "zinsen", "betrag": "1000.00", "von": "2026-03-01", "bis": "2026-03-01"})
    assert leer.ergebnis == {"zinsen": "0.00", "tage": 0, "abschnitte": []}


def test_zinsen_warns_after_the_last_half_year_and_refuses_before_the_table():
    r = rules.rechne({"rechnung": "zinsen", "betrag": "10000.00", "von": "2026-05-01", "bis": "2026-08-15"})
    assert [b.code for b in r.befunde] == ["zinsen.basiszins_veraltet"]
    assert "01.07.2026" in r.befunde[0].meldung
    vorher = rules.rechne({"rechnung": "zinsen", "betrag": "10.00", "von": "2014-12-01", "bis": "2015-02-01"})
    assert [(b.code, b.feld) for b in vorher.befunde] == [("eingabe.ungueltig", "basiszins")]


def test_basiszins_standard_is_the_shipped_table():
    tabelle = rules.basiszins_standard()
    assert tabelle[0] == (T("2015-01-01"), D("-0.83"))
    assert (T("2023-01-01"), D("1.62")) in tabelle
    assert tabelle == sorted(tabelle)


def test_verwendungszinsen_one_use_covers_several_payouts_fifo():
    r = rules.rechne(
        {
            "rechnung": "verwendungszinsen",
            "auszahlungen": [
                {"datum": "2026-02-01", "betrag": "5000.00"},
                {"datum": "2026-01-15", "betrag": "5000.00"},
            ],
            "verwendungen": [{"datum": "2026-05-01", "betrag": "8000.00"}],
        }
    )
    assert r.ergebnis == {
        "zinsen": "136.91",  # 91,0438… + 45,8654…
        "posten": [
            {
                "betrag": "5000.00",
                "ausgezahlt_am": "2026-01-15",
                "verwendet_am": "2026-05-01",
                "zinsen": "91.04",
            },
            {
                "betrag": "3000.00",
                "ausgezahlt_am": "2026-02-01",
                "verwendet_am": "2026-05-01",
                "zinsen": "45.87",
            },
            {"betrag": "2000.00", "ausgezahlt_am": "2026-02-01", "verwendet_am": None, "zinsen": "0.00"},
        ],
    }
    assert [b.code for b in r.befunde] == ["verwendung.nicht_verwendet"]


@pytest.mark.parametrize(
    ("verwendet", "zinsen"),
    [("2026-03-15", "0.00"), ("2026-03-16", "103.07")],  # window 15.01. → 15.03.; 60 days at 6,27 %
)
def test_verwendungszinsen_alsbald_window_last_day(verwendet, zinsen):
    r = rules.rechne(
        {
            "rechnung": "verwendungszinsen",
            "auszahlungen": [{"datum": "2026-01-15", "betrag": "10000.00"}],
            "verwendungen": [{"datum": verwendet, "betrag": "10000.00"}],
        }
    )
    assert r.ergebnis["zinsen"] == zinsen
    assert r.befunde == []


# -- Verwendungsnachweis and Änderung ------------------------------------------------------------


def test_anteil_rounds_down_hoechstens_90_prozent():
    # 90 % of 10.000,05 € = 9.000,045 €: half up would give 9.000,05 €
    assert rules.anerkannt_anteil(D("0.90"), D("70000.00"), D("10000.05")) == D("9000.04")
    assert rules.anerkannt_anteil(D("0.90"), D("70000.00"), D("100000.00")) == D("70000.00")
    r = rules.rechne(
        {
            "rechnung": "verwendungsnachweis",
            "finanzierungsart": "anteil",
            "foerdersatz": "0.90",
            "hoechstbetrag": "70000.00",
            "zuwendungsfaehige_ausgaben_ist": "10000.05",
            "ausgezahlt": "9500.00",
        }
    )
    assert r.ergebnis == {"anerkannt": "9000.04", "erstattung": "499.96"}


ISSUE_20 = [
    {
        "pauschale": "B1",
        "satz": "35.00",
        "einheiten_bewilligt": 40,
        "einheiten_erbracht": 31,
        "empfaenger": "Verein A",
    },
    {
        "pauschale": "A2",
        "satz": "400.00",
        "einheiten_bewilligt": 12,
        "einheiten_erbracht": 10,
        "empfaenger": "Verein B",
    },
    {
        "pauschale": "C2",
        "satz": "50.00",
        "einheiten_bewilligt": 30,
        "einheiten_erbracht": 36,
        "empfaenger": "Verein A",
    },
]


def test_pauschalen_above_and_below_plan_issue_20():
    parameter = rules.standardwerte()
    for zeile in ISSUE_20:  # the rates are the shipped Pauschalen
        assert zeile["satz"] == parameter[f"II.pauschale.{zeile['pauschale']}"]
    r = rules.rechne(
        {
            "rechnung": "verwendungsnachweis",
            "finanzierungsart": "pauschalen",
            "ausgezahlt": "7700.00",
            "zeilen": ISSUE_20,
        }
    )
    assert r.ergebnis == {
        "anerkannt": "6585.00",  # 31 × 35 + 10 × 400 + 30 × 50; the 6 extra pages offset nothing
        "erstattung": "1115.00",
        "je_empfaenger": [
            {"empfaenger": "Verein A", "anerkannt": "2585.00", "erstattung": "315.00"},
            {"empfaenger": "Verein B", "anerkannt": "4000.00", "erstattung": "800.00"},
        ],
    }


def test_pauschalen_split_differs_when_not_all_was_paid():
    zeilen = [Pauschalzeile("B1", D("35.00"), 40, 31, "Verein A")]
    r = rules.verwendungsnachweis_pauschalen(zeilen=zeilen, ausgezahlt=D("1100.00"))
    assert (r.anerkannt, r.erstattung) == (D("1085.00"), D("15.00"))
    assert r.je_empfaenger[0].erstattung == D("315.00")
    assert "verwendung.aufteilung" in [b.code for b in r.befunde]


DORTMUND_ZWEITE_STELLE = [{"stellen": "1.0", "monate": 3, "festbetrag_stelle": "57000.00"}]  # filled 1 April


def test_aenderung_part_i_vacancy_cut_issue_19():
    # 2 posts × 57.000 € + Sachmittel 20.000 € = 134.000 €; the second post vacant January to March
    r = rules.rechne(
        {
            "rechnung": "aenderung",
            "bewilligt": "134000.00",
            "ausgezahlt": "67000.00",
            "unbesetzt": DORTMUND_ZWEITE_STELLE,
        }
    )
    assert r.ergebnis == {"neu_bewilligt": "119750.00", "noch_abrufbar": "52750.00", "lrh_mitteilung": True}
    assert rules.kuerzung_unbesetzt([Unbesetzt(D("1.0"), 3, D("57000.00"))]) == D("14250.00")
    assert [b.code for b in r.befunde] == ["aenderung.lrh_mitteilung"]


def test_aenderung_overpaid_and_below_lrh_threshold():
    r = rules.aenderung(
        bewilligt=D("40000.00"),
        ausgezahlt=D("40000.00"),
        unbesetzt=[Unbesetzt(D("0.5"), 1, D("57000.00"))],
        lrh_schwelle=D("50000.00"),
    )
    assert (r.neu_bewilligt, r.noch_abrufbar, r.lrh_mitteilung) == (D("37625.00"), D("0.00"), False)
    assert [b.code for b in r.befunde] == ["aenderung.ueberzahlung"]


@pytest.mark.parametrize(
    ("ausgaben_ist", "anerkannt", "erstattung"),
    [("140000.00", "119750.00", "14250.00"), ("100000.00", "100000.00", "34000.00")],
)
def test_festbetrag_vacancy_cut_and_actual_costs(ausgaben_ist, anerkannt, erstattung):
    r = rules.rechne(
        {
            "rechnung": "verwendungsnachweis",
            "finanzierungsart": "festbetrag",
            "festbetrag": "134000.00",
            "ausgaben_ist": ausgaben_ist,
            "unbesetzt": DORTMUND_ZWEITE_STELLE,
            "ausgezahlt": "134000.00",
        }
    )
    assert r.ergebnis == {"anerkannt": anerkannt, "erstattung": erstattung}


def test_rechne_uses_the_periods_parameters():
    eingabe = {"rechnung": "bestandskraft", "bekanntgabe": "2026-06-03"}
    r = rules.rechne(eingabe, {"rechtsbehelf.frist_monate": 2})
    assert r.ergebnis["klagefrist_ende"] == "2026-08-03"


@pytest.mark.parametrize(
    ("ereignis", "tage", "ende"),
    [
        (date(2026, 3, 2), 14, date(2026, 3, 16)),  # Monday + 14 days: a Monday, stays
        (date(2026, 3, 6), 14, date(2026, 3, 20)),  # Friday + 14: a Friday
        (date(2026, 3, 7), 14, date(2026, 3, 23)),  # Saturday + 14 = Saturday → Monday
        (date(2026, 5, 21), 14, date(2026, 6, 5)),  # 04.06.2026 is Fronleichnam (NRW) → Friday
        (date(2026, 12, 11), 14, date(2026, 12, 28)),  # 25.12. Christmas, 26./27. weekend → 28.12.
    ],
)
def test_tagesfrist_counts_from_the_next_day_and_moves_off_non_working_days(ereignis, tage, ende):
    assert rules.tagesfrist(ereignis, tage) == ende


def test_vn_fristen_refuses_a_purpose_fulfilled_before_the_bewilligungszeitraum():
    # It used to compute a VN due date (01.07.2025) before the grant had even begun.
    r = rules.rechne(
        {
            "rechnung": "vn_fristen",
            "nebenbestimmungen": "ANBest-G",
            "bewilligungszeitraum_von": "2026-01-01",
            "bewilligungszeitraum_bis": "2026-12-31",
            "zweck_erfuellt_am": "2025-01-01",
        }
    )
    assert r.ergebnis == {}
    assert [(b.code, b.feld) for b in r.befunde] == [("eingabe.ungueltig", "zweck_erfuellt_am")]
    assert "„Zweck erfüllt am“ liegt vor „Beginn des Bewilligungszeitraums“" in r.befunde[0].meldung
