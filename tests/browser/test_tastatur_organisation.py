"""Keyboard-only journey of issue 17: the Administration corrects an organisation's address and
seat; the change is announced and stands in the Verlauf with old and new value."""

from __future__ import annotations

import pytest

from komman.models import Organisation
from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_pflegt_anschrift_und_sitz_nur_mit_tastatur(seite_als, admin, awo):
    seite = seite_als(admin)
    seite.goto(f"/verwaltung/organisationen/{awo.pk}/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.knopf_druecken(seite, "Anschrift und Angaben bearbeiten")
    ablaeufe.zum_inhalt_springen(seite)
    # A wrong postcode first: the error summary gets the focus, the typed value stays.
    ablaeufe.formular_ausfuellen(seite, {"plz": "4413"})
    ablaeufe.knopf_druecken(seite, "Speichern")
    assert hilfen.fokus(seite).id == "fehleruebersicht"
    assert "Die Postleitzahl hat fünf Ziffern." in seite.locator("#fehleruebersicht").inner_text()
    assert seite.locator("#id_plz").input_value() == "4413"
    ablaeufe.formular_ausfuellen(
        seite,
        {
            "strasse": "Kamp 1",
            "plz": "33098",
            "ort": "Paderborn",
            "email": "bescheide@awo.invalid",
            "kreis": "Kreis Paderborn",
        },
    )
    ablaeufe.knopf_druecken(seite, "Speichern")
    assert "Die Angaben sind gespeichert" in hilfen.statusmeldung(seite)
    awo.refresh_from_db()
    assert (awo.strasse, awo.plz, awo.ort) == ("Kamp 1", "33098", "Paderborn")
    assert awo.kreis == Organisation.objects.get(kreisschluessel="05774")
    verlauf = seite.locator("#verlauf-titel + *").inner_text()
    assert "PLZ: 44135 → 33098" in verlauf
    assert "Kreis oder kreisfreie Stadt des Sitzes: Stadt Dortmund → Kreis Paderborn" in verlauf
    assert "Minden (aus dem Sitz)" in seite.locator("main").inner_text()
