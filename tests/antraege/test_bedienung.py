# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Issue 25: what new users stumbled over (Bedienbarkeit), one test per fix."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from antraege.models import Dokument, Statuswechsel
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.factories import make_antrag, make_eingereichter_antrag, make_schreiben, make_user

pytestmark = pytest.mark.django_db


# --- 1. KI staff see a Nachforderung ---


def test_ki_staff_see_the_nachforderung_its_points_and_deadline(client, perioden, dortmund, ki_dortmund):
    antrag = make_eingereichter_antrag(perioden["II"], dortmund, status="nachforderung")
    pruefer = make_user("pruefer.x")
    make_schreiben(
        antrag, art="nachforderung", von=pruefer, text="Bitte ergänzen.",
        punkte=["Belegungsplan Raum 2"], frist=datetime.date(2026, 4, 30),
    )  # fmt: skip
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert "Belegungsplan Raum 2" in html
    assert "30.04.2026" in html
    assert "nur eine zeichnungsberechtigte Person" in html


# --- 4. The status sentence fits the status ---


@pytest.mark.parametrize(
    "status, satz",
    [("zurueckgezogen", "ist zurückgezogen"), ("bewilligt", "ist bewilligt"), ("abgelehnt", "ist abgelehnt")],
)
def test_closed_antraege_do_not_say_eingereicht(client, perioden, dortmund, ki_dortmund, status, satz):
    antrag = make_eingereichter_antrag(perioden["II"], dortmund, status=status)
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert satz in html
    assert "Dieser Antrag ist eingereicht" not in html


# --- 9. The Eingangsbestätigung page links to its PDF ---


def test_eingangsbestaetigung_page_links_to_its_pdf(client, perioden, dortmund, ki_dortmund):
    antrag = make_eingereichter_antrag(perioden["II"], dortmund)
    wechsel = Statuswechsel.objects.create(antrag=antrag, von="entwurf", nach="eingereicht", wer=ki_dortmund)
    dok = Dokument.objects.create(
        antrag=antrag, statuswechsel=wechsel, art=Dokument.Art.EINGANGSBESTAETIGUNG,
        erstellt_von=ki_dortmund, sha256="a" * 64, pdf=b"%PDF-1.4",
    )  # fmt: skip
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:eingang", args=[antrag.pk])).content.decode()
    assert reverse("antraege:dokument", args=[antrag.pk, dok.pk]) in html


# --- 11. German and layout ---


def test_sha256_is_shortened_with_the_full_value_on_demand(client, perioden, dortmund, ki_dortmund):
    antrag = make_eingereichter_antrag(perioden["II"], dortmund)
    Dokument.objects.create(
        antrag=antrag, art=Dokument.Art.EINGANGSBESTAETIGUNG, erstellt_von=ki_dortmund,
        sha256="ab" * 32, pdf=b"%PDF-1.4",
    )  # fmt: skip
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert "<summary><code>abababababab…</code>" in html
    assert "<details" in html and "ab" * 32 in html
    assert 'data-kopieren="pruefsumme-' in html


def test_attachment_list_shows_no_mime_types(client, perioden, dortmund, ki_dortmund):
    from antraege.models import Anlage

    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    Anlage.objects.create(
        antrag=antrag, dateiname="plan.pdf", pfad="x/plan.pdf", content_type="application/pdf",
        groesse=1000, hochgeladen_von=ki_dortmund, sha256="c" * 64,
    )  # fmt: skip
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:anlagen", args=[antrag.pk])).content.decode()
    assert "application/pdf" not in html
    assert "PDF-Dokument" in html


def test_german_plural_of_counts():
    from komman.templatetags.komman import anzahl

    assert anzahl(1, "Antrag,Anträge") == "1 Antrag"
    assert anzahl(2, "Antrag,Anträge") == "2 Anträge"
    assert anzahl(0, "Wert,Werte") == "0 Werte"


def test_queue_says_1_antrag_gefunden(client, perioden, dortmund, pruefung_arnsberg):
    make_eingereichter_antrag(perioden["II"], dortmund)
    client.force_login(pruefung_arnsberg)
    html = client.get(reverse("antraege:pruefung")).content.decode()
    assert "1 Antrag gefunden" in html


def test_password_help_says_dasselbe(client, ki_dortmund):
    client.force_login(ki_dortmund)
    html = client.get(reverse("password_change")).content.decode()
    assert "dasselbe Passwort" in html
    assert "das selbe" not in html


def test_german_404_with_debug_on(client, settings, ki_dortmund):
    settings.DEBUG = True
    client.force_login(ki_dortmund)
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert "Page not found" not in html


# --- 2. Zur Zeichnung vorlegen ---


def test_ki_staff_hand_a_draft_to_the_signatory(
    client, perioden, dortmund, ki_dortmund, zeichnung_dortmund, django_capture_on_commit_callbacks
):
    from django.core import mail

    zeichnung_dortmund.email = "zeichnung@dortmund.invalid"
    zeichnung_dortmund.save()
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    detail = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert reverse("antraege:vorlegen", args=[antrag.pk]) in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("antraege:vorlegen", args=[antrag.pk]), {"hinweis": "Bitte bis Freitag einreichen."}
        )
    assert response.status_code == 302
    antrag.refresh_from_db()
    assert antrag.vorgelegt_von == ki_dortmund and antrag.vorgelegt_am is not None
    assert Statuswechsel.objects.filter(antrag=antrag, grund__startswith="Zur Zeichnung vorgelegt").exists()
    assert [m.to for m in mail.outbox] == [["zeichnung@dortmund.invalid"]]
    assert "Bitte bis Freitag einreichen." in mail.outbox[0].body
    # the draft shows who prepared it; the signatory's start page lists it as ready
    assert "Vorbereitet von" in client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    client.force_login(zeichnung_dortmund)
    start = client.get(reverse("start")).content.decode()
    assert "Bereit zum Einreichen" in start
    assert "Prüfen und einreichen" in start


def test_vorlegen_refused_after_submission(perioden, dortmund, ki_dortmund):
    from antraege import workflow

    antrag = make_eingereichter_antrag(perioden["II"], dortmund)
    with pytest.raises(workflow.WorkflowError):
        workflow.zur_zeichnung_vorlegen(antrag=antrag, by=ki_dortmund)


# --- 3. After a withdrawal a new Antrag for the same period ---


def test_new_antrag_after_withdrawal_while_the_period_is_open(
    client, perioden, dortmund, ki_dortmund, zeichnung_dortmund
):
    from antraege import workflow
    from antraege.models import Antrag

    alt = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    workflow.withdraw(antrag=alt, by=zeichnung_dortmund, grund="Falsche Maßnahme")
    client.force_login(zeichnung_dortmund)
    detail = client.get(reverse("antraege:detail", args=[alt.pk])).content.decode()
    assert "Neuen Antrag für diese Förderperiode anlegen" in detail
    response = client.post(reverse("antraege:neu", args=[perioden["II"].pk]), {"organisation": dortmund.pk})
    neu = Antrag.objects.exclude(pk=alt.pk).get(foerderperiode=perioden["II"], antragsteller=dortmund)
    assert response["Location"] == reverse("antraege:bearbeiten", args=[neu.pk])
    alt.refresh_from_db()
    assert alt.status == "zurueckgezogen"  # stays on record
    # a second new one is still refused: one open Antrag per period
    antrag, angelegt = workflow.create_draft(
        organisation=dortmund, periode=perioden["II"], by=zeichnung_dortmund
    )
    assert (antrag, angelegt) == (neu, False)


# --- 5. A draft saves whatever can be saved ---

ZEILE_II = {
    "baustein": "B", "pauschale": "B2", "einheiten": "4", "bezeichnung": "", "raumnutzung_prozent": "",
    "geplante_kosten": "", "empfaenger": "Verein e. V.", "empfaenger_rechtsform": "", "empfaenger_anschrift": "",
}  # fmt: skip


def _zeilen_daten(antrag, zeilen, initial=0, **werte):
    daten = {
        "version": str(antrag.version), "kontakt_name": "Kim", "kontakt_email": "", "kontakt_telefon": "",
        "eigenanteil": "", "drittmittel": "", "massnahmen-TOTAL_FORMS": str(len(zeilen)),
        "massnahmen-INITIAL_FORMS": str(initial), "massnahmen-MIN_NUM_FORMS": "1",
        "massnahmen-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, z in enumerate(zeilen):
        daten.update({f"massnahmen-{i}-{k}": v for k, v in z.items()})
    daten.update(werte)
    return daten


def test_a_new_row_without_bezeichnung_is_saved_and_flagged(client, perioden, dortmund, ki_dortmund):
    from antraege.models import Position

    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    response = client.post(url, _zeilen_daten(antrag, [ZEILE_II]))
    assert response.status_code == 302
    assert Position.objects.filter(antrag=antrag, bezeichnung="").count() == 1
    html = client.get(url).content.decode()
    assert "Maßnahme 1: Bitte geben Sie eine Bezeichnung an." in html
    assert "Noch nicht gespeichert" not in html


def test_a_malformed_row_keeps_its_input_and_the_other_rows_are_saved(
    client, perioden, dortmund, ki_dortmund
):
    from antraege.models import Position

    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeilen = [
        {**ZEILE_II, "bezeichnung": "Sprachcafé"},
        {**ZEILE_II, "bezeichnung": "Treff", "einheiten": "viele"},
    ]
    response = client.post(url, _zeilen_daten(antrag, zeilen))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Entwurf ist gespeichert – bis auf die markierten Eingaben" in html
    assert 'value="viele"' in html
    assert sorted(Position.objects.filter(antrag=antrag).values_list("bezeichnung", flat=True)) == [
        "Sprachcafé", "Treff",
    ]  # fmt: skip
    # the form shown again carries the saved rows: saving it again creates no duplicates
    antrag.refresh_from_db()
    ids = list(Position.objects.filter(antrag=antrag).order_by("nr").values_list("pk", flat=True))
    assert f'name="massnahmen-1-id" value="{ids[1]}"' in html
    zeilen[1]["einheiten"] = "3"
    daten = _zeilen_daten(antrag, [{**z, "id": str(i)} for z, i in zip(zeilen, ids, strict=True)], initial=2)
    assert client.post(url, daten).status_code == 302
    assert Position.objects.filter(antrag=antrag).count() == 2


def test_error_summary_follows_the_page_order(client, perioden, dortmund, ki_dortmund):
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    daten = _zeilen_daten(antrag, [{**ZEILE_II, "einheiten": "viele"}], eigenanteil="zehn")
    html = client.post(url, daten).content.decode()
    uebersicht = html[html.index('id="fehleruebersicht"') :]
    assert uebersicht.index("Maßnahme 1: Einheiten") < uebersicht.index("Eigenanteil")


# --- 8. A new Antrag: no red errors before the first save, the contact person prefilled ---


def test_new_antrag_opens_without_errors_and_with_the_contact_person(client, perioden, dortmund, ki_dortmund):
    from antraege.models import Antrag

    ki_dortmund.first_name, ki_dortmund.last_name, ki_dortmund.email = "Kim", "Yilmaz", "kim@dortmund.invalid"
    ki_dortmund.save()
    client.force_login(ki_dortmund)
    client.post(reverse("antraege:neu", args=[perioden["II"].pk]), {"organisation": dortmund.pk})
    antrag = Antrag.objects.get(foerderperiode=perioden["II"], antragsteller=dortmund)
    assert (antrag.kontakt_name, antrag.kontakt_email) == ("Kim Yilmaz", "kim@dortmund.invalid")
    html = client.get(reverse("antraege:bearbeiten", args=[antrag.pk])).content.decode()
    assert "is-invalid" not in html and 'id="fehleruebersicht"' not in html
    assert "Neuer Antrag." in html
    # after the first save the Befunde show
    client.post(reverse("antraege:bearbeiten", args=[antrag.pk]), _zeilen_daten(antrag, [ZEILE_II]))
    html = client.get(reverse("antraege:bearbeiten", args=[antrag.pk])).content.decode()
    assert 'id="fehleruebersicht"' in html


# --- 12. The answer to a Nachforderung asks what a submission asks ---


def test_answer_to_nachforderung_asks_the_declarations(client, perioden, dortmund, zeichnung_dortmund):
    antrag = make_eingereichter_antrag(perioden["II"], dortmund, status="nachforderung")
    make_schreiben(antrag, art="nachforderung", von=make_user("pruefer.y"), punkte=["Satzung"])
    client.force_login(zeichnung_dortmund)
    url = reverse("antraege:antworten", args=[antrag.pk])
    response = client.post(url, {"antwort": "Satzung hochgeladen."})
    assert response.status_code == 200
    assert "Bitte bestätigen Sie die Richtigkeit der Angaben." in response.content.decode()
    antrag.refresh_from_db()
    assert antrag.status == "nachforderung"
    daten = {"antwort": "Satzung hochgeladen.", "richtigkeit": "on", "nicht_begonnen": "on",
             "mitteilungspflicht": "on"}  # fmt: skip
    assert client.post(url, daten).status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == "eingereicht"


def test_editing_after_nachforderung_offers_no_entwurf_speichern(client, perioden, dortmund, ki_dortmund):
    antrag = make_eingereichter_antrag(perioden["II"], dortmund, status="nachforderung")
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:bearbeiten", args=[antrag.pk])).content.decode()
    assert "Entwurf speichern" not in html
    assert "Änderungen speichern" in html


# --- 6. Part II form: whole Einheiten in German, the Pauschale fits the Baustein, amounts read aloud ---


@pytest.mark.parametrize(
    "eingabe, erwartet",
    [("12", 12), ("1.000", 1000), (" 3 ", 3)],
)
def test_einheiten_read_the_german_way(eingabe, erwartet):
    from antraege.forms.felder import GanzeZahlFeld

    assert GanzeZahlFeld(min_value=1).clean(eingabe) == erwartet


@pytest.mark.parametrize("eingabe", ["2,5", "1.5", ",5"])
def test_einheiten_fraction_gets_a_clear_message(eingabe):
    from django.core.exceptions import ValidationError

    from antraege.forms.felder import GanzeZahlFeld

    with pytest.raises(ValidationError, match="ist ein Bruchteil"):
        GanzeZahlFeld(min_value=1).clean(eingabe)


def test_einheiten_is_a_text_field_and_2_5_is_not_25(client, perioden, dortmund, ki_dortmund):
    from antraege.models import Position

    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    html = client.post(url, _zeilen_daten(antrag, [{**ZEILE_II, "einheiten": "2,5"}])).content.decode()
    assert "„2,5“ ist ein Bruchteil" in html
    assert 'type="number"' not in html[html.index('name="massnahmen-0-einheiten"') - 200 :][:400]
    assert Position.objects.get(antrag=antrag).einheiten is None


def test_pauschale_of_another_baustein_is_refused_not_silently_changed(
    client, perioden, dortmund, ki_dortmund
):
    from antraege.models import Position

    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeile = {**ZEILE_II, "baustein": "A", "pauschale": "B2", "raumnutzung_prozent": "50"}
    html = client.post(url, _zeilen_daten(antrag, [zeile])).content.decode()
    assert "Die Pauschale B2 gehört zu Baustein B, nicht zu Baustein A." in html
    assert Position.objects.get(antrag=antrag).baustein == "A"


def test_pauschale_list_shows_the_chosen_baustein_only(client, perioden, dortmund, ki_dortmund):
    from tests.factories import make_position

    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    make_position(antrag, pauschale="B2", einheiten=4)
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:bearbeiten", args=[antrag.pk])).content.decode()
    auswahl = html[html.index('name="massnahmen-0-pauschale"') :]
    auswahl = auswahl[: auswahl.index("</select>")]
    assert 'value="B1"' in auswahl and 'value="A1"' not in auswahl
    assert 'id="pauschalen-je-baustein"' in html


def test_an_amount_with_a_dot_says_how_it_was_read(client, perioden, dortmund, ki_dortmund):
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    response = client.post(
        url, _zeilen_daten(antrag, [{**ZEILE_II, "bezeichnung": "x"}], eigenanteil="1.5"), follow=True
    )
    html = response.content.decode()
    assert "Eigenanteil: „1.5“ gelesen als 1,50 €" in html


# --- 7. Required attachments per part, configurable per period ---


def test_pflichtanlage_checklist_and_submission_refused_until_uploaded(
    client, perioden, dortmund, ki_dortmund, zeichnung_dortmund
):
    from antraege import workflow
    from antraege.models import Anlage
    from programmteile.models import Pflichtanlage
    from tests.factories import POSITION_GUELTIG

    Pflichtanlage.objects.create(foerderperiode=perioden["II"], bezeichnung="Belegungsplan", baustein="A")
    Pflichtanlage.objects.create(foerderperiode=perioden["II"], bezeichnung="Kooperationsvertrag")
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund, positionen=[POSITION_GUELTIG])
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert "Fehlt:</strong></span> Kooperationsvertrag" in html
    assert "Belegungsplan" not in html  # only for Baustein A; this Antrag has B only
    with pytest.raises(workflow.WorkflowError, match="Pflichtanlage „Kooperationsvertrag“"):
        workflow.submit(antrag=antrag, by=zeichnung_dortmund)
    pflicht = Pflichtanlage.objects.get(bezeichnung="Kooperationsvertrag")
    Anlage.objects.create(
        antrag=antrag, dateiname="vertrag.pdf", pfad="x", content_type="application/pdf", groesse=1,
        sha256="d" * 64, hochgeladen_von=ki_dortmund, pflichtanlage=pflicht,
    )  # fmt: skip
    html = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert "Vorhanden:</strong></span> Kooperationsvertrag (vertrag.pdf)" in html
    workflow.submit(antrag=antrag, by=zeichnung_dortmund)


def test_admin_maintains_the_pflichtanlagen_of_a_period(client, perioden, admin):
    from programmteile.models import Pflichtanlage

    client.force_login(admin)
    url = reverse("programmteile:verwaltung_pflichtanlagen", args=[perioden["II"].pk])
    assert client.get(url).status_code == 200
    daten = {
        "pflicht-TOTAL_FORMS": "1", "pflicht-INITIAL_FORMS": "0", "pflicht-MIN_NUM_FORMS": "0",
        "pflicht-MAX_NUM_FORMS": "30", "pflicht-0-bezeichnung": "Belegungsplan", "pflicht-0-baustein": "A",
        "pflicht-0-reihenfolge": "1",
    }  # fmt: skip
    assert client.post(url, daten).status_code == 302
    assert Pflichtanlage.objects.get(foerderperiode=perioden["II"]).baustein == "A"


# --- 9. The reason of a Zurückgeben shows on the reviewer's Antrag page ---


def test_reason_of_zurueckgeben_on_the_reviewers_page(
    client, perioden, dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    from antraege import workflow
    from tests.factories import make_position

    antrag = make_eingereichter_antrag(
        perioden["II"], dortmund, status="bewilligung_vorgeschlagen", vorgeschlagen_von=pruefung_arnsberg,
        bearbeitet_von=pruefung_arnsberg,
    )  # fmt: skip
    make_position(antrag)
    workflow.send_back(antrag=antrag, by=zeichnung_arnsberg, grund="Bitte die Kürzung begründen.")
    client.force_login(pruefung_arnsberg)
    html = client.get(reverse("antraege:pruefung_detail", args=[antrag.pk])).content.decode()
    assert "Von der Zeichnung zurückgegeben" in html
    assert "Bitte die Kürzung begründen." in html


# --- 10. Administration ---


def test_mail_subjects_show_no_template_code(client, admin):
    client.force_login(admin)
    html = client.get(reverse("programmteile:verwaltung_texte")).content.decode()
    assert "{% load" not in html and "{{" not in html and "{%" not in html
    assert "Eingangsbestätigung: Ihr Antrag [Aktenzeichen]" in html


def test_closing_a_period_says_it_is_final_and_warns_before_the_deadline(client, admin):
    from tests.factories import make_periode

    periode = make_periode("II", jahr=2099)
    client.force_login(admin)
    html = client.get(reverse("programmteile:verwaltung_periode_schliessen", args=[periode.pk])).content.decode()
    assert "endgültig" in html
    assert "Die Antragsfrist läuft noch bis" in html


def test_new_period_with_a_past_deadline_warns(client, admin):
    from programmteile.models import Programmteil

    client.force_login(admin)
    teil = Programmteil.objects.get(nummer="II")
    response = client.post(
        reverse("programmteile:verwaltung_periode_neu"),
        {"programmteil": teil.pk, "foerderjahr": "2017", "budget": "1000,00"},
        follow=True,
    )
    assert "liegt in der Vergangenheit" in response.content.decode()


def test_parameter_confirmation_shows_labels_and_its_button_on_top():
    from programmteile.views.foerderperioden import _ohne_schluessel

    zeilen = [("parameter", "Festbetrag je Stelle (Euro) (I.festbetrag_stelle)", "1", "2")]
    assert _ohne_schluessel(zeilen)[0][1] == "Festbetrag je Stelle (Euro)"
