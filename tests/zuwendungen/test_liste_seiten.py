"""The Zuwendungen list is paginated (issue 26): 50 grants a page, the totals cover every page
and equal the per-grant figures; the last page (read from the other end) shows the last rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.zuwendungen import auszahlung_hilfen as hilfen
from zuwendungen import kennzahlen
from zuwendungen.models import Zuwendung
from zuwendungen.views import zuwendung as ansicht

pytestmark = pytest.mark.django_db


def test_seiten_und_summen_ueber_alle_seiten(client, pruefung_arnsberg, monkeypatch):
    monkeypatch.setattr(ansicht, "PRO_SEITE", 2)
    hilfen.zuwendungen_mit_abrufen(3, von=pruefung_arnsberg, status="angeordnet")
    hilfen.zuwendungen_mit_abrufen(2, von=pruefung_arnsberg, status="eingereicht")
    alle = kennzahlen(Zuwendung.objects.order_by("antrag__aktenzeichen", "pk"))
    assert len(alle) == 5
    client.force_login(pruefung_arnsberg)

    erste = client.get(reverse("zuwendungen:liste"))
    letzte = client.get(reverse("zuwendungen:liste") + "?seite=3")
    assert erste.status_code == letzte.status_code == 200
    assert [z["pk"] for z in erste.context["seite"]] == [k.zuwendung.pk for k in alle[:2]]
    assert [z["pk"] for z in letzte.context["seite"]] == [alle[4].zuwendung.pk]
    # The rows read plain values (issue 26): the same figures and deadlines as the grants' own.
    gelesen = erste.context["zeilen"] + letzte.context["zeilen"]
    for k, erwartet in zip(gelesen, [*alle[:2], alle[4]], strict=True):
        for feld in ("bewilligt", "abgerufen", "ausgezahlt", "offen", "fristen"):
            assert getattr(k, feld) == getattr(erwartet, feld), feld
    assert "Seite 3 von 3" in letzte.content.decode()
    for antwort in (erste, letzte):
        summe = antwort.context["summe"]
        assert summe.anzahl == 5
        for feld in ("bewilligt", "abgerufen", "ausgezahlt", "offen"):
            assert getattr(summe, feld) == sum((getattr(k, feld) for k in alle), Decimal("0.00")), feld
    assert ansicht.uebersicht.gesamtsummen(Zuwendung.objects.none(), anzahl=0, frage="leer").anzahl == 0
