"""The feedback form on the Erklärung zur Barrierefreiheit and the Administration's list."""

import pytest
from django.core import mail
from django.urls import reverse

from komman.models import Barrierefreiheitsmeldung

URL = reverse("barrierefreiheit")
LISTE = reverse("barrierefreiheitsmeldungen")


@pytest.mark.django_db
def test_erklaerung_oeffentlich_mit_pflichtangaben(client):
    antwort = client.get(URL + "?seite=/antraege/7/")
    assert antwort.status_code == 200
    text = antwort.content.decode()
    for pflicht in (
        "teilweise vereinbar",
        "Nicht barrierefreie Inhalte",
        "25.11.2026",
        "Selbstbewertung",
        "Feedback und Kontakt",
        "barrierefreiheit@bra.nrw.invalid",
        "Ombudsstelle für barrierefreie Informationstechnik",
        "ombudsstelle-barrierefreie-it@mags.nrw.de",
        "§§ 10d, 10e BGG NRW",
    ):
        assert pflicht in text, pflicht
    # The page concerned comes from the footer link of the page the person was on.
    assert 'value="/antraege/7/"' in text
    assert 'autocomplete="name"' in text and 'autocomplete="email"' in text
    assert 'Ihre Nachricht <span class="pflicht">(Pflichtfeld)</span>' in text


@pytest.mark.django_db
def test_leer_abgeschickt_deutsche_meldung_nichts_gespeichert(client):
    antwort = client.post(URL, {"nachricht": "  ", "email": "kein-at", "name": "Erika Muster"})
    assert antwort.status_code == 200
    text = antwort.content.decode()
    assert "Bitte beschreiben Sie, welche Barriere Ihnen aufgefallen ist." in text
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in text
    assert 'id="fehleruebersicht"' in text and 'href="#id_nachricht"' in text
    assert 'aria-describedby="id_nachricht_helptext id_nachricht_error"' in text
    assert 'value="Erika Muster"' in text  # nothing typed is lost
    assert not Barrierefreiheitsmeldung.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_meldung_gespeichert_und_an_administration_gemailt(
    client, settings, django_capture_on_commit_callbacks
):
    settings.BETREIBER = {**settings.BETREIBER, "barrierefreiheit_email": "a11y@bra.test"}
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            URL,
            {
                "nachricht": "Der Knopf „Speichern“ ist mit der Tastatur nicht erreichbar.",
                "seite": "/antraege/7/",
                "name": "Erika Muster",
                "email": "erika@example.org",
                "telefonnummer_2": "",
            },
            follow=True,
        )
    assert antwort.redirect_chain[-1][0] == URL
    assert "Vielen Dank! Ihre Rückmeldung ist bei uns angekommen." in antwort.content.decode()
    meldung = Barrierefreiheitsmeldung.objects.get()
    assert (meldung.seite, meldung.email) == ("/antraege/7/", "erika@example.org")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a11y@bra.test"]
    assert mail.outbox[0].subject == "KOMM-AN NRW: Rückmeldung zur Barrierefreiheit"
    assert "Der Knopf „Speichern“ ist mit der Tastatur nicht erreichbar." in mail.outbox[0].body
    assert "&" not in mail.outbox[0].body


@pytest.mark.django_db
def test_honigtopf_gefuellt_nichts_gespeichert_aber_gleiche_antwort(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(URL, {"nachricht": "Billig kaufen!", "telefonnummer_2": "0123"}, follow=True)
    assert "Vielen Dank!" in antwort.content.decode()
    assert not Barrierefreiheitsmeldung.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_zu_lange_nachricht(client):
    antwort = client.post(URL, {"nachricht": "x" * 5001})
    assert "höchstens 5000 Zeichen (jetzt 5001)" in antwort.content.decode()
    assert not Barrierefreiheitsmeldung.objects.exists()


@pytest.mark.django_db
def test_liste_nur_fuer_administration(
    client, admin, pruefung_arnsberg, ki_dortmund, django_assert_max_num_queries
):
    for i in range(3):
        Barrierefreiheitsmeldung.objects.create(nachricht=f"Meldung {i}", seite="/")
    assert client.get(LISTE).status_code == 302  # login first
    for persona in (pruefung_arnsberg, ki_dortmund):
        client.force_login(persona)
        antwort = client.get(LISTE)
        assert antwort.status_code == 403
        assert "nur die Administration" in antwort.content.decode()
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        antwort = client.get(LISTE)
    text = antwort.content.decode()
    assert antwort.status_code == 200
    assert "3 Rückmeldungen" in text and "Meldung 2" in text
    assert text.index("Meldung 2") < text.index("Meldung 0")  # newest first
