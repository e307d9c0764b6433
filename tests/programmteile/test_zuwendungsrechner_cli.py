"""The zuwendungsrechner command: one JSON object on stdout, exit 0 / 2, never a traceback.

A few runs go through manage.py in a subprocess (no SECRET_KEY, an unreachable database);
the many broken inputs run in-process through call_command.
"""

import json
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmteile import rules
from tests.programmteile import kommandozeile
from tests.programmteile.kommandozeile import datei

ZINSEN = {"rechnung": "zinsen", "betrag": "10000.00", "von": "2022-12-01", "bis": "2023-08-15"}


manage_py = partial(kommandozeile.manage_py, "zuwendungsrechner")
rufe = partial(kommandozeile.rufe, "zuwendungsrechner")


def nur_eingabe_ungueltig(ausgabe: dict, feld: str = "") -> str:
    """The output of an unreadable input: one eingabe.ungueltig fehler, empty ergebnis; returns the message."""
    assert set(ausgabe) == {"rechnung", "ergebnis", "befunde"}
    assert ausgabe["ergebnis"] == {}
    assert [(b["schwere"], b["code"], b["feld"], b["quelle"]) for b in ausgabe["befunde"]] == [
        ("fehler", "eingabe.ungueltig", feld, "")
    ]
    return ausgabe["befunde"][0]["meldung"]


# -- Through manage.py ---------------------------------------------------------------------------


def test_exits_0_without_secret_key_or_database(tmp_path):
    status, ausgabe = manage_py(datei(ZINSEN, tmp_path))
    assert status == 0
    assert ausgabe["rechnung"] == "zinsen"
    assert ausgabe["ergebnis"]["zinsen"] == "464.48"
    assert ausgabe["befunde"] == []


def test_dash_reads_standard_input_and_befunde_carry_every_key():
    eingabe = {"rechnung": "widerrufsfrist", "kenntnis_am": "2026-03-10", "entscheidung_am": "2027-03-11"}
    status, ausgabe = manage_py("-", eingabe=json.dumps(eingabe).encode())
    assert status == 0
    assert ausgabe["ergebnis"] == {"frist_ende": "2027-03-10"}
    assert ausgabe["befunde"] == [
        {
            "schwere": "fehler",
            "code": "widerruf.frist_abgelaufen",
            "feld": "entscheidung_am",
            "meldung": "Die Jahresfrist für Widerruf oder Rücknahme ist am 10.03.2027 abgelaufen (Kenntnis am "
            "10.03.2026); eine Entscheidung am 11.03.2027 ist nicht mehr zulässig.",
            "quelle": "§§ 48 Abs. 4, 49 Abs. 3 S. 2 VwVfG NRW",
        }
    ]


def test_broken_json_and_missing_argument_exit_2():
    status, ausgabe = manage_py("-", eingabe=b'{"rechnung": "zinsen",')
    assert status == 2
    assert nur_eingabe_ungueltig(ausgabe).startswith(
        "Die Standardeingabe enthält kein gültiges JSON (Zeile 1"
    )
    status, ausgabe = manage_py()
    assert status == 2
    assert nur_eingabe_ungueltig(ausgabe) == (
        "Der Aufruf ist ungültig (die Rechnungsdatei fehlt). "
        "Aufruf: python manage.py zuwendungsrechner RECHNUNG.json (oder - für die Standardeingabe)"
    )


# -- In-process ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        (b"", "enthält kein gültiges JSON (Zeile 1, Spalte 1: hier fehlt ein Wert)."),
        (b"{} []", "nach dem JSON-Objekt folgt noch etwas"),
        (b"\xff\xfe{}", "ist nicht in UTF-8 kodiert."),
        (b'{"rechnung": "zinsen", "betrag": NaN}', "enthält kein gültiges JSON."),
        (b"[]", "Die Eingabe ist kein JSON-Objekt."),
        (b"null", "Die Eingabe ist kein JSON-Objekt."),
    ],
)
def test_unreadable_file_exits_2(tmp_path, inhalt, meldung):
    status, ausgabe, _ = rufe(datei(inhalt, tmp_path))
    assert status == 2
    assert meldung in nur_eingabe_ungueltig(ausgabe)


@pytest.mark.parametrize(
    ("eingabe", "feld", "meldung"),
    [
        ({"rechnung": "zins"}, "rechnung", "Erwartet wird „bestandskraft“ oder „mittelabruf“"),
        ({}, "rechnung", "Das Feld „Rechnung“ fehlt oder ist ungültig."),
        (ZINSEN | {"betrag": 10000}, "betrag", "Erwartet wird ein Betrag ab 0 als Text"),
        (ZINSEN | {"betrag": "10000.001"}, "betrag", "höchstens zwei Nachkommastellen"),
        (ZINSEN | {"betrag": "-5.00"}, "betrag", "ein Betrag ab 0"),
        (ZINSEN | {"von": "2026-02-30"}, "von", "ein gültiges Datum im Format JJJJ-MM-TT"),
        (ZINSEN | {"von": "1.3.2026"}, "von", "ein gültiges Datum"),
        (ZINSEN | {"bis": "2022-11-30"}, "bis", "„Bis“ liegt vor „Von“"),
        ({"rechnung": "zinsen", "betrag": "1.00", "von": "2026-01-01"}, "bis", "Das Pflichtfeld „Bis“ fehlt."),
        (ZINSEN | {"aufschlag_prozentpunkte": 5}, "aufschlag_prozentpunkte", "eine Zahl als Text"),
        (ZINSEN | {"basiszins": [{"ab": "2020-01-01", "satz": -0.88}]}, "basiszins.0.satz", "Satz (Basiszinssätze, Eintrag 1)"),
        (ZINSEN | {"basiszins": []}, "basiszins", "mindestens einem Eintrag"),
        (ZINSEN | {"basiszins": {"ab": "2020-01-01"}}, "basiszins", "eine Liste von Objekten"),
        ({"rechnung": "bestandskraft", "bekanntgabe": "2026-05-04", "klage_erhoben": "nein"}, "klage_erhoben", "true oder false"),
        (
            {"rechnung": "mittelabruf", "bewilligt": "1.00", "ausgezahlt": "0.00", "auszahlung_am": "2026-01-01",
             "bewilligungszeitraum_bis": "2026-12-31", "bedarfe": [{"faellig": "2026-02-01", "betrag": 5}]},
            "bedarfe.0.betrag",
            "Betrag (Bedarfe, Eintrag 1)",
        ),
        ({"rechnung": "verwendungsnachweis", "finanzierungsart": "fehlbedarf", "ausgezahlt": "0.00"},
         "finanzierungsart", "„anteil“ oder „festbetrag“ oder „pauschalen“"),
        ({"rechnung": "verwendungsnachweis", "finanzierungsart": "anteil", "ausgezahlt": "0.00", "foerdersatz": "90",
          "hoechstbetrag": "1.00", "zuwendungsfaehige_ausgaben_ist": "1.00"}, "foerdersatz", "„0.90“ für 90 %"),
        ({"rechnung": "aenderung", "bewilligt": "1.00", "ausgezahlt": "0.00",
          "unbesetzt": [{"stellen": 1, "monate": 3, "festbetrag_stelle": "57000.00"}]}, "unbesetzt.0.stellen", "Stellenzahl"),
        ({"rechnung": "vn_fristen", "nebenbestimmungen": "ANBest-X", "bewilligungszeitraum_von": "2026-01-01",
          "bewilligungszeitraum_bis": "2026-12-31"}, "nebenbestimmungen", "„ANBest-G“ oder „ANBest-P“"),
        ({"rechnung": "widerrufsfrist", "kenntnis_am": 20260310}, "kenntnis_am", "JJJJ-MM-TT"),
    ],
)  # fmt: skip
def test_unreadable_input_exits_2_naming_the_key(tmp_path, eingabe, feld, meldung):
    status, ausgabe, stderr = rufe(datei(eingabe, tmp_path))
    assert status == 2
    assert stderr == ""
    assert meldung in nur_eingabe_ungueltig(ausgabe, feld)


def test_every_rechnung_answers_with_its_keys(tmp_path):
    beispiele = {
        "bestandskraft": {"bekanntgabe": "2026-05-04"},
        "mittelabruf": {
            "bewilligt": "1000.00",
            "ausgezahlt": "0.00",
            "auszahlung_am": "2026-03-19",
            "bestandskraeftig_ab": None,
            "bewilligungszeitraum_bis": "2026-12-31",
            "bedarfe": [],
        },
        "zinsen": {"betrag": "1.00", "von": "2025-01-01", "bis": "2025-02-01"},
        "verwendungszinsen": {"auszahlungen": [], "verwendungen": []},
        "verwendungsnachweis": {
            "finanzierungsart": "festbetrag",
            "festbetrag": "1.00",
            "ausgaben_ist": "1.00",
            "ausgezahlt": "1.00",
        },
        "aenderung": {"bewilligt": "1.00", "ausgezahlt": "0.00"},
        "vn_fristen": {
            "nebenbestimmungen": "ANBest-P",
            "bewilligungszeitraum_von": "2026-01-01",
            "bewilligungszeitraum_bis": "2026-12-31",
        },
        "widerrufsfrist": {"kenntnis_am": "2026-03-10"},
    }
    schluessel = {
        "bestandskraft": {"klagefrist_ende", "bestandskraeftig_ab"},
        "mittelabruf": {"frueheste_auszahlung", "zeitfenster_bis", "freigabe", "abgelehnt"},
        "zinsen": {"zinsen", "tage", "abschnitte"},
        "verwendungszinsen": {"zinsen", "posten"},
        "verwendungsnachweis": {"anerkannt", "erstattung"},
        "aenderung": {"neu_bewilligt", "noch_abrufbar", "lrh_mitteilung"},
        "vn_fristen": {"verwendungsnachweis_faellig", "zwischennachweise"},
        "widerrufsfrist": {"frist_ende"},
    }
    assert set(beispiele) == set(rules.RECHNUNGEN)
    for name, eingabe in beispiele.items():
        status, ausgabe, _ = rufe(datei({"rechnung": name, **eingabe}, tmp_path))
        assert status == 0, ausgabe
        assert ausgabe["rechnung"] == name
        assert set(ausgabe["ergebnis"]) == schluessel[name]


def test_an_internal_error_still_gives_json_and_exit_2(tmp_path, monkeypatch):
    def kaputt(*args, **kwargs):
        raise ZeroDivisionError("Test")

    monkeypatch.setattr(rules, "rechne", kaputt)
    status, ausgabe, stderr = rufe(datei(ZINSEN, tmp_path))
    assert status == 2
    assert [b["code"] for b in ausgabe["befunde"]] == ["rechnung.abgebrochen"]
    assert "ZeroDivisionError" in stderr and "Traceback" not in stderr


json_werte = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=6)
    | st.sampled_from(["1.50", "-1", "2026-02-30", "2026-03-01", "zinsen", "pauschalen", *rules.RECHNUNGEN]),
    lambda innen: (
        st.lists(innen, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["rechnung", "betrag", "von", "bis", "bedarfe", "zeilen", "basiszins", "finanzierungsart"]
            ),
            innen,
        )
    ),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inhalt=st.binary(max_size=60) | json_werte.map(lambda w: json.dumps(w).encode()))
def test_any_file_gives_json_and_a_known_status(tmp_path, inhalt):
    status, ausgabe, stderr = rufe(datei(inhalt, tmp_path))
    assert status in (0, 2)
    assert stderr == ""
    assert set(ausgabe) == {"rechnung", "ergebnis", "befunde"}
    assert (status == 2) == any(b["code"] == "eingabe.ungueltig" for b in ausgabe["befunde"])
