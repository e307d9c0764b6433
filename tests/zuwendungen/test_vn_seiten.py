"""VN pages: others' objects are 404, refusals 403, form errors 200 at the field, the Belegliste
import all or nothing with a row report, the letters render as PDF/A."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.zuwendungen.vn_hilfen import sachbericht, zahlen_teil2, zuwendung_teil2
from zuwendungen.models import Beleg, Verwendungsnachweis, VnSchreiben
from zuwendungen.workflow import vn as wf


@pytest.fixture
def zeichnung_bochum(bochum):
    from komman.models import Rolle
    from tests.factories import make_user

    return make_user("zeichnung.bochum", organisation=bochum, rolle=Rolle.ZEICHNUNGSBERECHTIGT)


@pytest.fixture
def vn(bochum, ki_bochum):
    z = zuwendung_teil2(bochum)
    return wf.vn_anlegen(zuwendung=z, by=ki_bochum)


def test_mandanten_matrix(client, vn, ki_dortmund, ki_bochum, pruefung_arnsberg):
    seiten = [
        reverse("zuwendungen:vn", args=[vn.zuwendung_id]),
        reverse("zuwendungen:vn_seite", args=[vn.pk]),
        reverse("zuwendungen:vn_bearbeiten", args=[vn.pk]),
        reverse("zuwendungen:vn_belege", args=[vn.pk]),
        reverse("zuwendungen:vn_belege_csv", args=[vn.pk]),
    ]
    client.force_login(ki_dortmund)
    for url in seiten:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("zuwendungen:vn_einreichen", args=[vn.pk])).status_code == 404
    client.force_login(ki_bochum)
    for url in seiten:
        assert client.get(url).status_code == 200, url
    client.force_login(pruefung_arnsberg)
    assert client.get(seiten[1]).status_code == 200
    assert client.get(seiten[2]).status_code == 403  # the reviewer never edits the recipient's form
    assert client.get(reverse("zuwendungen:vn_warteschlange")).status_code == 200
    client.force_login(ki_bochum)
    assert client.get(reverse("zuwendungen:vn_warteschlange")).status_code == 403


def test_formular_fehler_am_feld_und_entwurf_speichert(client, vn, ki_bochum):
    client.force_login(ki_bochum)
    url = reverse("zuwendungen:vn_bearbeiten", args=[vn.pk])
    positionen = list(vn.zuwendung.antrag.positionen.order_by("nr"))
    r = client.post(url, {"version": vn.version, "taetigkeiten": "Sprachcafés", f"p{positionen[0].pk}_erbracht": "viele",
                          "e_eigenanteil": "12,3,4"})  # fmt: skip
    assert r.status_code == 200
    assert "ganze Zahl von Einheiten" in r.content.decode() and "kein gültiger Betrag" in r.content.decode()
    assert "Sprachcafés" in r.content.decode()  # input kept
    vn.refresh_from_db()
    assert vn.taetigkeiten == ""  # malformed numbers: nothing saved
    r = client.post(url, {"version": vn.version, "taetigkeiten": "Sprachcafés", f"p{positionen[0].pk}_erbracht": "31"})
    assert r.status_code == 200 and "Entwurf ist gespeichert" in r.content.decode()
    vn.refresh_from_db()
    assert vn.taetigkeiten == "Sprachcafés" and vn.zahlen["teil2"]["erbracht"][str(positionen[0].pk)] == 31


def test_einreichen_und_frage_beantworten(client, vn, ki_bochum, zeichnung_bochum, pruefung_arnsberg):
    wf.vn_speichern(vn=vn, by=ki_bochum, werte=sachbericht(), zahlen=zahlen_teil2(vn.zuwendung))
    client.force_login(zeichnung_bochum)
    r = client.post(reverse("zuwendungen:vn_einreichen", args=[vn.pk]))
    assert r.status_code == 302
    vn.refresh_from_db()
    assert vn.status == "eingereicht"
    client.force_login(pruefung_arnsberg)
    r = client.post(reverse("zuwendungen:vn_frage", args=[vn.pk]), {"frage-frage": ""})
    assert r.status_code == 200 and "Pflichtfeld" in r.content.decode()
    r = client.post(reverse("zuwendungen:vn_frage", args=[vn.pk]), {"frage-frage": "Belege zu B1?"})
    assert r.status_code == 302
    frage = vn.fragen.get()
    client.force_login(ki_bochum)
    r = client.post(reverse("zuwendungen:vn_antworten", args=[vn.pk, frage.pk]), {"antwort": ""})
    assert r.status_code == 200 and "Bitte geben Sie eine Antwort ein." in r.content.decode()
    r = client.post(reverse("zuwendungen:vn_antworten", args=[vn.pk, frage.pk]), {"antwort": "Anbei."})
    assert r.status_code == 302
    vn.refresh_from_db()
    assert vn.status == "pruefung"


CSV_KOPF = "Nr.;Datum;Zahlungsempfänger;Grund der Zahlung;Ausgabenart;Betrag\n"


def _hochladen(client, vn, inhalt: bytes, name: str):
    datei = io.BytesIO(inhalt)
    datei.name = name
    return client.post(reverse("zuwendungen:vn_belege", args=[vn.pk]), {"datei": datei})


def test_belegliste_alles_oder_nichts(client, vn, ki_bochum):
    client.force_login(ki_bochum)
    gut = CSV_KOPF + "1;05.03.2025;Stadtwerke;Miete;Sachausgaben;1.234,50\n2;2025-04-01;Druckerei;Flyer;Sachausgaben;99\n"
    assert _hochladen(client, vn, gut.encode(), "belege.csv").status_code == 302
    assert list(vn.belege.values_list("betrag", flat=True)) == [Decimal("1234.50"), Decimal("99.00")]
    schlecht = CSV_KOPF + "1;05.03.2025;Stadtwerke;Miete;;10\n1;31.02.2025;;Flyer;;zehn\n3;01.01.2025;A;B;;5\n"
    r = _hochladen(client, vn, schlecht.encode(), "belege.csv")
    text = r.content.decode()
    assert r.status_code == 200 and "Zeilenbericht" in text
    assert "Die Nummer 1 steht schon in Zeile 2." in text and "„31.02.2025“ ist kein Datum" in text
    assert "kein gültiger Betrag" in text and "Bitte den Zahlungsempfänger angeben." in text
    assert vn.belege.count() == 2  # the old list stays


def test_belegliste_xlsx_und_export_formelsicher(client, vn, ki_bochum):
    import datetime

    from openpyxl import Workbook

    mappe = Workbook()
    blatt = mappe.active
    blatt.append(["Nr.", "Datum", "Zahlungsempfänger", "Grund der Zahlung", "Ausgabenart", "Betrag"])
    blatt.append([1, datetime.datetime(2025, 3, 5), "+Firma GmbH", "Miete", "Sach", 120.5])
    puffer = io.BytesIO()
    mappe.save(puffer)
    client.force_login(ki_bochum)
    assert _hochladen(client, vn, puffer.getvalue(), "belege.xlsx").status_code == 302
    b = Beleg.objects.get(verwendungsnachweis=vn)
    assert (b.datum, b.betrag) == (datetime.date(2025, 3, 5), Decimal("120.50"))
    csv = client.get(reverse("zuwendungen:vn_belege_csv", args=[vn.pk])).content.decode()
    assert "'+Firma GmbH" in csv


@pytest.mark.parametrize("art", ["mahnung", "nachforderung", "abschluss"])
def test_schreiben_als_pdf(art, client, bochum, ki_bochum, zeichnung_bochum, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks):
    import pikepdf

    from tests.zuwendungen.test_vn_workflow import ALLE_HAKEN
    from zuwendungen.vn_taeglich import fristen_anlegen, mahnen
    from zuwendungen.workflow import vn_pruefung as pw

    z = zuwendung_teil2(bochum, ausgezahlt=Decimal("6585.00"))
    with django_capture_on_commit_callbacks(execute=True):
        if art == "mahnung":
            import datetime

            fristen_anlegen(z)
            mahnen(z, nummer=1, heute=datetime.date(2026, 7, 1))
        else:
            vn = wf.vn_anlegen(zuwendung=z, by=ki_bochum)
            wf.vn_speichern(vn=vn, by=ki_bochum, werte=sachbericht(), zahlen=zahlen_teil2(z))
            wf.vn_einreichen(vn=vn, by=zeichnung_bochum)
            if art == "nachforderung":
                pw.frage_stellen(vn=vn, by=pruefung_arnsberg, frage="Bitte legen Sie die Teilnehmerlisten zu B1 vor.")
            else:
                pw.pruefvermerk_speichern(vn=vn, by=pruefung_arnsberg, haken=ALLE_HAKEN, feststellungen={}, vermerk_text="")
                pw.ergebnis_vorschlagen(vn=vn, by=pruefung_arnsberg)
                pw.ergebnis_zeichnen(vn=vn, by=zeichnung_arnsberg)
    brief = VnSchreiben.objects.get(zuwendung=z, art=f"vn_{art}")
    assert brief.pruefsumme_stimmt()
    pdf = pikepdf.open(io.BytesIO(bytes(brief.pdf)))
    assert "pdfaid" in str(pdf.open_metadata())
    client.force_login(ki_bochum)
    r = client.get(reverse("zuwendungen:vn_schreiben", args=[brief.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    import os

    if os.environ.get("VN_BRIEFE"):
        with open(f"{os.environ['VN_BRIEFE']}/{art}.pdf", "wb") as f:
            f.write(bytes(brief.pdf))


def test_vn_abschnitt_auf_der_zuwendungsseite(client, vn, ki_bochum):
    client.force_login(ki_bochum)
    r = client.get(reverse("zuwendungen:detail", args=[vn.zuwendung_id]))
    assert r.status_code == 200
    assert "Verwendungsnachweis, Fristen und Schreiben" in r.content.decode()
    assert Verwendungsnachweis.objects.count() == 1
