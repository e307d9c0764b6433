"""The page "Zinsrechner und Fristenrechner": the same figures as rules.zinsen and
rules.bestandskraft with the database's Basiszinssatz table, access, German input and messages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from komman.formate import datum, euro, zahl
from programmteile import basiszins, rules
from programmteile.models import Basiszins
from programmteile.views.rechner import parameter

URL = reverse("programmteile:rechner")
D = datetime.date


def _seite(client, **daten) -> str:
    antwort = client.get(URL, daten)
    assert antwort.status_code == 200
    return antwort.content.decode()


@pytest.fixture
def pruefung(client, pruefung_arnsberg):
    client.force_login(pruefung_arnsberg)
    return client


# --- Interest ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_interest_equals_the_rules_with_the_database_table_across_a_rate_change(pruefung):
    # A rate change that exists only in the database, not in the shipped table.
    Basiszins.objects.create(gueltig_ab=D(2041, 1, 1), satz=Decimal("-2.10"))
    Basiszins.objects.create(gueltig_ab=D(2041, 7, 1), satz=Decimal("3.40"))
    assert (D(2041, 7, 1), Decimal("3.40")) not in rules.basiszins_standard()
    seite = _seite(
        pruefung, rechnung="zinsen", betrag="12.345,67", von="15.03.2041", bis="31.10.2041", aufschlag="5"
    )
    erwartet = rules.zinsen(
        Decimal("12345.67"),
        D(2041, 3, 15),
        D(2041, 10, 31),
        aufschlag=Decimal("5"),
        basiszins=basiszins.tabelle(),
    )
    assert len(erwartet.abschnitte) == 2
    assert erwartet != rules.zinsen(
        Decimal("12345.67"), D(2041, 3, 15), D(2041, 10, 31), aufschlag=Decimal("5")
    )
    assert f"<strong>{euro(erwartet.zinsen)}</strong>" in seite
    tabelle = seite[seite.index("<table") : seite.index("</table>")]
    assert "<caption>" in tabelle and 'scope="col"' in tabelle
    for a in erwartet.abschnitte:
        zeile = (
            f'<tr><th scope="row">{datum(a.von)}</th><td>{datum(a.bis)}</td>'
            f'<td class="tabelle-betrag">{a.tage}</td><td class="tabelle-betrag">{f"{a.satz:.2f}".replace(".", ",")} %</td>'
            f'<td class="tabelle-betrag">{euro(a.zinsen)}</td></tr>'
        )
        assert zeile in tabelle
    assert f">{erwartet.tage}<" in tabelle


@pytest.mark.django_db
def test_interest_with_a_negative_rate_and_the_default_aufschlag(pruefung):
    p = parameter().allgemein
    seite = _seite(pruefung)
    assert (
        f'value="{zahl(p.erstattung_zins_pp)}' in seite
        or f'value="{p.erstattung_zins_pp:.2f}'.replace(".", ",") in seite
    )
    seite = _seite(
        pruefung, rechnung="zinsen", betrag="1000", von="2016-01-01", bis="2016-12-31", aufschlag="0"
    )
    erwartet = rules.zinsen(
        Decimal("1000"), D(2016, 1, 1), D(2016, 12, 31), aufschlag=Decimal("0"), basiszins=basiszins.tabelle()
    )
    assert erwartet.zinsen == Decimal("0.00")
    assert f"<strong>{euro(erwartet.zinsen)}</strong>" in seite
    assert "0 %" in seite  # the rate never goes below zero


@pytest.mark.django_db
def test_interest_warns_when_the_table_ends(pruefung):
    Basiszins.objects.filter(gueltig_ab__gt=D(2020, 1, 1)).delete()
    seite = _seite(
        pruefung, rechnung="zinsen", betrag="1000", von="01.01.2021", bis="31.12.2021", aufschlag="5"
    )
    assert "kein Basiszinssatz hinterlegt" in seite
    erwartet = rules.zinsen(
        Decimal("1000"), D(2021, 1, 1), D(2021, 12, 31), aufschlag=Decimal("5"), basiszins=basiszins.tabelle()
    )
    assert f"<strong>{euro(erwartet.zinsen)}</strong>" in seite


@pytest.mark.django_db
def test_interest_before_the_first_rate_is_a_field_message(pruefung):
    seite = _seite(
        pruefung, rechnung="zinsen", betrag="1000", von="01.01.1990", bis="31.12.1990", aufschlag="5"
    )
    assert "Für den 02.01.1990 ist kein Basiszinssatz hinterlegt." in seite
    assert 'value="01.01.1990"' in seite


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("feld", "wert", "meldung"),
    [
        ("betrag", "zwölf", "„zwölf“ ist kein gültiger Betrag"),
        ("betrag", "99999999999999999999", "Der Betrag ist zu groß"),
        ("betrag", "-5", "Der Betrag ist negativ"),
        ("von", "31.02.2026", "„31.02.2026“ ist kein gültiges Datum"),
        ("von", "31.12.9999", "Bitte ein Datum zwischen den Jahren 1950 und 2150 eingeben."),
        ("bis", "10000-01-01", "„10000-01-01“ ist kein gültiges Datum"),
        ("bis", "01.01.2020", "Das Ende darf nicht vor dem Beginn liegen."),
        ("aufschlag", "1e400", "ist keine Zahl"),
        ("aufschlag", "1000", "höchstens 100 Prozentpunkte"),
    ],
)
def test_bad_interest_input_gives_a_field_message_and_keeps_the_input(pruefung, feld, wert, meldung):
    daten = {
        "rechnung": "zinsen",
        "betrag": "1.000,00",
        "von": "01.01.2026",
        "bis": "31.12.2026",
        "aufschlag": "5",
    }
    daten[feld] = wert
    seite = _seite(pruefung, **daten)
    fehler = re.search(rf'id="zins_{feld}_error">(.*?)</div>', seite, re.S)
    assert fehler, seite
    assert meldung in fehler.group(1).replace("&quot;", '"')
    assert f'value="{wert}"' in seite
    assert 'id="zinsen-ergebnis"' not in seite


# --- Deadlines ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("daten", "kwargs"),
    [
        ({"bekanntgabe": "03.09.2026"}, {}),
        ({"bekanntgabe": "31.01.2026"}, {}),
        (
            {"bekanntgabe": "10.03.2026", "verzicht": "20.03.2026"},
            {"rechtsbehelfsverzicht_eingang": D(2026, 3, 20)},
        ),
        (
            {"bekanntgabe": "10.03.2026", "verzicht": "01.03.2026"},
            {"rechtsbehelfsverzicht_eingang": D(2026, 3, 1)},
        ),
        ({"bekanntgabe": "10.03.2026", "klage": "on"}, {"klage_erhoben": True}),
    ],
)
def test_deadlines_equal_the_rules(pruefung, daten, kwargs):
    monate = parameter().allgemein.rechtsbehelf_frist_monate
    bekanntgabe = datetime.datetime.strptime(daten["bekanntgabe"], "%d.%m.%Y").date()
    erwartet = rules.bestandskraft(bekanntgabe, klagefrist_monate=monate, **kwargs)
    seite = _seite(pruefung, rechnung="fristen", **daten)
    assert f"<strong>{datum(erwartet.klagefrist_ende)}</strong>" in seite
    if erwartet.bestandskraeftig_ab:
        assert f"<strong>{datum(erwartet.bestandskraeftig_ab)}</strong>" in seite
    else:
        assert "noch nicht (Klage anhängig)" in seite
    for b in erwartet.befunde:
        assert b.meldung in seite.replace("&quot;", '"')


@pytest.mark.django_db
def test_a_deadline_moved_off_a_holiday_names_it(pruefung):
    # 03.09.2026 + 1 month = Saturday 03.10.2026, Tag der Deutschen Einheit; then Sunday.
    seite = _seite(pruefung, rechnung="fristen", bekanntgabe="03.09.2026")
    assert "Fristende verschoben vom 03.10.2026 auf den 05.10.2026" in seite
    assert "03.10.2026 ist ein Feiertag (Tag der Deutschen Einheit)" in seite
    assert "04.10.2026 ist ein Sonntag" in seite


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("daten", "feld", "meldung"),
    [
        ({"bekanntgabe": ""}, "bekanntgabe", "Pflichtfeld"),
        ({"bekanntgabe": "morgen"}, "bekanntgabe", "„morgen“ ist kein gültiges Datum"),
        ({"bekanntgabe": "01.01.9999"}, "bekanntgabe", "zwischen den Jahren 1950 und 2150"),
        ({"bekanntgabe": "01.01.2026", "verzicht": "32.01.2026"}, "verzicht", "kein gültiges Datum"),
    ],
)
def test_bad_deadline_input_gives_a_field_message(pruefung, daten, feld, meldung):
    seite = _seite(pruefung, rechnung="fristen", **daten)
    if meldung == "Pflichtfeld":
        assert 'id="frist_bekanntgabe_error"' in seite
    else:
        fehler = re.search(rf'id="frist_{feld}_error">(.*?)</div>', seite, re.S)
        assert fehler and meldung in fehler.group(1)
    assert 'id="fristen-ergebnis"' not in seite


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pruefung_arnsberg", "admin"])
def test_page_and_link_for_pruefung_and_administration(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200
    assert f'href="{URL}"' in client.get(reverse("start")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["ki_dortmund", "zeichnung_dortmund", "traeger_awo", "zeichnung_arnsberg"]
)
def test_others_are_refused(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert (
        client.get(
            URL, {"rechnung": "zinsen", "betrag": "1", "von": "01.01.2026", "bis": "02.01.2026"}
        ).status_code
        == 403
    )
    assert f'href="{URL}"' not in client.get(reverse("start")).content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(client):
    antwort = client.get(URL)
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_day_that_does_not_exist_is_named_so(pruefung):
    seite = _seite(pruefung, rechnung="fristen", bekanntgabe="31.02.2026")
    assert "„31.02.2026“ ist kein gültiges Datum: Diesen Tag gibt es nicht." in seite
