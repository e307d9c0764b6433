# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Issue 24, finding 2: amounts and their sums have an upper bound; nothing stored breaks a page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from antraege.models import Antrag, Massnahme
from programmteile import rules
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.antraege.test_antragstellung import POSITION_POST, _teil1_post, _zeilen_post
from tests.factories import make_antrag

pytestmark = pytest.mark.django_db

MASSNAHME_POST = {
    "titel": "Nachbarschaft",
    "handlungsfeld": "zusammenleben",
    "stellen": "1",
    "personalausgaben": "60.000,00",
    "honorarausgaben": "0",
    "sachausgaben": "0",
    "investitionsausgaben": "0",
    "beantragt": "50.000,00",
}


def test_the_bound_comes_from_the_rules():
    from komman.fields import betrag_hoechstwert

    assert betrag_hoechstwert() == rules.BETRAG_HOECHSTWERT
    assert Decimal(10) ** 10 > rules.BETRAG_HOECHSTWERT * 10  # ten of them still fit a Betrag column


def test_two_huge_amounts_are_refused_at_the_field(client, traeger_awo, awo, perioden):
    """The attack: two Maßnahmen of 9.999.999.999,99 € each; their sum overflowed the column."""
    antrag = make_antrag(perioden["III"], awo, erstellt_von=traeger_awo)
    client.force_login(traeger_awo)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeilen = [{**MASSNAHME_POST, "beantragt": "9.999.999.999,99"}] * 2
    antwort = client.post(url, _zeilen_post(antrag, zeilen))
    assert antwort.status_code == 200
    assert "Zulässig sind höchstens 999.999.999,99 €" in antwort.content.decode()
    assert 'value="9.999.999.999,99"' in antwort.content.decode()  # typed input kept
    # Issue 25: a draft saves what can be saved; the refused amounts are never stored.
    assert not Massnahme.objects.filter(antrag=antrag, beantragt__isnull=False).exists()
    assert client.get(reverse("start")).status_code == 200


def test_sum_of_lines_within_bound_each_refused_at_the_last_line(client, traeger_awo, awo, perioden):
    antrag = make_antrag(perioden["III"], awo, erstellt_von=traeger_awo)
    client.force_login(traeger_awo)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeilen = [{**MASSNAHME_POST, "personalausgaben": "999.999.999,99", "beantragt": "600.000.000,00"}] * 2
    antwort = client.post(url, _zeilen_post(antrag, zeilen))
    assert antwort.status_code == 200
    assert "Die Summe der Zeilen ist zu groß" in antwort.content.decode()
    antrag.refresh_from_db()
    # Issue 25: the valid first line is saved, the refused last one is not: the sum stays in bound.
    assert antrag.beantragt == Decimal("600000000.00")


def test_part_ii_einheiten_times_pauschale_bounded(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeilen = [{**POSITION_POST, "pauschale": "B1", "einheiten": str(rules.EINHEITEN_MAX)}] * 60
    antwort = client.post(url, _zeilen_post(antrag, zeilen))
    assert antwort.status_code == 200
    assert "Die Summe der Zeilen ist zu groß" in antwort.content.decode()


def test_part_i_total_bounded(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    antwort = client.post(
        url, _teil1_post(antrag, personalausgaben="999.999.999,99", sachmittel="999.999.999,99")
    )
    assert antwort.status_code == 200
    assert "Die Summe der Zeilen ist zu groß" in antwort.content.decode()


def test_a_column_never_stores_what_it_cannot_give_back(dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund)
    antrag.beantragt = Decimal("19999999999.98")
    with pytest.raises(ValidationError), transaction.atomic():
        antrag.save(update_fields=["beantragt"])
    antrag.refresh_from_db()
    assert antrag.beantragt == Decimal("0.00")
    assert Antrag.objects.get(pk=antrag.pk).pk == antrag.pk  # the row still reads back
