"""The Basiszinssatz as administration data: seeding, the table for the rules, the Verwaltung
screen with its CSV import (all or nothing), the audit log and the start-page warning."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from komman.models import Protokolleintrag
from programmteile import basiszins, rules
from programmteile.models import Basiszins
from programmteile.rules.zinsen import BASISZINS_DATEI

CSV_KOPF = "gueltig_ab;basiszinssatz_prozent;quelle\n"


def _datei(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("basiszins.csv", text.encode("utf-8"), content_type="text/csv")


# --- Seeding and the table --------------------------------------------------------------------


@pytest.mark.django_db
def test_migration_seeds_every_row_of_the_shipped_csv():
    with BASISZINS_DATEI.open(encoding="utf-8", newline="") as datei:
        zeilen = list(csv.DictReader(datei, delimiter=";"))
    assert len(zeilen) > 20
    gespeichert = {b.gueltig_ab: b for b in Basiszins.objects.all()}
    assert len(gespeichert) == len(zeilen)
    for zeile in zeilen:
        b = gespeichert[datetime.date.fromisoformat(zeile["gueltig_ab"])]
        assert b.satz == Decimal(zeile["basiszinssatz_prozent"].replace(",", "."))
        assert b.quelle == zeile["quelle"]


@pytest.mark.django_db
def test_tabelle_is_the_rules_default_table_after_seeding():
    assert basiszins.tabelle() == rules.basiszins_standard()


@pytest.mark.django_db
def test_tabelle_follows_the_database():
    Basiszins.objects.create(gueltig_ab=datetime.date(2040, 1, 1), satz=Decimal("-1.50"))
    assert basiszins.tabelle()[-1] == (datetime.date(2040, 1, 1), Decimal("-1.50"))


@pytest.mark.django_db
def test_model_allows_only_the_first_of_january_and_july():
    b = Basiszins(gueltig_ab=datetime.date(2026, 3, 1), satz=Decimal("1.00"))
    with pytest.raises(Exception, match="01.01. und zum 01.07."):
        b.full_clean()


# --- The start-page warning ----------------------------------------------------------------------


@pytest.mark.django_db
def test_warning_when_the_current_half_year_has_no_rate(client, admin, settings):
    heute = datetime.date.today()
    beginn = rules.halbjahresbeginn(heute)
    Basiszins.objects.filter(gueltig_ab__gte=beginn).delete()
    client.force_login(admin)
    seite = client.get(reverse("start")).content.decode()
    halbjahr = f"{1 if beginn.month < 7 else 2}. Halbjahr {beginn.year}"
    assert f"Für das {halbjahr} (ab {beginn:%d.%m.%Y}) ist kein Basiszinssatz hinterlegt" in seite
    assert reverse("programmteile:verwaltung_basiszins") in seite


@pytest.mark.django_db
def test_no_warning_when_the_current_half_year_has_a_rate(client, admin):
    beginn = rules.halbjahresbeginn(datetime.date.today())
    Basiszins.objects.get_or_create(gueltig_ab=beginn, defaults={"satz": Decimal("1.27")})
    client.force_login(admin)
    assert "ist kein Basiszinssatz hinterlegt" not in client.get(reverse("start")).content.decode()


def test_fehlendes_halbjahr_uses_the_half_year_of_the_rules(db):
    Basiszins.objects.filter(gueltig_ab__gte=datetime.date(2026, 7, 1)).delete()
    assert basiszins.fehlendes_halbjahr(datetime.date(2026, 12, 31)) == datetime.date(2026, 7, 1)
    Basiszins.objects.create(gueltig_ab=datetime.date(2026, 7, 1), satz=Decimal("1.27"))
    assert basiszins.fehlendes_halbjahr(datetime.date(2026, 7, 1)) is None
    assert basiszins.fehlendes_halbjahr(datetime.date(2027, 1, 1)) == datetime.date(2027, 1, 1)


@pytest.mark.django_db
def test_warning_only_for_the_administration(client, pruefung_arnsberg):
    Basiszins.objects.all().delete()
    client.force_login(pruefung_arnsberg)
    assert "ist kein Basiszinssatz hinterlegt" not in client.get(reverse("start")).content.decode()


# --- The screen: list, add, edit, audit ---------------------------------------------------------


@pytest.mark.django_db
def test_list_add_and_edit_with_audit(client, admin):
    client.force_login(admin)
    liste = client.get(reverse("programmteile:verwaltung_basiszins"))
    assert liste.status_code == 200
    assert "-0,88 %" in liste.content.decode()
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_neu"),
        {"gueltig_ab": "01.01.2040", "satz": "-1,25", "quelle": "Bundesbank"},
    )
    assert antwort.status_code == 302, antwort.content.decode()
    neu = Basiszins.objects.get(gueltig_ab=datetime.date(2040, 1, 1))
    assert neu.satz == Decimal("-1.25")
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_bearbeiten", args=[neu.pk]),
        {"gueltig_ab": "2040-01-01", "satz": "2,5", "quelle": "Bundesbank"},
    )
    assert antwort.status_code == 302
    neu.refresh_from_db()
    assert neu.satz == Decimal("2.50")
    eintraege = Protokolleintrag.objects.filter(
        aktion=Protokolleintrag.Aktion.BASISZINS_GEAENDERT, objekt_id=str(neu.pk)
    ).order_by("pk")
    # The order of the lines follows the stored details (PostgreSQL's jsonb sorts keys): compare as sets.
    assert [sorted(e.details_zeilen()) for e in eintraege] == [
        sorted(["neu angelegt", "Gültig ab: 01.01.2040", "Basiszinssatz: – → -1,25 %", "Quelle: – → Bundesbank"]),
        sorted(["Gültig ab: 01.01.2040", "Basiszinssatz: -1,25 % → 2,50 %"]),
    ]
    assert eintraege[0].wer == admin
    assert eintraege[0].get_aktion_display() == "Basiszinssatz geändert"


@pytest.mark.django_db
def test_bad_input_gives_field_messages_and_keeps_the_input(client, admin):
    client.force_login(admin)
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_neu"),
        {"gueltig_ab": "15.03.2040", "satz": "viel", "quelle": ""},
    )
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "„viel“ ist keine Zahl" in seite
    assert 'value="15.03.2040"' in seite
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_neu"), {"gueltig_ab": "15.03.2040", "satz": "1"}
    )
    assert "01.01. und zum 01.07." in antwort.content.decode()
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_neu"), {"gueltig_ab": "01.07.2016", "satz": "1"}
    )
    assert "schon ein Basiszinssatz hinterlegt" in antwort.content.decode()


# --- The CSV import: all or nothing, row by row ---------------------------------------------------


@pytest.mark.django_db
def test_import_with_errors_imports_nothing_and_reports_every_row(client, admin):
    client.force_login(admin)
    vorher = list(Basiszins.objects.values_list("gueltig_ab", "satz", "quelle"))
    inhalt = (
        CSV_KOPF
        + "2040-01-01;1,00;Bundesbank\n"
        + "2040-02-01;1,00;falscher Tag\n"
        + "kein Datum;1,00;\n"
        + "2040-07-01;abc;\n"
        + "2040-01-01;2,00;doppelt\n"
    )
    antwort = client.post(reverse("programmteile:verwaltung_basiszins_import"), {"datei": _datei(inhalt)})
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Es wurde nichts übernommen" in seite
    for zeile, text in (
        (3, "01.01. und zum 01.07."),
        (4, "„kein Datum“ ist kein Datum"),
        (5, "„abc“ ist keine Zahl"),
        (6, "01.01.2040 steht schon in Zeile 2"),
    ):
        assert f"<td>{zeile}</td>" in seite
        assert text in seite
    assert list(Basiszins.objects.values_list("gueltig_ab", "satz", "quelle")) == vorher


@pytest.mark.django_db
def test_import_adds_and_changes_rates_and_keeps_the_others(client, admin):
    client.force_login(admin)
    anzahl = Basiszins.objects.count()
    inhalt = CSV_KOPF + "01.01.2040;-0,5;Bundesbank\n2016-07-01;-0,90;korrigiert\n\n"
    antwort = client.post(reverse("programmteile:verwaltung_basiszins_import"), {"datei": _datei(inhalt)})
    assert antwort.status_code == 302
    assert Basiszins.objects.count() == anzahl + 1
    assert Basiszins.objects.get(gueltig_ab=datetime.date(2040, 1, 1)).satz == Decimal("-0.50")
    assert Basiszins.objects.get(gueltig_ab=datetime.date(2016, 7, 1)).quelle == "korrigiert"
    assert Protokolleintrag.objects.filter(aktion=Protokolleintrag.Aktion.BASISZINS_GEAENDERT).count() == 2


@pytest.mark.django_db
def test_import_of_the_shipped_file_changes_nothing(client, admin):
    client.force_login(admin)
    inhalt = BASISZINS_DATEI.read_bytes()
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_import"),
        {"datei": SimpleUploadedFile("b.csv", inhalt, content_type="text/csv")},
    )
    assert antwort.status_code == 302
    assert not Protokolleintrag.objects.filter(aktion=Protokolleintrag.Aktion.BASISZINS_GEAENDERT).exists()


@pytest.mark.django_db
def test_import_wrong_header(client, admin):
    client.force_login(admin)
    antwort = client.post(
        reverse("programmteile:verwaltung_basiszins_import"), {"datei": _datei("Datum;Satz\n2040-01-01;1\n")}
    )
    assert "Die Kopfzeile muss „gueltig_ab;basiszinssatz_prozent;quelle“ lauten" in antwort.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pruefung_arnsberg", "ki_dortmund", "traeger_awo"])
def test_screen_is_for_the_administration_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in ("verwaltung_basiszins", "verwaltung_basiszins_neu", "verwaltung_basiszins_import"):
        assert client.get(reverse(f"programmteile:{name}")).status_code == 403
    assert (
        client.post(
            reverse("programmteile:verwaltung_basiszins_neu"), {"gueltig_ab": "01.01.2040", "satz": "1"}
        ).status_code
        == 403
    )
    assert not Basiszins.objects.filter(gueltig_ab=datetime.date(2040, 1, 1)).exists()


@pytest.mark.django_db
def test_django_admin_changes_are_audited_and_nothing_is_deleted(client, admin):
    client.force_login(admin)
    b = Basiszins.objects.get(gueltig_ab=datetime.date(2016, 7, 1))
    antwort = client.post(
        reverse("admin:programmteile_basiszins_change", args=[b.pk]),
        {"gueltig_ab": "2016-07-01", "satz": "-0.90", "quelle": b.quelle},
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    eintrag = Protokolleintrag.objects.get(aktion=Protokolleintrag.Aktion.BASISZINS_GEAENDERT)
    assert "Basiszinssatz: -0,88 % → -0,90 %" in eintrag.details_zeilen()
    assert (
        client.post(reverse("admin:programmteile_basiszins_delete", args=[b.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Basiszins.objects.filter(pk=b.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("tag", ["9999-07-01", "1900-01-01"])
def test_import_refuses_a_year_the_rules_cannot_calculate_with(client, admin, tag):
    # A rate dated 9999-07-01 used to be stored and then broke every interest calculation on
    # the Rechner page with a 500 (the half-year after it lies beyond the year 9999).
    client.force_login(admin)
    datei = SimpleUploadedFile("b.csv", f"gueltig_ab;basiszinssatz_prozent;quelle\n{tag};1,00;x\n".encode())
    antwort = client.post(reverse("programmteile:verwaltung_basiszins_import"), {"datei": datei})
    assert antwort.status_code == 200
    assert "zwischen den Jahren" in antwort.content.decode()
    assert not Basiszins.objects.filter(gueltig_ab=datetime.date.fromisoformat(tag)).exists()
    antwort = client.get(
        reverse("programmteile:rechner"),
        {"rechnung": "zinsen", "betrag": "100", "von": "01.01.2026", "bis": "02.03.2026", "aufschlag": "5"},
    )
    assert antwort.status_code == 200
