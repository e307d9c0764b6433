"""Issue 24, finding 1: one administrator cannot move money alone (separation of duties)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from komman.models import Mitgliedschaft, Protokolleintrag, Rolle, Rollenfreigabe, User
from tests.factories import bezirksregierung, make_antrag, make_periode, make_user


@pytest.fixture
def admin2(db):
    return make_user("admin.zwei", organisation=bezirksregierung(), rolle=Rolle.ADMIN)


def _rolle(client, person, organisation, rolle):
    return client.post(
        reverse("verwaltung_benutzer", args=[person.pk]), {"organisation": organisation.pk, "rolle": rolle}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("rolle", [Rolle.PRUEFUNG, Rolle.ZEICHNUNG])
def test_administration_cannot_grant_itself_a_role(client, admin, rolle):
    client.force_login(admin)
    antwort = _rolle(client, admin, bezirksregierung(), rolle)
    assert antwort.status_code == 200
    assert "Sie können sich selbst keine Rolle geben" in antwort.content.decode()
    assert not Mitgliedschaft.objects.filter(user=admin, rolle=rolle).exists()
    assert not Rollenfreigabe.objects.filter(user=admin).exists()


@pytest.mark.django_db
def test_bezirksregierung_role_needs_a_second_administrator(
    client, admin, admin2, pruefung_arnsberg, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = _rolle(client, pruefung_arnsberg, bezirksregierung(), Rolle.ZEICHNUNG)
    assert antwort.status_code == 302
    assert not Mitgliedschaft.objects.filter(user=pruefung_arnsberg, rolle=Rolle.ZEICHNUNG).exists()
    freigabe = Rollenfreigabe.objects.get(user=pruefung_arnsberg)
    assert freigabe.stand == "offen"
    assert Protokolleintrag.objects.filter(aktion="rolle_beantragt", wer=admin).exists()
    empfaenger = {a for m in mail.outbox for a in m.to}
    assert {pruefung_arnsberg.email, admin2.email} <= empfaenger and admin.email not in empfaenger

    # the requesting administrator cannot confirm
    antwort = client.post(
        reverse("verwaltung_freigabe_entscheiden", args=[freigabe.pk]), {"entscheidung": "bestaetigen"}
    )
    freigabe.refresh_from_db()
    assert freigabe.stand == "offen"
    assert (
        "bestätigen muss eine zweite Person" in client.get(reverse("verwaltung_freigaben")).content.decode()
    )

    mail.outbox.clear()
    client.force_login(admin2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("verwaltung_freigabe_entscheiden", args=[freigabe.pk]), {"entscheidung": "bestaetigen"}
        )
    freigabe.refresh_from_db()
    assert freigabe.stand == "bestaetigt" and freigabe.entschieden_von == admin2
    assert Mitgliedschaft.objects.filter(user=pruefung_arnsberg, rolle=Rolle.ZEICHNUNG).exists()
    assert Protokolleintrag.objects.filter(aktion="rolle_erteilt", wer=admin2).exists()
    assert {a for m in mail.outbox for a in m.to} >= {pruefung_arnsberg.email, admin.email}


@pytest.mark.django_db
def test_kommune_signatory_never_gets_a_bezirksregierung_role(client, admin, zeichnung_dortmund):
    client.force_login(admin)
    antwort = _rolle(client, zeichnung_dortmund, bezirksregierung(), Rolle.PRUEFUNG)
    assert "ausschließlich der Bezirksregierung" in antwort.content.decode()
    assert not Rollenfreigabe.objects.filter(user=zeichnung_dortmund).exists()


@pytest.mark.django_db
def test_reviewer_never_gets_an_applicant_role(client, admin, pruefung_arnsberg, dortmund):
    client.force_login(admin)
    antwort = _rolle(client, pruefung_arnsberg, dortmund, Rolle.ZEICHNUNGSBERECHTIGT)
    assert "gehört zur Bezirksregierung" in antwort.content.decode()
    assert not pruefung_arnsberg.mitgliedschaften.filter(organisation=dortmund).exists()


@pytest.mark.django_db
def test_invited_account_cannot_sign_its_inviters_proposal(client, admin2, dortmund):
    """The attack of issue 24: an administrator with Prüfung invites a Zeichnung account and signs with it."""
    from antraege import permissions

    angreifer = make_user("chef", organisation=bezirksregierung(), rolle=[Rolle.ADMIN, Rolle.PRUEFUNG])
    client.force_login(angreifer)
    client.post(
        reverse("verwaltung_einladen", args=[bezirksregierung().pk]),
        {"first_name": "Zweit", "last_name": "Konto", "email": "zweit@test.invalid", "username": "zweit",
         "rollen": [Rolle.ZEICHNUNG]},
    )  # fmt: skip
    zweit = User.objects.get(username="zweit")
    assert zweit.eingeladen_von == angreifer
    assert not zweit.mitgliedschaften.exists()  # the Zeichnung role waits for a second administrator
    assert Protokolleintrag.objects.filter(aktion="eingeladen", wer=angreifer).exists()

    client.force_login(admin2)
    client.post(
        reverse("verwaltung_freigabe_entscheiden", args=[Rollenfreigabe.objects.get(user=zweit).pk]),
        {"entscheidung": "bestaetigen"},
    )
    assert zweit.mitgliedschaften.filter(rolle=Rolle.ZEICHNUNG).exists()
    antrag = make_antrag(
        make_periode(), dortmund, status="bewilligung_vorgeschlagen", vorgeschlagen_von=angreifer
    )
    darf, grund = permissions.can_sign(zweit, antrag)
    assert not darf and "angelegt" in grund


@pytest.mark.django_db
def test_role_removal_and_deactivation_are_recorded_and_mailed(
    client, admin, admin2, ki_dortmund, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    m = ki_dortmund.mitgliedschaften.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("verwaltung_mitgliedschaft_entfernen", args=[m.pk]))
        client.post(reverse("verwaltung_benutzer_aktiv", args=[ki_dortmund.pk]))
    aktionen = set(Protokolleintrag.objects.filter(wer=admin).values_list("aktion", flat=True))
    assert {"rolle_entzogen", "konto_deaktiviert"} <= aktionen
    assert sum(ki_dortmund.email in m.to for m in mail.outbox) == 2
    assert sum(admin2.email in m.to for m in mail.outbox) == 2


@pytest.mark.django_db
def test_password_set_through_link_is_recorded(
    client, admin, admin2, ki_dortmund, django_capture_on_commit_callbacks
):
    from komman.verwaltung import einladungslink

    pfad = einladungslink(ki_dortmund).split("://", 1)[1].split("/", 1)[1]
    formular = client.get("/" + pfad, follow=True).redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            formular,
            {"new_password1": "Sehr-geheimes-Passwort-42", "new_password2": "Sehr-geheimes-Passwort-42"},
        )
    assert Protokolleintrag.objects.filter(aktion="passwort_gesetzt", wer=ki_dortmund).exists()
    assert {ki_dortmund.email, admin.email, admin2.email} <= {a for m in mail.outbox for a in m.to}


@pytest.mark.django_db
def test_django_admin_cannot_change_roles_or_users(client, admin, ki_dortmund):
    client.force_login(admin)
    assert client.get(reverse("admin:komman_mitgliedschaft_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_password_change", args=[ki_dortmund.pk])).status_code in (
        403,
        404,
    )
    antwort = client.post(
        reverse("admin:komman_user_change", args=[ki_dortmund.pk]),
        {"username": "ki.dortmund", "is_superuser": "on", "is_staff": "on"},
    )
    assert antwort.status_code == 403
    ki_dortmund.refresh_from_db()
    assert not ki_dortmund.is_superuser


@pytest.mark.django_db
def test_a_role_asked_for_twice_is_a_field_message(client, admin, pruefung_arnsberg):
    client.force_login(admin)
    assert _rolle(client, pruefung_arnsberg, bezirksregierung(), Rolle.ZEICHNUNG).status_code == 302
    antwort = _rolle(client, pruefung_arnsberg, bezirksregierung(), Rolle.ZEICHNUNG)
    assert antwort.status_code == 200 and "schon beantragt" in antwort.content.decode()


@pytest.mark.django_db
def test_invitation_mail_names_the_role_waiting_for_confirmation(
    client, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("verwaltung_einladen", args=[bezirksregierung().pk]),
            {"first_name": "Neu", "last_name": "Prüfer", "email": "neu@test.invalid", "username": "neu",
             "rollen": [Rolle.PRUEFUNG]},
        )  # fmt: skip
    [einladung] = [m for m in mail.outbox if "Einladung" in m.subject]
    assert "Prüfung (wirkt nach Bestätigung" in einladung.body
