"""rules.nachweis: the sample draw, retention dates, months of a period, plan vs actual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from programmteile import rules


def test_stichprobe_reproduzierbar_und_aufgerundet():
    kandidaten = list(range(100, 131))  # 31 VNs
    a = rules.stichprobe(kandidaten, prozent=10, seed=42)
    assert a.anzahl == 4 and len(a.gezogen) == 4  # 3.1 rounded up
    assert a == rules.stichprobe(list(reversed(kandidaten)), prozent=10, seed=42)  # order does not matter
    assert set(a.gezogen) <= set(kandidaten) and a.gezogen == sorted(a.gezogen)
    anders = {tuple(rules.stichprobe(kandidaten, prozent=10, seed=s).gezogen) for s in range(20)}
    assert len(anders) > 1  # the seed decides


@pytest.mark.parametrize(("n", "prozent", "anzahl"), [(0, 10, 0), (1, 10, 1), (10, 10, 1), (11, 10, 2), (5, 0, 0), (5, 100, 5)])
def test_stichprobe_umfang(n, prozent, anzahl):
    assert rules.stichprobe(range(n), prozent=prozent, seed=1).anzahl == anzahl


def test_aufbewahrung():
    assert rules.belege_aufbewahren_bis(date(2026, 6, 30), jahre=5) == date(2031, 6, 30)
    assert rules.belege_aufbewahren_bis(date(2024, 2, 29), jahre=5) == date(2029, 2, 28)
    assert rules.akte_vernichten_ab(date(2026, 12, 3), jahre=10) == date(2037, 1, 1)


def test_monate_und_prozent_und_stellen():
    assert rules.monate_im_zeitraum(date(2025, 1, 1), date(2025, 12, 31)) == 12
    assert rules.monate_im_zeitraum(date(2025, 7, 1), date(2026, 6, 30)) == 12
    assert rules.monate_im_zeitraum(date(2025, 3, 15), date(2025, 5, 2)) == 3
    assert rules.anteil_prozent(Decimal("1085.00"), Decimal("1400.00")) == Decimal("77.5")
    assert rules.anteil_prozent(Decimal("1"), Decimal("0")) is None
    assert rules.stellen_aufteilen(Decimal("1.5")) == [Decimal(1), Decimal("0.5")]
    assert rules.stellen_aufteilen(Decimal("2")) == [Decimal(1), Decimal(1)]
