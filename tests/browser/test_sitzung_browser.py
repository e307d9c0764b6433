"""Session timeout (WCAG 2.2.1): the warning dialog by keyboard, and typed input surviving expiry."""

from __future__ import annotations

import datetime
import time
from urllib.parse import urlsplit

import pytest

from komman.middleware import LETZTE_AKTIVITAET
from tests.browser import hilfen
from tests.factories import PASSWORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sitzung(kontext):
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    schluessel = next(c["value"] for c in kontext.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return SessionStore(session_key=schluessel)


def test_warnung_vor_dem_ablauf_und_verlaengern_mit_tastatur(seite_als, kontext, ki_dortmund, settings):
    # 2 minutes + 4 seconds: the warning comes 4 seconds after the page loaded.
    settings.SESSION_LEERLAUF = datetime.timedelta(seconds=124)
    seite = seite_als(ki_dortmund)
    seite.goto("/")
    dialog = seite.locator("dialog.sitzung-dialog")
    dialog.wait_for(state="visible", timeout=15000)
    assert dialog.get_attribute("role") == "alertdialog" and dialog.get_attribute("aria-modal") == "true"
    assert "läuft bald ab" in dialog.locator("#sitzung-titel").inner_text()
    assert "abgemeldet" in dialog.locator("#sitzung-text").inner_text()
    f = hilfen.fokus(seite)
    assert f.text == "Angemeldet bleiben" and f.sichtbar, f
    seite.keyboard.press("Tab")
    assert hilfen.fokus(seite).text == "Jetzt abmelden"
    seite.keyboard.press("Shift+Tab")
    assert hilfen.fokus(seite).text == "Angemeldet bleiben"
    vorher = _sitzung(kontext)[LETZTE_AKTIVITAET]
    seite.keyboard.press("Enter")
    dialog.wait_for(state="hidden", timeout=5000)
    assert _sitzung(kontext)[LETZTE_AKTIVITAET] > vorher  # extended on the server
    assert seite.evaluate("document.activeElement === document.body || !!document.activeElement")


def test_eingaben_nach_abgelaufener_sitzung_wiederhergestellt(seite_als, kontext, ki_dortmund):
    seite = seite_als(ki_dortmund)
    seite.goto("/barrierefreiheit/")
    text = "Die Tabelle auf der Seite Anlagen lässt sich mit der Tastatur nicht scrollen."
    seite.locator("#id_nachricht").fill(text)
    seite.locator("#id_seite").fill("Anlagen")
    # Meanwhile the session ran out (31 minutes without a request).
    sitzung = _sitzung(kontext)
    sitzung[LETZTE_AKTIVITAET] = time.time() - 31 * 60
    sitzung.save()
    seite.locator("#id_nachricht").press("Tab")
    seite.locator("form button[type=submit]").last.click()
    seite.wait_for_load_state()
    assert urlsplit(seite.url).path == "/anmelden/"
    assert "Ihre Eingaben sind gesichert" in seite.content()
    seite.locator("#id_username").fill("ki.dortmund")
    seite.locator("#id_password").fill(PASSWORT)
    seite.locator("#id_password").press("Enter")
    seite.wait_for_load_state()
    assert urlsplit(seite.url).path == "/barrierefreiheit/"
    assert "Ihre Sitzung war abgelaufen; Ihre Eingaben sind wiederhergestellt" in seite.content()
    assert seite.locator("#id_nachricht").input_value() == text
    assert seite.locator("#id_seite").input_value() == "Anlagen"
