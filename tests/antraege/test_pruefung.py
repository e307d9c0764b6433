"""Prüfung und Entscheidung end to end: Nachforderung, Anhörung, partial approval, Zeichnung."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from antraege import workflow
from antraege.models import Antrag, Dokument, Pruefvermerk, Schreiben, Statuswechsel, Vermerk
from antraege.workflow import WorkflowError
from komman.models import Rolle
from programmteile import rules
from programmteile.models import Foerderperiode
from tests.factories import (
    bezirksregierung,
    make_eingereichter_antrag,
    make_massnahme,
    make_periode,
    make_position,
    make_teil1,
    make_user,
    make_zuweisung,
    parameter_mit_eg11,
)

S = Antrag.Status
CHECKLISTE = {"vollstaendig": "on", "unterschrieben": "on", "antragsberechtigt": "on", "nicht_begonnen": "on"}

ERKLAERUNGEN = ("richtigkeit", "nicht_begonnen", "mitteilungspflicht")


@pytest.fixture
def periode3(db):
    return make_periode("III", budget=Decimal("100000.00"), regelparameter=parameter_mit_eg11())


@pytest.fixture
def antrag_awo(periode3, awo, traeger_awo):
    antrag = make_eingereichter_antrag(
        periode3, awo, beantragt=Decimal("20000.00"), kontakt_email="kontakt@awo.invalid"
    )
    make_massnahme(antrag, nr=1, beantragt=Decimal("12000.00"))
    make_massnahme(antrag, nr=2, beantragt=Decimal("8000.00"))
    return antrag


def _post(client, user, name, antrag, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=[antrag.pk]), data or {})


def _zeilen(antrag, **overrides):
    data = {}
    for z in workflow.vorschlagszeilen(antrag):
        betrag, grund = overrides.get(z.schluessel, (z.beantragt, ""))
        if z.satz is not None:  # Part II: whole units, the amount follows (issue 17)
            data[f"einheiten_{z.schluessel}"] = str(betrag / z.satz).split(".")[0] if betrag % z.satz == 0 else "x"
        else:
            data[f"betrag_{z.schluessel}"] = str(betrag).replace(".", ",")
        data[f"grund_{z.schluessel}"] = grund
    return data


def test_full_journey_through_the_views(
    client, antrag_awo, traeger_awo, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks
):
    antrag = antrag_awo
    # take over and start the formal check
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, pruefung_arnsberg, "antraege:formale_pruefung", antrag).status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == S.FORMALE_PRUEFUNG and antrag.bearbeitet_von == pruefung_arnsberg

    # Nachforderung with the default deadline from the period parameters
    r = client.get(reverse("antraege:nachforderung", args=[antrag.pk]))
    frist = workflow.antwortfrist(antrag)
    assert frist == rules.tagesfrist(timezone.localdate(), 14)
    assert frist.isoformat() in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(
            client, pruefung_arnsberg, "antraege:nachforderung", antrag,
            {"punkte": "Finanzierungsplan\n- Satzung des Trägers", "text": "", "frist": frist.isoformat()},
        )  # fmt: skip
    assert r.status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == S.NACHFORDERUNG
    schreiben = Schreiben.objects.get(antrag=antrag)
    assert schreiben.punkte == ["Finanzierungsplan", "Satzung des Trägers"]
    assert Dokument.objects.filter(antrag=antrag, art=Dokument.Art.NACHFORDERUNG).count() == 1
    assert any("Finanzierungsplan" in m.body and "kontakt@awo.invalid" in m.to for m in mail.outbox)

    # the applicant sees the request and answers: resubmitted, Aktenzeichen kept
    aktenzeichen = antrag.aktenzeichen
    client.force_login(traeger_awo)
    r = client.get(reverse("antraege:antworten", args=[antrag.pk]))
    assert "Satzung des Trägers" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("antraege:antworten", args=[antrag.pk]),
            # the answer resubmits: it asks the declarations of a submission (issue 25)
            {"antwort": "Beides hochgeladen.", **dict.fromkeys(ERKLAERUNGEN, "on")},
        )
    assert r.status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == S.EINGEREICHT and antrag.aktenzeichen == aktenzeichen

    # formal check again, checklist, finish
    _post(client, pruefung_arnsberg, "antraege:formale_pruefung", antrag)
    r = _post(client, pruefung_arnsberg, "antraege:formale_pruefung_abschliessen", antrag)
    antrag.refresh_from_db()
    assert antrag.status == S.FORMALE_PRUEFUNG  # refused: the checklist is empty
    r = _post(
        client,
        pruefung_arnsberg,
        "antraege:pruefvermerk",
        antrag,
        {**CHECKLISTE, "ergebnis": "", "version": 1},
    )
    assert r.status_code == 302
    _post(client, pruefung_arnsberg, "antraege:formale_pruefung_abschliessen", antrag)
    antrag.refresh_from_db()
    assert antrag.status == S.INHALTLICHE_PRUEFUNG

    # a partial approval without Anhörung is refused with a German message
    m1, m2 = antrag.massnahmen.all()
    kuerzung = {f"massnahme-{m2.pk}": (Decimal("5000.00"), "Honorare nicht nachgewiesen")}
    r = _post(
        client,
        pruefung_arnsberg,
        "antraege:vorschlag",
        antrag,
        {**_zeilen(antrag, **kuerzung), "begruendung": "x", "version": antrag.version},
    )
    assert r.status_code == 200
    assert "§ 28 VwVfG NRW" in r.content.decode()
    antrag.refresh_from_db()
    assert antrag.status == S.INHALTLICHE_PRUEFUNG

    # Anhörung, the applicant answers, then the partial approval is proposed
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client, pruefung_arnsberg, "antraege:anhoerung", antrag,
            {"beabsichtigter_betrag": "17.000,00", "text": "Honorare nicht nachgewiesen.", "frist": frist.isoformat()},
        )  # fmt: skip
    antrag.refresh_from_db()
    assert antrag.status == S.ANHOERUNG
    client.force_login(traeger_awo)
    client.post(reverse("antraege:antworten", args=[antrag.pk]), {"antwort": "Wir sind einverstanden."})
    antrag.refresh_from_db()
    assert antrag.status == S.ANHOERUNG
    assert Schreiben.objects.get(antrag=antrag, art="anhoerung").antwort == "Wir sind einverstanden."

    data = {
        **_zeilen(antrag, **kuerzung),
        "begruendung": "Teilbewilligung: Honorare nicht nachgewiesen.",
        "version": antrag.version,
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(client, pruefung_arnsberg, "antraege:vorschlag", antrag, data)
    assert r.status_code == 302, r.content.decode()
    antrag.refresh_from_db()
    assert antrag.status == S.BEWILLIGUNG_VORGESCHLAGEN and antrag.zuwendung == Decimal("17000.00")
    m2.refresh_from_db()
    assert m2.bewilligt == Decimal("5000.00") and m2.kuerzungsgrund == "Honorare nicht nachgewiesen"
    assert any(zeichnung_arnsberg.email in m.to for m in mail.outbox)

    # the proposer cannot sign
    r = _post(
        client,
        pruefung_arnsberg,
        "antraege:zeichnen",
        antrag,
        {"aktion": "zeichnen", "version": antrag.version},
    )
    assert r.status_code == 403

    # Zeichnung signs: bewilligt, money bound, Bescheid created
    mail.outbox.clear()
    client.force_login(zeichnung_arnsberg)
    r = client.get(reverse("antraege:zeichnen", args=[antrag.pk]))
    assert "17.000,00 €" in r.content.decode() and "Haushaltsmittel" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("antraege:zeichnen", args=[antrag.pk]), {"aktion": "zeichnen", "version": antrag.version}
        )
    assert r.status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == S.BEWILLIGT
    assert antrag.gezeichnet_von == zeichnung_arnsberg and antrag.gezeichnet_am is not None
    assert Foerderperiode.objects.get(pk=antrag.foerderperiode_id).gebunden == Decimal("17000.00")
    assert (
        Dokument.objects.get(antrag=antrag, art=Dokument.Art.ZUWENDUNGSBESCHEID).statuswechsel.nach
        == S.BEWILLIGT
    )
    assert any("17.000,00 €" in m.body and "kontakt@awo.invalid" in m.to for m in mail.outbox)

    # the applicant sees the result and the history, without internal steps
    client.force_login(traeger_awo)
    r = client.get(reverse("antraege:stand", args=[antrag.pk]))
    text = r.content.decode()
    assert "17.000,00 €" in text and "Bewilligt" in text and "Nachforderung" in text
    assert "intern" not in text.lower().replace("ohne interne vermerke", "")
    assert "Teilbewilligung vorgeschlagen" not in text


def test_every_transition_writes_one_statuswechsel(
    antrag_awo, pruefung_arnsberg, zeichnung_arnsberg, traeger_awo
):
    antrag = antrag_awo
    vorher = Statuswechsel.objects.count()
    workflow.start_formal_check(antrag=antrag, by=pruefung_arnsberg)
    assert Statuswechsel.objects.count() == vorher + 1
    w = Statuswechsel.objects.latest("pk")
    assert (w.von, w.nach, w.wer) == (S.EINGEREICHT, S.FORMALE_PRUEFUNG, pruefung_arnsberg)


def test_pruefvermerk_conflict_is_reported_not_overwritten(client, antrag_awo, pruefung_arnsberg):
    antrag = antrag_awo
    workflow.start_formal_check(antrag=antrag, by=pruefung_arnsberg)
    kollegin = make_user("pruefung.zwei", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    # both loaded version 1; the colleague saves first
    workflow.save_pruefvermerk(antrag=antrag, by=kollegin, version=1, ergebnis="Ergebnis der Kollegin")
    r = _post(
        client,
        pruefung_arnsberg,
        "antraege:pruefvermerk",
        antrag,
        {**CHECKLISTE, "ergebnis": "Mein Ergebnis", "version": 1},
    )
    assert r.status_code == 409
    text = r.content.decode()
    assert "Jemand anderes hat den Prüfvermerk inzwischen gespeichert" in text
    assert "Mein Ergebnis" in text  # what was typed stays
    assert Pruefvermerk.objects.get(antrag=antrag).ergebnis == "Ergebnis der Kollegin"


def test_proposal_conflict_on_stale_version(antrag_awo, pruefung_arnsberg):
    antrag = antrag_awo
    for status in (S.INHALTLICHE_PRUEFUNG,):
        Antrag.objects.filter(pk=antrag.pk).update(status=status)
    antrag.refresh_from_db()
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    with pytest.raises(WorkflowError, match="inzwischen von einer anderen Person geändert"):
        workflow.propose_approval(
            antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen, version=antrag.version - 1
        )
    workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen, version=antrag.version)
    antrag.refresh_from_db()
    assert antrag.status == S.BEWILLIGUNG_VORGESCHLAGEN and antrag.zuwendung == Decimal("20000.00")


def test_cut_needs_a_reason(antrag_awo, pruefung_arnsberg):
    antrag = antrag_awo
    Antrag.objects.filter(pk=antrag.pk).update(status=S.ANHOERUNG)
    Schreiben.objects.create(
        antrag=antrag, art="anhoerung", text="x", frist=timezone.localdate() - datetime.timedelta(days=1),
        beabsichtigter_betrag=Decimal("15000.00"), erstellt_von=pruefung_arnsberg,
    )  # fmt: skip
    m1, m2 = antrag.massnahmen.all()
    zeilen = {f"massnahme-{m1.pk}": (Decimal("12000.00"), ""), f"massnahme-{m2.pk}": (Decimal("4000.00"), "")}
    with pytest.raises(WorkflowError, match="begründen Sie die Kürzung"):
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen, begruendung="x")
    zeilen[f"massnahme-{m2.pk}"] = (Decimal("2000.00"), "zu teuer")
    with pytest.raises(WorkflowError, match="neue Anhörung"):
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen, begruendung="x")


def test_rejection_only_after_hearing_and_signing_creates_notice(
    antrag_awo, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks
):
    antrag = antrag_awo
    Antrag.objects.filter(pk=antrag.pk).update(status=S.INHALTLICHE_PRUEFUNG)
    antrag.refresh_from_db()
    with pytest.raises(WorkflowError, match="Anhörung"):
        workflow.propose_rejection(antrag=antrag, by=pruefung_arnsberg, begruendung="Nicht förderfähig.", ermessen="Haushaltsmittel vorrangig für förderfähige Maßnahmen.")
    schreiben = workflow.start_hearing(
        antrag=antrag, by=pruefung_arnsberg, text="Nicht förderfähig.", beabsichtigter_betrag=Decimal("0")
    )
    with pytest.raises(WorkflowError, match="Frist der Anhörung läuft noch"):
        workflow.propose_rejection(antrag=antrag, by=pruefung_arnsberg, begruendung="Nicht förderfähig.", ermessen="Haushaltsmittel vorrangig für förderfähige Maßnahmen.")
    Schreiben.objects.filter(pk=schreiben.pk).update(frist=timezone.localdate() - datetime.timedelta(days=1))
    workflow.propose_rejection(antrag=antrag, by=pruefung_arnsberg, begruendung="Nicht förderfähig.", ermessen="Haushaltsmittel vorrangig für förderfähige Maßnahmen.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(antrag=antrag, by=zeichnung_arnsberg)
    antrag.refresh_from_db()
    assert antrag.status == S.ABGELEHNT and antrag.gezeichnet_von == zeichnung_arnsberg
    assert Dokument.objects.filter(antrag=antrag, art=Dokument.Art.ABLEHNUNGSBESCHEID).count() == 1
    assert Dokument.objects.filter(antrag=antrag, art=Dokument.Art.ANHOERUNG).count() == 1
    assert Foerderperiode.objects.get(pk=antrag.foerderperiode_id).gebunden == 0


def test_send_back_returns_to_review_with_comment(antrag_awo, pruefung_arnsberg, zeichnung_arnsberg):
    antrag = antrag_awo
    Antrag.objects.filter(pk=antrag.pk).update(status=S.INHALTLICHE_PRUEFUNG)
    antrag.refresh_from_db()
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)
    with pytest.raises(WorkflowError, match="was an dem Vorschlag"):
        workflow.send_back(antrag=antrag, by=zeichnung_arnsberg, grund=" ")
    workflow.send_back(antrag=antrag, by=zeichnung_arnsberg, grund="Bitte Honorare prüfen.")
    antrag.refresh_from_db()
    assert antrag.status == S.INHALTLICHE_PRUEFUNG and antrag.vorgeschlagen_von is None
    assert Statuswechsel.objects.filter(antrag=antrag, grund__contains="Bitte Honorare prüfen.").exists()


def test_budget_exhausted_gives_german_message(antrag_awo, pruefung_arnsberg, zeichnung_arnsberg):
    antrag = antrag_awo
    Foerderperiode.objects.filter(pk=antrag.foerderperiode_id).update(budget=Decimal("15000.00"))
    Antrag.objects.filter(pk=antrag.pk).update(status=S.INHALTLICHE_PRUEFUNG)
    antrag.refresh_from_db()
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)
    with pytest.raises(WorkflowError, match="Das Budget reicht nicht: verfügbar sind noch 15.000,00 €"):
        workflow.approve(antrag=antrag, by=zeichnung_arnsberg)
    antrag.refresh_from_db()
    assert antrag.status == S.BEWILLIGUNG_VORGESCHLAGEN
    assert Foerderperiode.objects.get(pk=antrag.foerderperiode_id).gebunden == 0


def test_part_two_never_exceeds_hoechstbetrag(dortmund, pruefung_arnsberg, zeichnung_arnsberg):
    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=Decimal("3000.00"))
    antrag = make_eingereichter_antrag(
        periode, dortmund, status=S.INHALTLICHE_PRUEFUNG, beantragt=Decimal("5000.00")
    )
    make_position(antrag, nr=1, pauschale="B2", einheiten=20)  # 5.000,00 €
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    with pytest.raises(WorkflowError, match="Höchstbetrag"):
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)


def test_part_one_never_exceeds_stellenzuweisung(dortmund, pruefung_arnsberg):
    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=Decimal("1"))  # 57.000 + 10.000
    antrag = make_eingereichter_antrag(
        periode, dortmund, status=S.INHALTLICHE_PRUEFUNG, beantragt=Decimal("100500.00")
    )
    make_teil1(antrag)  # 85.500 + 15.000 requested
    zeilen = {"personal": (Decimal("85500.00"), ""), "sachmittel": (Decimal("15000.00"), "")}
    with pytest.raises(WorkflowError, match="Stellenzuweisung"):
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)


def test_internal_note_with_author_and_time(client, antrag_awo, pruefung_arnsberg, traeger_awo):
    r = _post(client, pruefung_arnsberg, "antraege:vermerk", antrag_awo, {"text": "Telefonat mit Frau Kaya."})
    assert r.status_code == 302
    v = Vermerk.objects.get(antrag=antrag_awo)
    assert v.von == pruefung_arnsberg and v.am is not None
    r = client.get(reverse("antraege:pruefung_detail", args=[antrag_awo.pk]))
    assert "Telefonat mit Frau Kaya." in r.content.decode()
    client.force_login(traeger_awo)
    assert "Telefonat" not in client.get(reverse("antraege:stand", args=[antrag_awo.pk])).content.decode()


def test_detail_shows_befunde_berechnung_and_budget(client, antrag_awo, pruefung_arnsberg):
    client.force_login(pruefung_arnsberg)
    r = client.get(reverse("antraege:pruefung_detail", args=[antrag_awo.pk]))
    text = r.content.decode()
    assert r.status_code == 200
    assert "Regelprüfung" in text and "Zuwendung nach den Regeln" in text
    assert "Haushaltsmittel" in text and "100.000,00 €" in text
    assert "Maßnahme 1" in text


def test_bad_input_gets_german_message_at_the_field_and_keeps_input(client, antrag_awo, pruefung_arnsberg):
    workflow.start_formal_check(antrag=antrag_awo, by=pruefung_arnsberg)
    r = _post(
        client, pruefung_arnsberg, "antraege:nachforderung", antrag_awo,
        {"punkte": "  \n ", "text": "Mein Erläuterungstext", "frist": "2020-01-01"},
    )  # fmt: skip
    text = r.content.decode()
    assert r.status_code == 200
    assert 'id="fehleruebersicht"' in text
    assert "Bitte nennen Sie mindestens eine fehlende Unterlage" in text
    assert "Die Frist muss nach dem heutigen Tag liegen." in text
    assert 'aria-describedby="id_punkte_error id_punkte_helptext"' in text
    assert "Mein Erläuterungstext" in text
    assert Antrag.objects.get(pk=antrag_awo.pk).status == S.FORMALE_PRUEFUNG


def test_anhoerung_amount_in_german_format(client, antrag_awo, pruefung_arnsberg):
    Antrag.objects.filter(pk=antrag_awo.pk).update(status=S.INHALTLICHE_PRUEFUNG)
    r = _post(
        client, pruefung_arnsberg, "antraege:anhoerung", antrag_awo,
        {"beabsichtigter_betrag": "1.2,3", "text": "x", "frist": "2099-01-01"},
    )  # fmt: skip
    assert r.status_code == 200 and "kein gültiger Betrag" in r.content.decode()
    assert 'value="1.2,3"' in r.content.decode()


def _detail_queries(client, antrag) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("antraege:pruefung_detail", args=[antrag.pk]))
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_detail_query_count_does_not_grow_with_lines_and_history(client, antrag_awo, pruefung_arnsberg):
    client.force_login(pruefung_arnsberg)
    client.get(reverse("antraege:pruefung_detail", args=[antrag_awo.pk]))
    wenige = _detail_queries(client, antrag_awo)
    for nr in range(3, 23):
        make_massnahme(antrag_awo, nr=nr, beantragt=Decimal("6000.00"))
    for i in range(20):
        workflow.add_note(antrag=antrag_awo, by=pruefung_arnsberg, text=f"Vermerk {i}")
        Statuswechsel.objects.create(
            antrag=antrag_awo, von=S.EINGEREICHT, nach=S.EINGEREICHT, wer=pruefung_arnsberg, intern=True
        )
    assert _detail_queries(client, antrag_awo) == wenige
    assert wenige <= 40


def test_demodaten_has_an_antrag_in_every_review_state_and_is_idempotent(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demodaten", stdout=StringIO())
    zustaende = dict(
        Antrag.objects.filter(kontakt_name__startswith="Demo Prüfung").values_list("kontakt_name", "status")
    )
    erwartet = [
        S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.NACHFORDERUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG,
        S.ANHOERUNG,  # a second one with the Stellungnahme in (ANHOERUNG_BEANTWORTET)
        S.BEWILLIGUNG_VORGESCHLAGEN,
        S.ABLEHNUNG_VORGESCHLAGEN, S.BEWILLIGT, S.ABGELEHNT, S.ZURUECKGEZOGEN,
        S.BEWILLIGT, S.BEWILLIGT,  # the notices of the other two parts (BEWILLIGT_I, BEWILLIGT_III)
    ]  # fmt: skip
    assert sorted(zustaende.values()) == sorted(erwartet)
    from antraege.demodaten import ANHOERUNG_BEANTWORTET, PLAN_STATUS

    for name, status in zustaende.items():
        ziel = name.removeprefix("Demo Prüfung: ")
        assert PLAN_STATUS.get(ziel, ziel) == status, (name, status)
    # The answered Anhörung: a rejection can be proposed (the page the axe scan needs).
    from antraege.permissions import can_propose_rejection
    from komman.models import User

    beantwortet = Antrag.objects.get(kontakt_name=f"Demo Prüfung: {ANHOERUNG_BEANTWORTET}")
    assert beantwortet.schreiben.get(art="anhoerung").beantwortet_am is not None
    assert can_propose_rejection(User.objects.get(username="pruefung.arnsberg"), beantwortet)[0]
    vorgeschlagen = Antrag.objects.get(status=S.BEWILLIGUNG_VORGESCHLAGEN, kontakt_name__startswith="Demo")
    assert vorgeschlagen.vorgeschlagen_von.username == "pruefung.arnsberg"
    from antraege.permissions import can_sign

    assert can_sign(User.objects.get(username="zeichnung.arnsberg"), vorgeschlagen)[0]
    anzahl = (Antrag.objects.count(), Statuswechsel.objects.count(), Dokument.objects.count())
    call_command("demodaten", stdout=StringIO())
    assert (Antrag.objects.count(), Statuswechsel.objects.count(), Dokument.objects.count()) == anzahl


def test_rollback_sends_nothing(
    antrag_awo, pruefung_arnsberg, zeichnung_arnsberg, django_capture_on_commit_callbacks
):
    Foerderperiode.objects.filter(pk=antrag_awo.foerderperiode_id).update(budget=Decimal("100.00"))
    Antrag.objects.filter(pk=antrag_awo.pk).update(status=S.INHALTLICHE_PRUEFUNG)
    antrag = Antrag.objects.get(pk=antrag_awo.pk)
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(WorkflowError):
        workflow.approve(antrag=antrag, by=zeichnung_arnsberg)
    assert callbacks == []
    assert not Dokument.objects.filter(antrag=antrag).exists()


def test_dates_in_german_local_time(client, pruefung_arnsberg, awo):
    # 23:30 UTC on 31 Dec is 1 Jan in Germany: the list shows the German date
    eingang = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    make_eingereichter_antrag(make_periode("III"), awo, eingereicht_am=eingang, aktenzeichen="AZ-SILVESTER")
    client.force_login(pruefung_arnsberg)
    assert "01.01.2027" in client.get(reverse("antraege:pruefung")).content.decode()
    inhalt = b"".join(client.get(reverse("antraege:pruefung_export")).streaming_content).decode()
    assert "01.01.2027" in inhalt


def test_mails_are_german_and_link_into_the_portal(
    settings,
    antrag_awo,
    pruefung_arnsberg,
    zeichnung_arnsberg,
    traeger_awo,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://komm-an.example"
    workflow.start_formal_check(antrag=antrag_awo, by=pruefung_arnsberg)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_documents(antrag=antrag_awo, by=pruefung_arnsberg, punkte=["Satzung"])
    nachricht = mail.outbox[-1]
    assert nachricht.subject.startswith("KOMM-AN NRW: Bitte reichen Sie Unterlagen nach")
    assert f"https://komm-an.example/antraege/{antrag_awo.pk}/antworten/" in nachricht.body
    assert traeger_awo.email in nachricht.to and zeichnung_arnsberg.email not in nachricht.to
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer_request(antrag=antrag_awo, by=traeger_awo, antwort="Anbei.")
    assert mail.outbox[-1].to == [pruefung_arnsberg.email]  # the reviewer in charge
    assert f"https://komm-an.example/antraege/{antrag_awo.pk}/pruefung/" in mail.outbox[-1].body


def test_detail_lists_attachments_but_not_removed_ones(client, antrag_awo, pruefung_arnsberg, traeger_awo):
    from antraege.models import Anlage

    for name, weg in (("Finanzierungsplan.pdf", False), ("Alt.pdf", True)):
        Anlage.objects.create(
            antrag=antrag_awo, dateiname=name, pfad=f"x/{name}", content_type="application/pdf", groesse=2048,
            sha256="0" * 64, hochgeladen_von=traeger_awo, geloescht=weg,
        )  # fmt: skip
    client.force_login(pruefung_arnsberg)
    text = client.get(reverse("antraege:pruefung_detail", args=[antrag_awo.pk])).content.decode()
    assert "Finanzierungsplan.pdf" in text and "Alt.pdf" not in text


@pytest.mark.parametrize("name", ["antraege:nachforderung", "antraege:anhoerung"])
def test_proposed_deadline_is_the_workflows_and_moves_off_nrw_holidays(
    client, antrag_awo, pruefung_arnsberg, monkeypatch, name
):
    # 21.05.2026 + 14 days = 04.06.2026, Fronleichnam in NRW: the form must propose 05.06.2026,
    # the same day the workflow sets when no deadline is given (rules.tagesfrist).
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 5, 21))
    workflow.start_formal_check(antrag=antrag_awo, by=pruefung_arnsberg)
    client.force_login(pruefung_arnsberg)
    seite = client.get(reverse(name, args=[antrag_awo.pk])).content.decode()
    assert "2026-06-05" in seite or "05.06.2026" in seite
    assert "2026-06-04" not in seite and "04.06.2026" not in seite
