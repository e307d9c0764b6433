"""Keyboard-only journey of an Änderungsantrag (issue 19), with the axe scan of every page on the way:
ki.dortmund starts a waiver from the grant's page, zeichnung.dortmund submits it.

No mouse events: only Tab, Enter, Space and the arrow keys (the radio group).
"""

from __future__ import annotations

import pytest

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _axe(seite, wo: str) -> None:
    verstoesse = hilfen.axe_verstoesse(seite, wo)
    assert not verstoesse, "\n".join(verstoesse)


def test_aenderung_beantragen_und_einreichen_nur_mit_tastatur(seite_als, dortmund, ki_dortmund, zeichnung_dortmund):
    from tests.zuwendungen import aenderung_hilfen as h
    from zuwendungen.models import Aenderungsantrag, AenderungStatus

    zuwendung, _ = h.teil1(org=dortmund)
    seite = seite_als(ki_dortmund)
    seite.goto(f"/zuwendungen/{zuwendung.pk}/")
    _axe(seite, "Zuwendung mit Abschnitt Änderungen")
    ablaeufe.knopf_druecken(seite, "Änderung beantragen")
    _axe(seite, "Art der Änderung")
    hilfen.tab_zu_feld(seite, "art")
    seite.keyboard.press("ArrowDown")
    seite.keyboard.press("ArrowDown")  # the third Art of Part I: Verzicht
    ablaeufe.knopf_druecken(seite, "Weiter")
    assert "Verzicht" in seite.locator(".lead").inner_text()
    # an amount above the grant: the rules' message at the field, the input kept
    hilfen.tippe_in_feld(seite, "betrag", "200.000,00")
    hilfen.tippe_in_feld(seite, "begruendung", "Eine Maßnahme entfällt.")
    ablaeufe.knopf_druecken(seite, "Entwurf speichern")
    assert "unter der bisherigen" in seite.locator("main").inner_text()
    _axe(seite, "Änderungsantrag mit Fehler")
    hilfen.tippe_in_feld(seite, "betrag", "120.000,00")
    ablaeufe.knopf_druecken(seite, "Entwurf speichern")
    a = Aenderungsantrag.objects.get(zuwendung=zuwendung)
    assert "Änderungsantrag 1" in seite.locator("h1").inner_text()
    _axe(seite, "Seite des Änderungsantrags (Entwurf)")

    seite = seite_als(zeichnung_dortmund)
    seite.goto(f"/zuwendungen/aenderungen/{a.pk}/")
    ablaeufe.knopf_druecken(seite, "Änderungsantrag einreichen")
    assert "eingereicht" in hilfen.statusmeldung(seite)
    a.refresh_from_db()
    assert a.status == AenderungStatus.EINGEREICHT and str(a.beantragt_neu) == "120000.00"
    _axe(seite, "Seite des Änderungsantrags (eingereicht)")
