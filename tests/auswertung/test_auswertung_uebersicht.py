"""The Übersicht: figures per period and Regierungsbezirk, links to their lists, labelled gaps."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from auswertung import prozesse, uebersicht
from auswertung.auswahl import Auswahl
from tests.auswertung.hilfen import Fall, S, anlegen

D = Decimal


@pytest.fixture
def welt(db):
    return anlegen([
        Fall(status=S.EINGEREICHT, beantragt=D("1000.00")),
        Fall(status=S.INHALTLICHE_PRUEFUNG, beantragt=D("2000.00"), bezirk="Köln"),
        Fall(status=S.BEWILLIGUNG_VORGESCHLAGEN, beantragt=D("3000.00"), zuwendung=D("2500.00")),
        Fall(status=S.BEWILLIGT, beantragt=D("4000.00"), zuwendung=D("4000.00"), bezirk="Köln"),
        Fall(status=S.BESTANDSKRAEFTIG, beantragt=D("5000.00"), zuwendung=D("5000.00"), final=True,
             bewilligt_heute=D("4500.00"), abrufe=[("bezahlt", D("3000.00")), ("entwurf", D("100.00"))],
             auszahlungen=[(D("3000.00"), True), (D("500.00"), False)],
             fristen=[(datetime.date(2026, 5, 1), "versaeumt"), (datetime.date(2026, 12, 20), "offen")]),
        Fall(status=S.ABGELEHNT, beantragt=D("6000.00"), zuwendung=D("0.00"), bezirk="Münster"),
        Fall(status=S.ZURUECKGEZOGEN, beantragt=D("7000.00")),
        Fall(status=S.ENTWURF, beantragt=D("8000.00")),
        Fall(teil="II", status=S.BESTANDSKRAEFTIG, beantragt=D("900.00"), zuwendung=D("900.00"), final=True,
             art="kommune", bezirk="Detmold", auszahlungen=[(D("900.00"), True)]),
    ])  # fmt: skip


def test_figures_per_period(welt):
    u = uebersicht.berechne(Auswahl(jahr=2026))
    teil3 = next(z for z in u.perioden if z.periode.programmteil.nummer == "III")
    w = teil3.werte
    assert w["eingegangen"] == 7  # no draft
    assert w["in_pruefung"] == 2
    assert w["vorgeschlagen"] == 1
    assert w["bewilligt_anzahl"] == 2
    assert w["abgelehnt"] == 1
    assert w["zurueckgezogen"] == 1
    assert w["beantragt"] == D("15000.00")  # neither withdrawn nor rejected nor draft
    assert w["bewilligt"] == D("8500.00")  # 4000 signed + 4500 valid today
    assert w["vorgeschlagen_betrag"] == D("2500.00")
    assert w["abgerufen"] == D("3000.00")  # no draft
    assert w["ausgezahlt"] == D("3000.00")  # value date only
    assert u.summe.werte["ausgezahlt"] == D("3900.00")


def test_processes_without_data_are_labelled_not_zero(welt, ohne_verfahren, pruefung_arnsberg, client):
    u = uebersicht.berechne(Auswahl(jahr=2026))
    for name in ("anerkannt", "zurueckgefordert", "erstattet", "zinsen"):
        assert u.summe.werte[name] is None
        assert all(z.werte[name] is None for z in u.perioden)
    client.force_login(pruefung_arnsberg)
    html = client.get(reverse("auswertung:uebersicht")).content.decode()
    assert "noch nicht erfasst" in html
    assert "Prüfung der Verwendungsnachweise" in html


def test_figures_count_once_the_process_has_rows(welt):
    anlegen([Fall(status=S.BESTANDSKRAEFTIG, zuwendung=D("1000.00"), final=True, anerkannt=D("800.00"),
                  auszahlungen=[(D("1000.00"), True)], rueckforderungen=[("erfasst", D("200.00"))],
                  erstattungen=[D("150.00")])])  # fmt: skip
    u = uebersicht.berechne(Auswahl(jahr=2026))
    assert u.summe.werte["anerkannt"] == D("800.00")
    assert u.summe.werte["zurueckgefordert"] == D("200.00")
    assert u.summe.werte["erstattet"] == D("150.00")
    assert u.summe.werte["zinsen"] == D("0.00")  # the Widerruf process has rows: a real zero


def test_bezirk_rows_and_filter(welt):
    u = uebersicht.berechne(Auswahl(jahr=2026))
    koeln = next(z for z in u.bezirke if z.bezirk == "Köln")
    assert koeln.werte["eingegangen"] == 2
    assert koeln.werte["bewilligt"] == D("4000.00")
    gefiltert = uebersicht.berechne(Auswahl(jahr=2026, bezirk="Detmold"))
    assert [z.bezirk for z in gefiltert.bezirke] == ["Detmold"]
    assert gefiltert.summe.werte["bewilligt"] == D("900.00")
    assert uebersicht.berechne(Auswahl(jahr=2026, art="kommune")).summe.werte["eingegangen"] == 1


def test_page_links_each_figure_to_its_list(welt, admin, client):
    client.force_login(admin)
    html = client.get(reverse("auswertung:uebersicht"), {"jahr": "2026"}).content.decode()
    links = set(re.findall(r'href="(/auswertung/liste/[^"]+)"', html))
    assert any("/liste/bewilligt/" in link for link in links)
    for link in links:
        antwort = client.get(link.replace("&amp;", "&"))
        assert antwort.status_code == 200, link


def test_list_total_equals_the_cell(welt, zeichnung_arnsberg, client):
    client.force_login(zeichnung_arnsberg)
    antwort = client.get(reverse("auswertung:liste", args=["bewilligt"]), {"jahr": "2026", "teil": "III"})
    assert antwort.status_code == 200
    assert antwort.context["gesamt"]["summe"] == D("8500.00")
    assert antwort.context["gesamt"]["anzahl"] == 2


def test_bad_filter_input_answers_200_with_message(welt, pruefung_arnsberg, client):
    client.force_login(pruefung_arnsberg)
    antwort = client.get(reverse("auswertung:uebersicht"), {"jahr": "1999", "bezirk": "Atlantis"})
    assert antwort.status_code == 200
    assert "Atlantis ist keine gültige Auswahl" in antwort.content.decode()


def test_traeger_without_bezirk_counts_where_its_kreis_lies(db):
    from komman.models import Organisation

    (antrag,) = anlegen([Fall(status=S.EINGEREICHT, bezirk="", beantragt=D("10.00"))])
    kreis = Organisation.objects.create(name="Kreisstadt", art="kommune", regierungsbezirk="Münster")
    Organisation.objects.filter(pk=antrag.antragsteller_id).update(kreis=kreis)
    u = uebersicht.berechne(Auswahl(jahr=2026))
    assert next(z for z in u.bezirke if z.bezirk == "Münster").werte["eingegangen"] == 1
    assert uebersicht.berechne(Auswahl(jahr=2026, bezirk="Münster")).summe.werte["beantragt"] == D("10.00")


def test_links_of_all_years_keep_all_years(welt, admin, client):
    from tests.auswertung.hilfen import anlegen as mehr

    mehr([Fall(jahr=2025, status=S.EINGEREICHT)])
    client.force_login(admin)
    antwort = client.get(reverse("auswertung:uebersicht"), {"jahr": ""})
    assert antwort.context["u"].summe.werte["eingegangen"] == 9
    link = antwort.context["t"]["antraege"].summe_links[1]
    assert "jahr=&" in link or link.endswith("jahr=")
    assert client.get(link).context["gesamt"]["anzahl"] == 9


def test_budget_figures_as_the_haushalt_overview(welt):
    from programmteile.models import Foerderperiode

    u = uebersicht.berechne(Auswahl(jahr=2026))
    haushalt = {p.pk: p for p in Foerderperiode.objects.mit_budgetzahlen()}
    assert u.perioden
    for z in u.perioden:
        for name in ("budget", "gebunden", "summe_vorgeschlagen", "summe_frei"):
            assert z.budget[name] == getattr(haushalt[z.periode.pk], name), name
    assert next(z for z in u.perioden if z.periode.programmteil.nummer == "III").budget["summe_vorgeschlagen"] == D("2500.00")


def test_installed_processes_without_rows_count_zero(welt):
    """With the VN, Änderung and Widerruf models installed, no recognition yet is a real 0."""
    u = uebersicht.berechne(Auswahl(jahr=2026))
    assert prozesse.erfasst() == {"": True, "verwendungsnachweis": True, "rueckforderung": True, "erstattung": True}
    for name in ("anerkannt", "zurueckgefordert", "erstattet", "zinsen"):
        assert u.summe.werte[name] == 0
