"""Session timeout without lost work (WCAG 2.2.1): warning data, keep-alive, saved input."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.urls import reverse

from komman.middleware import LETZTE_AKTIVITAET
from komman.sitzung import GesicherteEingabe
from tests.factories import PASSWORT

RESTORE_HINWEIS = "Ihre Sitzung war abgelaufen; Ihre Eingaben sind wiederhergestellt"


def _login(client, username="ki.dortmund"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORT}, REMOTE_ADDR="10.0.0.9")


@pytest.mark.django_db
def test_page_tells_the_script_how_long_the_session_has(client, ki_dortmund):
    _login(client)
    html = client.get(reverse("start")).content.decode()
    assert 'data-sitzung-verbleibend="1800"' in html or 'data-sitzung-verbleibend="1799"' in html
    assert "js/sitzung.js" in html and reverse("sitzung_verlaengern") in html


@pytest.mark.django_db
def test_asking_how_long_is_left_is_no_activity_but_extending_is(client, ki_dortmund):
    _login(client)
    jetzt = time.time()
    with mock.patch("komman.middleware.time.time", return_value=jetzt + 28 * 60):
        stand = client.get(reverse("sitzung_stand")).json()
    assert 100 <= stand["verbleibend"] <= 120
    assert client.session[LETZTE_AKTIVITAET] <= jetzt + 1
    with mock.patch("komman.middleware.time.time", return_value=jetzt + 28 * 60):
        neu = client.post(reverse("sitzung_verlaengern")).json()
    assert neu["verbleibend"] == 1800
    with mock.patch("komman.middleware.time.time", return_value=jetzt + 57 * 60):
        assert client.get(reverse("start")).status_code == 200  # 29 minutes after extending


@pytest.mark.django_db
def test_save_after_expiry_keeps_the_input_and_restores_it_after_login(client, ki_dortmund):
    _login(client)
    seite = reverse("barrierefreiheit")
    jetzt = time.time()
    with mock.patch("komman.middleware.time.time", return_value=jetzt + 31 * 60):
        antwort = client.post(
            reverse("password_change"),
            {"old_password": PASSWORT, "new_password1": "x", "notiz": "Mein langer Text", "auswahl": ["a", "b"]},
            HTTP_REFERER="http://testserver" + seite,
        )
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("login") + "?next=" + seite.replace("/", "%2F")
    gesichert = GesicherteEingabe.objects.get(user=ki_dortmund)
    assert gesichert.pfad == seite
    assert gesichert.daten == {"notiz": ["Mein langer Text"], "auswahl": ["a", "b"]}  # never passwords
    assert "Ihre Eingaben sind gesichert" in client.get(antwort["Location"]).content.decode()

    _login(client)
    html = client.get(seite).content.decode()
    assert RESTORE_HINWEIS in html
    assert 'id="komman-wiederherstellen"' in html and "Mein langer Text" in html
    assert not GesicherteEingabe.objects.exists()
    assert RESTORE_HINWEIS not in client.get(seite).content.decode()  # once


@pytest.mark.django_db
def test_saved_input_is_only_for_its_owner(client, ki_dortmund, ki_bochum):
    GesicherteEingabe.objects.create(user=ki_dortmund, pfad=reverse("start"), daten={"x": ["geheim"]})
    _login(client, "ki.bochum")
    assert "geheim" not in client.get(reverse("start")).content.decode()
