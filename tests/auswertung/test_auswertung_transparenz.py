"""Transparenz: off until the Administration switches it on; final grants only, no personal data."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from auswertung.models import Transparenzschaltung
from tests.auswertung.hilfen import Fall, S, anlegen

D = Decimal


@pytest.fixture
def welt(db):
    return anlegen([
        Fall(status=S.BESTANDSKRAEFTIG, zuwendung=D("2000.00"), final=True),
        Fall(status=S.BEWILLIGT, zuwendung=D("3000.00")),  # not final yet
        Fall(status=S.ABGELEHNT, zuwendung=D("0.00")),
        Fall(status=S.ENTWURF),
    ])  # fmt: skip


def test_off_by_default(welt, client):
    antwort = client.get(reverse("auswertung:transparenz"))
    assert antwort.status_code == 200
    assert "nicht veröffentlicht" in antwort.content.decode()
    assert welt[0].antragsteller.name not in antwort.content.decode()
    assert client.get(reverse("auswertung:transparenz_csv")).status_code == 302


def test_admin_switches_with_history_others_may_not(welt, admin, pruefung_arnsberg, client):
    client.force_login(pruefung_arnsberg)
    assert client.post(reverse("auswertung:transparenz_schalten"), {"oeffentlich": "on", "grund": "x"}).status_code == 403
    client.force_login(admin)
    fehler = client.post(reverse("auswertung:transparenz_schalten"), {"oeffentlich": "on", "grund": ""})
    assert fehler.status_code == 200 and not Transparenzschaltung.objects.exists()
    client.post(reverse("auswertung:transparenz_schalten"), {"oeffentlich": "on", "grund": "Erlass vom 1.12."})
    client.post(reverse("auswertung:transparenz_schalten"), {"grund": "Pause"})
    client.post(reverse("auswertung:transparenz_schalten"), {"oeffentlich": "on", "grund": "wieder an"})
    assert list(Transparenzschaltung.objects.order_by("pk").values_list("oeffentlich", flat=True)) == [True, False, True]
    seite = client.get(reverse("auswertung:transparenz_schalten")).content.decode()
    assert "Pause" in seite and "wieder an" in seite


def test_public_page_lists_final_grants_only(welt, admin, client):
    Transparenzschaltung.objects.create(oeffentlich=True, grund="an", wer=admin)
    html = client.get(reverse("auswertung:transparenz")).content.decode()
    assert welt[0].antragsteller.name in html
    for anderer in welt[1:]:
        assert anderer.antragsteller.name not in html
    assert "Kim Yilmaz" not in html and "@" not in html.split("<main", 1)[-1].split("</main>")[0]
    zeilen = list(csv.reader(io.StringIO(client.get(reverse("auswertung:transparenz_csv")).content.decode("utf-8-sig")), delimiter=";"))
    assert len(zeilen) == 2 and zeilen[1][5] == "2000,00"
    daten = json.loads(client.get(reverse("auswertung:transparenz_json")).content)
    assert daten["zuwendungen"][0]["zuwendung_eur"] == "2000.00"
    assert set(daten["zuwendungen"][0]) == {"zuwendungsempfaenger", "art", "regierungsbezirk", "programmteil",
                                            "zweck", "zuwendung_eur", "bestandskraeftig_seit"}  # fmt: skip
