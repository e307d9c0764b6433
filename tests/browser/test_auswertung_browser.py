"""Auswertung in the browser (issue 23): axe and reflow on the Übersicht (charts, tables), a
figure's list and the public Transparenz page; a keyboard-only journey from the filter to the
list behind a figure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
D = Decimal


def _daten():
    from tests.auswertung.hilfen import Fall, S, anlegen

    return anlegen([
        Fall(status=S.BESTANDSKRAEFTIG, zuwendung=D("4000.00"), final=True, bezirk="Köln",
             abrufe=[("bezahlt", D("1500.00"))], auszahlungen=[(D("1500.00"), True)],
             fristen=[(datetime.date(2026, 6, 1), "versaeumt"), (datetime.date(2026, 12, 20), "offen")]),
        Fall(teil="II", status=S.BESTANDSKRAEFTIG, zuwendung=D("900.00"), final=True, art="kommune", bezirk="Detmold"),
        Fall(status=S.INHALTLICHE_PRUEFUNG, beantragt=D("700.00"), bezirk="Münster"),
    ])  # fmt: skip


def _pruefen(page, wo: str) -> list[str]:
    befunde = hilfen.axe_verstoesse(page, wo) + hilfen.struktur_befunde(page, wo)
    page.set_viewport_size({"width": 320, "height": 800})
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    befunde += hilfen.reflow_befunde(page, wo)
    befunde += hilfen.axe_verstoesse(page, f"{wo} bei 320 px", regeln=hilfen.AXE_REGELN_SCHMAL)
    page.set_viewport_size({"width": 1280, "height": 900})
    return befunde


def test_auswertung_barrierefrei(seite_als, live_server, admin):
    from auswertung.models import Transparenzschaltung

    _daten()
    Transparenzschaltung.objects.create(oeffentlich=True, grund="Test", wer=admin)
    seite = seite_als(admin)
    befunde = []
    for url in (
        reverse("auswertung:uebersicht") + "?jahr=2026",
        reverse("auswertung:uebersicht") + "?jahr=1999&bezirk=Atlantis",
        reverse("auswertung:liste", args=["ausgezahlt"]) + "?jahr=2026",
        reverse("auswertung:liste", args=["anerkannt"]) + "?jahr=2026",
        reverse("auswertung:transparenz") + "?jahr=2026",
        reverse("auswertung:transparenz_schalten"),
    ):
        seite.goto(live_server.url + url)
        befunde += _pruefen(seite, url)
    assert not befunde, "\n".join(befunde)


def test_filtern_und_zur_liste_nur_mit_tastatur(seite_als, live_server, zeichnung_arnsberg):
    _daten()
    seite = seite_als(zeichnung_arnsberg)
    seite.goto(live_server.url + reverse("auswertung:uebersicht"))
    ablaeufe.seite_beginnen(seite)
    hilfen.tab_zu_feld(seite, "jahr")
    seite.keyboard.type("2026")
    hilfen.tab_zu_feld(seite, "bezirk")
    seite.keyboard.type("Köln")
    hilfen.tab_und_enter(seite, "Anzeigen")
    assert "bezirk=K%C3%B6ln" in seite.url and "jahr=2026" in seite.url
    assert "Regierungsbezirk Köln" in seite.inner_text("main")
    # the total of "Ausgezahlt" links to its list: 1.500,00 €
    hilfen.tab_und_enter(seite, "1.500,00 €")
    assert "/auswertung/liste/" in seite.url
    text = seite.inner_text("main")
    assert "zusammen 1.500,00" in text and "Köln" in text
