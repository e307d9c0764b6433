"""Verwaltung of texts: Bescheidtexte and Briefkopf are versioned, never overwritten; parameter form fuzzing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmteile.forms import RegelparameterForm
from programmteile.models import Bescheidtexte, Briefkopf
from tests.factories import make_periode


def _texte_post(**felder) -> dict:
    standard = Bescheidtexte()
    return {**{f: getattr(standard, f) for f in Bescheidtexte.TEXTFELDER}, **felder}


@pytest.mark.django_db
def test_bescheidtexte_saving_creates_a_new_version(client, admin):
    periode = make_periode("II")
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_bescheidtexte", args=[periode.pk])
    client.post(url, _texte_post(hinweise="Erste Fassung", speichern="1"))
    client.post(url, _texte_post(hinweise="Zweite Fassung", speichern="1"))
    client.post(url, _texte_post(hinweise="Zweite Fassung", speichern="1"))  # unchanged: no version
    assert list(Bescheidtexte.objects.filter(foerderperiode=periode).values_list("version", "hinweise")) == [
        (2, "Zweite Fassung"),
        (1, "Erste Fassung"),
    ]
    assert Bescheidtexte.aktuell(periode).hinweise == "Zweite Fassung"


@pytest.mark.django_db
def test_bescheidtexte_preview_replaces_gericht_and_saves_nothing(client, admin):
    periode = make_periode("II")
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_bescheidtexte", args=[periode.pk])
    antwort = client.post(
        url, _texte_post(rechtsbehelfsbelehrung="Klage beim Verwaltungsgericht {gericht}.", vorschau="1")
    )
    seite = antwort.content.decode()
    assert "Klage beim Verwaltungsgericht Gelsenkirchen (Bahnhofsvorplatz 3, 45879 Gelsenkirchen)." in seite
    assert not Bescheidtexte.objects.exists()
    antwort = client.post(url, _texte_post(rechtsbehelfsbelehrung="Klage beim Gericht {ort}.", speichern="1"))
    assert "muss den Platzhalter {gericht} enthalten" in antwort.content.decode()
    antwort = client.post(url, _texte_post(rechtsbehelfsbelehrung="{gericht} in {ort}.", speichern="1"))
    assert "Geschweifte Klammern sind nur im Platzhalter {gericht} erlaubt" in antwort.content.decode()
    assert not Bescheidtexte.objects.exists()


@pytest.mark.django_db
def test_briefkopf_new_version_from_a_date(client, admin):
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_briefkopf")
    daten = {
        "behoerde": "Bezirksregierung Arnsberg",
        "dezernat": "Dezernat 36 – Kompetenzzentrum für Integration",
        "strasse": "Laurentiusstraße 1",
        "plz": "59821",
        "ort": "Arnsberg",
        "telefon": "02931 82-0",
        "email": "komm-an@bra.nrw.invalid",
        "internet": "www.bra.nrw.de",
        "zeichnungsformel": "Im Auftrag",
        "gueltig_ab": "2026-01-01",
    }
    assert client.post(url, daten).status_code == 302
    assert (
        client.post(url, {**daten, "strasse": "Neue Straße 5", "gueltig_ab": "2027-01-01"}).status_code == 302
    )
    assert Briefkopf.objects.count() == 2
    assert Briefkopf.aktuell(datetime.date(2026, 6, 1)).strasse == "Laurentiusstraße 1"
    assert Briefkopf.aktuell(datetime.date(2027, 6, 1)).strasse == "Neue Straße 5"
    antwort = client.post(url, {**daten, "plz": "5982", "vorschau": "1"})
    assert "Die Postleitzahl hat fünf Ziffern." in antwort.content.decode()
    assert Briefkopf.objects.count() == 2


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    schluessel=st.sampled_from(
        [
            "I.stellenstufen",
            "I.festbetrag_stelle",
            "I.rechner.schwellen",
            "III.foerdersatz_max",
            "II.A.raumnutzung_min",
            "erstattung.zins_pp",
            "bescheid.dezernat",
            "II.pauschale.A1",
        ]
    ),
    wert=st.one_of(
        st.text(max_size=20),
        st.sampled_from(["1.000,00", "-5", "1,234", "150", "1; 0,5", "3; 1,25", "NaN", "1e9"]),
    ),
)
def test_parameter_form_never_raises_and_keeps_input(admin, schluessel, wert):
    periode = make_periode("I", jahr=2030)
    form = RegelparameterForm(periode=periode)
    daten = {}
    for name, feld in form.fields.items():
        v = feld.prepare_value(form[name].initial)
        daten[name] = "" if v is None else v
    daten[schluessel] = wert
    gebunden = RegelparameterForm(daten, periode=periode)
    if gebunden.is_valid():
        periode.regelparameter = gebunden.regelparameter
        periode.full_clean()
    else:
        assert gebunden[schluessel].value() == wert
    periode.delete()


@pytest.mark.django_db
def test_parameter_form_has_a_labelled_field_for_every_rule_parameter():
    from programmteile import rules

    periode = make_periode("I", jahr=2031)
    form = RegelparameterForm(periode=periode)
    erwartet = set(rules.PARAMETER) | {rules.PAUSCHALE_PRAEFIX + c for c in rules.PAUSCHALEN}
    erwartet |= {k for k in periode.regelparameter if k.startswith(rules.SACHMITTEL_PRAEFIX)}
    assert set(form.fields) == erwartet
    assert all(feld.label and feld.label != name for name, feld in form.fields.items())
