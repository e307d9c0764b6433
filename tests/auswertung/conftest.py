import pytest

from auswertung import prozesse


@pytest.fixture
def ohne_verfahren(monkeypatch):
    """As before the VN and Widerruf processes landed: no model of theirs is installed."""
    monkeypatch.setattr(prozesse, "MODELLE", {name: ("gibt_es_nicht",) for name in prozesse.MODELLE})
