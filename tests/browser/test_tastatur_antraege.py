"""Keyboard-only journeys through the life of an Antrag (issue 9): fill in, submit, review,
Nachforderung, Anhörung, Teilbewilligung, Zeichnung, Bescheid download; the admin copies a period.

No mouse events: only Tab/Shift+Tab, typing, Enter and Space (tests/browser/ablaeufe.py).
Every Tab asserts a visible focus indicator; every result must be announced in a live region
(role=status/alert or aria-live) and is checked in the database too.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOECHSTBETRAG = Decimal("50000.00")


def _pauschale(code: str) -> Decimal:
    from programmteile import rules

    return rules.Regelparameter.standard().teil2.pauschalen[code]


def _zeile(nr: int, baustein: str, pauschale: str, einheiten: str, bezeichnung: str) -> dict:
    i = nr - 1
    return {
        f"massnahmen-{i}-baustein": baustein,  # a select: typing the option text picks it
        f"massnahmen-{i}-pauschale": pauschale,
        f"massnahmen-{i}-einheiten": einheiten,
        f"massnahmen-{i}-bezeichnung": bezeichnung,
        f"massnahmen-{i}-empfaenger": "Nachbarschaftsverein Nordstadt e. V.",
        f"massnahmen-{i}-empfaenger_rechtsform": "Eingetragener Verein",
        f"massnahmen-{i}-empfaenger_anschrift": "Mallinckrodtstraße 12, 44145 Dortmund",
    }


def test_ki_legt_antrag_teil2_mit_zwei_massnahmen_an_zeichnungsberechtigte_reicht_ein(
    seite_als, ki_dortmund, zeichnung_dortmund, dortmund
):
    """Part II: the KI fills in two Maßnahmen (the second row added by keyboard) and saves
    with Enter; the Zeichnungsberechtigte ticks the declarations with Space and submits."""
    from antraege.models import Antrag, Dokument
    from tests.factories import make_periode, make_zuweisung

    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=HOECHSTBETRAG)
    beginn = datetime.date(periode.foerderjahr, 9, 1)

    seite = seite_als(ki_dortmund)
    ablaeufe.entwurf_anlegen(seite, periode)

    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(seite, _zeile(1, "B", "B2", "4", "Sprachcafé im Stadtteilzentrum"))
    # The second row: the button adds it on the page, moves the focus into it and says so.
    ablaeufe.knopf_auf_der_seite(seite, "Weitere Maßnahme hinzufügen")
    f = hilfen.fokus(seite)
    assert f is not None and f.name == "massnahmen-1-baustein" and f.sichtbar, f
    assert "Maßnahme 2 ist hinzugefügt" in hilfen.statusmeldung(seite)
    seite.keyboard.press("Shift+Tab")  # back, so the next Tab lands on the row's first field
    ablaeufe.formular_ausfuellen(seite, _zeile(2, "D", "D1", "10", "Qualifizierung Ehrenamtlicher"))
    ablaeufe.formular_ausfuellen(
        seite,
        {
            "kontakt_name": "Kim Yilmaz",
            "kontakt_email": "kim.yilmaz@dortmund.example",
            "kontakt_telefon": "0231 50-12345",
            "massnahmebeginn": beginn,
        },
    )
    # Enter in the last field saves (implicit submission), it does not add a third row.
    ablaeufe.absenden(seite)
    assert "Der Entwurf ist gespeichert." in hilfen.statusmeldung(seite)

    antrag = Antrag.objects.get(antragsteller=dortmund, foerderperiode=periode)
    positionen = list(antrag.positionen.order_by("nr").values_list("pauschale", "einheiten", "betrag"))
    assert positionen == [("B2", 4, _pauschale("B2") * 4), ("D1", 10, _pauschale("D1") * 10)]
    assert antrag.status == Antrag.Status.ENTWURF
    assert antrag.massnahmebeginn == beginn
    assert antrag.beantragt == _pauschale("B2") * 4 + _pauschale("D1") * 10

    # The Zeichnungsberechtigte submits.
    seite = seite_als(zeichnung_dortmund)
    seite.goto(f"/antraege/{antrag.pk}/einreichen/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.erklaerungen_ankreuzen(seite)
    ablaeufe.knopf_druecken(seite, "Antrag verbindlich einreichen")

    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.EINGEREICHT
    assert antrag.aktenzeichen == f"KA-II-{periode.foerderjahr}-0001"
    meldung = hilfen.statusmeldung(seite)
    assert "Ihr Antrag ist eingegangen" in meldung and antrag.aktenzeichen in meldung, meldung
    assert antrag.dokumente.filter(art=Dokument.Art.EINGANGSBESTAETIGUNG).exists()


def test_zeichnungsberechtigte_reicht_antrag_teil1_ein_nur_mit_tastatur(
    seite_als, ki_dortmund, zeichnung_dortmund, dortmund
):
    """Part I: a complete draft (built directly); the Zeichnungsberechtigte submits it."""
    from antraege import workflow
    from antraege.models import Antrag
    from tests.factories import TEIL1_GUELTIG, make_antrag, make_periode, make_zuweisung

    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=Decimal("1.5"))
    antrag = make_antrag(periode, dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    assert workflow.pruefen(antrag).zulaessig

    seite = seite_als(zeichnung_dortmund)
    seite.goto(f"/antraege/{antrag.pk}/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.knopf_druecken(seite, "Prüfen und einreichen")
    ablaeufe.zum_inhalt_springen(seite)
    # Without the declarations nothing is submitted; the summary takes the focus.
    ablaeufe.knopf_druecken(seite, "Antrag verbindlich einreichen")
    assert "Bitte bestätigen Sie die Richtigkeit der Angaben." in hilfen.statusmeldung(seite)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.ENTWURF and not antrag.aktenzeichen
    ablaeufe.seite_beginnen(seite)
    ablaeufe.erklaerungen_ankreuzen(seite)
    ablaeufe.knopf_druecken(seite, "Antrag verbindlich einreichen")

    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.EINGEREICHT
    assert antrag.aktenzeichen == f"KA-I-{periode.foerderjahr}-0001"
    assert f"Aktenzeichen: {antrag.aktenzeichen}" in hilfen.statusmeldung(seite)


def _eingereicht_teil2(dortmund, ki_dortmund):
    """A submitted Part II Antrag of Dortmund with two Maßnahmen (B2 × 4, D1 × 10)."""
    from tests.factories import make_eingereichter_antrag, make_periode, make_position, make_zuweisung

    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=HOECHSTBETRAG)
    b2, d1 = _pauschale("B2") * 4, _pauschale("D1") * 10
    antrag = make_eingereichter_antrag(
        periode, dortmund, beantragt=b2 + d1, erstellt_von=ki_dortmund, kontakt_name="Kim Yilmaz"
    )
    make_position(antrag, nr=1, pauschale="B2", einheiten=4, bezeichnung="Sprachcafé")
    make_position(antrag, nr=2, pauschale="D1", einheiten=10, bezeichnung="Qualifizierung Ehrenamtlicher")
    return antrag


def _pruefansicht(seite, antrag) -> None:
    seite.goto(f"/antraege/{antrag.pk}/pruefung/")
    ablaeufe.zum_inhalt_springen(seite)


def test_nachforderung_und_antwort_nur_mit_tastatur(
    seite_als, ki_dortmund, zeichnung_dortmund, dortmund, pruefung_arnsberg
):
    """The reviewer starts the formal check and asks for documents with a deadline; the
    Zeichnungsberechtigte answers, and the Antrag is back in the Prüfung (eingereicht)."""
    from django.utils import timezone

    from antraege.models import Antrag, Schreiben

    antrag = _eingereicht_teil2(dortmund, ki_dortmund)
    frist = timezone.localdate() + datetime.timedelta(days=21)

    pr = seite_als(pruefung_arnsberg)
    _pruefansicht(pr, antrag)
    ablaeufe.knopf_druecken(pr, "Formale Prüfung beginnen")
    assert "Die formale Prüfung hat begonnen." in hilfen.statusmeldung(pr)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.FORMALE_PRUEFUNG and antrag.bearbeitet_von == pruefung_arnsberg

    ablaeufe.schreiben_versenden(
        pr,
        "Unterlagen nachfordern",
        {
            "punkte": "Kooperationsvereinbarung mit dem Letztempfänger\nAktueller Stellenplan",
            "text": "Ohne diese Unterlagen können wir den Antrag nicht abschließend prüfen.",
            "frist": frist,
        },
        "Nachforderung versenden",
        "Die Nachforderung ist versandt",
    )
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.NACHFORDERUNG
    schreiben = Schreiben.objects.get(antrag=antrag, art=Schreiben.Art.NACHFORDERUNG)
    assert schreiben.punkte == ["Kooperationsvereinbarung mit dem Letztempfänger", "Aktueller Stellenplan"]
    assert schreiben.frist == frist

    zb = seite_als(zeichnung_dortmund)
    zb.goto(f"/antraege/{antrag.pk}/stand/")
    ablaeufe.zum_inhalt_springen(zb)
    ablaeufe.knopf_druecken(zb, "Nachforderung oder Anhörung beantworten")
    ablaeufe.zum_inhalt_springen(zb)
    ablaeufe.formular_ausfuellen(
        zb, {"antwort": "Die Kooperationsvereinbarung und der Stellenplan sind als Anlage hochgeladen."}
    )
    ablaeufe.erklaerungen_ankreuzen(zb)  # the answer resubmits: the declarations again (issue 25)
    ablaeufe.knopf_druecken(zb, "Antworten und erneut einreichen")
    assert "der Antrag ist erneut eingereicht" in hilfen.statusmeldung(zb)

    antrag.refresh_from_db()
    schreiben.refresh_from_db()
    assert antrag.status == Antrag.Status.EINGEREICHT
    assert schreiben.beantwortet_von == zeichnung_dortmund
    assert schreiben.antwort.startswith("Die Kooperationsvereinbarung")
    # Back with the Prüfung: the formal check can start again (seite_als logs the one
    # browser context in as someone else, so the reviewer gets a fresh page).
    pr = seite_als(pruefung_arnsberg)
    _pruefansicht(pr, antrag)
    hilfen.tab_zu_text(pr, "Formale Prüfung beginnen")


def test_anhoerung_teilbewilligung_und_zeichnung_nur_mit_tastatur(
    seite_als, ki_dortmund, zeichnung_dortmund, dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    """Formal check with the checklist, then a Teilbewilligung: refused without an Anhörung
    (§ 28 VwVfG NRW), so Anhörung, the applicant's Stellungnahme, the proposal; a second
    person signs (four eyes). Replaces the mouse steps of tests/antraege/test_pruefung_browser.py."""
    from django.utils import timezone

    from antraege.models import Antrag, Position, Schreiben

    antrag = _eingereicht_teil2(dortmund, ki_dortmund)
    sprachcafe, qualifizierung = Position.objects.filter(antrag=antrag).order_by("nr")
    gekuerzt = Decimal("600.00")  # D1 × 10 = 1.000,00 € requested
    zuwendung = sprachcafe.betrag + gekuerzt
    frist = timezone.localdate() + datetime.timedelta(days=14)

    pr = seite_als(pruefung_arnsberg)
    _pruefansicht(pr, antrag)
    ablaeufe.knopf_druecken(pr, "Formale Prüfung beginnen")
    ablaeufe.zum_inhalt_springen(pr)
    for name in ("vollstaendig", "unterschrieben", "antragsberechtigt", "nicht_begonnen"):
        ablaeufe.ankreuzen(pr, name)
    ablaeufe.knopf_druecken(pr, "Prüfvermerk speichern")
    assert "Der Prüfvermerk ist gespeichert." in hilfen.statusmeldung(pr)
    # The page returns to #pruefvermerk; the next step is above it: Shift+Tab back to it.
    ablaeufe.knopf_druecken(pr, "Formale Prüfung abschließen", zurueck=True)
    assert "jetzt in der inhaltlichen Prüfung" in hilfen.statusmeldung(pr)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.INHALTLICHE_PRUEFUNG

    # A cut without an Anhörung is refused, with the reason in the error summary.
    ablaeufe.zum_inhalt_springen(pr)
    ablaeufe.knopf_druecken(pr, "Bewilligung vorschlagen")
    ablaeufe.zum_inhalt_springen(pr)
    ablaeufe.formular_ausfuellen(
        pr,
        {
            f"einheiten_position-{qualifizierung.pk}": "6",
            f"grund_position-{qualifizierung.pk}": "Für die Schulung sind nur sechs Referentenstunden erforderlich.",
        },
    )
    ablaeufe.knopf_druecken(pr, "Bewilligung zur Zeichnung vorschlagen")
    assert "muss der Antragsteller angehört werden" in hilfen.statusmeldung(pr)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.INHALTLICHE_PRUEFUNG
    ablaeufe.seite_beginnen(pr)
    ablaeufe.knopf_druecken(pr, "Abbrechen")

    ablaeufe.schreiben_versenden(
        pr,
        "Anhörung einleiten",
        {
            # the intended amount per line (issue 17; the lines come first): the cut line, the
            # other stays as requested; then the total
            f"zeile_position-{qualifizierung.pk}": "6",
            "beabsichtigter_betrag": "1.600,00",
            "text": "Wir beabsichtigen eine Teilbewilligung: Für die Schulung sind nur sechs Referentenstunden "
            "erforderlich.",
            "frist": frist,
        },
        "Anhörung versenden",
        "Die Anhörung ist versandt",
    )
    anhoerung = Schreiben.objects.get(antrag=antrag, art=Schreiben.Art.ANHOERUNG)
    assert (anhoerung.beabsichtigter_betrag, anhoerung.frist) == (zuwendung, frist)

    zb = seite_als(zeichnung_dortmund)
    zb.goto(f"/antraege/{antrag.pk}/stand/")
    ablaeufe.zum_inhalt_springen(zb)
    ablaeufe.knopf_druecken(zb, "Nachforderung oder Anhörung beantworten")
    ablaeufe.zum_inhalt_springen(zb)
    ablaeufe.formular_ausfuellen(zb, {"antwort": "Wir nehmen die Kürzung zur Kenntnis."})
    ablaeufe.knopf_druecken(zb, "Stellungnahme abgeben")
    assert "Ihre Stellungnahme ist eingegangen." in hilfen.statusmeldung(zb)
    anhoerung.refresh_from_db()
    assert anhoerung.beantwortet_von == zeichnung_dortmund

    pr = seite_als(pruefung_arnsberg)
    _pruefansicht(pr, antrag)
    ablaeufe.knopf_druecken(pr, "Bewilligung vorschlagen")
    ablaeufe.zum_inhalt_springen(pr)
    ablaeufe.formular_ausfuellen(
        pr,
        {
            f"einheiten_position-{qualifizierung.pk}": "6",
            f"grund_position-{qualifizierung.pk}": "Für die Schulung sind nur sechs Referentenstunden erforderlich.",
            "begruendung": "Teilbewilligung nach Anhörung: Die Qualifizierung ist nur zu 60 % belegt.",
        },
    )
    ablaeufe.knopf_druecken(pr, "Bewilligung zur Zeichnung vorschlagen")
    assert "wartet auf die Zeichnung" in hilfen.statusmeldung(pr)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN
    assert (antrag.zuwendung, antrag.vorgeschlagen_von) == (zuwendung, pruefung_arnsberg)
    qualifizierung.refresh_from_db()
    assert qualifizierung.bewilligt == gekuerzt

    z = seite_als(zeichnung_arnsberg)
    _pruefansicht(z, antrag)
    ablaeufe.knopf_druecken(z, "Zeichnen oder zurückgeben")
    ablaeufe.zum_inhalt_springen(z)
    ablaeufe.knopf_druecken(z, "Bewilligung über 1.600,00 € zeichnen")
    assert "Gezeichnet." in hilfen.statusmeldung(z)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.BEWILLIGT
    assert antrag.gezeichnet_von == zeichnung_arnsberg != antrag.vorgeschlagen_von
    antrag.foerderperiode.refresh_from_db()
    assert antrag.foerderperiode.gebunden == zuwendung


def _bewilligt(antrag, *, pruefer, zeichner):
    """Through the workflow functions (as the demo data): formal check, full proposal, signed."""
    from antraege import workflow
    from antraege.models import Pruefvermerk

    workflow.start_formal_check(antrag=antrag, by=pruefer)
    workflow.save_pruefvermerk(
        antrag=antrag, by=pruefer, version=Pruefvermerk.objects.get(antrag=antrag).version,
        vollstaendig=True, unterschrieben=True, antragsberechtigt=True, nicht_begonnen=True,
    )  # fmt: skip
    workflow.finish_formal_check(antrag=antrag, by=pruefer)
    antrag.refresh_from_db()
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    workflow.propose_approval(antrag=antrag, by=pruefer, zeilen=zeilen)
    return workflow.approve(antrag=antrag, by=zeichner)


def test_antragsteller_laedt_bescheid_nur_mit_tastatur_herunter(
    seite_als, ki_dortmund, dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    """Tab to the Bescheid's link on the status page, Enter: a PDF arrives."""
    from antraege.models import Dokument

    antrag = _bewilligt(
        _eingereicht_teil2(dortmund, ki_dortmund), pruefer=pruefung_arnsberg, zeichner=zeichnung_arnsberg
    )
    bescheid = Dokument.objects.get(antrag=antrag, art=Dokument.Art.ZUWENDUNGSBESCHEID)
    assert bescheid.sha256, "Der Bescheid wurde nicht erzeugt"

    seite = seite_als(ki_dortmund)
    seite.goto(f"/antraege/{antrag.pk}/stand/")
    ablaeufe.zum_inhalt_springen(seite)
    download = ablaeufe.herunterladen(seite, "Zuwendungsbescheid herunterladen")
    with open(download.path(), "rb") as datei:
        inhalt = datei.read()
    assert inhalt.startswith(b"%PDF"), inhalt[:20]
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    import hashlib

    assert hashlib.sha256(inhalt).hexdigest() == bescheid.sha256


def test_admin_kopiert_foerderperiode_nur_mit_tastatur(seite_als, admin, dortmund):
    """Verwaltung: the period's page, the copy link, new year and budget typed, Kopie anlegen."""
    from programmteile import rules
    from programmteile.models import Foerderperiode
    from tests.factories import make_periode, make_zuweisung

    parameter = rules.Regelparameter.standard().als_dict()
    parameter["II.pauschale.B2"] = "275.00"  # not the default: the copy must carry it
    quelle = make_periode("II", jahr=2026, regelparameter=parameter)
    make_zuweisung(quelle, dortmund, hoechstbetrag=HOECHSTBETRAG)

    seite = seite_als(admin)
    seite.goto(f"/programm/verwaltung/perioden/{quelle.pk}/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.knopf_druecken(seite, "Für ein neues Jahr kopieren")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.formular_ausfuellen(seite, {"foerderjahr": "2027", "budget": "1.250.000,00"})
    ablaeufe.knopf_druecken(seite, "Kopie anlegen")
    assert "ist als Kopie von" in hilfen.statusmeldung(seite)

    neu = Foerderperiode.objects.get(programmteil=quelle.programmteil, foerderjahr=2027)
    assert neu.status == Foerderperiode.Status.IN_VORBEREITUNG
    assert neu.budget == Decimal("1250000.00")
    assert neu.regelparameter == parameter
    assert neu.parameter().teil2.pauschalen["B2"] == Decimal("275.00")
    assert neu.antragsfrist == quelle.antragsfrist.replace(year=2027)
    assert list(neu.zuweisungen.values_list("kommune", "hoechstbetrag")) == [(dortmund.pk, HOECHSTBETRAG)]
