"""Part IV: KI users order printed brochures; the Administration sees the orders."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmteile.models import Broschuerenbestellung

pytestmark = pytest.mark.django_db

GUELTIG = {
    "deutsch": "100",
    "englisch": "",
    "franzoesisch": "0",
    "arabisch": "50",
    "dari": "0",
    "farsi": "0",
    "empfaenger": "KI Dortmund",
    "strasse": "Südwall 2",
    "plz": "44137",
    "ort": "Dortmund",
    "anmerkung": "",
}


def test_ki_orders_and_admin_lists(client, ki_dortmund, dortmund, admin, django_assert_max_num_queries):
    client.force_login(ki_dortmund)
    url = reverse("programmteile:teil4_bestellen")
    response = client.post(url, {**GUELTIG, "englisch": "0"})
    assert response.status_code == 302
    bestellung = Broschuerenbestellung.objects.get()
    assert bestellung.organisation == dortmund and bestellung.gesamt == 150
    assert client.get(reverse("programmteile:teil4_bestellungen")).status_code == 403

    client.force_login(admin)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("programmteile:teil4_bestellungen")).content.decode()
    assert "100 Deutsch" in html and "50 Arabisch" in html


def test_order_rejects_bad_input_in_german(client, ki_dortmund):
    client.force_login(ki_dortmund)
    url = reverse("programmteile:teil4_bestellen")
    html = client.post(url, {**GUELTIG, "deutsch": "-3", "arabisch": "viele", "plz": "441"}).content.decode()
    assert "Bitte eine ganze Zahl ab 0 eingeben." in html
    assert "fünfstellige Postleitzahl" in html
    assert 'value="viele"' in html
    html = client.post(url, {**GUELTIG, "deutsch": "0", "arabisch": "0", "englisch": "0"}).content.decode()
    assert "mindestens ein Exemplar" in html
    assert not Broschuerenbestellung.objects.exists()


@pytest.mark.parametrize("persona", ["traeger_awo", "pruefung_arnsberg"])
def test_only_kommunen_order(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("programmteile:teil4_bestellen")).status_code == 403


def test_anonymous_redirected(client):
    for name in ("programmteile:teil4_bestellen", "programmteile:teil4_bestellungen"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_navigation_offers_ordering_only_to_kommunen(client, ki_dortmund, traeger_awo):
    client.force_login(ki_dortmund)
    assert client.get(reverse("start")).content.decode().count("Broschüren bestellen") == 1
    client.force_login(traeger_awo)
    assert "Broschüren bestellen" not in client.get(reverse("start")).content.decode()
