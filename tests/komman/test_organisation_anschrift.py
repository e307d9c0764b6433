"""Issue 17 item 3: the Administration maintains address, e-mail and seat; every change is in the Verlauf."""

from __future__ import annotations

import pytest
from django.urls import reverse

from komman.models import Organisation, Protokolleintrag


@pytest.fixture
def kommune_ohne_anschrift(db):
    org = Organisation.objects.get(kreisschluessel="05711")  # Bielefeld, as the data migration left it
    assert not org.strasse
    return org


def _daten(**werte) -> dict:
    return {"strasse": "Niederwall 23", "plz": "33602", "ort": "Bielefeld", "email": "ki@bielefeld.invalid", **werte}


@pytest.mark.django_db
def test_admin_edits_a_kommune_and_the_verlauf_shows_old_and_new(client, admin, kommune_ohne_anschrift):
    org = kommune_ohne_anschrift
    client.force_login(admin)
    url = reverse("verwaltung_organisation_bearbeiten", args=[org.pk])
    seite = client.get(url).content.decode()
    assert "Straße und Hausnummer" in seite and "E-Mail für Bescheide" in seite and "Verwaltungsgericht" in seite
    antwort = client.post(url, _daten(verwaltungsgericht="Minden"))
    assert antwort.status_code == 302
    org.refresh_from_db()
    assert (org.strasse, org.plz, org.ort, org.email) == ("Niederwall 23", "33602", "Bielefeld", "ki@bielefeld.invalid")
    client.post(url, _daten(verwaltungsgericht="Minden", plz="33604"))
    eintraege = Protokolleintrag.objects.filter(objekt_typ="komman.organisation", objekt_id=str(org.pk))
    assert eintraege.count() == 2
    letzte = eintraege.first()
    assert letzte.wer == admin and letzte.aktion == "stammdaten_geaendert"
    assert letzte.details["felder"] == {"plz": {"alt": "33602", "neu": "33604"}}
    detail = client.get(reverse("verwaltung_organisation", args=[org.pk])).content.decode()
    assert "Verlauf" in detail
    assert "PLZ: 33602 → 33604" in detail  # a postcode is no amount
    assert "Straße und Hausnummer: – → Niederwall 23" in detail


@pytest.mark.django_db
def test_nothing_changed_writes_no_entry(client, admin, dortmund):
    client.force_login(admin)
    url = reverse("verwaltung_organisation_bearbeiten", args=[dortmund.pk])
    daten = {"strasse": dortmund.strasse, "plz": dortmund.plz, "ort": dortmund.ort, "email": "ki@dortmund.invalid"}
    client.post(url, {**daten, "verwaltungsgericht": dortmund.verwaltungsgericht})
    vorher = Protokolleintrag.objects.count()
    antwort = client.post(url, {**daten, "verwaltungsgericht": dortmund.verwaltungsgericht}, follow=True)
    assert "Es wurde nichts geändert." in antwort.content.decode()
    assert Protokolleintrag.objects.count() == vorher


@pytest.mark.django_db
def test_bad_input_gets_german_messages_and_keeps_what_was_typed(client, admin, kommune_ohne_anschrift):
    client.force_login(admin)
    url = reverse("verwaltung_organisation_bearbeiten", args=[kommune_ohne_anschrift.pk])
    antwort = client.post(url, {"strasse": "Niederwall 23", "plz": "3360", "ort": "", "email": "kein-at"})
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Die Postleitzahl hat fünf Ziffern." in seite
    assert "Bitte geben Sie den Ort an." in seite
    assert "Bitte wählen Sie das zuständige Verwaltungsgericht." in seite
    assert 'value="Niederwall 23"' in seite and 'value="3360"' in seite
    kommune_ohne_anschrift.refresh_from_db()
    assert kommune_ohne_anschrift.strasse == ""


@pytest.mark.django_db
def test_traeger_records_its_kreis_and_the_court_follows(client, admin, awo):
    client.force_login(admin)
    paderborn = Organisation.objects.get(kreisschluessel="05774")
    url = reverse("verwaltung_organisation_bearbeiten", args=[awo.pk])
    antwort = client.post(
        url,
        {
            "name": awo.name,
            "strasse": "Kamp 1",
            "plz": "33098",
            "ort": "Paderborn",
            "email": "bescheide@awo.invalid",
            "kreis": paderborn.pk,
        },
    )
    assert antwort.status_code == 302
    awo.refresh_from_db()
    assert awo.kreis == paderborn
    detail = client.get(reverse("verwaltung_organisation", args=[awo.pk])).content.decode()
    assert "Minden (aus dem Sitz)" in detail
    assert "Kreis oder kreisfreie Stadt des Sitzes: Stadt Dortmund → Kreis Paderborn" in detail


@pytest.mark.django_db
def test_only_the_administration_may_edit(client, pruefung_arnsberg, ki_dortmund, dortmund):
    url = reverse("verwaltung_organisation_bearbeiten", args=[dortmund.pk])
    for user in (pruefung_arnsberg, ki_dortmund):
        client.force_login(user)
        assert client.post(url, _daten(verwaltungsgericht="Köln")).status_code == 403
    dortmund.refresh_from_db()
    assert dortmund.verwaltungsgericht == "Gelsenkirchen"
