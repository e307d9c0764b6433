"""komman/seiten.py: remembered counts and pages read from the other end."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from antraege.models import Antrag, Statuswechsel
from komman.seiten import Seiten, anzahl
from tests.test_abfragen import antraege


@pytest.fixture
def zaehlung_an(settings):
    settings.KOMMAN_ZAEHLUNG_SEKUNDEN = 60
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("orphans", [0, 3])
def test_seiten_gleich_wie_paginator(pruefung_arnsberg, orphans):
    antraege(23, von=pruefung_arnsberg)
    qs = Antrag.objects.order_by("eingereicht_am", "id")
    erwartet, schnell = Paginator(qs, 5, orphans=orphans), Seiten(qs, 5, orphans=orphans)
    assert schnell.num_pages == erwartet.num_pages
    for nummer in erwartet.page_range:
        assert list(schnell.page(nummer)) == list(erwartet.page(nummer)), nummer


def test_letzte_seite_liest_von_hinten(pruefung_arnsberg):
    antraege(12, von=pruefung_arnsberg)
    seiten = Seiten(Antrag.objects.order_by("eingereicht_am", "id"), 5)
    seite = seiten.page(3)
    assert [a.pk for a in seite] == list(
        Antrag.objects.order_by("eingereicht_am", "id").values_list("pk", flat=True)[10:]
    )


def test_anzahl_gemerkt_bis_zum_naechsten_statuswechsel(pruefung_arnsberg, zaehlung_an):
    erste = antraege(3, von=pruefung_arnsberg)
    qs = Antrag.objects.filter(status=Antrag.Status.EINGEREICHT)
    assert anzahl(qs) == 3
    # A change the stand does not see (no new Antrag, no Statuswechsel) is not counted yet …
    Antrag.objects.filter(pk=erste[0].pk).update(status=Antrag.Status.FORMALE_PRUEFUNG)
    assert anzahl(qs) == 3
    # … a state change as the workflow writes it is counted at once.
    Statuswechsel.objects.create(
        antrag=erste[0],
        von=Antrag.Status.EINGEREICHT,
        nach=Antrag.Status.FORMALE_PRUEFUNG,
        wer=pruefung_arnsberg,
    )
    assert anzahl(qs) == 2
    antraege(2, von=pruefung_arnsberg)
    assert anzahl(qs) == 4


def test_anzahl_ohne_cache(pruefung_arnsberg):
    erste = antraege(2, von=pruefung_arnsberg)
    qs = Antrag.objects.filter(status=Antrag.Status.EINGEREICHT)
    assert anzahl(qs) == 2
    Antrag.objects.filter(pk=erste[0].pk).update(status=Antrag.Status.FORMALE_PRUEFUNG)
    assert anzahl(qs) == 1


def test_startseite_zaehlt_je_person(client, zaehlung_an, pruefung_arnsberg, zeichnung_arnsberg):
    """Remembered start-page counts name the user: one reviewer's "Meine Anträge" is not another's."""
    from django.urls import reverse

    from tests.factories import make_eingereichter_antrag, make_periode, make_traeger

    periode = make_periode("III")
    for i in range(3):
        make_eingereichter_antrag(periode, make_traeger(f"Träger {i}"), bearbeitet_von=pruefung_arnsberg)
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("start")).context["bezirksregierung"]["meine"] == 3
    client.force_login(zeichnung_arnsberg)
    assert client.get(reverse("start")).context["bezirksregierung"]["meine"] == 0
    # A new Antrag changes the stand: counted at once, not after the cache expires.
    make_eingereichter_antrag(periode, make_traeger("Träger neu"), bearbeitet_von=zeichnung_arnsberg)
    assert client.get(reverse("start")).context["bezirksregierung"]["meine"] == 1
