"""The payout pages end to end: the call form with refusals at the field, every step through the
views, the Landeskasse export (CSV and XLSX hold the same figures) and the paid-list import."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.zuwendungen.auszahlung_hilfen import make_zuwendung
from zuwendungen import kasse
from zuwendungen.models import AbrufStatus, Bankverbindung, Buchung, Mittelabruf


def heute():
    """Today in the portal's time zone, read when a test runs (a constant from the import went
    stale when a run crossed midnight in Berlin)."""
    return timezone.localdate()


@pytest.fixture
def zuwendung(dortmund):
    periode_kw = {}
    from tests.factories import make_periode

    periode = make_periode("III", jahr=heute().year, haushaltsstelle="Kap. 07 050 Tit. 633 10", **periode_kw)
    periode.bewilligungszeitraum_bis = heute() + datetime.timedelta(days=365)
    periode.save(update_fields=["bewilligungszeitraum_bis"])
    return make_zuwendung(organisation=dortmund, periode=periode, bestandskraeftig_am=heute() - datetime.timedelta(days=30))


def _abruf_post(betrag="4.000,00", faellig=None, am=None):
    return {
        "auszahlung_am": (am or heute()).isoformat(),
        "bedarf_0_faellig": (faellig or heute() + datetime.timedelta(days=20)).isoformat(),
        "bedarf_0_betrag": betrag,
    }


def test_walk_through_every_step(client, zuwendung, ki_dortmund, zeichnung_dortmund, pruefung_arnsberg, zeichnung_arnsberg):
    client.force_login(ki_dortmund)
    seite = client.get(reverse("zuwendungen:auszahlungen", args=[zuwendung.pk]))
    assert seite.status_code == 200 and "DE02 1203 0000 0000 2020 51" in seite.content.decode()
    r = client.post(reverse("zuwendungen:abruf_neu", args=[zuwendung.pk]), _abruf_post())
    assert r.status_code == 302
    abruf = Mittelabruf.objects.get()
    # KI staff cannot submit: only the Zeichnungsberechtigte.
    assert client.post(reverse("zuwendungen:abruf_einreichen", args=[abruf.pk])).status_code == 403
    client.force_login(zeichnung_dortmund)
    r = client.post(reverse("zuwendungen:abruf_einreichen", args=[abruf.pk]), {"version": abruf.version})
    assert r.status_code == 302
    abruf.refresh_from_db()
    assert abruf.status == AbrufStatus.EINGEREICHT
    client.force_login(pruefung_arnsberg)
    seite = client.get(reverse("zuwendungen:abruf", args=[abruf.pk])).content.decode()
    assert "höchstens <strong>4.000,00 €</strong>" in seite
    r = client.post(reverse("zuwendungen:abruf_freigeben", args=[abruf.pk]), {"f-betrag": "4.000,00", "f-pruefvermerk": ""})
    assert r.status_code == 200 and "Prüfvermerk" in r.content.decode()
    r = client.post(reverse("zuwendungen:abruf_freigeben", args=[abruf.pk]), {"f-betrag": "4.000,00", "f-pruefvermerk": "Bedarf plausibel"})
    assert r.status_code == 302
    assert client.post(reverse("zuwendungen:auszahlung_zeichnen", args=[abruf.pk])).status_code == 403
    client.force_login(zeichnung_arnsberg)
    r = client.post(reverse("zuwendungen:auszahlung_zeichnen", args=[abruf.pk]))
    assert r.status_code == 302
    r = client.post(reverse("zuwendungen:auszahlung_zeichnen", args=[abruf.pk]))  # double click
    assert r.status_code == 403
    assert Buchung.objects.count() == 1
    client.force_login(pruefung_arnsberg)
    assert "KA-" in client.get(reverse("zuwendungen:kasse_csv")).content.decode("utf-8-sig")
    r = client.post(reverse("zuwendungen:als_bezahlt_melden", args=[abruf.pk]), {"b-wertstellung": heute().isoformat()})
    assert r.status_code == 302
    client.force_login(ki_dortmund)
    seite = client.get(reverse("zuwendungen:auszahlungen", args=[zuwendung.pk])).content.decode()
    assert "Ausgezahlt" in seite and "4.000,00 €" in seite and heute().strftime("%d.%m.%Y") in seite


def test_refusals_reach_the_field_and_keep_the_input(client, zuwendung, ki_dortmund, zeichnung_dortmund):
    client.force_login(zeichnung_dortmund)
    r = client.post(reverse("zuwendungen:abruf_neu", args=[zuwendung.pk]), _abruf_post(betrag="12,3,4"))
    assert r.status_code == 200 and "kein gültiger Betrag" in r.content.decode() and 'value="12,3,4"' in r.content.decode()
    client.post(reverse("zuwendungen:abruf_neu", args=[zuwendung.pk]), _abruf_post(betrag="20.000,00"))
    abruf = Mittelabruf.objects.get()
    r = client.post(reverse("zuwendungen:abruf_einreichen", args=[abruf.pk]))
    assert r.status_code == 200
    assert "übersteigt den noch abrufbaren Rest" in r.content.decode()
    abruf.refresh_from_db()
    assert abruf.status == AbrufStatus.ENTWURF


def test_other_tenants_get_404(client, zuwendung, ki_bochum, ki_dortmund):
    client.force_login(ki_dortmund)
    client.post(reverse("zuwendungen:abruf_neu", args=[zuwendung.pk]), _abruf_post())
    abruf = Mittelabruf.objects.get()
    client.force_login(ki_bochum)
    for url in (
        reverse("zuwendungen:auszahlungen", args=[zuwendung.pk]),
        reverse("zuwendungen:abruf", args=[abruf.pk]),
        reverse("zuwendungen:abruf_neu", args=[zuwendung.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("zuwendungen:kasse")).status_code == 403
    assert client.get(reverse("zuwendungen:kasse_csv")).status_code == 403


@pytest.fixture
def angeordnet(zuwendung, ki_dortmund, zeichnung_dortmund, pruefung_arnsberg, zeichnung_arnsberg):
    from zuwendungen import workflow
    from zuwendungen.workflow import Abrufdaten

    abrufe = []
    for betrag in ("1234.56", "=SUMME(A1)"):
        if betrag.startswith("="):
            # a recipient whose name would be a formula in a spreadsheet
            org = zuwendung.antrag.antragsteller
            Bankverbindung.objects.create(organisation=org, iban="DE89370400440532013000", kontoinhaber="=HYPERLINK(1)",
                                          gueltig_ab=heute() - datetime.timedelta(days=1), erfasst_von=pruefung_arnsberg)
            betrag = "2000.00"
        d = Abrufdaten(auszahlung_am=heute(), bedarfe=[(heute() + datetime.timedelta(days=5), Decimal(betrag))])
        a = workflow.abruf_anlegen(zuwendung=zuwendung, by=ki_dortmund, daten=d)
        workflow.abruf_einreichen(abruf=a, by=zeichnung_dortmund)
        workflow.abruf_freigeben(abruf=a, by=pruefung_arnsberg, betrag=Decimal(betrag), pruefvermerk="ok")
        workflow.auszahlung_zeichnen(abruf=a, by=zeichnung_arnsberg)
        abrufe.append(a)
    return abrufe


def test_csv_and_xlsx_hold_the_same_figures(client, angeordnet, pruefung_arnsberg):
    from openpyxl import load_workbook

    client.force_login(pruefung_arnsberg)
    roh = client.get(reverse("zuwendungen:kasse_csv")).content
    assert roh.startswith("\ufeff".encode())
    zeilen = list(csv.reader(io.StringIO(roh.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][:6] == ["Anordnung", "Empfänger", "Kontoinhaber", "IBAN", "BIC", "Betrag (EUR)"]
    assert [z[5] for z in zeilen[1:]] == ["1234,56", "2000,00"]
    assert zeilen[2][2] == "'=HYPERLINK(1)"
    mappe = load_workbook(io.BytesIO(b"".join(client.get(reverse("zuwendungen:kasse_xlsx")).streaming_content)))
    blatt = mappe.active
    werte = list(blatt.iter_rows(values_only=True))
    assert werte[0] == tuple(zeilen[0])
    assert [Decimal(str(w[5])).quantize(Decimal("0.01")) for w in werte[1:]] == [Decimal("1234.56"), Decimal("2000.00")]
    assert blatt["F2"].number_format == '#,##0.00 "€"'
    assert isinstance(werte[1][6], datetime.datetime) and blatt["G2"].number_format == "DD.MM.YYYY"
    assert werte[2][2] == "'=HYPERLINK(1)" and blatt["C3"].data_type == "s"
    for csv_zeile, xlsx_zeile in zip(zeilen[1:], werte[1:], strict=True):
        assert csv_zeile[0] == xlsx_zeile[0] and csv_zeile[3] == xlsx_zeile[3]


def test_paid_list_import_is_all_or_nothing(client, angeordnet, pruefung_arnsberg):
    from django.core.files.uploadedfile import SimpleUploadedFile

    erste, zweite = (a.anordnung for a in Mittelabruf.objects.order_by("nummer"))
    client.force_login(pruefung_arnsberg)
    datum = heute().strftime("%d.%m.%Y")
    schlecht = f"Anordnung;Betrag;Wertstellung\n{erste.nummer};1.234,56;{datum}\n{zweite.nummer};1.999,00;gestern\nXX-1;5,00;{datum}\n"
    r = client.post(reverse("zuwendungen:kasse_import"), {"datei": SimpleUploadedFile("k.csv", schlecht.encode())})
    seite = r.content.decode()
    assert r.status_code == 200 and "Es wurde nichts übernommen" in seite
    assert "weicht vom angeordneten Betrag" in seite and "kein Datum" in seite and "keine offene Auszahlungsanordnung" in seite
    assert not Buchung.objects.filter(wertstellung__isnull=False).exists()
    gut = f"Anordnung;Betrag;Wertstellung\n{erste.nummer};1.234,56;{datum}\n{zweite.nummer};2.000,00;{datum}\n"
    r = client.post(reverse("zuwendungen:kasse_import"), {"datei": SimpleUploadedFile("k.csv", gut.encode())})
    assert r.status_code == 302
    assert Buchung.objects.filter(wertstellung=heute()).count() == 2
    assert not kasse.offene_anordnungen().exists()
    assert Mittelabruf.objects.filter(status=AbrufStatus.BEZAHLT).count() == 2


def test_bankverbindung_only_administration_and_iban_checked(client, dortmund, admin, pruefung_arnsberg):
    url = reverse("zuwendungen:bankverbindung", args=[dortmund.pk])
    client.force_login(pruefung_arnsberg)
    assert client.get(url).status_code == 403
    client.force_login(admin)
    r = client.post(url, {"kontoinhaber": "Stadt Dortmund", "iban": "DE02 1203 0000 0000 2020 52", "gueltig_ab": heute().isoformat()})
    assert r.status_code == 200 and "keine gültige IBAN" in r.content.decode()
    r = client.post(url, {"kontoinhaber": "Stadt Dortmund", "iban": "de02 1203 0000 0000 2020 51", "gueltig_ab": heute().isoformat()})
    assert r.status_code == 302
    b = Bankverbindung.objects.aktuell(dortmund.pk)
    assert b.iban == "DE02120300000000202051"
    assert client.get(reverse("zuwendungen:bankverbindungen")).status_code == 200


def test_haushalt_shows_called_paid_open(client, admin, angeordnet):
    client.force_login(admin)
    seite = client.get(reverse("programmteile:verwaltung_haushalt")).content.decode()
    assert "Ausgezahlt" in seite and "3.234,56 €" in seite
