"""Verwaltung of Förderperioden: copy, CSV, access, change log, budget overview."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege.models import Antrag
from komman.models import Organisation
from programmteile.forms import csv_export, csv_lesen
from programmteile.models import Aenderungsprotokoll, Basiszins, Bescheidtexte, Foerderperiode, Zuweisung
from tests.factories import make_periode, make_zuweisung


def _antrag(periode, kommune, user, *, status, beantragt="0.00", zuwendung=None) -> Antrag:
    return Antrag.objects.create(
        foerderperiode=periode,
        antragsteller=kommune,
        erstellt_von=user,
        status=status,
        beantragt=Decimal(beantragt),
        zuwendung=Decimal(zuwendung) if zuwendung is not None else None,
    )


def _kommunen(n: int) -> list[Organisation]:
    return list(Organisation.objects.kommunen().order_by("kreisschluessel")[:n])


# --- Copying a period ---


@pytest.mark.django_db
def test_kopieren_copies_parameters_zuweisungen_texts_and_nothing_else(admin, ki_dortmund, dortmund, bochum):
    alt = make_periode("II", jahr=2026, budget=Decimal("7200000.00"))
    alt.regelparameter = {**alt.regelparameter, "II.pauschale.A1": "1100.00"}
    alt.antragsbeginn = datetime.date(2025, 10, 1)
    alt.antragsfrist = datetime.date(2026, 2, 28)
    alt.aktenzeichen_zaehler = 7
    alt.gebunden = Decimal("1000.00")
    alt.save()
    make_zuweisung(alt, dortmund, hoechstbetrag=Decimal("120000.00"))
    make_zuweisung(alt, bochum, hoechstbetrag=Decimal("80000.50"))
    Bescheidtexte.objects.create(foerderperiode=alt, version=1, hinweise="alt")
    Bescheidtexte.objects.create(foerderperiode=alt, version=2, hinweise="Hinweis 2026")
    _antrag(alt, dortmund, ki_dortmund, status="eingereicht", beantragt="5000.00")

    neu = alt.kopieren(jahr=2027)

    assert neu.foerderjahr == 2027
    assert neu.status == Foerderperiode.Status.IN_VORBEREITUNG
    assert neu.regelparameter == alt.regelparameter
    assert neu.regelparameter["II.pauschale.A1"] == "1100.00"
    assert (neu.antragsbeginn, neu.antragsfrist) == (datetime.date(2026, 10, 1), datetime.date(2027, 2, 28))
    assert (neu.bewilligungszeitraum_von, neu.bewilligungszeitraum_bis) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert (neu.gebunden, neu.aktenzeichen_zaehler, neu.budget) == (Decimal("0"), 0, Decimal("7200000.00"))
    assert sorted(neu.zuweisungen.values_list("kommune__kreisschluessel", "hoechstbetrag")) == [
        ("05911", Decimal("80000.50")),
        ("05913", Decimal("120000.00")),
    ]
    texte = list(Bescheidtexte.objects.filter(foerderperiode=neu))
    assert [(t.version, t.hinweise) for t in texte] == [(1, "Hinweis 2026")]
    assert not neu.antraege.exists()
    assert alt.antraege.count() == 1
    assert alt.zuweisungen.count() == 2


@pytest.mark.django_db
def test_kopieren_view_with_new_year_and_duplicate_year_refused(client, admin):
    alt = make_periode("I", jahr=2026)
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_periode_kopieren", args=[alt.pk])
    antwort = client.post(url, {"foerderjahr": "2026", "budget": "1.000,00"})
    assert antwort.status_code == 200
    assert "gibt es das Förderjahr 2026 schon" in antwort.content.decode()
    antwort = client.post(url, {"foerderjahr": "2027", "budget": "2.500.000,00"})
    neu = Foerderperiode.objects.get(programmteil=alt.programmteil, foerderjahr=2027)
    assert antwort.status_code == 302 and antwort["Location"].endswith(f"/{neu.pk}/")
    assert neu.budget == Decimal("2500000.00")


def test_kopieren_shifts_29_february():
    from programmteile.models.perioden import _jahre_verschieben

    assert _jahre_verschieben(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)


# --- CSV import and export ---


@pytest.fixture
def periode_ii(db):
    return make_periode("II", jahr=2027, status=Foerderperiode.Status.IN_VORBEREITUNG)


def _post_csv(client, periode, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    datei = SimpleUploadedFile("z.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(
        reverse("programmteile:verwaltung_zuweisungen_import", args=[periode.pk]), {"datei": datei}
    )


@pytest.mark.django_db
def test_csv_with_one_bad_row_imports_nothing_and_reports_row_and_column(client, admin, periode_ii, dortmund):
    make_zuweisung(periode_ii, dortmund, hoechstbetrag=Decimal("1.00"))
    client.force_login(admin)
    text = "Kreisschlüssel;Stellenzuweisung;Höchstbetrag\n05913;;120.000,00\n05911;;12x\n05111;;5000\n"
    antwort = _post_csv(client, periode_ii, text)
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Es wurde nichts übernommen" in seite
    assert "<td>3</td><td>Höchstbetrag</td>" in seite
    assert "„12x“ ist kein gültiger Betrag" in seite
    assert list(periode_ii.zuweisungen.values_list("kommune__kreisschluessel", "hoechstbetrag")) == [
        ("05913", Decimal("1.00"))
    ]


@pytest.mark.django_db
def test_csv_lesen_reports_every_problem_in_german(periode_ii):
    text = "Kreisschlüssel;Stellenzuweisung;Höchstbetrag\n99999;;1,00\n05913;1,7;\n05913;;-5\n05911;;1,234\n"
    zeilen, fehler = csv_lesen(text, periode=periode_ii)
    assert [(f.zeile, f.spalte) for f in fehler] == [
        (2, "Kreisschlüssel"),
        (3, "Stellenzuweisung"),
        (4, "Kreisschlüssel"),
        (4, "Höchstbetrag"),
        (5, "Höchstbetrag"),
    ]
    assert "keine zulässige Stellenstufe" in fehler[1].meldung
    assert "steht schon in Zeile 3" in fehler[2].meldung
    _, fehler = csv_lesen("Kommune,Betrag\n", periode=periode_ii)
    assert fehler[0].zeile == 1 and "Kopfzeile" in fehler[0].meldung


@pytest.mark.django_db
def test_good_csv_replaces_zuweisungen(client, admin, periode_ii, dortmund, bochum):
    make_zuweisung(periode_ii, dortmund, hoechstbetrag=Decimal("1.00"))
    make_zuweisung(periode_ii, bochum, hoechstbetrag=Decimal("2.00"))
    client.force_login(admin)
    # Excel: BOM, lost leading zero, German grouping
    antwort = _post_csv(
        client,
        periode_ii,
        "\ufeffKreisschlüssel;Stellenzuweisung;Höchstbetrag\n5913;;120.000,50\n05111;;57100\n",
    )
    assert antwort.status_code == 302
    assert sorted(periode_ii.zuweisungen.values_list("kommune__kreisschluessel", "hoechstbetrag")) == [
        ("05111", Decimal("57100.00")),
        ("05913", Decimal("120000.50")),
    ]
    assert not Aenderungsprotokoll.objects.exists()


@pytest.mark.django_db
def test_csv_export_import_round_trip_is_identical(client, admin):
    periode = make_periode("I", jahr=2027, status=Foerderperiode.Status.IN_VORBEREITUNG)
    for i, k in enumerate(_kommunen(54)):
        make_zuweisung(
            periode,
            k,
            stellen=[Decimal("1"), Decimal("1.5"), Decimal("2")][i % 3],
            hoechstbetrag=Decimal(i * 1000) + Decimal("0.25"),
        )
    vorher = sorted(periode.zuweisungen.values_list("kommune_id", "stellen", "hoechstbetrag"))
    client.force_login(admin)
    export = client.get(reverse("programmteile:verwaltung_zuweisungen_export", args=[periode.pk]))
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    roh = export.content
    assert roh.startswith("\ufeff".encode())
    text = roh.decode("utf-8-sig")
    assert text.splitlines()[0] == "Kreisschlüssel;Stellenzuweisung;Höchstbetrag"
    assert "05913;" in text and ",25" in text
    Zuweisung.objects.filter(foerderperiode=periode).update(hoechstbetrag=None)
    antwort = _post_csv(client, periode, text)
    assert antwort.status_code == 302
    assert sorted(periode.zuweisungen.values_list("kommune_id", "stellen", "hoechstbetrag")) == vorher
    assert csv_export(periode.zuweisungen.select_related("kommune")) == roh.decode("utf-8")


# --- Access: only the Administration role ---

VERWALTUNG_URLS = [
    ("programmteile:verwaltung_perioden", False),
    ("programmteile:verwaltung_periode_neu", False),
    ("programmteile:verwaltung_haushalt", False),
    ("programmteile:verwaltung_texte", False),
    ("programmteile:verwaltung_briefkopf", False),
    ("programmteile:verwaltung_anlagen", False),
    ("programmteile:verwaltung_periode", True),
    ("programmteile:verwaltung_periode_bearbeiten", True),
    ("programmteile:verwaltung_parameter", True),
    ("programmteile:verwaltung_periode_kopieren", True),
    ("programmteile:verwaltung_periode_oeffnen", True),
    ("programmteile:verwaltung_periode_schliessen", True),
    ("programmteile:verwaltung_zuweisungen", True),
    ("programmteile:verwaltung_zuweisungen_vorschlag", True),
    ("programmteile:verwaltung_zuweisungen_export", True),
    ("programmteile:verwaltung_zuweisungen_import", True),
    ("programmteile:verwaltung_bescheidtexte", True),
    ("programmteile:verwaltung_pflichtanlagen", True),
    ("programmteile:verwaltung_basiszins", False),
    ("programmteile:verwaltung_basiszins_neu", False),
    ("programmteile:verwaltung_basiszins_import", False),
    ("programmteile:verwaltung_basiszins_bearbeiten", "basiszins"),
    ("verwaltung_organisationen", False),
    ("verwaltung_traeger_neu", False),
    ("verwaltung_benutzer_liste", False),
    ("verwaltung_organisation", "org"),
    ("verwaltung_einladen", "org"),
    ("verwaltung_organisation_bearbeiten", "org"),
    ("verwaltung_benutzer", "user"),
    ("verwaltung_benutzer_aktiv", "user"),
    ("verwaltung_mitgliedschaft_entfernen", "mitgliedschaft"),
    ("verwaltung_freigaben", False),
    ("verwaltung_freigabe_entscheiden", "freigabe"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona_name",
    [
        None,
        "ki_dortmund",
        "zeichnung_dortmund",
        "ki_bochum",
        "traeger_awo",
        "pruefung_arnsberg",
        "zeichnung_arnsberg",
    ],
)
def test_only_administration_reaches_verwaltung(client, request, persona_name, dortmund):
    from komman.models import Mitgliedschaft

    periode = make_periode("I", jahr=2026, status=Foerderperiode.Status.IN_VORBEREITUNG)
    make_zuweisung(periode, dortmund, stellen=Decimal("2"))
    opfer = request.getfixturevalue("ki_bochum")
    mitgliedschaft = Mitgliedschaft.objects.filter(user=opfer).first()
    freigabe = _offene_freigabe()
    if persona_name:
        client.force_login(request.getfixturevalue(persona_name))
    args = {
        True: [periode.pk],
        False: [],
        "org": [dortmund.pk],
        "user": [opfer.pk],
        "mitgliedschaft": [mitgliedschaft.pk],
        "freigabe": [freigabe.pk],
        "basiszins": [Basiszins.objects.order_by("pk").first().pk],
    }
    for name, art in VERWALTUNG_URLS:
        url = reverse(name, args=args[art])
        for methode in (client.get, client.post):
            antwort = methode(url, {"foerderjahr": "2030", "budget": "1,00", "grund": "x"})
            if persona_name is None:
                assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"], (name, methode)
            else:
                assert antwort.status_code in (403, 404), (name, methode, antwort.status_code)
                assert "05913" not in antwort.content.decode()
    assert Foerderperiode.objects.count() == 1
    assert periode.zuweisungen.count() == 1
    periode.refresh_from_db()
    assert periode.status == Foerderperiode.Status.IN_VORBEREITUNG
    assert Mitgliedschaft.objects.filter(pk=mitgliedschaft.pk).exists()
    opfer.refresh_from_db()
    assert opfer.is_active
    freigabe.refresh_from_db()
    assert freigabe.stand == "offen"


def _offene_freigabe():
    """A Bezirksregierung role waiting for a second administrator (komman.konten)."""
    from komman.models import Rolle, Rollenfreigabe
    from tests.factories import bezirksregierung, make_user

    neu = make_user("freigabe.neu")
    zweit = make_user("freigabe.admin", organisation=bezirksregierung(), rolle=Rolle.ADMIN)
    return Rollenfreigabe.objects.create(
        user=neu, organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG, beantragt_von=zweit
    )


def test_every_verwaltung_url_is_in_the_access_matrix():
    from django.urls import get_resolver

    namen = set()
    for muster in get_resolver().url_patterns:
        if getattr(muster, "namespace", None) == "programmteile":
            namen |= {
                f"programmteile:{p.name}"
                for p in muster.url_patterns
                if p.name and p.name.startswith("verwaltung_")
            }
        elif getattr(muster, "name", "") and muster.name.startswith("verwaltung_"):
            namen.add(muster.name)
    assert namen == {name for name, _ in VERWALTUNG_URLS}


@pytest.mark.django_db
def test_admin_reaches_every_verwaltung_page(client, admin, dortmund):
    periode = make_periode("I", jahr=2026, status=Foerderperiode.Status.IN_VORBEREITUNG)
    client.force_login(admin)
    for name, art in VERWALTUNG_URLS:
        if name in ("verwaltung_mitgliedschaft_entfernen", "verwaltung_freigabe_entscheiden") or art == "user":
            continue
        args = {
            True: [periode.pk],
            False: [],
            "org": [dortmund.pk],
            "basiszins": [Basiszins.objects.order_by("pk").first().pk],
        }[art]
        antwort = client.get(reverse(name, args=args))
        assert antwort.status_code == 200, name


# --- Protection: change log for periods with submitted Anträge ---


def _parameter_post(periode, **aenderungen) -> dict:
    from programmteile.forms import RegelparameterForm

    form = RegelparameterForm(periode=periode)
    daten = {}
    for name, feld in form.fields.items():
        wert = feld.prepare_value(form[name].initial)
        daten[name] = "" if wert is None else wert
    return {**daten, **aenderungen}


@pytest.mark.django_db
def test_parameter_change_without_submitted_antraege_needs_no_confirmation(
    client, admin, ki_dortmund, dortmund
):
    periode = make_periode("I", jahr=2026)
    _antrag(periode, dortmund, ki_dortmund, status="entwurf")
    client.force_login(admin)
    antwort = client.post(
        reverse("programmteile:verwaltung_parameter", args=[periode.pk]),
        _parameter_post(periode, **{"I.festbetrag_stelle": "58.000,00"}),
    )
    assert antwort.status_code == 302
    periode.refresh_from_db()
    assert periode.regelparameter["I.festbetrag_stelle"] == "58000.00"
    assert not Aenderungsprotokoll.objects.exists()


@pytest.mark.django_db
def test_parameter_change_with_submitted_antraege_asks_and_logs(client, admin, ki_dortmund, dortmund):
    periode = make_periode("III", jahr=2026)
    _antrag(periode, dortmund, ki_dortmund, status="eingereicht")
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_parameter", args=[periode.pk])
    daten = _parameter_post(periode, **{"III.foerdersatz_max": "85", "III.mindestbetrag": "4.000,00"})

    antwort = client.post(url, daten)
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "Änderung bestätigen" in seite and "Grund der Änderung" in seite
    assert 'value="85"' in seite  # what was typed is kept
    periode.refresh_from_db()
    assert periode.regelparameter["III.foerdersatz_max"] == "0.90"

    antwort = client.post(url, {**daten, "bestaetigung_angezeigt": "1", "bestaetigung-grund": ""})
    assert "Bitte geben Sie den Grund der Änderung an." in antwort.content.decode()
    assert not Aenderungsprotokoll.objects.exists()

    antwort = client.post(
        url,
        {
            **daten,
            "bestaetigung_angezeigt": "1",
            "bestaetigung-grund": "Erlass vom 1.3.",
            "bestaetigung-bestaetigt": "on",
        },
    )
    assert antwort.status_code == 302
    periode.refresh_from_db()
    assert periode.regelparameter["III.foerdersatz_max"] == "0.85"
    eintraege = {
        (e.schluessel, e.alter_wert, e.neuer_wert, e.grund, e.geaendert_von_id)
        for e in Aenderungsprotokoll.objects.all()
    }
    assert eintraege == {
        ("Höchstfördersatz (in %) (III.foerdersatz_max)", "90 %", "85 %", "Erlass vom 1.3.", admin.pk),
        (
            "Mindestzuwendung je Maßnahme (III.mindestbetrag)",
            "5.000,00 €",
            "4.000,00 €",
            "Erlass vom 1.3.",
            admin.pk,
        ),
    }
    seite = client.get(reverse("programmteile:verwaltung_periode", args=[periode.pk])).content.decode()
    assert "Erlass vom 1.3." in seite and "III.foerdersatz_max" in seite


@pytest.mark.django_db
def test_zuweisung_change_with_submitted_antraege_is_logged(client, admin, ki_dortmund, dortmund):
    periode = make_periode("II", jahr=2026)
    _antrag(periode, dortmund, ki_dortmund, status="bewilligt")
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_zuweisungen", args=[periode.pk])
    client.get(url)  # one row per Kommune
    zuweisungen = list(periode.zuweisungen.select_related("kommune").order_by("kommune__name"))
    assert len(zuweisungen) == 54
    daten = {"form-TOTAL_FORMS": "54", "form-INITIAL_FORMS": "54"}
    for i, z in enumerate(zuweisungen):
        daten |= {
            f"form-{i}-id": str(z.pk),
            f"form-{i}-stellen": "",
            f"form-{i}-hoechstbetrag": "",
            f"form-{i}-anmerkung": "",
        }
    i = next(i for i, z in enumerate(zuweisungen) if z.kommune_id == dortmund.pk)
    daten[f"form-{i}-hoechstbetrag"] = "150.000,00"
    antwort = client.post(url, daten)
    assert antwort.status_code == 200 and "Änderung bestätigen" in antwort.content.decode()
    assert not Zuweisung.objects.filter(hoechstbetrag__isnull=False).exists()
    antwort = client.post(
        url,
        {
            **daten,
            "bestaetigung_angezeigt": "1",
            "bestaetigung-grund": "Nachverteilung",
            "bestaetigung-bestaetigt": "on",
        },
    )
    assert antwort.status_code == 302
    eintrag = Aenderungsprotokoll.objects.get()
    assert (eintrag.bereich, eintrag.alter_wert, eintrag.neuer_wert) == (
        "zuweisung",
        "(leer)",
        "150.000,00 €",
    )
    assert "05913" in eintrag.schluessel and "Höchstbetrag" in eintrag.schluessel


@pytest.mark.django_db
def test_zuweisungen_formset_keeps_input_and_reports_per_row(client, admin):
    periode = make_periode("II", jahr=2026)
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_zuweisungen", args=[periode.pk])
    client.get(url)
    zuweisungen = list(periode.zuweisungen.select_related("kommune").order_by("kommune__name"))
    daten = {"form-TOTAL_FORMS": "54", "form-INITIAL_FORMS": "54"}
    for i, z in enumerate(zuweisungen):
        daten |= {
            f"form-{i}-id": str(z.pk),
            f"form-{i}-hoechstbetrag": "10.000,00",
            f"form-{i}-anmerkung": "",
        }
    daten["form-3-hoechstbetrag"] = "zehn Euro"
    antwort = client.post(url, daten)
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "„zehn Euro“ ist kein gültiger Betrag" in seite
    assert f"Höchstbetrag {zuweisungen[3].kommune}" in seite
    assert 'value="zehn Euro"' in seite and seite.count('value="10.000,00"') == 53
    assert not Zuweisung.objects.filter(hoechstbetrag__isnull=False).exists()


@pytest.mark.django_db
def test_aenderungsprotokoll_is_append_only(admin):
    periode = make_periode("I")
    [eintrag] = Aenderungsprotokoll.schreiben(
        foerderperiode=periode, by=admin, grund="Test", aenderungen=[("parameter", "I.x", "1", "2")]
    )
    eintrag = Aenderungsprotokoll.objects.get()
    eintrag.grund = "anders"
    from komman.models import Unveraenderlich

    with pytest.raises(Unveraenderlich, match="nicht geändert"):
        eintrag.save()
    with pytest.raises(Unveraenderlich, match="nicht gelöscht"):
        eintrag.delete()
    with pytest.raises(Unveraenderlich, match="nicht gelöscht"):
        Aenderungsprotokoll.objects.all().delete()
    with pytest.raises(Unveraenderlich, match="nicht geändert"):
        Aenderungsprotokoll.objects.update(grund="x")
    assert Aenderungsprotokoll.objects.get().grund == "Test"


# --- Status ---


@pytest.mark.django_db
def test_open_and_close_a_period_with_confirmation(client, admin):
    periode = make_periode("I", jahr=2027, status=Foerderperiode.Status.IN_VORBEREITUNG)
    client.force_login(admin)
    oeffnen = reverse("programmteile:verwaltung_periode_oeffnen", args=[periode.pk])
    assert "öffnen?" in client.get(oeffnen).content.decode()
    periode.refresh_from_db()
    assert periode.status == "in_vorbereitung"
    client.post(oeffnen, {"grund": "Haushalt freigegeben"})
    periode.refresh_from_db()
    assert periode.status == "offen"
    antwort = client.post(oeffnen, {"grund": "noch einmal"}, follow=True)
    assert "kann nicht mehr öffnen werden" in antwort.content.decode()
    client.post(
        reverse("programmteile:verwaltung_periode_schliessen", args=[periode.pk]), {"grund": "Frist vorbei"}
    )
    periode.refresh_from_db()
    assert periode.status == "geschlossen"


@pytest.mark.django_db
def test_open_and_close_need_a_reason_and_are_recorded_with_who_and_why(client, admin):
    from komman.models import Protokolleintrag

    periode = make_periode("II", jahr=2027, status=Foerderperiode.Status.IN_VORBEREITUNG)
    client.force_login(admin)
    oeffnen = reverse("programmteile:verwaltung_periode_oeffnen", args=[periode.pk])
    antwort = client.post(oeffnen, {"grund": "  "})
    assert antwort.status_code == 200
    assert "Bitte geben Sie an, warum Sie die Förderperiode öffnen." in antwort.content.decode()
    periode.refresh_from_db()
    assert periode.status == "in_vorbereitung"
    assert not Protokolleintrag.objects.filter(aktion__startswith="periode_").exists()

    client.post(oeffnen, {"grund": "Haushalt freigegeben"})
    client.post(
        reverse("programmteile:verwaltung_periode_schliessen", args=[periode.pk]), {"grund": "Frist vorbei"}
    )
    eintraege = list(
        Protokolleintrag.objects.filter(
            objekt_typ="programmteile.foerderperiode", objekt_id=str(periode.pk), aktion__startswith="periode_"
        )
        .order_by("wann", "id")
        .values_list("aktion", "wer", "wer_name", "details")
    )
    assert eintraege == [
        (
            "periode_geoeffnet",
            admin.pk,
            admin.username,
            {"von": "in_vorbereitung", "nach": "offen", "grund": "Haushalt freigegeben"},
        ),
        (
            "periode_geschlossen",
            admin.pk,
            admin.username,
            {"von": "offen", "nach": "geschlossen", "grund": "Frist vorbei"},
        ),
    ]


@pytest.mark.django_db
def test_oeffnen_and_schliessen_as_functions(admin):
    from komman.models import Protokolleintrag
    from programmteile import perioden

    periode = make_periode("III", jahr=2027, status=Foerderperiode.Status.IN_VORBEREITUNG)
    with pytest.raises(perioden.StatuswechselFehler, match="Grund"):
        perioden.oeffnen(periode, by=admin, grund="")
    with pytest.raises(perioden.StatuswechselFehler, match="kann nicht mehr schließen werden"):
        perioden.schliessen(periode, by=admin, grund="zu früh")
    assert perioden.oeffnen(periode, by=admin, grund="los").status == "offen"
    assert perioden.schliessen(periode, by=admin, grund="Ende").status == "geschlossen"
    periode.refresh_from_db()
    assert periode.status == "geschlossen"
    assert list(
        Protokolleintrag.objects.filter(
            objekt_id=str(periode.pk), objekt_typ="programmteile.foerderperiode", aktion__startswith="periode_"
        )
        .order_by("id")
        .values_list("details__grund", flat=True)
    ) == ["los", "Ende"]


# --- Budget overview ---


@pytest.mark.django_db
def test_budgetzahlen_for_antraege_in_different_states(ki_dortmund):
    periode = make_periode("II", jahr=2026, budget=Decimal("100000.00"))
    k = _kommunen(8)
    _antrag(periode, k[0], ki_dortmund, status="entwurf", beantragt="1000.00")
    _antrag(periode, k[1], ki_dortmund, status="eingereicht", beantragt="2000.00")
    _antrag(periode, k[2], ki_dortmund, status="inhaltliche_pruefung", beantragt="3000.00")
    _antrag(
        periode,
        k[3],
        ki_dortmund,
        status="bewilligung_vorgeschlagen",
        beantragt="4000.00",
        zuwendung="3500.00",
    )
    _antrag(periode, k[4], ki_dortmund, status="bewilligt", beantragt="5000.00", zuwendung="4500.00")
    _antrag(periode, k[5], ki_dortmund, status="zurueckgezogen", beantragt="6000.00")
    _antrag(periode, k[6], ki_dortmund, status="abgelehnt", beantragt="7000.00")
    _antrag(periode, k[7], ki_dortmund, status="ablehnung_vorgeschlagen", beantragt="8000.00")
    make_zuweisung(periode, k[0], hoechstbetrag=Decimal("60000.00"))
    make_zuweisung(periode, k[1], hoechstbetrag=Decimal("50000.00"))
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=Decimal("4500.00"))

    p = Foerderperiode.objects.mit_budgetzahlen().get(pk=periode.pk)
    assert p.summe_beantragt == Decimal("22000.00")  # 2000 + 3000 + 4000 + 5000 + 8000
    assert p.anzahl_antraege == 5
    assert p.summe_vorgeschlagen == Decimal("3500.00")
    assert p.gebunden == Decimal("4500.00")
    assert p.summe_verfuegbar == Decimal("95500.00")
    assert p.summe_frei == Decimal("92000.00")
    assert p.summe_hoechstbetraege == Decimal("110000.00")

    leer = make_periode("I", jahr=2026)
    p = Foerderperiode.objects.mit_budgetzahlen().get(pk=leer.pk)
    assert (p.summe_beantragt, p.summe_vorgeschlagen, p.summe_hoechstbetraege) == (0, 0, 0)


@pytest.mark.django_db
def test_hoechstbetraege_over_budget_warning(client, admin, dortmund):
    periode = make_periode("II", jahr=2026, budget=Decimal("100000.00"))
    make_zuweisung(periode, dortmund, hoechstbetrag=Decimal("150000.00"))
    client.force_login(admin)
    seite = client.get(reverse("programmteile:verwaltung_periode", args=[periode.pk])).content.decode()
    assert "übersteigt die Haushaltsmittel" in seite and "50.000,00 €" in seite


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["programmteile:verwaltung_haushalt", "programmteile:verwaltung_perioden"]
)
def test_budget_overview_query_count_constant(
    client, admin, ki_dortmund, django_assert_max_num_queries, url_name
):
    client.force_login(admin)
    url = reverse(url_name)
    k = _kommunen(3)
    periode = make_periode("II", jahr=2016)
    _antrag(periode, k[0], ki_dortmund, status="eingereicht", beantragt="1000.00")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as eine:
        assert client.get(url).status_code == 200
    for jahr in range(2017, 2024):
        for nummer in ("I", "II", "III"):
            p = make_periode(nummer, jahr=jahr)
            _antrag(
                p, k[0], ki_dortmund, status="bewilligung_vorgeschlagen", beantragt="10.00", zuwendung="5.00"
            )
    assert Foerderperiode.objects.count() == 22
    with django_assert_max_num_queries(len(eine)):
        antwort = client.get(url)
    assert antwort.status_code == 200
    if url_name.endswith("haushalt"):
        assert "Förderjahr 2023" in antwort.content.decode()


@pytest.mark.django_db
def test_budget_figures_move_when_an_antrag_is_signed(client, admin, ki_dortmund, dortmund):
    periode = make_periode("II", jahr=2026, budget=Decimal("100000.00"))
    antrag = _antrag(
        periode,
        dortmund,
        ki_dortmund,
        status="bewilligung_vorgeschlagen",
        beantragt="10000.00",
        zuwendung="9000.00",
    )
    client.force_login(admin)
    seite = client.get(reverse("programmteile:verwaltung_haushalt")).content.decode()
    assert "9.000,00 €" in seite and "100.000,00 €" in seite
    Antrag.objects.filter(pk=antrag.pk).update(status="bewilligt")
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=Decimal("9000.00"))
    p = Foerderperiode.objects.mit_budgetzahlen().get(pk=periode.pk)
    assert (p.summe_vorgeschlagen, p.gebunden, p.summe_verfuegbar) == (
        0,
        Decimal("9000.00"),
        Decimal("91000.00"),
    )
    assert "91.000,00 €" in client.get(reverse("programmteile:verwaltung_haushalt")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "art"),
    [
        ("programmteile:verwaltung_zuweisungen", "periode"),
        ("programmteile:verwaltung_zuweisungen_vorschlag", "periode"),
        ("programmteile:verwaltung_periode", "periode"),
        ("verwaltung_organisationen", None),
        ("verwaltung_benutzer_liste", None),
        ("verwaltung_organisation", "org"),
    ],
)
def test_verwaltung_pages_have_bounded_queries(
    client, admin, dortmund, django_assert_max_num_queries, url_name, art
):
    from tests.factories import make_user

    periode = make_periode("I", jahr=2026)
    for i in range(30):
        make_user(f"person{i}", organisation=dortmund, rolle="sachbearbeitung")
    client.force_login(admin)
    args = {"periode": [periode.pk], "org": [dortmund.pk], None: []}[art]
    client.get(reverse(url_name, args=args))  # creates the 54 rows once
    with django_assert_max_num_queries(14):
        assert client.get(reverse(url_name, args=args)).status_code == 200


@pytest.mark.django_db
def test_new_period_gets_standard_dates_and_parameters(client, admin):
    from programmteile.models import Programmteil, standardparameter

    client.force_login(admin)
    url = reverse("programmteile:verwaltung_periode_neu")
    teil3 = Programmteil.objects.get(nummer="III")
    antwort = client.post(url, {"programmteil": teil3.pk, "foerderjahr": "2028", "budget": "3.000.000,00"})
    assert antwort.status_code == 302
    periode = Foerderperiode.objects.get(programmteil=teil3, foerderjahr=2028)
    assert (periode.status, periode.antragsfrist, periode.budget) == (
        "in_vorbereitung",
        datetime.date(2027, 11, 30),
        Decimal("3000000.00"),
    )
    assert periode.regelparameter == standardparameter()
    antwort = client.post(url, {"programmteil": teil3.pk, "foerderjahr": "2028", "budget": "abc"})
    seite = antwort.content.decode()
    assert "gibt es das Förderjahr 2028 schon" in seite and "„abc“ ist kein gültiger Betrag" in seite
    assert 'value="abc"' in seite


@pytest.mark.django_db
def test_stufen_vorschlag_is_shown_beside_current_values_and_saved_only_on_confirmation(client, admin):
    periode = make_periode("I", jahr=2027, status=Foerderperiode.Status.IN_VORBEREITUNG)
    koeln = Organisation.objects.get(kreisschluessel="05315")
    heinsberg = Organisation.objects.get(kreisschluessel="05370")
    make_zuweisung(periode, koeln, stellen=Decimal("1"))
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_zuweisungen_vorschlag", args=[periode.pk])
    seite = client.get(url).content.decode()
    assert "Das ist eine Annahme, keine amtliche Regel." in seite
    assert Zuweisung.objects.get(foerderperiode=periode, kommune=koeln).stellen == Decimal("1")
    assert Zuweisung.objects.get(foerderperiode=periode, kommune=heinsberg).stellen is None
    assert client.post(url, {"uebernehmen": "1"}).status_code == 302
    stellen = dict(periode.zuweisungen.values_list("kommune__kreisschluessel", "stellen"))
    assert (stellen["05315"], stellen["05370"], stellen["05162"]) == (
        Decimal("2"),
        Decimal("1.5"),
        Decimal("1.5"),
    )
    assert stellen["05334002"] is None  # no 2011 figure: no proposal
    assert not Aenderungsprotokoll.objects.exists()


@pytest.mark.django_db
def test_csv_import_into_period_with_submitted_antraege_asks_and_logs(client, admin, ki_dortmund, dortmund):
    periode = make_periode("II", jahr=2026)
    make_zuweisung(periode, dortmund, hoechstbetrag=Decimal("100000.00"))
    _antrag(periode, dortmund, ki_dortmund, status="nachforderung")
    client.force_login(admin)
    text = "Kreisschlüssel;Stellenzuweisung;Höchstbetrag\n05913;;110.000,00\n"
    antwort = _post_csv(client, periode, text)
    seite = antwort.content.decode()
    assert antwort.status_code == 200 and "Änderung bestätigen" in seite and "110.000,00 €" in seite
    assert periode.zuweisungen.get().hoechstbetrag == Decimal("100000.00")
    url = reverse("programmteile:verwaltung_zuweisungen_import", args=[periode.pk])
    antwort = client.post(
        url,
        {
            "inhalt": text,
            "bestaetigung_angezeigt": "1",
            "bestaetigung-grund": "Nachtrag Haushalt",
            "bestaetigung-bestaetigt": "on",
        },
    )
    assert antwort.status_code == 302
    assert periode.zuweisungen.get().hoechstbetrag == Decimal("110000.00")
    eintrag = Aenderungsprotokoll.objects.get()
    assert (eintrag.alter_wert, eintrag.neuer_wert, eintrag.grund) == (
        "100.000,00 €",
        "110.000,00 €",
        "Nachtrag Haushalt",
    )


@pytest.mark.django_db
def test_budget_cannot_sink_below_gebunden_and_keeps_input(client, admin):
    periode = make_periode("II", jahr=2026, budget=Decimal("100000.00"))
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=Decimal("60000.00"))
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_periode_bearbeiten", args=[periode.pk])
    daten = {
        "antragsbeginn": "2025-10-01",
        "antragsfrist": "2026-12-31",
        "bewilligungszeitraum_von": "2026-01-01",
        "bewilligungszeitraum_bis": "2026-12-31",
        "budget": "50.000,00",
    }
    antwort = client.post(url, daten)
    seite = antwort.content.decode()
    assert antwort.status_code == 200 and "gebundenen Mittel" in seite and 'value="50.000,00"' in seite
    periode.refresh_from_db()
    assert (periode.budget, periode.gebunden) == (Decimal("100000.00"), Decimal("60000.00"))
    assert client.post(url, {**daten, "budget": "80.000,00"}).status_code == 302
    periode.refresh_from_db()
    assert (periode.budget, periode.gebunden) == (Decimal("80000.00"), Decimal("60000.00"))


@pytest.mark.django_db
def test_zuweisungen_page_compares_sums_with_budget(client, admin, dortmund, bochum):
    teil1 = make_periode("I", jahr=2026, budget=Decimal("100000.00"))
    make_zuweisung(teil1, dortmund, stellen=Decimal("2"))  # 114.000 + 20.000
    make_zuweisung(teil1, bochum, stellen=Decimal("1.5"))  # 85.500 + 15.000
    teil2 = make_periode("II", jahr=2026, budget=Decimal("100000.00"))
    make_zuweisung(teil2, dortmund, hoechstbetrag=Decimal("60000.00"))
    client.force_login(admin)
    seite = client.get(reverse("programmteile:verwaltung_zuweisungen", args=[teil1.pk])).content.decode()
    assert (
        "234.500,00 €" in seite
        and "Der Bedarf aus den Stellenzuweisungen übersteigt die Haushaltsmittel" in seite
    )
    seite = client.get(reverse("programmteile:verwaltung_zuweisungen", args=[teil2.pk])).content.decode()
    assert "60.000,00 €" in seite and "übersteigt" not in seite


@pytest.mark.django_db
def test_zuweisungen_garbage_stellen_gives_a_field_error_not_500(client, admin):
    """A forged Stellenstufe ('abc') is refused at the field; Django's has_changed() must not crash."""
    periode = make_periode("I", jahr=2026)
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_zuweisungen", args=[periode.pk])
    client.get(url)  # creates the 54 rows
    from programmteile.models import Zuweisung

    erste = Zuweisung.objects.filter(foerderperiode=periode).order_by("kommune__name").first()
    antwort = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(erste.pk),
            "form-0-stellen": "abc",
            "form-0-hoechstbetrag": "",
            "form-0-anmerkung": "",
        },
    )
    assert antwort.status_code == 200
    assert "Auswahl" in antwort.content.decode()
    erste.refresh_from_db()
    assert erste.stellen is None
