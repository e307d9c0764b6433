"""Issue 17, letter infrastructure: address block, court with address, Anlagen with their Fassung,
Hinweise per recipient type, refusals without address or seat, tagged PDF/A for every letter kind."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antraege import bescheide, workflow
from antraege.models import Antrag, Dokument, Schreiben
from komman.models import Organisation
from programmteile.models import Anlage
from tests.antraege.test_bescheide import antrag_fuer, bewilligen, erzeuge, teil1_setzen, text_of
from tests.factories import make_massnahme, make_periode, make_schreiben, make_statuswechsel, make_zuweisung

S = Antrag.Status
Art = Dokument.Art


def _pdf(titel: str) -> bytes:
    from antraege.bescheide.pdf import render_pdf

    return render_pdf(
        "bescheide/anlage_muster.html",
        {"titel": titel, "kurz": titel, "fassung": datetime.date(2022, 6, 6), "quelle": "Test"},
    )


@pytest.fixture
def anlagen(db):
    """One Fassung of each Anlage, and an older ANBest-G the notice must not name."""
    Anlage.objects.create(
        art=Anlage.Art.ANBEST_G, fassung=datetime.date(2014, 1, 1), quelle="MBl. NRW. 2014", dateiname="alt.pdf",
        pdf=_pdf("ANBest-G alt"),
    )  # fmt: skip
    erstellt = {}
    for art, quelle in (
        (Anlage.Art.ANBEST_G, "MBl. NRW. 2022 S. 445"),
        (Anlage.Art.ANBEST_P, "MBl. NRW. 2022 S. 445"),
        (Anlage.Art.MITTELABRUF, "Vordruck der Bezirksregierung"),
        (Anlage.Art.VERWENDUNGSNACHWEIS, "Vordruck der Bezirksregierung"),
    ):
        erstellt[art] = Anlage.objects.create(
            art=art, fassung=datetime.date(2022, 6, 6), quelle=quelle, dateiname=f"{art}.pdf", pdf=_pdf(art)
        )
    return erstellt


@pytest.fixture
def antrag_i(dortmund, ki_dortmund, pruefung_arnsberg):
    periode = make_periode("I", jahr=2026)
    make_zuweisung(periode, dortmund, stellen=Decimal("1.5"))
    antrag = antrag_fuer(
        periode, dortmund, status=S.BEWILLIGUNG_VORGESCHLAGEN, erstellt_von=ki_dortmund,
        beantragt=Decimal("100500.00"), zuwendung=Decimal("100500.00"), bearbeitet_von=pruefung_arnsberg,
        vorgeschlagen_von=pruefung_arnsberg,
    )  # fmt: skip
    teil1_setzen(
        antrag, stellen=Decimal("1.5"), personalausgaben=Decimal("85500.00"), sachmittel=Decimal("15000.00")
    )
    return antrag


@pytest.fixture
def traeger_paderborn(db):
    from tests.factories import make_traeger

    return make_traeger(
        "Caritas Paderborn (Test)", strasse="Am Stadelhof 15", plz="33098", ort="Paderborn",
        kreis=Organisation.objects.get(kreisschluessel="05774"),
    )  # fmt: skip


@pytest.fixture
def antrag_iii(traeger_paderborn):
    periode = make_periode("III", jahr=2026)
    antrag = antrag_fuer(
        periode, traeger_paderborn, status=S.BEWILLIGUNG_VORGESCHLAGEN, beantragt=Decimal("45000.00"),
        zuwendung=Decimal("40000.00"),
    )  # fmt: skip
    make_massnahme(
        antrag, titel="Begegnung", stellen=Decimal("0.5"), personalausgaben=Decimal("40000.00"),
        honorarausgaben=Decimal("5000.00"), sachausgaben=Decimal("4400.00"), beantragt=Decimal("45000.00"),
        bewilligt=Decimal("40000.00"), kuerzungsgrund="Honorare nicht belegt.",
    )  # fmt: skip
    return antrag


def _ablehnung(antrag: Antrag, zeichner) -> Dokument:
    Antrag.objects.filter(pk=antrag.pk).update(begruendung="Keine Stellenzuweisung.")
    antrag.refresh_from_db()
    w = make_statuswechsel(antrag, nach=S.ABGELEHNT, wer=zeichner)
    return erzeuge(bescheide.anlegen(statuswechsel=w, art=Art.ABLEHNUNGSBESCHEID, by=zeichner))


# --- Address block, court (items 3 and 4) ---


def test_address_block_of_a_kommune_in_the_window(antrag_i, zeichnung_arnsberg):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    assert dok.daten["empfaenger"]["zeilen"] == [
        "Stadt Dortmund", "Kommunales Integrationszentrum", "Friedensplatz 1", "44135 Dortmund",
    ]  # fmt: skip
    text = text_of(bytes(dok.pdf))
    assert "Stadt Dortmund Kommunales Integrationszentrum Friedensplatz 1 44135 Dortmund" in text
    assert "Bezirksregierung Arnsberg · Seibertzstraße 1 · 59821 Arnsberg" in text  # Rücksendeangabe


def test_court_with_seat_and_address_for_kommune_and_traeger(antrag_i, antrag_iii, zeichnung_arnsberg):
    text = text_of(bytes(_ablehnung(antrag_i, zeichnung_arnsberg).pdf))
    assert "Verwaltungsgericht Gelsenkirchen (Bahnhofsvorplatz 3, 45879 Gelsenkirchen)" in text
    assert "innerhalb eines Monats" in text and "§ 55a VwGO" in text
    dok = erzeuge(bewilligen(antrag_iii, zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))
    # The Träger's Kreis Paderborn belongs to the Verwaltungsgericht Minden, whatever its Ort says.
    assert "Verwaltungsgericht Minden (Königswall 8, 32423 Minden)" in text
    assert "Arnsberg (" not in text
    assert dok.daten["rechtsbehelf"]["gericht_anschrift"]["strasse"] == "Königswall 8"


# --- Refusals without address or seat ---


def test_no_nachforderung_to_a_kommune_without_address(dortmund, pruefung_arnsberg):
    Organisation.objects.filter(pk=dortmund.pk).update(strasse="", plz="")
    antrag = antrag_fuer(make_periode("I", jahr=2026), dortmund, status=S.FORMALE_PRUEFUNG,
                         bearbeitet_von=pruefung_arnsberg)  # fmt: skip
    with pytest.raises(workflow.WorkflowError) as fehler:
        workflow.request_documents(antrag=antrag, by=pruefung_arnsberg, punkte=["Stellenplan"])
    meldung = str(fehler.value)
    assert "Straße und Hausnummer, PLZ" in meldung and "Stadt Dortmund" in meldung
    assert "Administration" in meldung  # who maintains it
    assert not Schreiben.objects.filter(antrag=antrag).exists()
    assert Antrag.objects.get(pk=antrag.pk).status == S.FORMALE_PRUEFUNG


def test_no_anhoerung_and_no_proposal_to_a_traeger_without_kreis(antrag_iii, traeger_paderborn, pruefung_arnsberg):
    Organisation.objects.filter(pk=traeger_paderborn.pk).update(kreis=None)
    Antrag.objects.filter(pk=antrag_iii.pk).update(status=S.INHALTLICHE_PRUEFUNG, bearbeitet_von=pruefung_arnsberg)
    antrag_iii.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="Kreis oder kreisfreie Stadt des Sitzes"):
        workflow.start_hearing(
            antrag=antrag_iii, by=pruefung_arnsberg, text="Honorare fehlen.", beabsichtigter_betrag=Decimal("0")
        )
    with pytest.raises(workflow.WorkflowError, match="Kreis oder kreisfreie Stadt des Sitzes"):
        workflow.propose_approval(antrag=antrag_iii, by=pruefung_arnsberg, zeilen={})


def test_signing_refused_without_seat(antrag_iii, traeger_paderborn, zeichnung_arnsberg):
    Organisation.objects.filter(pk=traeger_paderborn.pk).update(kreis=None)
    antrag_iii.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="Verwaltungsgericht"):
        workflow.approve(antrag=antrag_iii, by=zeichnung_arnsberg)
    assert Antrag.objects.get(pk=antrag_iii.pk).status == S.BEWILLIGUNG_VORGESCHLAGEN
    assert not Dokument.objects.filter(antrag=antrag_iii).exists()


def test_briefangaben_name_what_is_missing(db):
    org = Organisation.objects.get(kreisschluessel="05711")
    org.strasse = org.plz = org.ort = ""
    assert bescheide.briefangaben_fehlen(org) == ["Straße und Hausnummer", "PLZ", "Ort"]
    org.strasse, org.plz, org.ort = "Niederwall 23", "33602", "Bielefeld"
    assert bescheide.briefangaben_fehlen(org) == []
    assert bescheide.kann_brief_erhalten(org) == (True, "")


# --- Anlagen with their Fassung (item 5) ---


def test_notice_names_each_anlage_with_its_fassung_and_records_it(antrag_i, anlagen, zeichnung_arnsberg):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    genannt = {a["art"]: a for a in dok.daten["anlagen"]}
    assert set(genannt) == {"anbest_g", "mittelabruf", "verwendungsnachweis"}
    assert genannt["anbest_g"]["fassung"] == "2022-06-06"
    assert genannt["anbest_g"]["sha256"] == anlagen[Anlage.Art.ANBEST_G].sha256
    text = text_of(bytes(dok.pdf))
    assert "(ANBest-G), Fassung vom 06.06.2022 (MBl. NRW. 2022 S. 445)" in text
    assert "Vordruck Mittelabruf, Fassung vom 06.06.2022" in text
    assert "Vordruck Verwendungsnachweis, Fassung vom 06.06.2022" in text
    assert "Von den ANBest-G werden keine Nummern für nicht anwendbar erklärt oder geändert." in text
    assert "Nr. 4.2.9 VV" in text
    # A newer Fassung later does not change what the issued notice names.
    Anlage.objects.create(
        art=Anlage.Art.ANBEST_G, fassung=datetime.date(2026, 6, 1), quelle="neu", dateiname="n.pdf", pdf=b"%PDF"
    )
    assert Dokument.objects.get(pk=dok.pk).daten["anlagen"][0]["fassung"] == "2022-06-06"


def test_traeger_gets_anbest_p(antrag_iii, anlagen, zeichnung_arnsberg):
    dok = bewilligen(antrag_iii, zeichnung_arnsberg)
    assert dok.daten["anlagen"][0]["art"] == "anbest_p"
    assert dok.daten["hinweise"]["anbest_abweichungen"].startswith("Von den ANBest-P")


def test_documents_page_offers_the_anlagen_with_sha256(client, antrag_i, anlagen, zeichnung_arnsberg, ki_dortmund):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    client.force_login(ki_dortmund)
    seite = client.get(reverse("antraege:detail", args=[antrag_i.pk])).content.decode()
    anbest = anlagen[Anlage.Art.ANBEST_G]
    url = reverse("antraege:dokument_anlage", args=[antrag_i.pk, dok.pk, anbest.pk])
    assert url in seite and anbest.sha256 in seite and "Fassung vom 06.06.2022" in seite
    antwort = client.get(url)
    assert antwort.status_code == 200 and antwort["Content-Type"] == "application/pdf"
    assert b"".join(antwort.streaming_content if antwort.streaming else [antwort.content]) == bytes(anbest.pdf)
    # ANBest-P is not an Anlage of this notice; the older ANBest-G neither.
    for fremd in (anlagen[Anlage.Art.ANBEST_P], Anlage.objects.get(fassung=datetime.date(2014, 1, 1))):
        url = reverse("antraege:dokument_anlage", args=[antrag_i.pk, dok.pk, fremd.pk])
        assert client.get(url).status_code == 404


def test_anlage_of_another_organisations_notice_is_404(client, antrag_i, anlagen, zeichnung_arnsberg, ki_bochum):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    client.force_login(ki_bochum)
    url = reverse("antraege:dokument_anlage", args=[antrag_i.pk, dok.pk, anlagen[Anlage.Art.ANBEST_G].pk])
    assert client.get(url).status_code == 404


def test_administration_uploads_a_fassung(client, admin):
    client.force_login(admin)
    url = reverse("programmteile:verwaltung_anlagen")
    daten = {"art": "anbest_p", "fassung": "2022-06-06", "quelle": "MBl. NRW. 2022 S. 445"}
    png = SimpleUploadedFile("anbest.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    seite = client.post(url, {**daten, "datei": png}).content.decode()
    assert "Bitte laden Sie die Anlage als PDF hoch." in seite or "passt zu keinem erlaubten Format" in seite
    pdf = SimpleUploadedFile("ANBest-P.pdf", _pdf("ANBest-P"), content_type="application/pdf")
    assert client.post(url, {**daten, "datei": pdf}).status_code == 302
    anlage = Anlage.objects.get(art="anbest_p")
    assert anlage.hochgeladen_von == admin and len(anlage.sha256) == 64 and not anlage.muster
    pdf = SimpleUploadedFile("ANBest-P.pdf", _pdf("ANBest-P"), content_type="application/pdf")
    seite = client.post(url, {**daten, "datei": pdf}).content.decode()
    assert "Diese Fassung ist schon hochgeladen." in seite
    with pytest.raises(TypeError):
        anlage.save()  # never changed


# --- Hinweise (item 8) ---


def test_hinweise_for_a_kommune(antrag_i, zeichnung_arnsberg):
    text = text_of(bytes(erzeuge(bewilligen(antrag_i, zeichnung_arnsberg)).pdf))
    assert "§ 264" not in text  # no subsidy-fraud note to a Kommune
    assert "§§ 48, 49 VwVfG NRW" in text and "§ 49a Abs. 3 VwVfG NRW" in text
    assert "fünf Prozentpunkten über dem Basiszinssatz" in text
    assert "nicht innerhalb von zwei Monaten nach der Auszahlung" in text and "§ 49a Abs. 4" in text
    assert "Art. 6 Abs. 1 Unterabs. 1 Buchst. e" in text  # data protection with its legal basis
    assert "ohne Unterschrift gültig (§ 37 Abs. 3 und 5 VwVfG NRW)" in text
    # Part I is a Festbetrag: not called a Höchstbetrag.
    assert "ist ein Höchstbetrag" not in text and "Die Zuwendung ist ein Festbetrag." in text


def test_hinweise_for_a_traeger(antrag_iii, zeichnung_arnsberg):
    text = text_of(bytes(erzeuge(bewilligen(antrag_iii, zeichnung_arnsberg)).pdf))
    assert "§ 264 Strafgesetzbuch" in text
    assert "Der bewilligte Betrag ist ein Höchstbetrag." in text  # Part III: Anteilfinanzierung
    assert "§ 49a Abs. 3 VwVfG NRW" in text


def test_a_blank_hinweis_is_left_out(antrag_iii, zeichnung_arnsberg):
    from programmteile.models import Bescheidtexte

    Bescheidtexte.objects.create(foerderperiode=antrag_iii.foerderperiode, hinweis_subventionsbetrug="")
    text = text_of(bytes(erzeuge(bewilligen(antrag_iii, zeichnung_arnsberg)).pdf))
    assert "§ 264" not in text


# --- Tagged PDF/A (item 11), every letter kind ---


def _alle_briefe(antrag: Antrag, pruefer, zeichner) -> list[Dokument]:
    dokumente = []
    w = make_statuswechsel(antrag, von=S.ENTWURF, nach=S.EINGEREICHT, wer=zeichner)
    dokumente.append(bescheide.anlegen(statuswechsel=w, art=Art.EINGANGSBESTAETIGUNG, by=zeichner))
    for art, status, betrag in (
        (Schreiben.Art.NACHFORDERUNG, S.NACHFORDERUNG, None),
        (Schreiben.Art.ANHOERUNG, S.ANHOERUNG, "90000.00"),
    ):
        make_schreiben(antrag, art=art, von=pruefer, text="Gründe.", frist=datetime.date(2026, 3, 2),
                       beabsichtigter_betrag=betrag)  # fmt: skip
        w = make_statuswechsel(antrag, nach=status, wer=pruefer)
        dokumente.append(bescheide.anlegen(statuswechsel=w, art=art, by=pruefer))
    dokumente.append(bewilligen(antrag, zeichner))
    w = make_statuswechsel(antrag, nach=S.ABGELEHNT, wer=zeichner)
    dokumente.append(bescheide.anlegen(statuswechsel=w, art=Art.ABLEHNUNGSBESCHEID, by=zeichner))
    return [erzeuge(d) for d in dokumente]


def _strukturtypen(knoten, typen: set, alt: list, tiefe: int = 0) -> None:
    if tiefe > 40:
        return
    if "/S" in knoten:
        typen.add(str(knoten.S))
        if str(knoten.S) == "/Figure" and "/Alt" in knoten:
            alt.append(str(knoten.Alt))
    kinder = knoten.get("/K")
    kinder = kinder if isinstance(kinder, pikepdf.Array) else [kinder]
    for k in kinder:
        if isinstance(k, pikepdf.Dictionary):
            _strukturtypen(k, typen, alt, tiefe + 1)


def test_every_letter_kind_is_tagged_pdfa(antrag_i, pruefung_arnsberg, zeichnung_arnsberg):
    dokumente = _alle_briefe(antrag_i, pruefung_arnsberg, zeichnung_arnsberg)
    assert {d.art for d in dokumente} == set(Art.values)  # every letter kind the portal issues
    for dok in dokumente:
        with pikepdf.open(io.BytesIO(bytes(dok.pdf))) as pdf:
            assert "/StructTreeRoot" in pdf.Root, dok.art
            assert pdf.Root.MarkInfo.Marked is True or bool(pdf.Root.MarkInfo.Marked), dok.art
            assert str(pdf.Root.Lang) == "de"
            assert str(pdf.docinfo["/Title"]).startswith(dok.daten["titel"])
            meta = pdf.open_metadata()
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A"), dok.art
            typen: set[str] = set()
            alt: list[str] = []
            _strukturtypen(pdf.Root.StructTreeRoot, typen, alt)
            assert "/H1" in typen, dok.art  # the letter's title is a heading
            assert alt == ["Logo KOMM-AN NRW"], dok.art  # the logo has its alternative text
            if dok.art in (Art.ZUWENDUNGSBESCHEID, Art.EINGANGSBESTAETIGUNG):
                assert {"/Table", "/TH"} <= typen, dok.art  # tables with header cells
