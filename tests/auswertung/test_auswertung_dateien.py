"""Exports (CSV, XLSX), charts (SVG), the ministry report and who may see any of it."""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pikepdf
import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from auswertung import uebersicht
from auswertung.auswahl import Auswahl
from auswertung.tabellen import Spalte, Tabelle, als_csv, als_xlsx
from tests.auswertung.hilfen import Fall, S, anlegen

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def welt(db):
    return anlegen([
        Fall(status=S.BESTANDSKRAEFTIG, zuwendung=D("1234.56"), final=True, bezirk="Köln",
             abrufe=[("bezahlt", D("1000.00"))], auszahlungen=[(D("1000.00"), True)],
             fristen=[(datetime.date(2026, 6, 1), "versaeumt"), (datetime.date(2026, 12, 30), "offen")]),
        Fall(teil="II", status=S.BESTANDSKRAEFTIG, zuwendung=D("500.00"), final=True, art="kommune",
             bezirk="Detmold"),
        Fall(status=S.EINGEREICHT, beantragt=D("700.00")),
        Fall(status=S.ENTWURF, beantragt=D("999.00")),
    ])  # fmt: skip


def _csv(antwort) -> list[list[str]]:
    inhalt = antwort.content
    assert inhalt.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=";"))


def test_csv_and_xlsx_hold_the_page_figures(welt, ohne_verfahren, admin, client):
    client.force_login(admin)
    u = uebersicht.berechne(Auswahl(jahr=2026))
    zeilen = _csv(client.get(reverse("auswertung:export", args=["betraege", "csv"]), {"jahr": "2026"}))
    kopf = zeilen[0]
    assert kopf[:3] == ["Förderperiode", "Beantragt", "Bewilligt"]
    summe = zeilen[-1]
    assert summe[0] == "Summe"
    assert summe[kopf.index("Bewilligt")] == "1734,56"
    assert summe[kopf.index("Anerkannt")] == "noch nicht erfasst"
    assert D(summe[kopf.index("Ausgezahlt")].replace(",", ".")) == u.summe.werte["ausgezahlt"]

    antwort = client.get(reverse("auswertung:export", args=["alle", "xlsx"]), {"jahr": "2026"})
    mappe = load_workbook(io.BytesIO(antwort.content))
    blatt = mappe["Beträge und Haushaltsmittel"]
    kopf = [z.value for z in blatt[1]]
    letzte = [z for z in blatt[blatt.max_row]]
    bewilligt = letzte[kopf.index("Bewilligt")]
    assert D(str(bewilligt.value)) == D("1734.56")
    assert "€" in bewilligt.number_format
    assert letzte[kopf.index("Anerkannt")].value == "noch nicht erfasst"
    assert blatt.freeze_panes == "B2"
    assert blatt.column_dimensions["A"].width >= 10
    assert len(mappe.sheetnames) == 7


def test_list_export_dates_are_dates(welt, pruefung_arnsberg, client):
    client.force_login(pruefung_arnsberg)
    antwort = client.get(reverse("auswertung:liste_export", args=["ausgezahlt", "xlsx"]), {"jahr": "2026"})
    blatt = load_workbook(io.BytesIO(antwort.content)).active
    kopf = [z.value for z in blatt[1]]
    zeile = [z for z in blatt[2]]
    assert isinstance(zeile[kopf.index("Datum")].value, datetime.datetime)
    assert zeile[kopf.index("Datum")].number_format == "DD.MM.YYYY"
    assert zeile[kopf.index("Ausgezahlt")].value == 1000


def test_formula_injection_is_neutralised():
    t = Tabelle("Test", [Spalte("Name"), Spalte("Betrag", "euro")], [["=HYPERLINK(\"x\")", D("-5.00")],
                                                                     ["@SUM(A1)", D("1.00")]])  # fmt: skip
    zeilen = list(csv.reader(io.StringIO(als_csv(t).decode("utf-8-sig")), delimiter=";"))
    assert zeilen[1] == ["'=HYPERLINK(\"x\")", "-5,00"]
    assert zeilen[2][0] == "'@SUM(A1)"
    blatt = load_workbook(io.BytesIO(als_xlsx([t]))).active
    assert blatt["A2"].value == "'=HYPERLINK(\"x\")"
    assert blatt["A2"].data_type == "s"
    assert blatt["B2"].value == -5


def test_organisation_name_with_formula_is_neutralised_in_exports(welt, admin, client):
    from komman.models import Organisation

    Organisation.objects.filter(name__startswith="Daten-Organisation").update(name="=1+1 e. V.")
    client.force_login(admin)
    zeilen = _csv(client.get(reverse("auswertung:liste_export", args=["eingegangen", "csv"]), {"jahr": "2026"}))
    assert all(z[1] == "'=1+1 e. V." for z in zeilen[1:])


def test_charts_are_valid_svg_with_title_desc_and_table(welt, admin, client):
    client.force_login(admin)
    html = client.get(reverse("auswertung:uebersicht"), {"jahr": "2026"}).content.decode()
    for name in ("abfluss", "budget", "bearbeitung", "fristen"):
        start = html.index(f'aria-labelledby="diagramm-{name}-titel')
        svg = html[html.rindex("<svg", 0, start): html.index("</svg>", start) + 6]
        wurzel = ET.fromstring(svg)
        assert wurzel.find(f"{SVG}title").text
        assert wurzel.find(f"{SVG}desc").text
        assert wurzel.get("role") == "img"
        # coordinates never localised ("157,5" would be read as two numbers)
        assert not re.search(r'\b(x|y|width|height|cx|cy)="-?\d+,\d', svg)
    for tabelle in ("mittelabfluss", "budget", "bearbeitungszeiten", "fristen"):
        assert f'id="tabelle-{tabelle}"' in html
    assert "Juni 2026" in html  # the missed deadline's month in the Fristen table


def test_mittelabfluss_is_cumulative(welt):
    from auswertung import verlauf

    tabelle, diagramm = verlauf.abfluss(Auswahl(jahr=2026), 2026, datetime.date(2026, 12, 3))
    bewilligt = [z[1] for z in tabelle.zeilen]
    assert bewilligt == sorted(bewilligt)
    assert bewilligt[-1] == D("1734.56")
    assert [z[2] for z in tabelle.zeilen][-1] == D("1000.00")
    assert len(diagramm.reihen[0].punkte) == 12


def test_perzentil_like_percentile_cont():
    from auswertung.verlauf import perzentil

    assert perzentil([], 0.5) is None
    assert perzentil([4.0], 0.9) == 4.0
    assert perzentil([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert perzentil(list(map(float, range(1, 11))), 0.9) == pytest.approx(9.1)


@pytest.mark.parametrize("persona", ["ki_dortmund", "zeichnung_dortmund", "traeger_awo"])
def test_applicants_never_see_the_auswertung(welt, persona, request, client):
    client.force_login(request.getfixturevalue(persona))
    for url in (reverse("auswertung:uebersicht"), reverse("auswertung:liste", args=["bewilligt"]),
                reverse("auswertung:export", args=["alle", "xlsx"]),
                reverse("auswertung:bericht_pdf", args=[2026, "II"]),
                reverse("auswertung:transparenz_schalten")):  # fmt: skip
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["pruefung_arnsberg", "zeichnung_arnsberg", "admin"])
def test_bezirksregierung_sees_everything_but_drafts(welt, persona, request, client):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("auswertung:uebersicht")).status_code == 200
    html = client.get(reverse("auswertung:liste", args=["eingegangen"]), {"jahr": "2026"}).content.decode()
    entwurf = welt[3]
    assert entwurf.antragsteller.name not in html
    assert welt[2].antragsteller.name in html


def test_ministry_report_xlsx_and_pdf(welt, ohne_verfahren, admin, client):
    client.force_login(admin)
    antwort = client.get(reverse("auswertung:bericht_xlsx", args=[2026, "III"]))
    mappe = load_workbook(io.BytesIO(antwort.content))
    blatt = mappe["Beträge und Haushaltsmittel"]
    kopf = [z.value for z in blatt[1]]
    assert D(str(blatt.cell(row=2, column=kopf.index("Bewilligt") + 1).value)) == D("1234.56")
    pdf = client.get(reverse("auswertung:bericht_pdf", args=[2026, "II"]))
    assert pdf["Content-Type"] == "application/pdf"
    inhalt = pdf.content
    assert inhalt.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(inhalt)) as p:
        meta = p.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"  # tagged like every letter
        assert "/StructTreeRoot" in p.Root
    text = " ".join(" ".join(s.extract_text() for s in pypdf.PdfReader(io.BytesIO(inhalt)).pages).split())
    assert "Programmteil II" in text and "500,00 €" in text and "noch nicht erfasst" in text
    assert client.get(reverse("auswertung:bericht_pdf", args=[2026, "IV"])).status_code == 404


def test_bearbeitungszeiten_from_statuswechsel(db):
    from unittest import mock

    from django.utils import timezone

    from antraege.models import Statuswechsel
    from auswertung import verlauf
    from tests.auswertung.hilfen import pruefer

    antraege = anlegen([Fall(status=S.BEWILLIGT, zuwendung=D("1.00")), Fall(status=S.ABGELEHNT, zuwendung=D("0.00")),
                        Fall(teil="II", status=S.BEWILLIGT, zuwendung=D("1.00")), Fall(status=S.EINGEREICHT)])  # fmt: skip
    eingang = Statuswechsel.objects.filter(antrag=antraege[0]).get().wann
    for antrag, tage in zip(antraege[:3], (10, 20, 5), strict=True):
        with mock.patch.object(timezone, "now", return_value=eingang + datetime.timedelta(days=tage)):
            Statuswechsel.objects.create(antrag=antrag, von=S.BEWILLIGUNG_VORGESCHLAGEN,
                                         nach=antrag.status, wer=pruefer())  # fmt: skip
    tabelle, diagramm = verlauf.bearbeitungszeiten(Auswahl(jahr=2026))
    zeilen = {z[0]: z[1:] for z in tabelle.zeilen}
    assert zeilen["Teil III"][0] == 2
    assert zeilen["Teil III"][1] == pytest.approx(15, abs=0.01)
    assert zeilen["Teil III"][2] == pytest.approx(19, abs=0.01)
    assert list(zeilen["Teil II"][:2]) == [1, pytest.approx(5, abs=0.01)]
    assert diagramm.kategorien == ["Teil II", "Teil III"]
