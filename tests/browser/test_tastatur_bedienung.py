"""Keyboard-only journeys of issue 25 (Bedienbarkeit): the KI hands a draft to the signatory,
who finds it on the start page; Part II with a fraction in Einheiten; the answer to a
Nachforderung with the declarations. Tab/Shift+Tab, typing, Enter and Space only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_ki_legt_entwurf_zur_zeichnung_vor_und_zeichnung_findet_ihn(
    seite_als, ki_dortmund, zeichnung_dortmund, dortmund
):
    from antraege.models import Antrag
    from tests.factories import POSITION_GUELTIG, make_antrag, make_periode, make_zuweisung

    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=Decimal("50000.00"))
    antrag = make_antrag(periode, dortmund, erstellt_von=ki_dortmund, positionen=[POSITION_GUELTIG])

    seite = seite_als(ki_dortmund)
    seite.goto(f"/antraege/{antrag.pk}/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.knopf_druecken(seite, "Zur Zeichnung vorlegen")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.formular_ausfuellen(seite, {"hinweis": "Bitte bis Freitag einreichen."})
    ablaeufe.knopf_druecken(seite, "Zur Zeichnung vorlegen")
    assert "ist zur Zeichnung vorgelegt" in hilfen.statusmeldung(seite)
    antrag.refresh_from_db()
    assert antrag.vorgelegt_von == ki_dortmund

    zb = seite_als(zeichnung_dortmund)
    zb.goto("/")
    ablaeufe.zum_inhalt_springen(zb)
    ablaeufe.knopf_druecken(zb, "Prüfen und einreichen")
    assert zb.url.endswith(f"/antraege/{antrag.pk}/")
    assert "Vorbereitet von" in zb.content()
    assert Antrag.objects.get(pk=antrag.pk).status == "entwurf"


def test_einheiten_mit_komma_wird_erklaert_und_gespeichert_bleibt_der_rest(seite_als, ki_dortmund, dortmund):
    from antraege.models import Position
    from tests.factories import make_antrag, make_periode, make_zuweisung

    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=Decimal("50000.00"))
    antrag = make_antrag(periode, dortmund, erstellt_von=ki_dortmund)

    seite = seite_als(ki_dortmund)
    seite.goto(f"/antraege/{antrag.pk}/bearbeiten/")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(
        seite,
        {
            "massnahmen-0-baustein": "B",
            "massnahmen-0-pauschale": "B2",
            "massnahmen-0-einheiten": "2,5",
            "massnahmen-0-bezeichnung": "Sprachcafé",
        },
    )
    ablaeufe.absenden(seite)
    assert "bis auf die markierten Eingaben" in hilfen.statusmeldung(seite)
    assert "ist ein Bruchteil" in seite.content()
    position = Position.objects.get(antrag=antrag)
    assert (position.pauschale, position.einheiten, position.bezeichnung) == ("B2", None, "Sprachcafé")
