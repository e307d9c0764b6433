"""The foundation: Kommunen, roles and scoping, login everywhere, public pages, demo data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from komman import permissions
from komman.models import Mitgliedschaft, Organisation, Rolle, User
from programmteile.models import Foerderperiode, Programmteil, Zuweisung
from tests.factories import make_periode, make_zuweisung

PUBLIC_URLS = {
    "login",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "leichte_sprache",
    "programmteile:teil4",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    # Sicherheit: vulnerability reporting (RFC 9116)
    "security_txt",
    # Hintergrund: health endpoint for monitoring (no personal data, rate-limited)
    "gesundheit",
    "sicherheit",
    # Auswertung: the optional public Transparenz page and its open data (issue 23)
    "auswertung:transparenz",
    "auswertung:transparenz_csv",
    "auswertung:transparenz_json",
}


@pytest.mark.django_db
def test_54_kommunen_with_regierungsbezirke():
    kommunen = Organisation.objects.kommunen()
    assert kommunen.count() == 54
    counts = {
        rb: kommunen.filter(regierungsbezirk=rb).count()
        for rb in ("Düsseldorf", "Köln", "Münster", "Detmold", "Arnsberg")
    }
    assert counts == {"Düsseldorf": 15, "Köln": 12, "Münster": 8, "Detmold": 7, "Arnsberg": 12}
    dortmund = kommunen.get(kreisschluessel="05913")
    assert (dortmund.name, dortmund.einwohner_2011, dortmund.einwohner_2022, dortmund.verwaltungsgericht) == (
        "Dortmund",
        571143,
        598246,
        "Gelsenkirchen",
    )
    assert kommunen.get(kreisschluessel="05334002").teil_von.kreisschluessel == "05334"
    assert set(kommunen.values_list("verwaltungsgericht", flat=True)) == {
        "Aachen",
        "Arnsberg",
        "Düsseldorf",
        "Gelsenkirchen",
        "Köln",
        "Minden",
        "Münster",
    }


@pytest.mark.django_db
def test_programmteile_seeded():
    assert list(Programmteil.objects.values_list("nummer", flat=True)) == ["I", "II", "III", "IV"]
    assert not Programmteil.objects.get(nummer="IV").hat_antraege


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("felder", "feld", "text"),
    [
        ({"budget": Decimal("-1.00")}, "budget", "nicht negativ"),
        ({"antragsfrist": datetime.date(2025, 1, 1)}, "antragsfrist", "nicht vor dem Antragsbeginn"),
        (
            {"bewilligungszeitraum_bis": datetime.date(2025, 6, 30)},
            "bewilligungszeitraum_bis",
            "nicht vor seinem Beginn",
        ),
        ({"foerderjahr": 1999}, "foerderjahr", "zwischen 2016 und 2100"),
    ],
)
def test_foerderperiode_validation_in_german(felder, feld, text):
    periode = make_periode("I")
    for key, value in felder.items():
        setattr(periode, key, value)
    with pytest.raises(ValidationError) as exc:
        periode.full_clean()
    assert text in " ".join(exc.value.message_dict[feld])


@pytest.mark.django_db
@pytest.mark.parametrize("stellen", ["0.5", "1.2", "2.5", "3"])
def test_zuweisung_rejects_other_stellen(stellen, dortmund):
    zuweisung = Zuweisung(foerderperiode=make_periode("I"), kommune=dortmund, stellen=Decimal(stellen))
    with pytest.raises(ValidationError) as exc:
        zuweisung.full_clean()
    assert "keine zulässige Stellenstufe" in exc.value.message_dict["stellen"][0]
    assert "1, 1,5 oder 2 Stellen" in exc.value.message_dict["stellen"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("stellen", ["1", "1.5", "2"])
def test_zuweisung_accepts_stufen(stellen, dortmund):
    Zuweisung(foerderperiode=make_periode("I"), kommune=dortmund, stellen=Decimal(stellen)).full_clean()


@pytest.mark.django_db
def test_zuweisung_only_for_kommunen(awo):
    with pytest.raises(ValidationError) as exc:
        Zuweisung(foerderperiode=make_periode("II"), kommune=awo, hoechstbetrag=Decimal("1000")).full_clean()
    assert "kommune" in exc.value.message_dict


@pytest.mark.django_db
def test_budget_constraint_in_database():
    from django.db import IntegrityError, transaction

    periode = make_periode("I", budget=Decimal("100.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=Decimal("100.01"))


@pytest.mark.django_db
def test_mitgliedschaft_roles_fit_organisation(dortmund):
    user = User.objects.create_user("x")
    with pytest.raises(ValidationError):
        Mitgliedschaft(user=user, organisation=dortmund, rolle=Rolle.PRUEFUNG).full_clean()


def _all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace == "admin":
                continue
            yield from _all_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.mark.django_db
def test_every_page_needs_login_except_public_ones(client):
    """A URL without arguments that answers anonymous users with anything but the login redirect must be public."""
    for name, pattern in _all_url_names():
        if pattern.pattern.regex.groups:
            continue
        response = client.get(reverse(name))
        if name in PUBLIC_URLS:
            assert response.status_code in (200, 302), name
            if response.status_code == 302:
                assert not response["Location"].startswith(reverse("login")), name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("login")), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["impressum", "datenschutz", "barrierefreiheit", "leichte_sprache", "programmteile:teil4"]
)
def test_public_pages_render_in_german(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'<html lang="de">' in response.content
    assert response.content.count(b"<h1") == 1


@pytest.mark.django_db
def test_ki_scope_holds_only_own_organisation(ki_dortmund, bochum, dortmund):
    assert list(Organisation.objects.visible_to(ki_dortmund)) == [dortmund]
    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=Decimal("2"))
    make_zuweisung(periode, bochum, stellen=Decimal("1.5"))
    assert [z.kommune for z in Zuweisung.objects.visible_to(ki_dortmund)] == [dortmund]


@pytest.mark.django_db
def test_bezirksregierung_sees_all_zuweisungen(pruefung_arnsberg, bochum, dortmund):
    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=Decimal("2"))
    make_zuweisung(periode, bochum, stellen=Decimal("1.5"))
    assert Zuweisung.objects.visible_to(pruefung_arnsberg).count() == 2
    assert permissions.is_bezirksregierung(pruefung_arnsberg)
    assert permissions.roles_for(pruefung_arnsberg, dortmund) == {Rolle.PRUEFUNG}


@pytest.mark.django_db
def test_roles_for_applicant_only_at_own_organisation(ki_dortmund, dortmund, bochum):
    assert permissions.roles_for(ki_dortmund, dortmund) == {Rolle.SACHBEARBEITUNG}
    assert permissions.roles_for(ki_dortmund, bochum) == set()


NAVIGATION = {
    "ki_dortmund": ({"Startseite", "Abmelden"}, {"Stammdaten (Django-Verwaltung)"}),
    "zeichnung_dortmund": ({"Startseite", "Abmelden"}, {"Stammdaten (Django-Verwaltung)"}),
    "ki_bochum": ({"Startseite"}, {"Stammdaten (Django-Verwaltung)"}),
    "traeger_awo": ({"Startseite"}, {"Stammdaten (Django-Verwaltung)"}),
    "pruefung_arnsberg": ({"Startseite"}, {"Stammdaten (Django-Verwaltung)"}),
    "zeichnung_arnsberg": ({"Startseite"}, {"Stammdaten (Django-Verwaltung)"}),
    "admin": ({"Startseite", "Stammdaten (Django-Verwaltung)"}, set()),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", list(NAVIGATION))
def test_each_persona_sees_its_navigation(client, request, persona_name):
    user = request.getfixturevalue(persona_name)
    client.force_login(user)
    html = client.get(reverse("start")).content.decode()
    nav = html[html.index('aria-label="Hauptnavigation"') : html.index("</nav>")]
    expected, forbidden = NAVIGATION[persona_name]
    for label in expected:
        assert label in nav, (persona_name, label)
    for label in forbidden:
        assert label not in nav, (persona_name, label)


@pytest.mark.django_db
def test_start_page_shows_zuweisung_for_ki(client, ki_dortmund, dortmund):
    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=Decimal("2"))
    client.force_login(ki_dortmund)
    html = client.get(reverse("start")).content.decode()
    assert "2 Stellen und bis zu 20.000,00 € Sachmittel" in html
    assert "Stadt Dortmund" in html


@pytest.mark.django_db
def test_start_page_shows_budget_for_admin(client, admin):
    make_periode("II", budget=Decimal("7200000.00"))
    client.force_login(admin)
    html = client.get(reverse("start")).content.decode()
    assert "7.200.000,00 €" in html


@pytest.mark.django_db
def test_django_admin_only_for_administration(client, pruefung_arnsberg, admin):
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(admin)
    response = client.get(reverse("admin:komman_organisation_changelist") + "?q=Dortmund")
    assert response.status_code == 200
    assert "Dortmund" in response.content.decode()


@pytest.mark.django_db
def test_login_with_wrong_password_gives_german_message(client, ki_dortmund):
    response = client.post(reverse("login"), {"username": "ki.dortmund", "password": "falsch"})
    assert response.status_code == 200
    assert "Benutzername oder Passwort sind nicht richtig" in response.content.decode()
    assert 'value="ki.dortmund"' in response.content.decode()


@pytest.mark.django_db
def test_password_reset_mail_in_german(client, ki_dortmund, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post(reverse("password_reset"), {"email": ki_dortmund.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Passwort zurücksetzen" in mailoutbox[0].subject
    # No enumeration: an unknown address looks the same.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "niemand@test.invalid"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_german_404_page(client, ki_dortmund):
    client.force_login(ki_dortmund)
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_demodaten_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("demodaten")
    counts = (
        User.objects.count(),
        Mitgliedschaft.objects.count(),
        Organisation.objects.count(),
        Foerderperiode.objects.count(),
        Zuweisung.objects.count(),
    )
    call_command("demodaten")
    assert counts == (
        User.objects.count(),
        Mitgliedschaft.objects.count(),
        Organisation.objects.count(),
        Foerderperiode.objects.count(),
        Zuweisung.objects.count(),
    )
    # the Förderjahr 2026 (the demo data after the notice adds 2025, issue 18)
    assert Zuweisung.objects.filter(foerderperiode__programmteil__nummer="I", foerderperiode__foerderjahr=2026).count() == 54
    assert (
        Zuweisung.objects.filter(
            foerderperiode__programmteil__nummer="II", foerderperiode__foerderjahr=2026, hoechstbetrag__isnull=False
        ).count()
        == 54
    )
    assert Zuweisung.objects.get(
        foerderperiode__programmteil__nummer="II", foerderperiode__foerderjahr=2026, kommune__kreisschluessel="05916"
    ).hoechstbetrag == Decimal("57100.00")
    for name in (
        "ki.dortmund",
        "zeichnung.dortmund",
        "ki.bochum",
        "traeger.awo",
        "pruefung.arnsberg",
        "zeichnung.arnsberg",
        "admin",
    ):
        assert User.objects.get(username=name).check_password("komman-demo")


@pytest.mark.django_db
def test_demodaten_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demodaten")
