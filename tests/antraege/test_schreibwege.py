# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Every write through a named workflow function, audited (issue 15): Statuswechsel append-only,
draft saving with its version check, attachments, approved line amounts and bound budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from antraege import workflow
from antraege.forms.antragstellung import AnlageForm, AntragForm, Teil1Form
from antraege.models import Anlage, Antrag, Statuswechsel
from antraege.workflow.entscheidung import _zeilen_speichern
from komman.models import Protokolleintrag, Unveraenderlich
from programmteile.models import Foerderperiode
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.antraege.test_antragstellung import _teil1_post
from tests.factories import (
    TEIL1_GUELTIG,
    make_antrag,
    make_eingereichter_antrag,
    make_massnahme,
    make_periode,
    parameter_mit_eg11,
)
from tests.komman.test_sicherheit import pdf_bytes

pytestmark = pytest.mark.django_db
S = Antrag.Status


def _eintraege(aktion: str, objekt) -> list[Protokolleintrag]:
    return list(
        Protokolleintrag.objects.filter(
            aktion=aktion, objekt_typ=objekt._meta.label_lower, objekt_id=str(objekt.pk)
        )
    )


def _betragseintraege(objekt, feld: str) -> list[Protokolleintrag]:
    return [e for e in _eintraege(Protokolleintrag.Aktion.BETRAG_GEAENDERT, objekt) if feld in e.details["felder"]]


# --- Statuswechsel: the legal record is append-only ---


@pytest.fixture
def wechsel(dortmund, ki_dortmund, perioden):
    antrag, _ = workflow.create_draft(organisation=dortmund, periode=perioden["I"], by=ki_dortmund)
    return Statuswechsel.objects.get(antrag=antrag)


def test_statuswechsel_refuses_change_and_delete(wechsel):
    wechsel.grund = "nachträglich geändert"
    with pytest.raises(Unveraenderlich, match="nie geändert"):
        wechsel.save()
    with pytest.raises(Unveraenderlich, match="nie gelöscht"):
        wechsel.delete()
    with pytest.raises(Unveraenderlich, match="nie geändert"):
        Statuswechsel.objects.filter(pk=wechsel.pk).update(grund="x")
    with pytest.raises(Unveraenderlich, match="nie gelöscht"):
        Statuswechsel.objects.filter(pk=wechsel.pk).delete()
    assert Statuswechsel.objects.get(pk=wechsel.pk).grund == "Antrag angelegt."


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE antraege_statuswechsel SET grund = 'x' WHERE id = %s",
        "DELETE FROM antraege_statuswechsel WHERE id = %s",
    ],
)
def test_database_refuses_change_and_delete_of_statuswechsel(wechsel, sql):
    """The trigger (SQLite here, PostgreSQL in the test below) refuses what bypasses the model."""
    with pytest.raises(DatabaseError, match="Statuswechsel"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql, [wechsel.pk])
    assert Statuswechsel.objects.get(pk=wechsel.pk).grund == "Antrag angelegt."


@pytest.mark.postgres
def test_postgres_trigger_refuses_change_and_delete_of_statuswechsel(wechsel):
    assert connection.vendor == "postgresql"
    for sql in (
        "UPDATE antraege_statuswechsel SET grund = 'x' WHERE id = %s",
        "DELETE FROM antraege_statuswechsel WHERE id = %s",
    ):
        fehler = pytest.raises(DatabaseError, match="nie geändert oder gelöscht")
        with fehler, transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [wechsel.pk])
    assert Statuswechsel.objects.filter(pk=wechsel.pk, grund="Antrag angelegt.").exists()


# --- Entwurf speichern: the version check lives in the workflow ---


def _formulare(antrag, daten):
    parameter = antrag.foerderperiode.parameter()
    antrag_form = AntragForm(daten, instance=antrag)
    teil_form = Teil1Form(daten, instance=antrag.teil1, parameter=parameter)
    assert antrag_form.is_valid() and teil_form.is_valid(), (antrag_form.errors, teil_form.errors)
    return antrag_form, teil_form


def test_entwurf_speichern_saves_and_bumps_the_version(ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    antrag_form, teil_form = _formulare(antrag, _teil1_post(antrag, konzept="Neu"))
    workflow.entwurf_speichern(
        antrag=antrag, by=ki_dortmund, version=1, antrag_form=antrag_form, teil_form=teil_form
    )
    antrag = Antrag.objects.get(pk=antrag.pk)
    assert antrag.version == 2 and antrag.teil1.konzept == "Neu"
    assert antrag.beantragt == Decimal("100500.00")  # 85.500 + 15.000, from the rules' reading


def test_entwurf_speichern_refuses_a_stale_version(ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    Antrag.objects.filter(pk=antrag.pk).update(version=2)  # someone saved in between
    antrag_form, teil_form = _formulare(antrag, _teil1_post(antrag, konzept="Veraltet"))
    with pytest.raises(workflow.VersionKonflikt, match="inzwischen von einer anderen Person geändert"):
        workflow.entwurf_speichern(
            antrag=antrag, by=ki_dortmund, version=1, antrag_form=antrag_form, teil_form=teil_form
        )
    antrag = Antrag.objects.get(pk=antrag.pk)
    assert antrag.version == 2 and antrag.teil1.konzept != "Veraltet"


def test_entwurf_speichern_refuses_a_submitted_antrag(ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund, teil1=TEIL1_GUELTIG)
    antrag_form, teil_form = _formulare(antrag, _teil1_post(antrag))
    Antrag.objects.filter(pk=antrag.pk).update(status=S.EINGEREICHT)  # submitted in another tab
    with pytest.raises(workflow.VersionKonflikt):
        workflow.entwurf_speichern(
            antrag=antrag, by=ki_dortmund, version=1, antrag_form=antrag_form, teil_form=teil_form
        )
    assert Antrag.objects.get(pk=antrag.pk).version == 1


# --- Anlagen: adding and removing, both audited ---


def _hochladen(antrag, user) -> Anlage:
    form = AnlageForm({"beschreibung": "Plan"}, {"datei": SimpleUploadedFile("plan.pdf", pdf_bytes())})
    assert form.is_valid(), form.errors
    return workflow.anlage_hinzufuegen(
        antrag=antrag, by=user, datei=form.cleaned_data["datei"], beschreibung="Plan"
    )


def test_anlage_hinzufuegen_and_entfernen_leave_audit_records(ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    anlage = _hochladen(antrag, ki_dortmund)
    (hochgeladen,) = _eintraege(Protokolleintrag.Aktion.HOCHGELADEN, anlage)
    assert hochgeladen.wer == ki_dortmund and hochgeladen.details["dateiname"] == "plan.pdf"

    workflow.anlage_entfernen(antrag=antrag, anlage=anlage, by=ki_dortmund)
    assert Anlage.objects.get(pk=anlage.pk).geloescht  # marked, not deleted
    (entfernt,) = _eintraege(Protokolleintrag.Aktion.ENTFERNT, anlage)
    assert entfernt.wer == ki_dortmund and entfernt.details["antrag"] == antrag.pk
    with pytest.raises(workflow.WorkflowError, match="bereits entfernt"):
        workflow.anlage_entfernen(antrag=antrag, anlage=anlage, by=ki_dortmund)
    assert len(_eintraege(Protokolleintrag.Aktion.ENTFERNT, anlage)) == 1


def test_anlage_entfernen_view_leaves_an_audit_record(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    anlage = _hochladen(antrag, ki_dortmund)
    client.force_login(ki_dortmund)
    r = client.post(reverse("antraege:anlage_entfernen", args=[antrag.pk, anlage.pk]))
    assert r.status_code == 302
    (entfernt,) = _eintraege(Protokolleintrag.Aktion.ENTFERNT, anlage)
    assert entfernt.wer == ki_dortmund and entfernt.ip == "127.0.0.1"


def test_anlage_only_while_editable(ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)
    anlage = _hochladen(antrag, ki_dortmund)
    Antrag.objects.filter(pk=antrag.pk).update(status=S.EINGEREICHT)
    antrag.refresh_from_db()
    with pytest.raises(workflow.WorkflowError):
        workflow.anlage_entfernen(antrag=antrag, anlage=anlage, by=ki_dortmund)
    assert not Anlage.objects.get(pk=anlage.pk).geloescht


# --- Money: approved line amounts and the bound budget are audited ---


def test_approved_line_amounts_and_bound_budget_leave_audit_records(
    pruefung_arnsberg, zeichnung_arnsberg, dortmund
):
    periode = make_periode("III", jahr=2032, budget=Decimal("50000.00"), regelparameter=parameter_mit_eg11())
    antrag = make_eingereichter_antrag(
        periode, dortmund, status=S.INHALTLICHE_PRUEFUNG, beantragt=Decimal("10000.00")
    )
    massnahme = make_massnahme(antrag, beantragt=Decimal("10000.00"))
    zeilen = {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}
    workflow.propose_approval(antrag=antrag, by=pruefung_arnsberg, zeilen=zeilen)
    (zeile,) = _betragseintraege(massnahme, "bewilligt")
    assert zeile.details["felder"]["bewilligt"] == {"alt": None, "neu": "10000.00"}

    workflow.approve(antrag=Antrag.objects.get(pk=antrag.pk), by=zeichnung_arnsberg)
    periode = Foerderperiode.objects.get(pk=periode.pk)
    assert periode.gebunden == Decimal("10000.00")
    (budget,) = _betragseintraege(periode, "gebunden")
    assert budget.wer == zeichnung_arnsberg
    assert budget.details["felder"]["gebunden"] == {"alt": "0.00", "neu": "10000.00"}


def test_part1_approved_amounts_leave_audit_records(pruefung_arnsberg, dortmund, perioden):
    antrag = make_antrag(perioden["I"], dortmund, status=S.INHALTLICHE_PRUEFUNG, teil1=TEIL1_GUELTIG)
    zeilen = {
        "personal": (Decimal("85500.00"), ""),
        "sachmittel": (Decimal("15000.00"), ""),
    }
    _zeilen_speichern(antrag, zeilen)
    (eintrag,) = _betragseintraege(antrag.teil1, "personal_bewilligt")
    assert eintrag.details["felder"] == {
        "personal_bewilligt": {"alt": None, "neu": "85500.00"},
        "sachmittel_bewilligt": {"alt": None, "neu": "15000.00"},
    }


# --- Demodaten: only public workflow functions ---


def test_demodaten_use_only_public_workflow_functions():
    """The demo data create and move Anträge as the portal does: no private workflow helper, no
    Aktenzeichen counter of their own (workflow.aktenzeichen_vergeben is the one)."""
    import pathlib
    import re

    import antraege.demodaten

    paket = pathlib.Path(antraege.demodaten.__file__).parent
    for modul in paket.glob("*.py"):
        text = modul.read_text()
        assert not re.search(r"workflow\._|from antraege\.workflow\.", text), modul.name
        assert "aktenzeichen_zaehler" not in text, modul.name
        assert len(text.splitlines()) <= 400, modul.name


def test_upper_apps_add_demo_steps_that_run_after_the_antraege(monkeypatch):
    """zuwendungen (which antraege must not import) registers its demo steps via the hook."""
    import io

    from antraege import demodaten

    gelaufen = []

    def schritt(*, stdout):
        gelaufen.append("zuwendungen")

    monkeypatch.setattr(demodaten, "WEITERE_SCHRITTE", [])
    for teil in ("antragstellung", "pruefung", "stammdaten", "nutzer"):
        monkeypatch.setattr(demodaten, teil, _Leer())
    monkeypatch.setattr(demodaten, "_dokumente", lambda stdout: gelaufen.append("dokumente"))
    demodaten.weiterer_schritt(schritt)
    demodaten.weiterer_schritt(schritt)  # registering twice keeps one
    demodaten.anlegen(stdout=io.StringIO())
    assert gelaufen == ["dokumente", "zuwendungen"]


class _Leer:
    """Stands in for a demodaten module: every function does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None
