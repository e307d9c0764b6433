"""Keyboard-only journey of a call for funds (issue 18 item 4): ki.dortmund prepares it,
zeichnung.dortmund submits it, pruefung.arnsberg releases it, zeichnung.arnsberg signs the
payout. No mouse events (tests/browser/ablaeufe.py); each result is announced and checked
in the database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_mittelabruf_vorbereiten_einreichen_freigeben_zeichnen(
    seite_als, live_server, dortmund, ki_dortmund, zeichnung_dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    from tests.factories import make_periode
    from tests.zuwendungen.auszahlung_hilfen import make_zuwendung
    from zuwendungen.models import AbrufStatus, Buchung, Mittelabruf

    heute = timezone.localdate()
    periode = make_periode("III", jahr=heute.year, haushaltsstelle="Kap. 07 050 Tit. 633 10")
    periode.bewilligungszeitraum_bis = heute + datetime.timedelta(days=200)
    periode.save(update_fields=["bewilligungszeitraum_bis"])
    zuwendung = make_zuwendung(organisation=dortmund, periode=periode, bestandskraeftig_am=heute - datetime.timedelta(days=5))

    seite = seite_als(ki_dortmund)
    seite.goto(live_server.url + reverse("zuwendungen:auszahlungen", args=[zuwendung.pk]))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Mittelabruf vorbereiten")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(
        seite,
        {"auszahlung_am": heute, "bedarf_0_faellig": heute + datetime.timedelta(days=20), "bedarf_0_betrag": "2.500,00"},
    )
    ablaeufe.absenden(seite)
    assert "als Entwurf gespeichert" in hilfen.statusmeldung(seite)
    abruf = Mittelabruf.objects.get()
    assert abruf.betrag == Decimal("2500.00")

    seite = seite_als(zeichnung_dortmund)
    seite.goto(live_server.url + reverse("zuwendungen:abruf", args=[abruf.pk]))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Mittelabruf einreichen")
    assert "eingereicht" in hilfen.statusmeldung(seite)
    abruf.refresh_from_db()
    assert abruf.status == AbrufStatus.EINGEREICHT

    seite = seite_als(pruefung_arnsberg)
    seite.goto(live_server.url + reverse("zuwendungen:abruf", args=[abruf.pk]))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(seite, {"f-pruefvermerk": "Bedarf plausibel."})
    ablaeufe.knopf_druecken(seite, "Freigeben")
    assert "freigegeben" in hilfen.statusmeldung(seite)

    seite = seite_als(zeichnung_arnsberg)
    seite.goto(live_server.url + reverse("zuwendungen:abruf", args=[abruf.pk]))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Auszahlung über 2.500,00 € zeichnen")
    assert "angeordnet" in hilfen.statusmeldung(seite)
    assert Buchung.objects.get().betrag == Decimal("2500.00")
