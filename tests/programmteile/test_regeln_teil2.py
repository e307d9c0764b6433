"""Part II rules of issue 17: A1 rooms and A2 months per Ankommenstreffpunkt, A2 months within the
Bewilligungszeitraum, A1 planned costs against rooms × Pauschale, the Letztempfänger with name,
legal form and address, and who may receive forwarded money. Pure Python."""

from __future__ import annotations

from decimal import Decimal

import pytest

from programmteile import rules
from tests.programmteile.test_rules import P, massnahme_ii, mit_code, pruefe, teil2, treffpunkt


def _a1(ort: str, raeume: int, **felder) -> dict:
    return treffpunkt(einheiten=raeume, treffpunkt=ort, geplante_kosten=f"{raeume * 1000 + 1}.00", **felder)


def _a2(ort: str, monate: int, **felder) -> dict:
    return treffpunkt(pauschale="A2", einheiten=monate, treffpunkt=ort, geplante_kosten=None, **felder)


def test_a1_rooms_add_up_per_treffpunkt_not_per_line():
    ergebnis = pruefe(teil2(_a1("Treff Nord", 1), _a1("Treff Süd", 2), _a1("Treff Nord", 2)))
    befunde = mit_code(ergebnis, "II.A1.raeume")
    assert [(b.feld, b.meldung) for b in befunde] == [
        (
            "massnahmen.2.einheiten",
            "Für A1 sind am Ankommenstreffpunkt „Treff Nord“ insgesamt (Maßnahmen 1 und 3) 3 Räume angegeben. "
            "Je Ankommenstreffpunkt werden höchstens 2 Räume mit je 1.000,00 € gefördert.",
        )
    ]
    # the calculation grants the site's 2 rooms once: 1 + 2 (Süd) + 1 of the 2 asked in line 3
    assert [p.betrag for p in ergebnis.berechnung.posten] == [
        Decimal("1000"),
        Decimal("2000"),
        Decimal("1000"),
    ]


def test_two_sites_each_get_their_own_cap():
    ergebnis = pruefe(
        teil2(_a1("Treff Nord", 2), _a1("Treff Süd", 2), _a2("Treff Nord", 12), _a2("Treff Süd", 12))
    )
    assert not mit_code(ergebnis, "II.A1.raeume") and not mit_code(ergebnis, "II.A2.monate")
    assert ergebnis.berechnung.zuwendungsfaehige_ausgaben == 2 * 2 * Decimal("1000") + 2 * 12 * Decimal("400")


def test_lines_without_a_named_treffpunkt_count_per_letztempfaenger():
    ergebnis = pruefe(teil2(_a2("", 8), _a2("", 8)))
    assert [b.feld for b in mit_code(ergebnis, "II.A2.monate")] == ["massnahmen.1.einheiten"]
    assert ergebnis.berechnung.zuwendungsfaehige_ausgaben == 12 * Decimal("400")


@pytest.mark.parametrize(
    ("von", "bis", "grenze"),
    [("2026-03-01", "2026-12-31", 10), ("2026-12-15", "2026-12-31", 1), ("2026-01-01", "2026-12-31", 12)],
)
def test_a2_months_never_exceed_the_months_of_the_bewilligungszeitraum(von, bis, grenze):
    zeitraum = {"bewilligung_von": von, "bewilligung_bis": bis}
    assert not mit_code(pruefe(teil2(_a2("Treff", grenze), **zeitraum)), "II.A2.monate")
    ergebnis = pruefe(teil2(_a2("Treff", grenze + 1), **zeitraum))
    befunde = mit_code(ergebnis, "II.A2.monate")
    assert len(befunde) == 1 and befunde[0].schwere == "fehler"
    assert ergebnis.berechnung.zuwendungsfaehige_ausgaben == grenze * Decimal("400")
    if grenze < 12:
        assert f"umfasst {grenze} Monat" in befunde[0].meldung


def test_the_notice_cuts_a2_to_the_months_granted():
    antrag = teil2(_a2("Treff", 12))
    betraege = rules.bescheidbetraege(
        antrag, P, zeitraum=(rules.zeitraum.date(2026, 3, 1), rules.zeitraum.date(2026, 12, 31))
    )
    assert betraege.zeilen[0].hoechstens == 10 * Decimal("400")
    assert "Je Ankommenstreffpunkt werden höchstens 10 Monate laufende" in betraege.zeilen[0].kuerzungsgrund


def test_a1_costs_compare_with_rooms_times_pauschale():
    assert not mit_code(pruefe(teil2(treffpunkt(einheiten=2, geplante_kosten="2000.01"))), "II.A1.kosten")
    assert mit_code(pruefe(teil2(treffpunkt(einheiten=2, geplante_kosten="1500.00"))), "II.A1.kosten")


@pytest.mark.parametrize(
    ("felder", "feld", "teil"),
    [
        (
            {"empfaenger_rechtsform": ""},
            "massnahmen.0.empfaenger_rechtsform",
            "„Verein Beispiel e. V.“: Rechtsform.",
        ),
        (
            {"empfaenger_anschrift": " "},
            "massnahmen.0.empfaenger_anschrift",
            "„Verein Beispiel e. V.“: Anschrift.",
        ),
        (
            {"empfaenger_rechtsform": "", "empfaenger_anschrift": ""},
            "massnahmen.0.empfaenger_rechtsform",
            "„Verein Beispiel e. V.“: Rechtsform und Anschrift.",
        ),
        ({"empfaenger": ""}, "massnahmen.0.empfaenger", "fehlt beim Letztempfänger: Name."),
    ],
)
def test_empfaenger_needs_name_legal_form_and_address(felder, feld, teil):
    befunde = mit_code(pruefe(teil2(massnahme_ii(**felder))), "II.empfaenger.fehlt")
    assert len(befunde) == 1 and befunde[0].feld == feld and teil in befunde[0].meldung


@pytest.mark.parametrize("schluessel", list(rules.RECHTSFORMEN_LETZTEMPFAENGER))
def test_every_listed_legal_form_may_receive(schluessel):
    assert not mit_code(
        pruefe(teil2(massnahme_ii(empfaenger_rechtsform=schluessel))), "II.empfaenger.rechtsform"
    )


def test_summe_counts_the_site_cap_once():
    """Two lines of 2 rooms at one site are 2 eligible rooms against the Höchstbetrag, not 4."""
    antrag = teil2(_a1("Treff", 2), _a1("Treff", 2), hoechstbetrag="2000.00")
    assert not mit_code(pruefe(antrag), "II.summe.hoechstbetrag")
