"""The daily run's registry and command: steps run in order, each with the reference day."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zuwendungen import taeglich


@pytest.fixture
def leere_schritte(monkeypatch):
    monkeypatch.setattr(taeglich, "SCHRITTE", {})
    return taeglich.SCHRITTE


def test_steps_run_in_order_with_the_day(leere_schritte):
    gesehen = []

    @taeglich.schritt("erster")
    def erster(heute):
        gesehen.append(("erster", heute))
        return 2

    @taeglich.schritt("zweiter")
    def zweiter(heute):
        gesehen.append(("zweiter", heute))
        return 0

    tag = datetime.date(2026, 12, 31)
    assert taeglich.lauf(tag) == {"erster": 2, "zweiter": 0}
    assert gesehen == [("erster", tag), ("zweiter", tag)]


def test_a_name_is_registered_once(leere_schritte):
    taeglich.schritt("einmal")(lambda heute: 0)
    with pytest.raises(ValueError, match="schon registriert"):
        taeglich.schritt("einmal")(lambda heute: 1)


def test_command_reports_each_step_and_the_day(leere_schritte):
    taeglich.schritt("zaehlt")(lambda heute: heute.day)
    out = StringIO()
    call_command("fristen", "--heute", "2026-03-07", stdout=out)
    assert "zaehlt: 7" in out.getvalue()
    assert "07.03.2026" in out.getvalue()


def test_command_refuses_a_bad_day_in_german(leere_schritte):
    with pytest.raises(CommandError, match="kein Datum im Format JJJJ-MM-TT"):
        call_command("fristen", "--heute", "2026-02-30")
