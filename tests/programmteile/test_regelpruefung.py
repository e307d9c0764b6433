"""The regelpruefung command: one JSON object on stdout, exit 0 / 1 / 2, never a traceback.

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

TEIL1 = {
    "programmteil": "I",
    "foerderjahr": 2026,
    "stellen_zuweisung": "1.5",
    "stellen": "1.5",
    "personalausgaben": "85500.00",
    "sachmittel": "15000.00",
}


manage_py = partial(kommandozeile.manage_py, "regelpruefung")
rufe = partial(kommandozeile.rufe, "regelpruefung")


def nur_eingabe_ungueltig(ausgabe: dict, feld: str = "") -> str:
    """The output of an unreadable input: one eingabe.ungueltig fehler, zero Berechnung; returns the message."""
    assert ausgabe["zulaessig"] is False
    assert [(b["schwere"], b["code"], b["feld"]) for b in ausgabe["befunde"]] == [
        ("fehler", "eingabe.ungueltig", feld)
    ]
    assert ausgabe["berechnung"] == {"zuwendungsfaehige_ausgaben": "0.00", "zuwendung": "0.00", "posten": []}
    return ausgabe["befunde"][0]["meldung"]


# ---------------------------------------------------------------------------------------------
# Through manage.py
# ---------------------------------------------------------------------------------------------


def test_zulaessig_exits_0_without_secret_key_or_database(tmp_path):
    status, ausgabe = manage_py(datei(TEIL1, tmp_path))
    assert status == 0
    assert ausgabe["zulaessig"] is True
    assert [b["code"] for b in ausgabe["befunde"]] == ["bescheid.lrh_kopie"]  # a hinweis does not block
    assert ausgabe["berechnung"] == {
        "zuwendungsfaehige_ausgaben": "100500.00",
        "zuwendung": "100500.00",
        "posten": [
            {"bezeichnung": "Personalausgaben (1,5 Stellen × 57.000,00 €)", "betrag": "85500.00"},
            {"bezeichnung": "Sachmittel", "betrag": "15000.00"},
        ],
    }


def test_fehler_exit_1(tmp_path):
    status, ausgabe = manage_py(datei(TEIL1 | {"stellen": "2", "sachmittel": "15000.01"}, tmp_path))
    assert status == 1
    assert [(b["code"], b["feld"]) for b in ausgabe["befunde"] if b["schwere"] == "fehler"] == [
        ("I.stellen.zuweisung", "stellen"),
        ("I.sachmittel.hoechstbetrag", "sachmittel"),
    ]


def test_broken_json_exits_2(tmp_path):
    status, ausgabe = manage_py(datei('{"programmteil": "I",', tmp_path))
    assert status == 2
    assert "kein gültiges JSON (Zeile 1" in nur_eingabe_ungueltig(ausgabe)


def test_dash_reads_standard_input():
    assert manage_py("-", eingabe=json.dumps(TEIL1).encode())[0] == 0
    status, ausgabe = manage_py("-", eingabe=b"nicht json")
    assert status == 2
    assert nur_eingabe_ungueltig(ausgabe).startswith("Die Standardeingabe enthält kein gültiges JSON")


def test_missing_argument_exits_2_with_json():
    status, ausgabe = manage_py()
    assert status == 2
    assert nur_eingabe_ungueltig(ausgabe) == (
        "Der Aufruf ist ungültig (die Antragsdatei fehlt). "
        "Aufruf: python manage.py regelpruefung ANTRAG.json [--parameter PARAMETER.json]"
    )


def test_parameter_file_of_an_older_period(tmp_path):
    status, ausgabe = manage_py(
        datei(TEIL1, tmp_path), "--parameter", datei({"I.festbetrag_stelle": "50000.00"}, tmp_path)
    )
    assert status == 1
    assert [b["meldung"] for b in ausgabe["befunde"] if b["code"] == "I.personal.hoechstbetrag"] == [
        "Die Personalausgaben (85.500,00 €) übersteigen den Festbetrag. Für 1,5 Stellen sind höchstens "
        "75.000,00 € zuwendungsfähig (50.000,00 € je Vollzeitstelle)."
    ]


# ---------------------------------------------------------------------------------------------
# In-process: every kind of broken input gives exit 2 and one German message
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        (b"", "enthält kein gültiges JSON (Zeile 1, Spalte 1: hier fehlt ein Wert)."),
        (b'{"a": 1,}', "(Zeile 1, Spalte 9: hier fehlt ein Feldname in doppelten Anführungszeichen)."),
        (b"{} []", "nach dem JSON-Objekt folgt noch etwas"),
        (b"{", "enthält kein gültiges JSON"),
        (b"\xff\xfe{}", "ist nicht in UTF-8 kodiert."),
        (b'{"programmteil": "I", "foerderjahr": NaN}', "enthält kein gültiges JSON."),
        (b"[" * 100_000 + b"]" * 100_000, "enthält kein gültiges JSON"),
        (b"[]", "Die Eingabe ist kein JSON-Objekt."),
        (b"null", "Die Eingabe ist kein JSON-Objekt."),
        (b'"Antrag"', "Die Eingabe ist kein JSON-Objekt."),
    ],
)
def test_unreadable_file_exits_2(tmp_path, inhalt, meldung):
    status, ausgabe, _ = rufe(datei(inhalt, tmp_path))
    assert status == 2
    assert meldung in nur_eingabe_ungueltig(ausgabe)


def test_utf8_with_byte_order_mark_is_read(tmp_path):
    assert rufe(datei(b"\xef\xbb\xbf" + json.dumps(TEIL1).encode(), tmp_path))[0] == 0


@pytest.mark.parametrize(
    ("aenderung", "feld"),
    [
        ({"programmteil": "IV"}, "programmteil"),
        ({"stellen": 1.5}, "stellen"),
        ({"personalausgaben": 85500}, "personalausgaben"),
        ({"foerderjahr": True}, "foerderjahr"),
        (
            {
                "programmteil": "II",
                "hoechstbetrag": "1.00",
                "massnahmen": [{"baustein": "B", "pauschale": "B1", "einheiten": True}],
            },
            "massnahmen.0.einheiten",
        ),
    ],
)
def test_wrong_types_exit_2_naming_the_field(tmp_path, aenderung, feld):
    status, ausgabe, _ = rufe(datei(TEIL1 | aenderung, tmp_path))
    assert status == 2
    nur_eingabe_ungueltig(ausgabe, feld)


def test_missing_and_unreadable_files_exit_2(tmp_path):
    status, ausgabe, _ = rufe(str(tmp_path / "fehlt.json"))
    assert status == 2
    assert nur_eingabe_ungueltig(ausgabe) == f"Die Datei „{tmp_path / 'fehlt.json'}“ wurde nicht gefunden."
    status, ausgabe, _ = rufe(str(tmp_path))
    assert status == 2
    assert nur_eingabe_ungueltig(ausgabe).endswith("ist ein Verzeichnis, keine Datei.")


def test_betrag_ungueltig_is_exit_1_not_2(tmp_path):
    status, ausgabe, _ = rufe(datei(TEIL1 | {"sachmittel": "15.000,00"}, tmp_path))
    assert status == 1
    assert [b["code"] for b in ausgabe["befunde"] if b["schwere"] == "fehler"] == ["betrag.ungueltig"]


def test_warnings_alone_exit_0(tmp_path):
    spaet = TEIL1 | {"antragsfrist": "2026-02-28", "eingang": "2026-03-02", "massnahmebeginn": "2026-01-01"}
    status, ausgabe, _ = rufe(datei(spaet, tmp_path))
    assert status == 0
    assert {b["code"]: b["schwere"] for b in ausgabe["befunde"]} == {
        "frist.versaeumt": "warnung",
        "beginn.vorzeitig": "warnung",
        "bescheid.lrh_kopie": "hinweis",
    }


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        (b"[]", "Die Parameterdatei enthält kein JSON-Objekt."),
        (b"{", "enthält kein gültiges JSON"),
        (b'{"I.festbetrag_stelle": 57000}', "Der Parameter „I.festbetrag_stelle“ ist ungültig (57000)."),
        (b'{"III.foerdersatz": "0.90"}', "„III.foerdersatz“ ist kein bekannter Regelparameter"),
    ],
)
def test_broken_parameter_file_exits_2(tmp_path, parameter, meldung):
    status, ausgabe, _ = rufe(datei(TEIL1, tmp_path), "--parameter", datei(parameter, tmp_path))
    assert status == 2
    assert meldung in nur_eingabe_ungueltig(ausgabe, "--parameter")


def test_parameter_null_switches_a_check_off(tmp_path):
    zu_viel = datei(TEIL1 | {"sachmittel": "99999.00"}, tmp_path)
    status, ausgabe, _ = rufe(zu_viel, "--parameter", datei({"I.sachmittel.1.5": None}, tmp_path))
    assert status == 0
    assert "parameter.fehlt" in [b["code"] for b in ausgabe["befunde"]]


def test_an_internal_error_still_gives_json_and_exit_2(tmp_path, monkeypatch):
    def kaputt(*args, **kwargs):
        raise ZeroDivisionError("Test")

    monkeypatch.setattr(rules, "pruefe", kaputt)
    status, ausgabe, stderr = rufe(datei(TEIL1, tmp_path))
    assert status == 2
    assert [b["code"] for b in ausgabe["befunde"]] == ["pruefung.abgebrochen"]
    assert "ZeroDivisionError" in stderr and "Traceback" not in stderr


json_werte = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6) | st.sampled_from(["1.5", "-1", "A1"]),
    lambda innen: (
        st.lists(innen, max_size=3) | st.dictionaries(st.sampled_from([*TEIL1, "massnahmen"]), innen)
    ),
    max_leaves=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inhalt=st.binary(max_size=60) | json_werte.map(lambda w: json.dumps(w).encode()))
def test_any_file_gives_json_and_a_known_status(tmp_path, inhalt):
    status, ausgabe, stderr = rufe(datei(inhalt, tmp_path))
    assert status in (0, 1, 2)
    assert stderr == ""
    assert ausgabe["zulaessig"] == (status == 0)
