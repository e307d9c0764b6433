"""Fixtures of the antraege tests: open 2026 periods with Zuweisungen for Dortmund and Bochum."""

from decimal import Decimal

import pytest

from tests.factories import make_periode, make_zuweisung


@pytest.fixture
def perioden(dortmund, bochum):
    result = {nummer: make_periode(nummer) for nummer in ("I", "II", "III")}
    for kommune in (dortmund, bochum):
        make_zuweisung(result["I"], kommune, stellen=Decimal("1.5"))
        make_zuweisung(result["II"], kommune, hoechstbetrag=Decimal("57100.00"))
    return result
