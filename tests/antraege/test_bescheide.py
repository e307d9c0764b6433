"""Bescheide: what each letter states, PDF/A quality, write-once storage, downloads, bulk runs."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
from decimal import Decimal

import pikepdf
import pypdf
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from antraege import bescheide
from antraege.models import Antrag, AntragTeil1, Dokument, Schreiben
from programmteile.models import Bescheidtexte
from tests.factories import (
    JAHR,
    make_antrag,
    make_massnahme,
    make_periode,
    make_position,
    make_schreiben,
    make_statuswechsel,
    make_zuweisung,
)

S = Antrag.Status
J = JAHR  # the test year (tests.factories)
Art = Dokument.Art
AUSGABE = os.environ.get("BESCHEIDE_PDF_AUSGABE")  # set to a folder to keep the PDFs for a look


def antrag_fuer(periode, organisation, *, status: str, **fields) -> Antrag:
    """A submitted Antrag as the workflow leaves it: Aktenzeichen and date of receipt set."""
    nummer = Antrag.objects.count() + 1
    fields.setdefault("aktenzeichen", f"36.{periode.programmteil.nummer}-{periode.foerderjahr}-{nummer:04d}")
    fields.setdefault(
        "eingereicht_am", timezone.make_aware(datetime.datetime(periode.foerderjahr - 1, 11, 20, 10))
    )
    return make_antrag(periode, organisation, status=status, **fields)


def teil1_setzen(antrag: Antrag, **werte) -> None:
    """The Part I figures; make_antrag already created the AntragTeil1 row of a Part I Antrag."""
    AntragTeil1.objects.filter(antrag=antrag).update(**werte)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def erzeuge(dokument: Dokument) -> Dokument:
    assert bescheide.rendern(dokument_id=dokument.pk)
    dokument = Dokument.objects.get(pk=dokument.pk)
    if AUSGABE:
        os.makedirs(AUSGABE, exist_ok=True)
        with open(os.path.join(AUSGABE, f"{dokument.art}-{dokument.antrag.programmteil}.pdf"), "wb") as f:
            f.write(bytes(dokument.pdf))
    return dokument


@pytest.fixture
def periode_i(db):
    return make_periode("I", jahr=J)


@pytest.fixture
def antrag_i(dortmund, periode_i, ki_dortmund, pruefung_arnsberg):
    make_zuweisung(periode_i, dortmund, stellen=Decimal("1.5"))
    antrag = antrag_fuer(
        periode_i,
        dortmund,
        status=S.BEWILLIGUNG_VORGESCHLAGEN,
        erstellt_von=ki_dortmund,
        beantragt=Decimal("100500.00"),
        zuwendung=Decimal("100500.00"),
        bearbeitet_von=pruefung_arnsberg,
        vorgeschlagen_von=pruefung_arnsberg,
    )
    teil1_setzen(
        antrag, stellen=Decimal("1.5"), personalausgaben=Decimal("85500.00"), sachmittel=Decimal("15000.00")
    )
    return antrag


def bewilligen(antrag: Antrag, zeichner, betrag=None) -> Dokument:
    betrag = antrag.zuwendung if betrag is None else Decimal(betrag)
    wechsel = make_statuswechsel(antrag, nach=S.BEWILLIGT, wer=zeichner, betrag=betrag)
    return bescheide.anlegen(statuswechsel=wechsel, art=Art.ZUWENDUNGSBESCHEID, by=zeichner)


# --- What each document states ---


def test_zuwendungsbescheid_kommune_states_every_section(antrag_i, zeichnung_arnsberg, pruefung_arnsberg):
    pruefung_arnsberg.first_name, pruefung_arnsberg.last_name = "Petra", "Hoffmann"
    pruefung_arnsberg.save()
    zeichnung_arnsberg.first_name, zeichnung_arnsberg.last_name = "Markus", "Lange"
    zeichnung_arnsberg.save()
    antrag_i.refresh_from_db()
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))

    assert antrag_i.aktenzeichen in text and "bei Antwort bitte angeben" in text
    assert "Stadt Dortmund" in text and "Kommunales Integrationszentrum" in text
    assert "Zuwendungsbescheid (Projektförderung)" in text
    assert "KOMM-AN NRW Programmteil I" in text and f"Förderjahr {J}" in text
    assert "§§ 23, 44" in text and f"Ihr Antrag vom 20.11.{J - 1}" in text
    assert "100.500,00 €" in text
    assert "einhunderttausendfünfhundert Euro" in text
    assert f"01.01.{J} bis 31.12.{J}" in text  # Bewilligungs- and Durchführungszeitraum
    assert "Festbetragsfinanzierung" in text and "Zuweisung" in text
    assert "Ermittlung der Zuwendung" in text and "1,5 Stellen × 57.000,00 €" in text
    assert "85.500,00 €" in text and "15.000,00 €" in text
    assert "innerhalb von 2 Monaten" in text  # two-month rule
    assert f"30.06.{J + 1}" in text  # Verwendungsnachweis: 6 months after 31.12.2026
    assert "ANBest-G" in text and "ANBest-P" not in text
    assert "Weiterleitung" not in text  # Part II only
    assert "Verwaltungsgericht Gelsenkirchen" in text  # Dortmund's court (CSV), not the fallback
    assert "Im Auftrag" in text and "Markus Lange" in text
    assert "Petra Hoffmann" in text  # the reviewer's contact in the letterhead
    assert "Landesrechnungshof" in text  # 100.500 € > 50.000 €
    assert "Teilbewilligung" not in text
    assert "Auf Rechtsbehelfe gegen den oben genannten Zuwendungsbescheid wird verzichtet" in text  # Anlage 2
    assert dok.daten["bewilligung"]["lrh_kopie"] is True


def test_teilbewilligung_traeger_part_iii_gives_reasons_and_anbest_p(awo, traeger_awo, zeichnung_arnsberg):
    periode = make_periode("III", jahr=J)
    antrag = antrag_fuer(
        periode,
        awo,
        status=S.BEWILLIGUNG_VORGESCHLAGEN,
        erstellt_von=traeger_awo,
        beantragt=Decimal("45000.00"),
        zuwendung=Decimal("30000.00"),
        begruendung="Die Honorarausgaben sind nicht ausreichend belegt.",
    )
    make_massnahme(
        antrag,
        titel="Begegnung im Quartier",
        stellen=Decimal("0.5"),
        personalausgaben=Decimal("40000.00"),
        honorarausgaben=Decimal("5000.00"),
        sachausgaben=Decimal("4400.00"),
        beantragt=Decimal("45000.00"),
        bewilligt=Decimal("30000.00"),
        kuerzungsgrund="Nur die belegten Personalausgaben sind zuwendungsfähig.",
    )
    dok = erzeuge(bewilligen(antrag, zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))

    assert "AWO Unterbezirk Dortmund" in text and "44135 Dortmund" in text
    assert "30.000,00 €" in text and "dreißigtausend Euro" in text
    assert "45.000,00 €" in text and "fünfundvierzigtausend Euro" in text
    assert "Anteilfinanzierung in Höhe von 90 %" in text and "Höchstbetrag" in text
    assert "Zuschuss" in text
    assert "Begründung der Teilbewilligung" in text
    assert "Nur die belegten Personalausgaben sind zuwendungsfähig." in text
    assert "Die Honorarausgaben sind nicht ausreichend belegt." in text
    assert "ANBest-P" in text and "ANBest-G" not in text
    assert "Verwaltungsgericht Gelsenkirchen" in text  # no court on file: that of Dortmund, its Ort
    assert "Landesrechnungshof" not in text  # 30.000 € is below the threshold


def test_part_ii_lists_positions_and_weiterleitung(bochum, ki_bochum, zeichnung_arnsberg):
    periode = make_periode("II", jahr=J)
    antrag = antrag_fuer(
        periode,
        bochum,
        status=S.BEWILLIGUNG_VORGESCHLAGEN,
        erstellt_von=ki_bochum,
        beantragt=Decimal("5350.00"),
    )
    make_position(
        antrag,
        pauschale="A1",
        einheiten=2,
        nr=1,
        empfaenger="Treffpunkt Hustadt e. V.",
        raumnutzung_prozent=40,
    )
    make_position(
        antrag,
        pauschale="B1",
        einheiten=10,
        nr=2,
        bewilligt=Decimal("0.00"),
        kuerzungsgrund="Der Letztempfänger ist nicht gemeinnützig.",
    )
    make_position(antrag, pauschale="C2", einheiten=60, nr=3)
    antrag.zuwendung = Decimal("5000.00")
    antrag.save()
    dok = erzeuge(bewilligen(antrag, zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))

    assert "Stadt Bochum" in text
    assert "2 × 1.000,00 €" in text and "60 × 50,00 €" in text
    assert "Treffpunkt Hustadt e. V." in text
    assert "Baustein A – Ankommenstreffpunkte" in text
    assert "Festbetragspauschalen" in text
    assert "Weiterleitung an Letztempfänger" in text
    assert "Der Letztempfänger ist nicht gemeinnützig." in text
    assert "5.000,00 €" in text and "fünftausend Euro" in text
    assert "Verwaltungsgericht Gelsenkirchen" in text


def _anhoerung_ausgestellt(antrag, von, frist) -> Schreiben:
    """An Anhörung as the workflow issues it: the Schreiben and its Dokument (the snapshot)."""
    schreiben = make_schreiben(
        antrag, art=Schreiben.Art.ANHOERUNG, von=von, text="Stellen nicht zugewiesen.", frist=frist
    )
    wechsel = make_statuswechsel(antrag, nach=S.ANHOERUNG, wer=von, betrag=Decimal("0.00"))
    dokument = bescheide.anlegen(statuswechsel=wechsel, art=Art.ANHOERUNG, by=von)
    Schreiben.objects.filter(pk=schreiben.pk).update(dokument=dokument)
    return schreiben


def test_ablehnungsbescheid_states_reasons_hearing_and_court(antrag_i, zeichnung_arnsberg, pruefung_arnsberg):
    schreiben = _anhoerung_ausgestellt(antrag_i, pruefung_arnsberg, datetime.date(J, 3, 1))
    # Issue 17: the notice reads the issued Anhörung, never the row (a later change of the row's
    # deadline, as the demo data once made, must not reach the Ablehnungsbescheid).
    Schreiben.objects.filter(pk=schreiben.pk).update(frist=datetime.date(J, 5, 5))
    Antrag.objects.filter(pk=antrag_i.pk).update(
        begruendung="Die Kommune hat keine Stellenzuweisung.",
        ermessen="Die Mittel reichen nur für Kommunen mit Stellenzuweisung.",
    )
    antrag_i.refresh_from_db()
    wechsel = make_statuswechsel(antrag_i, nach=S.ABGELEHNT, wer=zeichnung_arnsberg)
    dok = erzeuge(bescheide.anlegen(statuswechsel=wechsel, art=Art.ABLEHNUNGSBESCHEID, by=zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))

    assert "Ablehnungsbescheid" in text and antrag_i.aktenzeichen in text
    assert "wird abgelehnt" in text
    assert "Die Kommune hat keine Stellenzuweisung." in text
    assert "§ 28 VwVfG NRW" in text and f"01.03.{J}" in text and f"05.05.{J}" not in text
    assert "§ 39 Abs. 1 Satz 3 VwVfG NRW" in text and "Die Mittel reichen nur für Kommunen" in text
    assert "100.500,00 €" in text and "einhunderttausendfünfhundert Euro" in text
    assert "Rechtsbehelfsbelehrung" in text and "Verwaltungsgericht Gelsenkirchen" in text
    assert "innerhalb eines Monats" in text


def test_eingangsbestaetigung_nachforderung_anhoerung(antrag_i, zeichnung_dortmund, pruefung_arnsberg):
    w = make_statuswechsel(antrag_i, von=S.ENTWURF, nach=S.EINGEREICHT, wer=zeichnung_dortmund)
    ein = erzeuge(bescheide.anlegen(statuswechsel=w, art=Art.EINGANGSBESTAETIGUNG, by=zeichnung_dortmund))
    text = text_of(bytes(ein.pdf))
    assert "Eingangsbestätigung" in text and antrag_i.aktenzeichen in text and f"20.11.{J - 1}" in text
    assert "100.500,00 €" in text and "ohne Unterschrift gültig" in text

    make_schreiben(
        antrag_i,
        art=Schreiben.Art.NACHFORDERUNG,
        von=pruefung_arnsberg,
        text="Zum Stellenplan fehlen Angaben.",
        punkte=["Stellenbeschreibung der Fachkraft", {"text": "Beschluss des Kreistags"}],
        frist=datetime.date(J, 2, 14),
    )
    w = make_statuswechsel(antrag_i, nach=S.NACHFORDERUNG, wer=pruefung_arnsberg)
    nach = erzeuge(bescheide.anlegen(statuswechsel=w, art=Art.NACHFORDERUNG, by=pruefung_arnsberg))
    text = text_of(bytes(nach.pdf))
    assert "Stellenbeschreibung der Fachkraft" in text and "Beschluss des Kreistags" in text
    assert f"14.02.{J}" in text and "Zum Stellenplan fehlen Angaben." in text

    make_schreiben(
        antrag_i,
        art=Schreiben.Art.ANHOERUNG,
        von=pruefung_arnsberg,
        text="Sachmittel über der Stellenstufe.",
        frist=datetime.date(J, 3, 2),
        beabsichtigter_betrag="90000.00",
    )
    w = make_statuswechsel(antrag_i, nach=S.ANHOERUNG, wer=pruefung_arnsberg)
    anh = erzeuge(bescheide.anlegen(statuswechsel=w, art=Art.ANHOERUNG, by=pruefung_arnsberg))
    text = text_of(bytes(anh.pdf))
    assert "§ 28" in text and "Teilbewilligung" in text
    assert "90.000,00 €" in text and "neunzigtausend Euro" in text
    assert f"02.03.{J}" in text and "Sachmittel über der Stellenstufe." in text


def test_texts_come_from_bescheidtexte_of_the_period(antrag_i, zeichnung_arnsberg, dortmund):
    Bescheidtexte.objects.create(
        foerderperiode=antrag_i.foerderperiode,
        version=2,
        programmbedingungen=f"Die Stelle ist bis zum 31.03.{J} zu besetzen.",
        hinweise=f"Bitte beachten Sie das Merkblatt {J}.",
        rechtsbehelfsbelehrung="Klage beim Verwaltungsgericht {gericht} binnen eines Monats.",
    )
    dortmund.verwaltungsgericht = "Münster"
    dortmund.save()
    antrag_i.refresh_from_db()
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))
    assert f"Die Stelle ist bis zum 31.03.{J} zu besetzen." in text
    assert f"Bitte beachten Sie das Merkblatt {J}." in text
    # The court with its seat and postal address (§ 58 Abs. 1 VwGO; issue 17 item 4).
    assert "Klage beim Verwaltungsgericht Münster (Piusallee 38, 48147 Münster) binnen eines Monats." in text
    assert dok.daten["texte_version"] == 2


def test_rendering_uses_only_the_snapshot(antrag_i, zeichnung_arnsberg, dortmund):
    dok = bewilligen(antrag_i, zeichnung_arnsberg)
    # Live data change after the decision must not reach the letter.
    dortmund.name = "Umbenannt"
    dortmund.verwaltungsgericht = "Köln"
    dortmund.save()
    Antrag.objects.filter(pk=antrag_i.pk).update(zuwendung=Decimal("1.00"))
    text = text_of(bytes(erzeuge(dok).pdf))
    assert "Stadt Dortmund" in text and "Umbenannt" not in text
    assert "100.500,00 €" in text and "Verwaltungsgericht Gelsenkirchen" in text


# --- PDF quality ---


def test_pdf_is_pdfa3a_with_embedded_fonts_title_and_language(antrag_i, zeichnung_arnsberg):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    with pikepdf.open(io.BytesIO(bytes(dok.pdf))) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "A"  # level A: tagged (issue 17 item 11)
        assert meta["dc:title"] == f"Zuwendungsbescheid (Projektförderung) – {antrag_i.aktenzeichen}"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:" + dok.daten["datum"].replace("-", ""))
        assert str(pdf.Root.Lang) == "de"
        assert f"Zuwendungsbescheid (Projektförderung) – {antrag_i.aktenzeichen}" == str(
            pdf.docinfo["/Title"]
        )
        schriften = []
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                for f in [font, *(font.get("/DescendantFonts") or [])]:
                    if "/FontDescriptor" in f:
                        fd = f.FontDescriptor
                        schriften.append(str(f.BaseFont))
                        assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")), f.BaseFont
        # The @font-face family of static/fonts: no system font slipped in (margin boxes included).
        assert schriften and all("Komman-Sans" in s for s in schriften), schriften
        assert len(pdf.pages) >= 2
    text = text_of(bytes(dok.pdf))
    assert f"Seite 1 von {len(pypdf.PdfReader(io.BytesIO(bytes(dok.pdf))).pages)}" in text


def test_fetcher_refuses_anything_outside_static():
    fetcher = bescheide.StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch(bescheide.STATIC_URI + "../manage.py")
    antwort = fetcher.fetch(bescheide.STATIC_URI + "fonts/DejaVuSans.ttf")
    assert antwort.url.endswith("/static/fonts/DejaVuSans.ttf")
    antwort.close()


# --- Write once ---


def test_sha256_matches_and_second_render_changes_nothing(antrag_i, zeichnung_arnsberg):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    assert dok.sha256 == hashlib.sha256(bytes(dok.pdf)).hexdigest()
    assert dok.pruefsumme_stimmt()
    assert bescheide.rendern(dokument_id=dok.pk) is False
    assert Dokument.objects.get(pk=dok.pk).sha256 == dok.sha256


def test_rendered_document_cannot_be_changed_or_deleted(antrag_i, zeichnung_arnsberg):
    dok = erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))
    with pytest.raises(ValueError):
        dok.save()
    with pytest.raises(ValueError):
        dok.delete()
    # Database level: a trigger refuses, whatever the code path.
    with pytest.raises(DatabaseError), transaction.atomic():
        Dokument.objects.filter(pk=dok.pk).update(sha256="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE antraege_dokument SET pdf = NULL WHERE id = %s", [dok.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute("DELETE FROM antraege_dokument WHERE id = %s", [dok.pk])
    else:
        # SQLite: the trigger skips the row (RAISE(IGNORE)); see the migration for why.
        with connection.cursor() as c:
            c.execute("DELETE FROM antraege_dokument WHERE id = %s", [dok.pk])
    fresh = Dokument.objects.get(pk=dok.pk)
    assert fresh.sha256 == dok.sha256 and bytes(fresh.pdf) == bytes(dok.pdf)


def test_snapshot_of_an_unrendered_row_is_immutable_too(antrag_i, zeichnung_arnsberg):
    dok = bewilligen(antrag_i, zeichnung_arnsberg)
    with pytest.raises(DatabaseError), transaction.atomic():
        Dokument.objects.filter(pk=dok.pk).update(daten={"betrag": "1000000.00"})
    assert Dokument.objects.get(pk=dok.pk).daten == dok.daten


# --- Bulk command ---


def _bewilligte(anzahl: int, periode, zeichner, pruefer):
    from tests.factories import make_kommune

    dokumente = []
    for i in range(anzahl):
        kommune = make_kommune(f"Testkommune {i}", kreisschluessel=f"99{i:03d}")
        antrag = antrag_fuer(
            periode,
            kommune,
            status=S.BEWILLIGUNG_VORGESCHLAGEN,
            erstellt_von=pruefer,
            beantragt=Decimal("10000.00"),
            zuwendung=Decimal("10000.00"),
        )
        teil1_setzen(
            antrag, stellen=Decimal("1"), personalausgaben=Decimal("0.00"), sachmittel=Decimal("10000.00")
        )
        dokumente.append(bewilligen(antrag, zeichner))
    return dokumente


def test_bulk_command_resumes_and_creates_no_duplicates(
    periode_i, zeichnung_arnsberg, pruefung_arnsberg, capsys
):
    dokumente = _bewilligte(4, periode_i, zeichnung_arnsberg, pruefung_arnsberg)
    # A document of another period stays untouched.
    ohne = _bewilligte(1, make_periode("I", jahr=J + 1), zeichnung_arnsberg, pruefung_arnsberg)[0]
    # "Interrupted" run: two of four rendered.
    bescheide.rendern(dokument_id=dokumente[0].pk)
    bescheide.rendern(dokument_id=dokumente[1].pk)

    call_command("bescheide_erzeugen", "--foerderperiode", f"{J}-I")
    err = capsys.readouterr().err
    assert f"{J}-I: 2/2 Dokumente" in err and "/s, noch ca. 0 min" in err  # count, rate, time left
    assert Dokument.objects.filter(antrag__foerderperiode=periode_i, sha256="").count() == 0
    shas = dict(Dokument.objects.values_list("pk", "sha256"))
    anzahl = Dokument.objects.count()

    call_command("bescheide_erzeugen", "--foerderperiode", str(periode_i.pk))
    assert Dokument.objects.count() == anzahl
    assert dict(Dokument.objects.values_list("pk", "sha256")) == shas
    assert Dokument.objects.get(pk=ohne.pk).sha256 == ""  # other period untouched


def test_bulk_command_creates_missing_bescheid_rows(
    periode_i, zeichnung_arnsberg, pruefung_arnsberg, dortmund
):
    antrag = antrag_fuer(
        periode_i,
        dortmund,
        status=S.BEWILLIGUNG_VORGESCHLAGEN,
        erstellt_von=pruefung_arnsberg,
        beantragt=Decimal("10000.00"),
        zuwendung=Decimal("10000.00"),
    )
    teil1_setzen(
        antrag, stellen=Decimal("1"), personalausgaben=Decimal("0.00"), sachmittel=Decimal("10000.00")
    )
    make_statuswechsel(antrag, nach=S.BEWILLIGT, wer=zeichnung_arnsberg, betrag="10000.00")
    assert not antrag.dokumente.exists()

    call_command("bescheide_erzeugen", "--foerderperiode", f"{J}-I")
    dok = antrag.dokumente.get()
    assert dok.art == Art.ZUWENDUNGSBESCHEID and dok.fertig
    call_command("bescheide_erzeugen", "--foerderperiode", f"{J}-I")
    assert antrag.dokumente.count() == 1


def test_dokumente_nachholen_renders_all_periods(periode_i, zeichnung_arnsberg, pruefung_arnsberg):
    _bewilligte(2, periode_i, zeichnung_arnsberg, pruefung_arnsberg)
    call_command("dokumente_nachholen")
    assert not Dokument.objects.filter(sha256="").exists()


def test_unknown_period_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Förderperiode"):
        call_command("bescheide_erzeugen", "--foerderperiode", "2031-V")


# --- Download and preview views ---


@pytest.fixture
def dokument(antrag_i, zeichnung_arnsberg):
    return erzeuge(bewilligen(antrag_i, zeichnung_arnsberg))


def test_applicant_downloads_own_document(client, ki_dortmund, dokument):
    client.force_login(ki_dortmund)
    r = client.get(reverse("antraege:dokument", args=[dokument.antrag_id, dokument.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert "Zuwendungsbescheid" in r["Content-Disposition"] and f"36.I-{J}" in r["Content-Disposition"]
    assert (
        hashlib.sha256(b"".join(r.streaming_content if r.streaming else [r.content])).hexdigest()
        == dokument.sha256
    )


def test_applicant_of_another_kommune_gets_404(client, ki_bochum, dokument):
    client.force_login(ki_bochum)
    r = client.get(reverse("antraege:dokument", args=[dokument.antrag_id, dokument.pk]))
    assert r.status_code == 404


def test_document_of_another_antrag_under_own_antrag_gets_404(
    client, ki_bochum, bochum, dokument, pruefung_arnsberg
):
    eigener = antrag_fuer(
        dokument.antrag.foerderperiode, bochum, status=S.EINGEREICHT, erstellt_von=ki_bochum
    )
    client.force_login(ki_bochum)
    r = client.get(reverse("antraege:dokument", args=[eigener.pk, dokument.pk]))
    assert r.status_code == 404


def test_reviewer_downloads_and_anonymous_is_redirected(client, pruefung_arnsberg, dokument):
    url = reverse("antraege:dokument", args=[dokument.antrag_id, dokument.pk])
    assert client.get(url).status_code == 302
    client.force_login(pruefung_arnsberg)
    assert client.get(url).status_code == 200


def test_preview_shows_draft_for_reviewers_only(client, antrag_i, pruefung_arnsberg, ki_dortmund):
    url = reverse("antraege:bescheid_vorschau", args=[antrag_i.pk])
    client.force_login(ki_dortmund)
    assert client.get(url).status_code == 403
    client.force_login(pruefung_arnsberg)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("inline;")
    text = text_of(r.content)
    assert "Entwurf" in text and "Zeichnung ausstehend" in text and "100.500,00 €" in text
    assert not Dokument.objects.exists()  # nothing stored


def test_preview_refused_outside_the_decision_states(client, antrag_i, pruefung_arnsberg):
    Antrag.objects.filter(pk=antrag_i.pk).update(status=S.BEWILLIGT)
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("antraege:bescheid_vorschau", args=[antrag_i.pk])).status_code == 403


def test_document_list_partial_shows_sha_and_links(antrag_i, dokument, ki_dortmund, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = ki_dortmund
    html = render_to_string(
        "antraege/partials/dokumente.html", {"antrag": antrag_i, "user": ki_dortmund}, request
    )
    assert dokument.sha256 in html
    assert reverse("antraege:dokument", args=[antrag_i.pk, dokument.pk]) in html
    assert "Zuwendungsbescheid" in html and "<caption" in html
    assert "Entwurf ansehen" not in html  # applicants see no preview link


def test_document_list_partial_query_count(antrag_i, dokument, ki_dortmund, django_assert_max_num_queries):
    from django.template.loader import render_to_string

    with django_assert_max_num_queries(2):
        render_to_string("antraege/partials/dokumente.html", {"antrag": antrag_i, "user": ki_dortmund})


def test_vorschau_role_check(antrag_i, pruefung_arnsberg, zeichnung_arnsberg, ki_dortmund, admin):
    from antraege.permissions import can_preview

    assert can_preview(pruefung_arnsberg, antrag_i)[0]
    assert can_preview(zeichnung_arnsberg, antrag_i)[0]
    allowed, reason = can_preview(ki_dortmund, antrag_i)
    assert not allowed and "Bezirksregierung" in reason
    assert can_preview(admin, antrag_i)[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_flush_still_works_with_issued_documents(zeichnung_arnsberg, pruefung_arnsberg):
    """Browser tests (live_server) flush the database after each test; the triggers must let it.

    SQLite flushes with one DELETE per table in random order, PostgreSQL with TRUNCATE.
    """
    from django.core.management import call_command as cmd

    periode = make_periode("I", jahr=J)
    for dok in _bewilligte(2, periode, zeichnung_arnsberg, pruefung_arnsberg):
        bescheide.rendern(dokument_id=dok.pk)
    if connection.vendor == "sqlite":
        # The order a flush deletes in differs between processes: documents first must work too.
        # Statuswechsel are append-only like the audit log: only a flush may empty them (conftest).
        from komman import audit

        audit._leeren_erlaubt = True
        try:
            with transaction.atomic(), connection.cursor() as c:
                for tabelle in ("dokument", "statuswechsel", "antragteil1", "antrag"):
                    c.execute(f"DELETE FROM antraege_{tabelle}")
        finally:
            audit._leeren_erlaubt = False
        assert not Dokument.objects.exists() and not Antrag.objects.exists()
        _bewilligte(1, periode, zeichnung_arnsberg, pruefung_arnsberg)
    # As the test runner flushes (TransactionTestCase): sequences stay where they are, so the
    # next test's serialized rows never collide with new ids.
    cmd("flush", interactive=False, verbosity=0, reset_sequences=False)
    assert not Dokument.objects.exists() and not Antrag.objects.exists()


def test_part_i_cut_to_the_tier_states_the_reason(dortmund, ki_dortmund, zeichnung_arnsberg, periode_i):
    make_zuweisung(periode_i, dortmund, stellen=Decimal("1.5"))
    antrag = antrag_fuer(
        periode_i,
        dortmund,
        status=S.BEWILLIGUNG_VORGESCHLAGEN,
        erstellt_von=ki_dortmund,
        beantragt=Decimal("103500.00"),
        zuwendung=Decimal("100500.00"),
        begruendung="Sachmittel sind auf die Stellenstufe begrenzt.",
    )
    teil1_setzen(
        antrag, stellen=Decimal("1.5"), personalausgaben=Decimal("85500.00"), sachmittel=Decimal("18000.00")
    )
    dok = erzeuge(bewilligen(antrag, zeichnung_arnsberg))
    text = text_of(bytes(dok.pdf))
    assert "Begründung der Teilbewilligung" in text
    assert "Für die Stellenstufe 1,5 sind höchstens 15.000,00 € Sachmittel zuwendungsfähig." in text
    assert (
        "18.000,00 €" in text and "103.500,00 €" in text and "einhundertdreitausendfünfhundert Euro" in text
    )
    assert dok.daten["bewilligung"]["teilbewilligung"] is True


def test_stop_request_ends_the_run_and_the_next_run_continues(
    periode_i, zeichnung_arnsberg, pruefung_arnsberg
):
    _bewilligte(3, periode_i, zeichnung_arnsberg, pruefung_arnsberg)
    erledigt = []
    erzeugt = bescheide.nachholen(
        Dokument.objects.all(), fortschritt=lambda i, n: erledigt.append(i), stop=lambda: len(erledigt) >= 1
    )
    assert erzeugt == 1 and Dokument.objects.filter(sha256="").count() == 2
    assert bescheide.nachholen(Dokument.objects.all()) == 2
    assert not Dokument.objects.filter(sha256="").exists()


def test_failed_render_after_commit_leaves_the_row_for_nachholen(
    antrag_i, zeichnung_arnsberg, monkeypatch, caplog
):
    dok = bewilligen(antrag_i, zeichnung_arnsberg)

    def kaputt(daten, **kwargs):
        raise OSError("Platte voll")

    with monkeypatch.context() as m:
        m.setattr(bescheide, "pdf_aus_daten", kaputt)
        assert bescheide.rendern(dokument_id=dok.pk) is False
    assert "dokumente_nachholen" in caplog.text
    assert Dokument.objects.get(pk=dok.pk).sha256 == ""
    call_command("dokumente_nachholen")
    assert Dokument.objects.get(pk=dok.pk).pruefsumme_stimmt()


def test_download_query_count(client, ki_dortmund, dokument, django_assert_max_num_queries):
    client.force_login(ki_dortmund)
    url = reverse("antraege:dokument", args=[dokument.antrag_id, dokument.pk])
    # 7 of them are session, user, 2FA devices and session save of the middleware; the view needs 3.
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("beginn", "vorzeitig", "erwartet"),
    [
        (None, False, f"{J}-01-01"),
        (datetime.date(J, 4, 1), False, f"{J}-04-01"),  # starts inside the period
        (datetime.date(J + 1, 1, 24), False, f"{J}-01-01"),  # after the period: the period itself
        (datetime.date(J - 1, 12, 1), False, f"{J}-01-01"),  # before, not allowed
        (datetime.date(J - 1, 12, 1), True, f"{J - 1}-12-01"),  # before, early start allowed
    ],
)
def test_durchfuehrungszeitraum(antrag_i, zeichnung_arnsberg, beginn, vorzeitig, erwartet):
    Antrag.objects.filter(pk=antrag_i.pk).update(
        massnahmebeginn=beginn, vorzeitiger_beginn_zugelassen=vorzeitig
    )
    antrag_i.refresh_from_db()
    dok = bewilligen(antrag_i, zeichnung_arnsberg)
    assert dok.daten["bewilligung"]["durchfuehrung_von"] == erwartet
    assert dok.daten["bewilligung"]["durchfuehrung_bis"] == f"{J}-12-31"


@pytest.mark.parametrize(
    ("kreisschluessel", "eigenes", "erwartet"),
    [
        ("05515", "", "Münster"),  # kreisfreie Stadt Münster
        ("05774", "", "Minden"),  # Kreis Paderborn
        ("05954", "", "Arnsberg"),  # Ennepe-Ruhr-Kreis (Witten): Arnsberg because of the Kreis, not as a fallback
        ("05515", "Köln", "Münster"),  # the recorded Kreis decides, not a stray own entry
        (None, "", ""),  # no Kreis recorded: no court, never a fallback to Arnsberg (issue 17 item 4)
    ],
)
def test_court_of_a_traeger(db, kreisschluessel, eigenes, erwartet):
    from komman.models import Organisation
    from tests.factories import make_traeger

    kreis = Organisation.objects.filter(kreisschluessel=kreisschluessel).first() if kreisschluessel else None
    traeger = make_traeger(f"Träger {kreisschluessel}", kreis=kreis, verwaltungsgericht=eigenes)
    assert bescheide.verwaltungsgericht(traeger) == erwartet
