"""One code catalogue (rules.CODES) for pruefe() and the Zuwendungsrechner; one feldname();
one month arithmetic (the notices use rules.plus_monate)."""

from __future__ import annotations

import re
from pathlib import Path

from programmteile import rules

DOKU = Path(__file__).resolve().parents[2] / "docs" / "zuwendungsrechner.md"


def test_every_rechner_code_is_in_the_catalogue_and_documented():
    tabelle = dict(
        re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (\w+) \|", DOKU.read_text(encoding="utf-8"), re.M)
    )
    for code, (schwere, quelle) in rules.CODES_RECHNER.items():
        assert rules.CODES[code] == (schwere, quelle)
        assert tabelle.get(code) == schwere, code
        assert quelle
    assert not set(rules.CODES_RECHNER) & set(rules.CODES_PRUEFUNG)


def test_rechner_befunde_come_from_the_catalogue():
    faelle = [
        {
            "rechnung": "bestandskraft",
            "bekanntgabe": "2026-03-10",
            "rechtsbehelfsverzicht_eingang": "2026-03-01",
            "klage_erhoben": True,
        },
        {"rechnung": "widerrufsfrist", "kenntnis_am": "2025-01-10", "entscheidung_am": "2026-02-01"},
        {"rechnung": "zinsen", "betrag": "100.00", "von": "2026-01-01", "bis": "2199-01-01"},
        {
            "rechnung": "aenderung",
            "bewilligt": "100000.00",
            "ausgezahlt": "100000.00",
            "unbesetzt": [{"stellen": "1", "monate": 12, "festbetrag_stelle": "57000.00"}],
        },
    ]
    gesehen = set()
    for eingabe in faelle:
        for b in rules.rechne(eingabe).befunde:
            if b.code == "eingabe.ungueltig":
                continue
            assert (b.schwere, b.quelle) == rules.CODES[b.code], b
            gesehen.add(b.code)
    assert {
        "bestandskraft.verzicht_vor_bekanntgabe",
        "bestandskraft.klage",
        "widerruf.frist_abgelaufen",
    } <= gesehen


def test_feldname_one_function_for_both_vocabularies():
    from programmteile.rules import rechner_eingabe

    assert rules.feldname("massnahmen.1.einheiten") == "Einheiten (Maßnahme 2)"
    assert rules.feldname("massnahmen.0") == "Maßnahme 1"
    assert rules.feldname("stellen_zuweisung") == "Stellenzuweisung"
    assert rechner_eingabe.feldname("bedarfe.1.betrag") == "Betrag (Bedarfe, Eintrag 2)"
    assert rechner_eingabe.feldname("basiszins.0") == "Basiszinssätze, Eintrag 1"
    assert rechner_eingabe.feldname("bekanntgabe") == "Bekanntgabe"


def test_notices_use_the_rules_month_arithmetic():
    from antraege.bescheide import werte

    assert werte.plus_monate is rules.plus_monate
