"""What the applicant sees on its Antrag page once the Bezirksregierung acts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import workflow
from antraege.models import Antrag
from tests.factories import make_eingereichter_antrag, make_periode, make_position

S = Antrag.Status


@pytest.fixture
def eingereicht(dortmund, ki_dortmund):
    antrag = make_eingereichter_antrag(make_periode("II"), dortmund, beantragt=Decimal("1000.00"))
    make_position(antrag, pauschale="B2", einheiten=4)
    return antrag


@pytest.mark.django_db
def test_nachforderung_leads_applicant_to_the_answer_page(
    client, eingereicht, pruefung_arnsberg, zeichnung_dortmund
):
    workflow.start_formal_check(antrag=eingereicht, by=pruefung_arnsberg)
    workflow.request_documents(antrag=eingereicht, by=pruefung_arnsberg, punkte=["Kooperationsvertrag"])
    client.force_login(zeichnung_dortmund)
    html = client.get(reverse("antraege:detail", args=[eingereicht.pk])).content.decode()
    assert "Die Bezirksregierung wartet auf Ihre Antwort." in html
    assert reverse("antraege:antworten", args=[eingereicht.pk]) in html
    assert "Antworten und erneut einreichen" in html
    # Resubmitting goes through the answer page, not the plain submit button.
    assert "Prüfen und einreichen" not in html


@pytest.mark.django_db
def test_submitted_antrag_links_to_status_page_without_answer_prompt(client, eingereicht, zeichnung_dortmund):
    client.force_login(zeichnung_dortmund)
    html = client.get(reverse("antraege:detail", args=[eingereicht.pk])).content.decode()
    assert reverse("antraege:stand", args=[eingereicht.pk]) in html
    assert "wartet auf Ihre Antwort" not in html


@pytest.mark.django_db
def test_decision_is_shown_with_amount(client, eingereicht, ki_dortmund):
    Antrag.objects.filter(pk=eingereicht.pk).update(status=S.BEWILLIGT, zuwendung=Decimal("800.00"))
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:detail", args=[eingereicht.pk])).content.decode()
    assert "Bewilligt: 800,00 €" in html
    assert "beantragt: 1.000,00 €" in html
