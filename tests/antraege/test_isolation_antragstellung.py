# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Every URL of the Antragstellung × every persona (incl. anonymous): other tenants get 404,
anonymous users the login redirect, and nothing changes (DESIGN.md §7)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import get_resolver, reverse

from antraege.models import Anlage, Antrag, Statuswechsel
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.conftest import PERSONAS
from tests.factories import TEIL1_GUELTIG, make_antrag

pytestmark = pytest.mark.django_db

# name -> kwargs builder; every antraege URL of this area must be here (see the companion test).
URLS = {
    "antraege:detail": lambda a, an: {"pk": a.pk},
    "antraege:bearbeiten": lambda a, an: {"pk": a.pk},
    "antraege:einreichen": lambda a, an: {"pk": a.pk},
    "antraege:eingang": lambda a, an: {"pk": a.pk},
    "antraege:zurueckziehen": lambda a, an: {"pk": a.pk},
    "antraege:vorlegen": lambda a, an: {"pk": a.pk},
    "antraege:verlauf": lambda a, an: {"pk": a.pk},
    "antraege:anlagen": lambda a, an: {"pk": a.pk},
    "antraege:anlage_herunterladen": lambda a, an: {"pk": a.pk, "anlage_pk": an.pk},
    "antraege:anlage_entfernen": lambda a, an: {"pk": a.pk, "anlage_pk": an.pk},
}
ANTRAGSTELLUNG_VIEWS = "antraege.views.antragstellung"  # a package: its modules' views

# Who may see Dortmund's submitted Part I Antrag at all (everyone else: 404).
SEHEN = {"ki_dortmund", "zeichnung_dortmund", "pruefung_arnsberg", "zeichnung_arnsberg", "admin"}


@pytest.fixture
def akte(dortmund, ki_dortmund, perioden, settings):
    antrag = make_antrag(
        perioden["I"],
        dortmund,
        erstellt_von=ki_dortmund,
        teil1=TEIL1_GUELTIG,
        status="eingereicht",
        aktenzeichen="KA-I-2026-0001",
    )
    ordner = settings.PRIVATE_ROOT / "anlagen" / str(antrag.pk)
    ordner.mkdir(parents=True, exist_ok=True)
    datei = uuid.uuid4().hex
    (ordner / datei).write_bytes(b"%PDF-1.4 geheim")
    anlage = Anlage.objects.create(
        antrag=antrag,
        dateiname="plan.pdf",
        pfad=f"anlagen/{antrag.pk}/{datei}",
        content_type="application/pdf",
        groesse=15,
        sha256="0" * 64,
        hochgeladen_von=ki_dortmund,
    )
    return antrag, anlage


def _stand(antrag):
    a = Antrag.objects.get(pk=antrag.pk)
    return (
        a.status,
        a.version,
        a.kontakt_name,
        Statuswechsel.objects.filter(antrag=a).count(),
        Anlage.objects.filter(antrag=a, geloescht=False).count(),
    )


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_matrix(client, request, akte, name, persona):
    antrag, anlage = akte
    url = reverse(name, kwargs=URLS[name](antrag, anlage))
    vorher = _stand(antrag)
    if persona is not None:
        client.force_login(request.getfixturevalue(persona))
    for methode in ("get", "post"):
        daten = {"grund": "x", "kontakt_name": "Eindringling", "version": "1", "richtigkeit": "on"}
        response = getattr(client, methode)(url, daten)
        if persona is None:
            assert response.status_code == 302 and "/anmelden/" in response["Location"], (methode, url)
        elif persona not in SEHEN:
            assert response.status_code == 404, (persona, methode, url, response.status_code)
        else:
            assert response.status_code in (200, 302, 403, 405), (persona, methode, url, response.status_code)
    if persona not in ("zeichnung_dortmund",):
        # only Dortmund's Zeichnungsberechtigte may change this file (withdraw)
        assert _stand(antrag) == vorher, (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_invisible_to_bezirksregierung_and_others(
    client, request, dortmund, ki_dortmund, perioden, persona
):
    entwurf = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(request.getfixturevalue(persona))
    status = client.get(reverse("antraege:detail", args=[entwurf.pk])).status_code
    assert status == (200 if persona in ("ki_dortmund", "zeichnung_dortmund") else 404)


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_neu_in_a_period(client, request, perioden, persona):
    url = reverse("antraege:neu", args=[perioden["I"].pk])
    if persona is not None:
        client.force_login(request.getfixturevalue(persona))
    response = client.post(url, {"organisation": "1"})
    if persona is None:
        assert response.status_code == 302 and "/anmelden/" in response["Location"]
    elif persona in ("ki_dortmund", "zeichnung_dortmund", "ki_bochum"):
        assert response.status_code == 302  # own organisation only; a forged one is refused with a message
    else:
        assert response.status_code == 404
    assert not Antrag.objects.exists()


def test_ki_bochum_sees_nothing_of_dortmund(client, ki_bochum, akte):
    antrag, _ = akte
    client.force_login(ki_bochum)
    html = client.get(reverse("start")).content.decode()
    assert "KA-I-2026-0001" not in html


def test_every_antragstellung_url_is_in_the_matrix():
    namen = {
        f"antraege:{p.name}"
        for p in get_resolver("antraege.urls").url_patterns
        if getattr(p.callback, "__module__", "").startswith(ANTRAGSTELLUNG_VIEWS + ".")
        and "pk" in str(p.pattern)
    }
    assert namen - {"antraege:neu"} == set(URLS)
