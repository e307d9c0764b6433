"""A Klage against the Erstattungsbescheid (zuwendungen.workflow.widerruf_klage): while it is
pending the notice is not final and not enforced; its end decides."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from antraege.workflow import WorkflowError
from programmteile import rules
from tests.zuwendungen.widerruf_hilfen import ENTSCHEIDUNG, bis_zum_bescheid, forderung, zuwendung_mit_vn
from zuwendungen import permissions, workflow
from zuwendungen.models import Frist, Rueckforderung
from zuwendungen.workflow.widerruf import bestandskraft_feststellen

R = Rueckforderung.Status
ERHOBEN = ENTSCHEIDUNG + datetime.timedelta(days=20)


@pytest.fixture
def beschieden(dortmund, pruefung_arnsberg, zeichnung_arnsberg):
    f = forderung(zuwendung_mit_vn(dortmund, pruefung_arnsberg), pruefung_arnsberg)
    return bis_zum_bescheid(f, pruefung=pruefung_arnsberg, zeichnung=zeichnung_arnsberg)


def _frist(f, teil):
    return Frist.objects.get(schluessel=f"rueckforderung:{f.pk}:{teil}")


def _klage(f, wer, **kw):
    werte = {
        "erhoben_am": ERHOBEN,
        "gericht": "Verwaltungsgericht Gelsenkirchen",
        "aktenzeichen": "19 K 1234/26",
    }
    return workflow.rueckforderung_klage_erfassen(forderung=f, by=wer, **{**werte, **kw})


def test_pending_klage_stops_bestandskraft_and_mahnung(beschieden, pruefung_arnsberg):
    f = _klage(beschieden, pruefung_arnsberg)
    assert f.klage_anhaengig and f.status == R.BESCHIEDEN
    assert _frist(f, "klagefrist").status == _frist(f, "zahlung").status == Frist.Status.ERLEDIGT
    nach_klagefrist = rules.bestandskraft(f.bekanntgabe_am, klagefrist_monate=1).bestandskraeftig_ab
    assert bestandskraft_feststellen(nach_klagefrist + datetime.timedelta(days=30)) == 0
    spaeter = f.faellig_am + datetime.timedelta(days=10)
    assert f not in workflow.ueberfaellig(spaeter)
    with pytest.raises(WorkflowError, match="§ 80 Abs. 1 VwGO"):
        workflow.mahnen(forderung=f, by=pruefung_arnsberg, heute=spaeter)
    with pytest.raises(WorkflowError, match="schon eine Klage"):
        _klage(f, pruefung_arnsberg)

    # Dismissed: final on the day the proceedings ended; the payment deadline runs again.
    ende = ERHOBEN + datetime.timedelta(days=40)
    f = workflow.rueckforderung_klage_entschieden(
        forderung=f, by=pruefung_arnsberg, ausgang="abgewiesen", entschieden_am=ende
    )
    f.refresh_from_db()
    assert not f.klage_anhaengig and f.bestandskraeftig_am == ende
    zahlung = _frist(f, "zahlung")
    assert zahlung.status == Frist.Status.OFFEN and zahlung.faellig_am == f.faellig_am
    assert f in workflow.ueberfaellig(spaeter)
    assert permissions.can_rueckforderung(pruefung_arnsberg, f, "mahnen")[0]
    assert f.zuwendung.antrag.statuswechsel.filter(grund__contains="Klage abgewiesen").exists()


def test_annulled_notice_lets_pruefung_drop_the_claim(beschieden, pruefung_arnsberg):
    ok, grund = permissions.can_rueckforderung(pruefung_arnsberg, beschieden, "einstellen")
    assert not ok and "aufgehoben" in grund
    f = _klage(beschieden, pruefung_arnsberg)
    f = workflow.rueckforderung_klage_entschieden(
        forderung=f, by=pruefung_arnsberg, ausgang="aufgehoben", entschieden_am=ERHOBEN
    )
    assert f.bestandskraeftig_am is None
    assert bestandskraft_feststellen(ERHOBEN + datetime.timedelta(days=365)) == 0
    f = workflow.einstellen(forderung=f, by=pruefung_arnsberg, grund="Bescheid durch Urteil aufgehoben.")
    assert f.status == R.EINGESTELLT
    assert _frist(f, "zahlung").status == Frist.Status.ERLEDIGT


def test_klage_dates_roles_and_inputs_are_checked(beschieden, pruefung_arnsberg, zeichnung_dortmund):
    with pytest.raises(WorkflowError, match="Zukunft"):
        _klage(beschieden, pruefung_arnsberg, erhoben_am=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(WorkflowError, match="vor dem Erstattungsbescheid"):
        _klage(beschieden, pruefung_arnsberg, erhoben_am=ENTSCHEIDUNG - datetime.timedelta(days=1))
    with pytest.raises(WorkflowError, match="Gericht"):
        _klage(beschieden, pruefung_arnsberg, gericht=" ")
    with pytest.raises(WorkflowError, match="Prüfung"):
        _klage(beschieden, zeichnung_dortmund)
    with pytest.raises(WorkflowError, match="keine Klage"):
        workflow.rueckforderung_klage_entschieden(
            forderung=beschieden, by=pruefung_arnsberg, ausgang="abgewiesen", entschieden_am=ERHOBEN
        )
    f = _klage(beschieden, pruefung_arnsberg)
    with pytest.raises(WorkflowError, match="zwischen der Klageerhebung"):
        workflow.rueckforderung_klage_entschieden(
            forderung=f,
            by=pruefung_arnsberg,
            ausgang="abgewiesen",
            entschieden_am=ERHOBEN - datetime.timedelta(days=1),
        )
    assert Rueckforderung.objects.get(pk=f.pk).klage_ausgang == ""


def test_klage_through_the_page(client, beschieden, pruefung_arnsberg):
    url = reverse("zuwendungen:rueckforderung", args=[beschieden.pk])
    client.force_login(pruefung_arnsberg)
    assert "Klage gegen den Erstattungsbescheid erfassen" in client.get(url).content.decode()
    antwort = client.post(url, {"aktion": "klage", "erhoben_am": "31.02.2026", "gericht": "VG Arnsberg"})
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Bitte geben Sie das Aktenzeichen des Gerichts an." in html and 'value="VG Arnsberg"' in html
    antwort = client.post(
        url,
        {
            "aktion": "klage",
            "erhoben_am": ERHOBEN.strftime("%d.%m.%Y"),
            "gericht": "VG Arnsberg",
            "aktenzeichen": "5 K 1/26",
        },
    )
    assert antwort.status_code == 302
    html = client.get(url).content.decode()
    assert "anhängig" in html and "5 K 1/26" in html and "Ausgang der Klage erfassen" in html
    assert "Mahnung erstellen" not in html

    # Its end: a missing outcome and a day before the Klage are told at the form, input kept.
    antwort = client.post(url, {"aktion": "klage_entschieden", "entschieden_am": "01.01.2020"})
    html = antwort.content.decode()
    assert antwort.status_code == 200 and "Bitte wählen Sie den Ausgang des Verfahrens." in html
    antwort = client.post(
        url, {"aktion": "klage_entschieden", "ausgang": "abgewiesen", "entschieden_am": "01.01.2020"}
    )
    html = antwort.content.decode()
    assert "zwischen der Klageerhebung" in html
    assert re.search(r'value="abgewiesen"[^>]*checked', html), "the chosen outcome is kept"
    assert Rueckforderung.objects.get(pk=beschieden.pk).klage_anhaengig
    ende = (ERHOBEN + datetime.timedelta(days=5)).strftime("%d.%m.%Y")
    antwort = client.post(
        url, {"aktion": "klage_entschieden", "ausgang": "abgewiesen", "entschieden_am": ende}
    )
    assert antwort.status_code == 302
    assert Rueckforderung.objects.get(pk=beschieden.pk).bestandskraeftig_am is not None
