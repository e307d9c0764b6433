"""Every notification is an outbox row written in the transaction of its change (issue 22 item
2, the rest moved in item 4's branch): nothing waits for on_commit to write the mail, so a
process that dies right after commit loses no mail, and a rollback leaves none."""

import pytest
from django.db import transaction
from django.urls import reverse

from antraege.workflow import zur_zeichnung_vorlegen
from komman.models import Mail, Rolle
from tests.factories import make_eingereichter_antrag, make_periode

pytestmark = pytest.mark.django_db


def test_invitation_and_account_mails_are_rows_before_commit(client, admin, dortmund, django_capture_on_commit_callbacks):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=False):
        antwort = client.post(
            reverse("verwaltung_einladen", args=[dortmund.pk]),
            {"first_name": "Kim", "last_name": "Neu", "email": "kim.neu@stadt-dortmund.invalid",
             "username": "kim.neu", "rollen": [Rolle.SACHBEARBEITUNG]},
        )  # fmt: skip
    assert antwort.status_code == 302
    vorlagen = set(Mail.objects.values_list("vorlage", flat=True))
    assert "einladung" in vorlagen  # written without running a single on_commit callback


def test_zur_zeichnung_vorgelegt_mail_is_a_row_in_the_transaction(dortmund, ki_dortmund, zeichnung_dortmund):
    antrag = make_eingereichter_antrag(make_periode("I"), dortmund, status="entwurf")
    with pytest.raises(RuntimeError), transaction.atomic():
        zur_zeichnung_vorlegen(antrag=antrag, by=ki_dortmund)
        assert Mail.objects.filter(vorlage="zur_zeichnung_vorgelegt").count() == 1
        raise RuntimeError("rolled back")
    assert not Mail.objects.exists()  # a rollback leaves no mail behind


def test_feedback_mail_is_written_with_the_feedback(client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        antwort = client.post(reverse("barrierefreiheit"), {"nachricht": "Kontrast zu schwach", "seite": "/"})
    assert antwort.status_code == 302
    assert Mail.objects.filter(vorlage="barrierefreiheitsmeldung").count() == 1
