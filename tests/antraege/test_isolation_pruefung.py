"""Tenant matrix for the Prüfung URLs: every URL × every persona (and anonymous), GET and POST.

Applicants get 404 for reviewer pages and for other tenants' Anträge, never data; anonymous
users are sent to the login; nothing changes on a refused request.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from antraege.models import Antrag, Schreiben, Statuswechsel, Vermerk
from tests.factories import make_eingereichter_antrag, make_massnahme, make_periode

S = Antrag.Status
GEHEIM = "Interner Vermerk: nur für die Bezirksregierung"

REVIEWER_URLS = [
    "pruefung_detail",
    "uebernehmen",
    "formale_pruefung",
    "formale_pruefung_abschliessen",
    "pruefvermerk",
    "vermerk",
    "nachforderung",
    "anhoerung",
    "vorschlag",
    "ablehnung",
    "zeichnen",
]
APPLICANT_URLS = ["antworten", "stand"]
LIST_URLS = ["pruefung", "pruefung_export"]
APPLICANTS = ["ki_dortmund", "zeichnung_dortmund", "ki_bochum", "traeger_awo"]
BEZIRKSREGIERUNG = ["pruefung_arnsberg", "zeichnung_arnsberg", "admin"]


@pytest.fixture
def antrag(dortmund, pruefung_arnsberg):
    """Dortmund's Antrag waiting for an answer to a Nachforderung, with an internal note."""
    a = make_eingereichter_antrag(
        make_periode("III"), dortmund, status=S.NACHFORDERUNG, aktenzeichen="KA-III-2026-GEHEIM"
    )
    make_massnahme(a, titel="Streng vertrauliche Maßnahme")
    Schreiben.objects.create(
        antrag=a, art="nachforderung", text="Bitte Satzung", punkte=["Satzung"],
        frist=datetime.date.today() + datetime.timedelta(days=7), erstellt_von=pruefung_arnsberg,
    )  # fmt: skip
    Vermerk.objects.create(antrag=a, text=GEHEIM, von=pruefung_arnsberg)
    Statuswechsel.objects.create(
        antrag=a, von=a.status, nach=a.status, wer=pruefung_arnsberg, grund=GEHEIM, intern=True
    )
    return a


def _stand(antrag):
    a = Antrag.objects.get(pk=antrag.pk)
    return (a.status, a.version, a.bearbeitet_von_id, Statuswechsel.objects.count(), Vermerk.objects.count())


def test_matrix_covers_every_pruefung_url():
    """Fails if a URL of the antraege namespace with a pk is added without joining this matrix."""
    names = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "antraege":
            for p in pattern.url_patterns:
                if "<int:pk>" in str(p.pattern) and p.name:
                    names.add(p.name)
    bekannt = set(REVIEWER_URLS) | set(APPLICANT_URLS)
    eigene = {n for n in names if n in bekannt}
    assert eigene == bekannt


@pytest.mark.parametrize("name", REVIEWER_URLS + APPLICANT_URLS)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_anonymous_is_sent_to_login(client, antrag, name, methode):
    vorher = _stand(antrag)
    r = getattr(client, methode)(reverse(f"antraege:{name}", args=[antrag.pk]))
    assert r.status_code == 302 and "/anmelden/" in r["Location"]
    assert _stand(antrag) == vorher


@pytest.mark.parametrize("name", LIST_URLS)
def test_lists_for_anonymous_and_applicants(client, antrag, name, request):
    r = client.get(reverse(f"antraege:{name}"))
    assert r.status_code == 302 and "/anmelden/" in r["Location"]
    for persona in APPLICANTS:
        client.force_login(request.getfixturevalue(persona))
        r = client.get(reverse(f"antraege:{name}"))
        assert r.status_code == 404, persona


@pytest.mark.parametrize("persona", APPLICANTS)
@pytest.mark.parametrize("name", REVIEWER_URLS)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_applicants_never_reach_reviewer_pages(client, antrag, persona, name, methode, request):
    client.force_login(request.getfixturevalue(persona))
    vorher = _stand(antrag)
    r = getattr(client, methode)(reverse(f"antraege:{name}", args=[antrag.pk]), {"text": "x", "version": 1})
    assert r.status_code == 404
    assert "GEHEIM" not in r.content.decode()
    assert _stand(antrag) == vorher


@pytest.mark.parametrize("persona", ["ki_bochum", "traeger_awo"])
@pytest.mark.parametrize("name", APPLICANT_URLS)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_other_tenants_get_404(client, antrag, persona, name, methode, request):
    client.force_login(request.getfixturevalue(persona))
    vorher = _stand(antrag)
    r = getattr(client, methode)(reverse(f"antraege:{name}", args=[antrag.pk]), {"antwort": "Übernahme!"})
    assert r.status_code == 404
    assert "GEHEIM" not in r.content.decode() and "vertrauliche" not in r.content.decode()
    assert _stand(antrag) == vorher


@pytest.mark.parametrize("persona", ["ki_dortmund", "zeichnung_dortmund"])
def test_own_applicant_sees_request_and_history_without_internal_notes(client, antrag, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for name in APPLICANT_URLS:
        r = client.get(reverse(f"antraege:{name}", args=[antrag.pk]))
        assert r.status_code == 200
        assert GEHEIM not in r.content.decode()
    assert "Satzung" in client.get(reverse("antraege:antworten", args=[antrag.pk])).content.decode()


def test_sachbearbeitung_cannot_answer_by_forged_post(client, antrag, ki_dortmund):
    client.force_login(ki_dortmund)
    vorher = _stand(antrag)
    r = client.post(reverse("antraege:antworten", args=[antrag.pk]), {"antwort": "Erledigt"})
    assert r.status_code == 403
    assert _stand(antrag) == vorher


@pytest.mark.parametrize("persona", BEZIRKSREGIERUNG)
def test_bezirksregierung_reads_everything_but_answers_nothing(client, antrag, persona, request):
    client.force_login(request.getfixturevalue(persona))
    r = client.get(reverse("antraege:pruefung_detail", args=[antrag.pk]))
    assert r.status_code == 200 and GEHEIM in r.content.decode()
    assert GEHEIM in client.get(reverse("antraege:stand", args=[antrag.pk])).content.decode()
    vorher = _stand(antrag)
    assert client.post(reverse("antraege:antworten", args=[antrag.pk]), {"antwort": "x"}).status_code == 404
    assert _stand(antrag) == vorher


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("zeichnung_arnsberg", "nachforderung"),
        ("zeichnung_arnsberg", "vorschlag"),
        ("zeichnung_arnsberg", "uebernehmen"),
        ("admin", "anhoerung"),
        ("pruefung_arnsberg", "zeichnen"),
    ],
)
def test_forged_posts_of_the_wrong_role_are_refused(client, antrag, persona, name, request):
    client.force_login(request.getfixturevalue(persona))
    vorher = _stand(antrag)
    r = client.post(
        reverse(f"antraege:{name}", args=[antrag.pk]),
        {
            "punkte": "x",
            "frist": "2099-01-01",
            "text": "x",
            "beabsichtigter_betrag": "0",
            "aktion": "zeichnen",
            "version": 1,
        },
    )
    assert r.status_code in (302, 403)
    assert _stand(antrag) == vorher


def test_drafts_are_not_in_the_queue(client, dortmund, pruefung_arnsberg):
    entwurf = make_eingereichter_antrag(
        make_periode("III"), dortmund, status=S.ENTWURF, beantragt=Decimal("1.00")
    )
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("antraege:pruefung_detail", args=[entwurf.pk])).status_code == 404
