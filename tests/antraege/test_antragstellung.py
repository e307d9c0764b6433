# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Antragstellung: create, fill in, save drafts with Befunde, submit, withdraw, history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from antraege import workflow
from antraege.models import Antrag, AntragTeil1, Dokument, Position, Statuswechsel
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.factories import (
    JAHR,
    MASSNAHME_GUELTIG,
    POSITION_GUELTIG,
    TEIL1_GUELTIG,
    make_antrag,
    make_periode,
    make_user,
)

pytestmark = pytest.mark.django_db


def _teil1_post(antrag, **werte) -> dict:
    daten = {
        "version": str(antrag.version),
        "stellen": "1.5",
        "personalausgaben": "85.500,00",
        "sachmittel": "15.000,00",
        "fachkraft": "noch offen",
        "entgeltgruppe": "EG 11 TVöD",
        "konzept": "Koordination der Flüchtlingshilfe",
        "kontakt_name": "Kim Yilmaz",
        "kontakt_email": "ki@dortmund.invalid",
        "kontakt_telefon": "0231 123",
        "massnahmebeginn": "",
        "eigenanteil": "0,00",
        "drittmittel": "",
    }
    daten.update(werte)
    return daten


def _zeilen_post(antrag, zeilen: list[dict], *, initial: int = 0, **werte) -> dict:
    daten = {
        "version": str(antrag.version),
        "kontakt_name": "Kim Yilmaz",
        "kontakt_email": "",
        "kontakt_telefon": "",
        "eigenanteil": "",
        "drittmittel": "",
        "massnahmen-TOTAL_FORMS": str(len(zeilen)),
        "massnahmen-INITIAL_FORMS": str(initial),
        "massnahmen-MIN_NUM_FORMS": "1",
        "massnahmen-MAX_NUM_FORMS": "1000",
    }
    for i, z in enumerate(zeilen):
        for k, v in z.items():
            daten[f"massnahmen-{i}-{k}"] = v
    daten.update(werte)
    return daten


POSITION_POST = {
    "baustein": "B",
    "pauschale": "B2",
    "einheiten": "4",
    "bezeichnung": "Sprachcafé",
    "raumnutzung_prozent": "",
    "geplante_kosten": "",
    "empfaenger": "Verein Beispiel e. V.",
    "empfaenger_rechtsform": "verein",
    "empfaenger_anschrift": "Beispielweg 1, 44135 Dortmund",
}


# --- Anlegen ---


def test_ki_creates_draft_once_and_second_attempt_opens_it(client, ki_dortmund, dortmund, perioden):
    client.force_login(ki_dortmund)
    url = reverse("antraege:neu", args=[perioden["I"].pk])
    response = client.post(url, {"organisation": dortmund.pk})
    antrag = Antrag.objects.get(antragsteller=dortmund, foerderperiode=perioden["I"])
    assert response.url == reverse("antraege:bearbeiten", args=[antrag.pk])
    assert antrag.status == Antrag.Status.ENTWURF
    assert antrag.teil1 is not None
    assert Statuswechsel.objects.filter(antrag=antrag, nach="entwurf").count() == 1

    response = client.post(url, {"organisation": dortmund.pk}, follow=True)
    assert Antrag.objects.filter(antragsteller=dortmund, foerderperiode=perioden["I"]).count() == 1
    assert "bereits einen Antrag" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("antraege:detail", args=[antrag.pk])


def test_traeger_cannot_create_part_i_and_kommune_not_part_iii(client, traeger_awo, ki_dortmund, perioden):
    client.force_login(traeger_awo)
    assert client.get(reverse("antraege:neu", args=[perioden["I"].pk])).status_code == 404
    assert client.get(reverse("antraege:neu", args=[perioden["III"].pk])).status_code == 200
    client.force_login(ki_dortmund)
    assert client.get(reverse("antraege:neu", args=[perioden["III"].pk])).status_code == 404


def test_no_draft_in_a_closed_period(client, ki_dortmund, dortmund):
    periode = make_periode("I", jahr=2025, status="geschlossen")
    client.force_login(ki_dortmund)
    response = client.post(reverse("antraege:neu", args=[periode.pk]), {"organisation": dortmund.pk})
    assert response.status_code == 404
    assert not Antrag.objects.exists()


# --- Bearbeiten ---


def test_part_i_draft_saves_and_shows_befund_at_field(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    # 18.000 € Sachmittel exceed the 15.000 € of 1,5 Stellen: a fehler, but the draft is saved.
    response = client.post(url, _teil1_post(antrag, sachmittel="18.000,00"))
    assert response.status_code == 302
    antrag.refresh_from_db()
    assert antrag.teil1.sachmittel == Decimal("18000.00")
    assert antrag.version == 2
    assert antrag.beantragt == Decimal("103500.00")
    assert antrag.zuwendungsfaehig > 0

    html = client.get(url).content.decode()
    assert "Fehler: Die Sachmittel (18.000,00 €) übersteigen den Höchstbetrag" in html
    # at the field, tied by aria-describedby, and in the summary with a link to the field
    assert 'href="#id_sachmittel"' in html
    feld = html[html.index('id="id_sachmittel"') - 400 : html.index('id="id_sachmittel"') + 200]
    assert "aria-describedby" in feld and "is-invalid" in feld


def test_format_errors_keep_input_and_save_the_rest(client, ki_dortmund, dortmund, perioden):
    # Issue 25: a draft saves whatever can be saved; malformed input stays typed, unsaved.
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    response = client.post(
        url,
        _teil1_post(
            antrag, personalausgaben="-5", sachmittel="zehn", eigenanteil="1,234", konzept="Neuer Text"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Betrag ist negativ" in html
    assert "„zehn“ ist kein gültiger Betrag" in html
    assert "mehr als zwei Nachkommastellen" in html
    assert 'value="zehn"' in html and "Neuer Text" in html  # nothing typed is lost
    antrag.refresh_from_db()
    assert antrag.teil1.personalausgaben == Decimal("85500.00")  # malformed: the saved value stays
    assert AntragTeil1.objects.get(antrag=antrag).konzept == "Neuer Text"  # valid: saved
    assert antrag.version == 2
    assert "Der Entwurf ist gespeichert – bis auf die markierten Eingaben" in html


def test_conflicting_save_returns_everything_typed(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    alte_daten = _teil1_post(antrag, konzept="Aus dem zweiten Tab")
    assert client.post(url, _teil1_post(antrag, konzept="Aus dem ersten Tab")).status_code == 302
    response = client.post(url, alte_daten)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nicht gespeichert" in html and "Aus dem zweiten Tab" in html
    antrag.refresh_from_db()
    assert antrag.teil1.konzept == "Aus dem ersten Tab"
    # the returned form carries the current version: saving again deliberately overwrites
    assert f'name="version" value="{antrag.version}"' in html


def test_part_ii_formset_rows_betrag_and_sum_over_hoechstbetrag(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeilen = [
        POSITION_POST,
        {**POSITION_POST, "pauschale": "B1", "einheiten": "2000", "bezeichnung": "Begleitung"},
    ]
    assert client.post(url, _zeilen_post(antrag, zeilen)).status_code == 302
    positionen = list(Position.objects.filter(antrag=antrag).order_by("nr"))
    assert [p.betrag for p in positionen] == [Decimal("1000.00"), Decimal("70000.00")]
    antrag.refresh_from_db()
    assert antrag.beantragt == Decimal("71000.00")
    html = client.get(url).content.decode()
    assert "übersteigt den Höchstbetrag" in html  # II.summe.hoechstbetrag, shown, not blocking
    assert "71.000,00 €" in html

    # remove the second row
    antrag.refresh_from_db()
    daten = _zeilen_post(
        antrag,
        [
            {**POSITION_POST, "id": str(positionen[0].pk)},
            {**zeilen[1], "id": str(positionen[1].pk), "DELETE": "on"},
        ],
        initial=2,
    )
    assert client.post(url, daten).status_code == 302
    assert list(Position.objects.filter(antrag=antrag).values_list("pauschale", flat=True)) == ["B2"]


def test_part_ii_rejects_missing_rows_and_bad_numbers(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    response = client.post(url, _zeilen_post(antrag, []))
    assert "Bitte geben Sie mindestens eine Maßnahme an." in response.content.decode()
    response = client.post(
        url,
        _zeilen_post(antrag, [{**POSITION_POST, "einheiten": "viele", "baustein": "A", "pauschale": "A2"}]),
    )
    html = response.content.decode()
    assert "Bitte eine ganze Zahl ab 1 eingeben" in html
    assert "Anteil der Nutzung als Ankommenstreffpunkt angeben" in html
    assert 'value="viele"' in html
    assert not Position.objects.exists()


def test_part_iii_shows_90_percent_limit(client, traeger_awo, awo, perioden):
    antrag = make_antrag(perioden["III"], awo, erstellt_von=traeger_awo)
    client.force_login(traeger_awo)
    url = reverse("antraege:bearbeiten", args=[antrag.pk])
    zeile = {
        k: (f"{v:f}".replace(".", ",") if isinstance(v, Decimal) else v) for k, v in MASSNAHME_GUELTIG.items()
    }
    assert client.post(url, _zeilen_post(antrag, [{**zeile, "beantragt": "70.000,00"}])).status_code == 302
    html = client.get(url).content.decode()
    # 60.000 + 2.000 + min(3.000, 8.800) = 65.000 zuwendungsfähig; 90 % = 58.500
    assert "65.000,00 €" in html and "58.500,00 €" in html
    assert "III.anteil.hoechstsatz" not in html  # codes stay internal; the German message shows
    assert "übersteigt" in html or "Zulässig sind höchstens" in html


def test_submitted_antrag_is_read_only(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, status="eingereicht", aktenzeichen=f"KA-I-{JAHR}-0009")
    client.force_login(ki_dortmund)
    assert client.get(reverse("antraege:bearbeiten", args=[antrag.pk])).status_code == 403
    html = client.get(reverse("antraege:detail", args=[antrag.pk])).content.decode()
    assert "nur lesend" in html and "Antrag bearbeiten" not in html


# --- Einreichen ---


def test_sachbearbeitung_cannot_submit(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, teil1=TEIL1_GUELTIG)
    client.force_login(ki_dortmund)
    url = reverse("antraege:einreichen", args=[antrag.pk])
    assert "Einreichen dürfen nur zeichnungsberechtigte" in client.get(url).content.decode()
    response = client.post(url, {"richtigkeit": "on", "nicht_begonnen": "on", "mitteilungspflicht": "on"})
    assert response.status_code == 403
    antrag.refresh_from_db()
    assert antrag.status == "entwurf"


def test_submit_needs_declarations(client, zeichnung_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, teil1=TEIL1_GUELTIG)
    client.force_login(zeichnung_dortmund)
    response = client.post(reverse("antraege:einreichen", args=[antrag.pk]), {"richtigkeit": "on"})
    html = response.content.decode()
    assert "Bitte bestätigen Sie, dass Sie Änderungen unverzüglich mitteilen." in html
    # A Kommune is no Betrieb or Unternehmen (§ 264 Abs. 8 StGB): no subsidy-fraud declaration.
    assert "§ 264" not in html and "subventionserheblich" not in html
    antrag.refresh_from_db()
    assert antrag.status == "entwurf"


def test_traeger_declares_subventionserhebliche_tatsachen(client, traeger_awo, awo, perioden):
    antrag = make_antrag(perioden["III"], awo, massnahmen=[MASSNAHME_GUELTIG])
    client.force_login(traeger_awo)
    url = reverse("antraege:einreichen", args=[antrag.pk])
    response = client.post(url, {"richtigkeit": "on", "nicht_begonnen": "on"})
    html = response.content.decode()
    assert "subventionserheblich im Sinne des § 264 Strafgesetzbuch" in html
    assert "Bitte bestätigen Sie die Kenntnis der subventionserheblichen Tatsachen." in html
    response = client.post(url, {"richtigkeit": "on", "nicht_begonnen": "on", "mitteilungspflicht": "on"})
    assert response.status_code == 302
    wechsel = Statuswechsel.objects.get(antrag=antrag, nach="eingereicht")
    assert "§ 264 StGB" in wechsel.grund


def test_traeger_declares_nothing_under_264_where_the_period_drops_the_note(client, traeger_awo, awo, perioden):
    """One switch: the Bezirksregierung blanks the § 264 note of the period's notices (Part III
    may not serve the "Förderung der Wirtschaft", § 264 Abs. 8 Nr. 1 StGB); then the Träger is
    not asked to declare it either, and the history does not claim it was declared."""
    from programmteile.models import Bescheidtexte

    Bescheidtexte.objects.create(foerderperiode=perioden["III"], hinweis_subventionsbetrug="")
    antrag = make_antrag(perioden["III"], awo, massnahmen=[MASSNAHME_GUELTIG])
    client.force_login(traeger_awo)
    url = reverse("antraege:einreichen", args=[antrag.pk])
    html = client.get(url).content.decode()
    assert "§ 264" not in html and "subventionserheblich" not in html
    response = client.post(url, {"richtigkeit": "on", "nicht_begonnen": "on", "mitteilungspflicht": "on"})
    assert response.status_code == 302
    wechsel = Statuswechsel.objects.get(antrag=antrag, nach="eingereicht")
    assert "§ 264" not in wechsel.grund and "Änderungen werden unverzüglich mitgeteilt" in wechsel.grund


def test_zeichnung_submits_gets_aktenzeichen_dokument_and_mail(
    client, zeichnung_dortmund, dortmund, perioden, django_capture_on_commit_callbacks
):
    antrag = make_antrag(
        perioden["I"], dortmund, teil1=TEIL1_GUELTIG, kontakt_email="kontakt@dortmund.invalid"
    )
    client.force_login(zeichnung_dortmund)
    url = reverse("antraege:einreichen", args=[antrag.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"richtigkeit": "on", "nicht_begonnen": "on", "mitteilungspflicht": "on"}
        )
    assert response.url == reverse("antraege:eingang", args=[antrag.pk])
    antrag.refresh_from_db()
    assert antrag.status == "eingereicht"
    assert antrag.aktenzeichen == f"KA-I-{JAHR}-0001"
    assert antrag.eingereicht_am is not None
    assert antrag.beantragt == Decimal("100500.00")
    wechsel = Statuswechsel.objects.get(antrag=antrag, nach="eingereicht")
    assert wechsel.wer == zeichnung_dortmund and "Änderungen werden unverzüglich mitgeteilt" in wechsel.grund
    assert "§ 264" not in wechsel.grund
    dokument = Dokument.objects.get(antrag=antrag)
    assert dokument.art == Dokument.Art.EINGANGSBESTAETIGUNG and dokument.statuswechsel == wechsel
    assert len(mail.outbox) == 1
    assert f"KA-I-{JAHR}-0001" in mail.outbox[0].subject
    assert "kontakt@dortmund.invalid" in mail.outbox[0].to
    assert "keinen Anspruch" in mail.outbox[0].body
    html = client.get(response.url).content.decode()
    assert f"KA-I-{JAHR}-0001" in html

    # a resent form never submits twice
    response = client.post(url, {"richtigkeit": "on", "nicht_begonnen": "on", "mitteilungspflicht": "on"})
    assert response.status_code == 302
    assert Statuswechsel.objects.filter(antrag=antrag, nach="eingereicht").count() == 1


def test_aktenzeichen_counts_per_period(zeichnung_dortmund, dortmund, bochum, perioden):
    zeichnung_bochum = make_user("zeichnung.bochum", organisation=bochum, rolle="zeichnungsberechtigt")
    a1 = make_antrag(perioden["I"], dortmund, teil1=TEIL1_GUELTIG)
    a2 = make_antrag(perioden["I"], bochum, teil1=TEIL1_GUELTIG)
    a3 = make_antrag(perioden["II"], dortmund, positionen=[POSITION_GUELTIG])
    workflow.submit(antrag=a1, by=zeichnung_dortmund)
    workflow.submit(antrag=a2, by=zeichnung_bochum)
    workflow.submit(antrag=a3, by=zeichnung_dortmund)
    assert [Antrag.objects.get(pk=a.pk).aktenzeichen for a in (a1, a2, a3)] == [
        f"KA-I-{JAHR}-0001",
        f"KA-I-{JAHR}-0002",
        f"KA-II-{JAHR}-0001",
    ]
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(antrag=a1, by=zeichnung_dortmund)


def test_submit_refused_with_fehler(zeichnung_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, teil1={**TEIL1_GUELTIG, "stellen": Decimal("2")})
    with pytest.raises(workflow.WorkflowError, match="noch nicht eingereicht"):
        workflow.submit(antrag=antrag, by=zeichnung_dortmund)
    antrag.refresh_from_db()
    assert antrag.status == "entwurf" and antrag.aktenzeichen == ""


def test_resubmit_after_nachforderung_keeps_aktenzeichen(zeichnung_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, teil1=TEIL1_GUELTIG)
    workflow.submit(antrag=antrag, by=zeichnung_dortmund)
    Antrag.objects.filter(pk=antrag.pk).update(status="nachforderung")
    antrag.refresh_from_db()
    workflow.submit(antrag=antrag, by=zeichnung_dortmund)
    antrag.refresh_from_db()
    assert antrag.status == "eingereicht" and antrag.aktenzeichen == f"KA-I-{JAHR}-0001"
    assert Dokument.objects.filter(antrag=antrag).count() == 1


def test_traeger_submits_part_iii(traeger_awo, awo, perioden):
    antrag = make_antrag(perioden["III"], awo, massnahmen=[MASSNAHME_GUELTIG])
    workflow.submit(antrag=antrag, by=traeger_awo)
    antrag.refresh_from_db()
    assert antrag.aktenzeichen == f"KA-III-{JAHR}-0001"
    assert antrag.beantragt == Decimal("50000.00")


# --- Zurückziehen, Verlauf ---


def test_withdraw_needs_reason_and_zeichnung(client, ki_dortmund, zeichnung_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, status="eingereicht", aktenzeichen=f"KA-I-{JAHR}-0003")
    url = reverse("antraege:zurueckziehen", args=[antrag.pk])
    client.force_login(ki_dortmund)
    assert client.post(url, {"grund": "Doch nicht"}).status_code == 403
    client.force_login(zeichnung_dortmund)
    response = client.post(url, {"grund": "   "})
    assert "Bitte geben Sie einen Grund" in response.content.decode()
    assert client.post(url, {"grund": "Stelle wird anders finanziert"}).status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == "zurueckgezogen"
    assert (
        Statuswechsel.objects.get(antrag=antrag, nach="zurueckgezogen").grund
        == "Stelle wird anders finanziert"
    )
    assert client.get(url).status_code == 403  # no second withdrawal


def test_history_never_shows_internal_rows(client, ki_dortmund, pruefung_arnsberg, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, status="eingereicht", aktenzeichen=f"KA-I-{JAHR}-0004")
    Statuswechsel.objects.create(
        antrag=antrag, von="entwurf", nach="eingereicht", wer=ki_dortmund, grund="Öffentlich"
    )
    Statuswechsel.objects.create(
        antrag=antrag,
        von="eingereicht",
        nach="formale_pruefung",
        wer=pruefung_arnsberg,
        grund="Geheim",
        intern=True,
    )
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:verlauf", args=[antrag.pk])).content.decode()
    assert "Öffentlich" in html and "Geheim" not in html
    client.force_login(pruefung_arnsberg)
    assert "Geheim" in client.get(reverse("antraege:verlauf", args=[antrag.pk])).content.decode()


# --- Query counts ---


def test_start_page_query_count_does_not_grow(
    client, ki_dortmund, dortmund, perioden, django_assert_max_num_queries
):
    client.force_login(ki_dortmund)
    make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    with django_assert_max_num_queries(16) as erste:
        client.get(reverse("start"))
    for jahr in (2023, 2024, 2025):
        for nummer in ("I", "II"):
            periode = make_periode(nummer, jahr=jahr, status="geschlossen")
            make_antrag(
                periode,
                dortmund,
                erstellt_von=ki_dortmund,
                status="eingereicht",
                aktenzeichen=f"KA-{nummer}-{jahr}-0001",
            )
    with django_assert_max_num_queries(len(erste.captured_queries)):
        html = client.get(reverse("start")).content.decode()
    assert "KA-II-2024-0001" in html and "Antrag öffnen" in html and "Antrag anlegen" in html


def test_detail_and_edit_query_count_constant(
    client, ki_dortmund, dortmund, perioden, django_assert_max_num_queries
):
    client.force_login(ki_dortmund)
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund, positionen=[POSITION_GUELTIG])
    for name in ("antraege:detail", "antraege:bearbeiten"):
        with django_assert_max_num_queries(30) as eine:
            client.get(reverse(name, args=[antrag.pk]))
        n = len(eine.captured_queries)
        Position.objects.bulk_create(
            [Position(antrag=antrag, nr=i, **POSITION_GUELTIG) for i in range(2, 27)]
        )
        with django_assert_max_num_queries(n):
            html = client.get(reverse(name, args=[antrag.pk])).content.decode()
        assert html.count("Sprachcafé") >= 26
        Position.objects.filter(antrag=antrag, nr__gt=1).delete()


def test_save_after_submission_in_another_tab_keeps_input(
    client, ki_dortmund, zeichnung_dortmund, dortmund, perioden
):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    daten = _teil1_post(antrag, konzept="Noch schnell ergänzt")
    workflow.submit(antrag=antrag, by=zeichnung_dortmund)
    client.force_login(ki_dortmund)
    # the edit page itself is closed now; a POST from the old tab is refused …
    assert client.post(reverse("antraege:bearbeiten", args=[antrag.pk]), daten).status_code == 403
    antrag.refresh_from_db()
    assert antrag.teil1.konzept == TEIL1_GUELTIG["konzept"]


def test_submission_between_load_and_save_keeps_input(
    client, ki_dortmund, zeichnung_dortmund, dortmund, perioden, monkeypatch
):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    daten = _teil1_post(antrag, konzept="Noch schnell ergänzt")
    client.force_login(ki_dortmund)
    from antraege import permissions

    # … and if the submission lands between the permission check and the save, the input stays on screen.
    echt = permissions.can_edit

    def erst_pruefen_dann_einreichen(user, a):
        ergebnis = echt(user, a)
        if not Antrag.objects.filter(pk=a.pk, status="eingereicht").exists():
            workflow.submit(antrag=a, by=zeichnung_dortmund)
        return ergebnis

    monkeypatch.setattr(permissions, "can_edit", erst_pruefen_dann_einreichen)
    response = client.post(reverse("antraege:bearbeiten", args=[antrag.pk]), daten)
    assert response.status_code == 409
    html = response.content.decode()
    assert "inzwischen eingereicht oder zurückgezogen" in html and "Noch schnell ergänzt" in html
    assert "Entwurf speichern" not in html
    antrag.refresh_from_db()
    assert antrag.status == "eingereicht" and antrag.teil1.konzept == TEIL1_GUELTIG["konzept"]


def test_incomplete_antrag_cannot_be_submitted(client, zeichnung_dortmund, ki_dortmund, dortmund, perioden):
    leer = make_antrag(perioden["II"], dortmund)
    with pytest.raises(workflow.WorkflowError, match="noch keine Maßnahme"):
        workflow.submit(antrag=leer, by=zeichnung_dortmund)
    # version 2: saved once (a never-saved draft opens without Befunde, issue 25)
    ohne_kontakt = make_antrag(perioden["I"], dortmund, teil1=TEIL1_GUELTIG, kontakt_email="", version=2)
    with pytest.raises(workflow.WorkflowError, match="E-Mail-Adresse der Ansprechperson"):
        workflow.submit(antrag=ohne_kontakt, by=zeichnung_dortmund)
    client.force_login(ki_dortmund)
    html = client.get(reverse("antraege:bearbeiten", args=[ohne_kontakt.pk])).content.decode()
    assert 'href="#id_kontakt_email"' in html
    assert "Fehler: Bitte geben Sie die E-Mail-Adresse der Ansprechperson an." in html
