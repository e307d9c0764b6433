"""Keyboard-only journey: a second administrator confirms a Bezirksregierung role (issue 24)."""

from __future__ import annotations

import pytest

from tests.browser import ablaeufe, hilfen
from tests.factories import bezirksregierung, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_zweite_administration_bestaetigt_rolle_nur_mit_tastatur(seite_als, admin):
    from komman.models import Mitgliedschaft, Rolle, Rollenfreigabe

    zweit = make_user("admin.zwei", organisation=bezirksregierung(), rolle=Rolle.ADMIN)
    neu = make_user("neu.pruefung", first_name="Robin", last_name="Neu")
    Rollenfreigabe.objects.create(
        user=neu, organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG, beantragt_von=zweit
    )

    seite = seite_als(admin)
    seite.goto("/verwaltung/freigaben/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.knopf_druecken(seite, "Bestätigen")
    assert "ist bestätigt" in hilfen.statusmeldung(seite)
    assert Mitgliedschaft.objects.filter(user=neu, rolle=Rolle.PRUEFUNG).exists()
    assert Rollenfreigabe.objects.get(user=neu).entschieden_von == admin
