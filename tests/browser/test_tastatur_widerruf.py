"""Keyboard-only journey of a Widerruf (issue 21): pruefung.arnsberg starts the Anhörung,
zeichnung.dortmund answers in the portal, pruefung.arnsberg proposes, zeichnung.arnsberg signs,
pruefung.arnsberg books the payment and the grant is closed. Every page on the way passes axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _axe(seite, wo: str) -> None:
    befunde = hilfen.axe_verstoesse(seite, wo)
    assert not befunde, "\n".join(befunde)


def test_widerruf_anhoerung_bis_abschluss(
    seite_als, live_server, dortmund, zeichnung_dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    from tests.zuwendungen.widerruf_hilfen import forderung, zuwendung_mit_vn
    from zuwendungen.models import Rueckforderung

    z = zuwendung_mit_vn(dortmund, pruefung_arnsberg)
    rf = forderung(z, pruefung_arnsberg)
    url = live_server.url + reverse("zuwendungen:rueckforderung", args=[rf.pk])

    seite = seite_als(pruefung_arnsberg)
    seite.goto(url)
    ablaeufe.seite_beginnen(seite)
    _axe(seite, "Rückforderung erfasst")
    ablaeufe.knopf_druecken(seite, "Anhörung einleiten")
    ablaeufe.seite_beginnen(seite)
    _axe(seite, "Formular Anhörung")
    hilfen.tab_zu_feld(seite, "rechtsgrundlage")
    seite.keyboard.press("Space")
    ablaeufe.formular_ausfuellen(seite, {"kenntnis_am": timezone.localdate()})
    hilfen.tippe_in_feld(seite, "text", "Weniger anerkannt als ausgezahlt; Erstattung beabsichtigt.")
    ablaeufe.knopf_druecken(seite, "Anhörung einleiten")
    assert "Anhörung ist eingeleitet" in hilfen.statusmeldung(seite)
    _axe(seite, "Rückforderung in Anhörung")
    rf.refresh_from_db()
    assert rf.status == Rueckforderung.Status.ANHOERUNG

    seite = seite_als(zeichnung_dortmund)
    seite.goto(url)
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Stellungnahme absenden")
    ablaeufe.seite_beginnen(seite)
    hilfen.tippe_in_feld(seite, "text", "Wir erkennen den Betrag an.")
    ablaeufe.knopf_druecken(seite, "Stellungnahme absenden")
    assert "Stellungnahme ist eingegangen" in hilfen.statusmeldung(seite)

    seite = seite_als(pruefung_arnsberg)
    seite.goto(url + "?aktion=vorschlagen")
    ablaeufe.seite_beginnen(seite)
    hilfen.tippe_in_feld(seite, "ermessen", "Gründe für einen Verzicht sind nicht ersichtlich.")
    ablaeufe.knopf_druecken(seite, "Zur Zeichnung vorschlagen")
    assert "vorgeschlagen" in hilfen.statusmeldung(seite)

    seite = seite_als(zeichnung_arnsberg)
    seite.goto(url + "?aktion=zeichnen")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Erstattungsbescheid zeichnen")
    assert "gezeichnet" in hilfen.statusmeldung(seite)
    _axe(seite, "Erstattungsbescheid erlassen")

    seite = seite_als(pruefung_arnsberg)
    seite.goto(url + "?aktion=zahlung")
    ablaeufe.seite_beginnen(seite)
    _axe(seite, "Formular Zahlung")
    ablaeufe.knopf_druecken(seite, "Zahlung buchen")
    assert "Zahlung ist gebucht" in hilfen.statusmeldung(seite)
    rf.refresh_from_db()
    z.refresh_from_db()
    assert rf.status == Rueckforderung.Status.BEZAHLT and z.abgeschlossen_am is not None
    seite.goto(live_server.url + reverse("zuwendungen:detail", args=[z.pk]))
    _axe(seite, "Zuwendung abgeschlossen")
    seite.goto(live_server.url + reverse("zuwendungen:rueckforderungen"))
    _axe(seite, "Liste der Rückforderungen")
