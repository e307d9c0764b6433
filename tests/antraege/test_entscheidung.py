"""Issue 17, the decision side: each defect of the legal read with a test that fails on the old code.

Bewilligungszeitraum per notice and the signing refusals, Part I pro rata, the early start
decided by the authority, Part II whole units, the Anhörung (limits, per line, second Anhörung,
preview), letters withdrawn and replaced, the Ablehnungsbescheid's layout, internal states.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal as D

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from antraege import bescheide, regeln, workflow
from antraege.models import Antrag, Dokument, Pruefvermerk, Schreiben, Statuswechsel
from antraege.workflow import WorkflowError
from tests.factories import (
    make_eingereichter_antrag,
    make_periode,
    make_position,
    make_zuweisung,
)

S = Antrag.Status
pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _seiten(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _reif(periode, org, *, status=S.INHALTLICHE_PRUEFUNG, **fields) -> Antrag:
    antrag = make_eingereichter_antrag(periode, org, status=status, **fields)
    Pruefvermerk.objects.create(
        antrag=antrag, vollstaendig=True, unterschrieben=True, antragsberechtigt=True, nicht_begonnen=True
    )
    return antrag


@pytest.fixture
def teil1(dortmund, pruefung_arnsberg):
    from antraege.models import AntragTeil1

    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=D("1.5"))
    antrag = _reif(periode, dortmund, beantragt=D("100500.00"), bearbeitet_von=pruefung_arnsberg)
    AntragTeil1.objects.update_or_create(
        antrag=antrag,
        defaults={"stellen": D("1.5"), "personalausgaben": D("85500.00"), "sachmittel": D("15000.00")},
    )
    return antrag


@pytest.fixture
def teil2(dortmund, pruefung_arnsberg):
    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=D("50000.00"))
    antrag = _reif(periode, dortmund, beantragt=D("3000.00"), bearbeitet_von=pruefung_arnsberg)
    make_position(
        antrag, pauschale="B2", einheiten=12, bezeichnung="Sprachcafé", empfaenger="Verein e. V.",
        empfaenger_rechtsform="verein", empfaenger_anschrift="Markt 1, 44135 Dortmund",
    )  # fmt: skip
    return antrag


def _alles(antrag):
    return {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}


# --- 1. Bewilligungszeitraum ---


def test_proposal_stores_the_period_and_the_notice_prints_it(teil1, pruefung_arnsberg, zeichnung_arnsberg):
    jahr = teil1.foerderperiode.foerderjahr
    workflow.propose_approval(antrag=teil1, by=pruefung_arnsberg, zeilen=_alles(teil1))
    teil1.refresh_from_db()
    assert (teil1.bewilligung_von, teil1.bewilligung_bis) == regeln.zeitraum_vorschlag(teil1)
    workflow.approve(antrag=teil1, by=zeichnung_arnsberg)
    dok = Dokument.objects.get(antrag=teil1, art=Dokument.Art.ZUWENDUNGSBESCHEID)
    assert dok.daten["zeitraum"] == {
        "bewilligung_von": teil1.bewilligung_von.isoformat(),
        "bewilligung_bis": teil1.bewilligung_bis.isoformat(),
    }
    assert teil1.bewilligung_bis == datetime.date(jahr, 12, 31)


def test_a_period_before_the_notice_is_refused_with_a_german_reason(teil1, pruefung_arnsberg):
    heute = timezone.localdate()
    with pytest.raises(WorkflowError, match="darf nicht vor dem"):
        workflow.propose_approval(
            antrag=teil1, by=pruefung_arnsberg, zeilen=_alles(teil1),
            bewilligung_von=heute - datetime.timedelta(days=30), bewilligung_bis=heute + datetime.timedelta(days=300),
        )  # fmt: skip


def test_signing_refuses_a_notice_that_cannot_become_final_in_its_period(
    dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    """The issue's case: a notice for this year that becomes final only after the year's end."""
    heute = timezone.localdate()
    periode = make_periode("I", jahr=heute.year)
    make_zuweisung(periode, dortmund, stellen=D("1"))
    ende = heute + datetime.timedelta(days=20)
    antrag = _reif(periode, dortmund, status=S.BEWILLIGUNG_VORGESCHLAGEN, beantragt=D("67000.00"))
    Antrag.objects.filter(pk=antrag.pk).update(
        zuwendung=D("67000.00"), vorgeschlagen_von=pruefung_arnsberg, bewilligung_von=heute,
        bewilligung_bis=min(ende, datetime.date(heute.year, 12, 31)),
    )  # fmt: skip
    with pytest.raises(WorkflowError, match="bestandskräftig"):
        workflow.approve(antrag=Antrag.objects.get(pk=antrag.pk), by=zeichnung_arnsberg)
    assert Antrag.objects.get(pk=antrag.pk).status == S.BEWILLIGUNG_VORGESCHLAGEN


def test_part_i_notice_follows_the_months_granted(teil1, pruefung_arnsberg, zeichnung_arnsberg):
    jahr = teil1.foerderperiode.foerderjahr
    halb = (datetime.date(jahr, 7, 1), datetime.date(jahr, 12, 31))
    zeilen = {
        "personal": (D("42750.00"), "Bewilligungszeitraum sechs Monate."),
        "sachmittel": (D("7500.00"), "dto."),
    }
    # more than the months allow is refused
    with pytest.raises(WorkflowError, match="höchstens 42.750,00 €"):
        workflow.propose_approval(
            antrag=teil1,
            by=pruefung_arnsberg,
            zeilen=_alles(teil1),
            bewilligung_von=halb[0],
            bewilligung_bis=halb[1],
        )
    Antrag.objects.filter(pk=teil1.pk).update(status=S.ANHOERUNG)
    Schreiben.objects.create(
        antrag=teil1, art="anhoerung", text="Sechs Monate.", frist=timezone.localdate() - datetime.timedelta(days=1),
        beabsichtigter_betrag=D("50250.00"), erstellt_von=pruefung_arnsberg,
    )  # fmt: skip
    workflow.propose_approval(
        antrag=Antrag.objects.get(pk=teil1.pk), by=pruefung_arnsberg, zeilen=zeilen, begruendung="Halbes Jahr.",
        bewilligung_von=halb[0], bewilligung_bis=halb[1],
    )  # fmt: skip
    workflow.approve(antrag=Antrag.objects.get(pk=teil1.pk), by=zeichnung_arnsberg)
    dok = Dokument.objects.get(antrag=teil1, art=Dokument.Art.ZUWENDUNGSBESCHEID)
    assert bescheide.rendern(dokument_id=dok.pk)
    text = _text(bytes(Dokument.objects.get(pk=dok.pk).pdf))
    assert f"01.07.{jahr} bis 31.12.{jahr}" in text
    assert "× 6/12 Monate" in text and "42.750,00 €" in text and "50.250,00 €" in text


# --- 2. Early start: the applicant asks, the authority decides ---


def test_the_applicants_request_does_not_count_the_authoritys_decision_does(teil1, pruefung_arnsberg):
    beginn = timezone.localdate() - datetime.timedelta(days=10)
    Antrag.objects.filter(pk=teil1.pk).update(massnahmebeginn=beginn, vorzeitiger_beginn_beantragt=True)
    antrag = Antrag.objects.get(pk=teil1.pk)
    assert any(b.code == "beginn.vorzeitig" for b in workflow.pruefen(antrag).befunde)
    with pytest.raises(WorkflowError, match="vor der Bewilligung"):
        workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=_alles(antrag))
    workflow.vorzeitigen_beginn_entscheiden(
        antrag=antrag, by=pruefung_arnsberg, zugelassen=True, grund="Kurse beginnen mit dem Schuljahr."
    )
    antrag = Antrag.objects.get(pk=teil1.pk)
    assert antrag.vorzeitiger_beginn_entschieden_von == pruefung_arnsberg
    assert not any(b.code == "beginn.vorzeitig" for b in workflow.pruefen(antrag).befunde)
    eintrag = Statuswechsel.objects.filter(antrag=antrag).latest("pk")
    assert "Vorzeitiger Maßnahmebeginn zugelassen" in eintrag.grund and not eintrag.intern


def test_early_start_decision_needs_a_reason_and_the_pruefung(teil1, pruefung_arnsberg, zeichnung_dortmund):
    with pytest.raises(WorkflowError, match="begründen"):
        workflow.vorzeitigen_beginn_entscheiden(
            antrag=teil1, by=pruefung_arnsberg, zugelassen=True, grund=" "
        )
    with pytest.raises(WorkflowError):
        workflow.vorzeitigen_beginn_entscheiden(
            antrag=teil1, by=zeichnung_dortmund, zugelassen=True, grund="x"
        )


# --- 3. Part II: whole units ---


def test_part_ii_cut_must_be_whole_units_and_the_purpose_lists_the_approved(
    teil2, pruefung_arnsberg, zeichnung_arnsberg
):
    (schluessel,) = _alles(teil2)
    with pytest.raises(WorkflowError, match="9,6 Einheiten zu 250,00 €"):
        workflow.start_hearing(
            antrag=teil2, by=pruefung_arnsberg, text="Kürzung.", zeilen={schluessel: D("2400.00")}
        )
    workflow.start_hearing(
        antrag=teil2, by=pruefung_arnsberg, text="Kürzung.", zeilen={schluessel: D("2250.00")}
    )
    Schreiben.objects.filter(antrag=teil2).update(frist=timezone.localdate() - datetime.timedelta(days=1))
    antrag = Antrag.objects.get(pk=teil2.pk)
    with pytest.raises(WorkflowError, match="ganzen Einheiten"):
        workflow.propose_approval(
            antrag=antrag, by=pruefung_arnsberg, zeilen={schluessel: (D("2400.00"), "Drei Termine entfallen.")},
            begruendung="Teilweise.",
        )  # fmt: skip
    workflow.propose_approval(
        antrag=antrag, by=pruefung_arnsberg, begruendung="Teilweise.",
        zeilen={schluessel: (D("2250.00"), "Drei Gruppenangebote sind nicht erforderlich.")},
    )  # fmt: skip
    workflow.approve(antrag=Antrag.objects.get(pk=teil2.pk), by=zeichnung_arnsberg)
    dok = Dokument.objects.get(antrag=teil2, art=Dokument.Art.ZUWENDUNGSBESCHEID)
    assert "Baustein B – " in " ".join(dok.daten["bewilligung"]["zweck"])
    assert any("9 × Gruppenmaßnahme" in z for z in dok.daten["bewilligung"]["zweck"])
    assert not any("12 ×" in z for z in dok.daten["bewilligung"]["zweck"])


# --- 5. Anhörung ---


def test_anhoerung_never_above_the_request_and_per_line(teil1, pruefung_arnsberg):
    with pytest.raises(WorkflowError, match="über dem beantragten Betrag"):
        workflow.start_hearing(
            antrag=teil1, by=pruefung_arnsberg, text="x", beabsichtigter_betrag=D("100500.01")
        )
    schreiben = workflow.start_hearing(
        antrag=teil1, by=pruefung_arnsberg, text="Sachmittel gekürzt.",
        zeilen={"personal": D("85500.00"), "sachmittel": D("10000.00")},
    )  # fmt: skip
    assert schreiben.beabsichtigter_betrag == D("95500.00") and len(schreiben.zeilen) == 2
    dok = Dokument.objects.get(antrag=teil1, art=Dokument.Art.ANHOERUNG)
    assert schreiben.dokument_id == dok.pk
    assert bescheide.rendern(dokument_id=dok.pk)
    text = _text(bytes(Dokument.objects.get(pk=dok.pk).pdf))
    assert "Beabsichtigte Beträge je Position" in text and "10.000,00 €" in text and "95.500,00 €" in text


def test_a_second_anhoerung_is_reachable(client, teil1, pruefung_arnsberg):
    workflow.start_hearing(
        antrag=teil1, by=pruefung_arnsberg, text="Erste.", beabsichtigter_betrag=D("95500.00")
    )
    client.force_login(pruefung_arnsberg)
    seite = client.get(reverse("antraege:anhoerung", args=[teil1.pk]))
    assert seite.status_code == 200 and "Erneute Anhörung" in seite.content.decode()
    frist = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    r = client.post(
        reverse("antraege:anhoerung", args=[teil1.pk]),
        {
            "beabsichtigter_betrag": "90.000,00",
            "text": "Weniger als angekündigt.",
            "frist": frist,
            "aktion": "versenden",
        },
    )
    assert r.status_code == 302
    assert Schreiben.objects.filter(antrag=teil1, art="anhoerung").count() == 2
    dok = Dokument.objects.filter(antrag=teil1, art=Dokument.Art.ANHOERUNG).latest("pk")
    assert dok.daten["schreiben"]["erneut"] is True


@pytest.mark.parametrize("name", ["antraege:anhoerung", "antraege:nachforderung"])
def test_preview_before_sending_stores_nothing(client, teil1, pruefung_arnsberg, name):
    Antrag.objects.filter(pk=teil1.pk).update(status=S.FORMALE_PRUEFUNG)
    client.force_login(pruefung_arnsberg)
    frist = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    daten = {"text": "Vorschau-Text.", "punkte": "Stellenplan", "frist": frist, "aktion": "vorschau"}
    if name == "antraege:anhoerung":
        daten["beabsichtigter_betrag"] = "95.500,00"
    r = client.post(reverse(name, args=[teil1.pk]), daten)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _text(r.content)
    assert "Entwurf" in text and "Vorschau-Text." in text
    assert (
        not Schreiben.objects.filter(antrag=teil1).exists()
        and not Dokument.objects.filter(antrag=teil1).exists()
    )
    assert Antrag.objects.get(pk=teil1.pk).status == S.FORMALE_PRUEFUNG


# --- Letters withdrawn and replaced ---


def test_a_letter_sent_by_mistake_is_withdrawn_and_replaced(
    client, teil1, pruefung_arnsberg, zeichnung_dortmund
):
    Antrag.objects.filter(pk=teil1.pk).update(status=S.FORMALE_PRUEFUNG)
    alt = workflow.request_documents(antrag=teil1, by=pruefung_arnsberg, punkte=["Falscher Punkt"])
    alt_dok = alt.dokument
    neu = workflow.schreiben_ersetzen(
        schreiben=alt,
        by=pruefung_arnsberg,
        grund="Versehentlich an die falsche Stelle.",
        punkte=["Stellenplan"],
    )
    alt.refresh_from_db()
    assert alt.zurueckgezogen_am and alt.ersetzt_durch == neu and alt.punkte == ["Falscher Punkt"]
    assert neu.dokument.bezieht_sich_auf == alt_dok  # a new Dokument, the old one never edited
    assert Dokument.objects.get(pk=alt_dok.pk).daten == alt_dok.daten
    with pytest.raises(WorkflowError, match="bereits zurückgezogen"):
        workflow.schreiben_ersetzen(schreiben=alt, by=pruefung_arnsberg, grund="x", punkte=["y"])
    assert bescheide.rendern(dokument_id=neu.dokument_id)
    assert "Dieses Schreiben ersetzt mein Schreiben" in _text(
        bytes(Dokument.objects.get(pk=neu.dokument_id).pdf)
    )
    # the applicant sees the old one marked withdrawn and answers the new one
    client.force_login(zeichnung_dortmund)
    seite = client.get(reverse("antraege:antworten", args=[teil1.pk])).content.decode()
    assert "zurückgezogen" in seite and "Versehentlich an die falsche Stelle." in seite
    workflow.answer_request(antrag=teil1, by=zeichnung_dortmund, antwort="Stellenplan hochgeladen.")
    assert Schreiben.objects.get(pk=neu.pk).antwort == "Stellenplan hochgeladen."
    assert Schreiben.objects.get(pk=alt.pk).antwort == ""


# --- 6. Ablehnungsbescheid: discretion, no page with only the closing formula ---


def test_ablehnungsbescheid_needs_discretion_and_keeps_the_signature_with_text(
    teil1, pruefung_arnsberg, zeichnung_arnsberg
):
    workflow.start_hearing(
        antrag=teil1, by=pruefung_arnsberg, text="Ablehnung.", beabsichtigter_betrag=D("0.00")
    )
    Schreiben.objects.filter(antrag=teil1).update(frist=timezone.localdate() - datetime.timedelta(days=1))
    antrag = Antrag.objects.get(pk=teil1.pk)
    with pytest.raises(WorkflowError, match="Ermessenserwägungen"):
        workflow.propose_rejection(antrag=antrag, by=pruefung_arnsberg, begruendung="Nicht förderfähig.")
    workflow.propose_rejection(
        antrag=antrag, by=pruefung_arnsberg, begruendung="Nicht förderfähig. " * 40,
        ermessen="Die Mittel reichen nicht für alle Anträge. " * 30,
    )  # fmt: skip
    workflow.reject(antrag=Antrag.objects.get(pk=teil1.pk), by=zeichnung_arnsberg)
    dok = Dokument.objects.get(antrag=teil1, art=Dokument.Art.ABLEHNUNGSBESCHEID)
    assert bescheide.rendern(dokument_id=dok.pk)
    seiten = _seiten(bytes(Dokument.objects.get(pk=dok.pk).pdf))
    assert "§ 39 Abs. 1 Satz 3 VwVfG NRW" in " ".join(seiten)
    letzte = seiten[-1]
    assert "Mit freundlichen Grüßen" in letzte and "Rechtsbehelfsbelehrung" in letzte


# --- 7. Internal states stay internal ---


@pytest.mark.parametrize(
    "status",
    [S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG, S.BEWILLIGUNG_VORGESCHLAGEN, S.ABLEHNUNG_VORGESCHLAGEN],
)
def test_applicants_see_in_pruefung_until_signed(
    client, teil1, zeichnung_dortmund, pruefung_arnsberg, status
):
    Antrag.objects.filter(pk=teil1.pk).update(status=status)
    Statuswechsel.objects.create(antrag=teil1, von=S.INHALTLICHE_PRUEFUNG, nach=status, wer=pruefung_arnsberg)
    client.force_login(zeichnung_dortmund)
    for url in (
        reverse("start"),
        reverse("antraege:detail", args=[teil1.pk]),
        reverse("antraege:stand", args=[teil1.pk]),
        reverse("antraege:verlauf", args=[teil1.pk]),
    ):
        seite = client.get(url).content.decode()
        assert "In Prüfung" in seite, url
        for intern in ("vorgeschlagen", "Formale Prüfung", "Inhaltliche Prüfung"):
            assert intern not in seite, (url, intern)
    client.force_login(pruefung_arnsberg)
    assert (
        Antrag.Status(status).label
        in client.get(reverse("antraege:pruefung_detail", args=[teil1.pk])).content.decode()
    )
