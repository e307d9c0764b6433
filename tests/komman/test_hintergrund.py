"""Background work: the mail outbox, tasks with retries, the worker, Postausgang, /gesundheit/."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from antraege import workflow
from antraege.models import Antrag
from komman import mails
from komman.hintergrund import outbox, plan, worker
from komman.hintergrund.models import Arbeiter, Mail, Planlauf
from komman.models import Rolle
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.factories import (
    TEIL1_GUELTIG,
    bezirksregierung,
    make_antrag,
    make_eingereichter_antrag,
    make_massnahme,
    make_periode,
    make_user,
    parameter_mit_eg11,
)

PROJEKT = Path(__file__).resolve().parents[2]
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class SmtpKaputt(BaseEmailBackend):
    """The mail server refuses every mail."""

    def send_messages(self, email_messages):
        raise SMTPException("421 Dienst nicht verfügbar")


@pytest.fixture
def smtp_kaputt(settings):
    settings.EMAIL_BACKEND = "tests.komman.test_hintergrund.SmtpKaputt"
    return settings


def _spaeter(mail_obj: Mail) -> datetime.datetime:
    mail_obj.refresh_from_db()
    return mail_obj.naechster_versuch + datetime.timedelta(seconds=1)


# --- Outbox: same transaction, after commit, never for a rollback ---


@pytest.mark.django_db
def test_mail_of_a_rolled_back_change_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        mails.senden(an=["a@x.invalid"], vorlage="mail_aufgegeben", kontext={"mail": Mail(an=[], versuche=1)})
        raise RuntimeError("Änderung scheitert")
    assert not Mail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_mail_is_a_row_first_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as rueckrufe:
        mails.senden(an=["b@x.invalid", "a@x.invalid", ""], vorlage="mail_aufgegeben", kontext={"mail": Mail()})
    zeile = Mail.objects.get()
    assert zeile.status == Mail.Status.WARTEND and zeile.an == ["a@x.invalid", "b@x.invalid"]
    assert mail.outbox == [] and len(rueckrufe) == 1
    rueckrufe[0]()
    zeile.refresh_from_db()
    assert zeile.status == Mail.Status.GESENDET and zeile.versuche == 1
    assert mail.outbox[0].subject == zeile.betreff and mail.outbox[0].to == ["a@x.invalid", "b@x.invalid"]


@pytest.mark.django_db
def test_submit_succeeds_with_smtp_down_and_mail_follows_when_it_is_back(
    client, zeichnung_dortmund, dortmund, perioden, smtp_kaputt, django_capture_on_commit_callbacks  # noqa: F811
):
    antrag = make_antrag(perioden["I"], dortmund, teil1=TEIL1_GUELTIG, kontakt_email="k@dortmund.invalid")
    client.force_login(zeichnung_dortmund)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("antraege:einreichen", args=[antrag.pk]),
            {"richtigkeit": "on", "nicht_begonnen": "on", "mitteilungspflicht": "on"},
        )
    assert antwort.status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.EINGEREICHT
    zeile = Mail.objects.get(vorlage="eingangsbestaetigung")
    assert zeile.status == Mail.Status.WARTEND and zeile.versuche == 1 and "421" in zeile.letzter_fehler
    assert mail.outbox == []

    smtp_kaputt.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.zustellen(zeile.pk, jetzt=_spaeter(zeile)) == "gesendet"
    assert len(mail.outbox) == 1 and "k@dortmund.invalid" in mail.outbox[0].to
    # Delivered once: a second task for the same mail does nothing.
    assert outbox.zustellen(zeile.pk, jetzt=_spaeter(zeile)) == "nicht fällig"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_signing_succeeds_with_smtp_down(smtp_kaputt, django_capture_on_commit_callbacks):
    periode = make_periode("III", budget=Decimal("100000.00"), regelparameter=parameter_mit_eg11())
    from tests.factories import make_traeger

    pruefer = make_user("pruefung.x", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)
    zeichner = make_user("zeichnung.x", organisation=bezirksregierung(), rolle=Rolle.ZEICHNUNG)
    antrag = make_eingereichter_antrag(
        periode, make_traeger("Träger X"), status=Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN,
        beantragt=Decimal("1000.00"), zuwendung=Decimal("1000.00"), vorgeschlagen_von=pruefer,
        vorgeschlagen_am=timezone.now(), erstellt_von=pruefer, kontakt_email="k@traeger.invalid",
    )  # fmt: skip
    make_massnahme(antrag, beantragt=Decimal("1000.00"))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(antrag=antrag, by=zeichner)
    antrag.refresh_from_db()
    assert antrag.status == Antrag.Status.BEWILLIGT
    assert Mail.objects.filter(vorlage="pruefung_entscheidung", status=Mail.Status.WARTEND).exists()


@pytest.mark.django_db
def test_failed_mail_waits_longer_each_time_then_is_given_up_with_an_alert(
    smtp_kaputt, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mails.senden(an=["a@x.invalid"], vorlage="mail_aufgegeben", kontext={"mail": Mail()})
    zeile = Mail.objects.get()
    pausen = []
    for _ in range(3):
        vorher = _spaeter(zeile)
        assert outbox.zustellen(zeile.pk, jetzt=vorher) == "erneut"
        zeile.refresh_from_db()
        pausen.append(zeile.naechster_versuch - vorher)
    assert pausen[0] < pausen[1] < pausen[2]
    # The alert itself is never alerted about; a normal mail is.
    Mail.objects.filter(pk=zeile.pk).update(vorlage="einladung")
    zu_spaet = zeile.aufgeben_ab + datetime.timedelta(minutes=1)
    Mail.objects.filter(pk=zeile.pk).update(naechster_versuch=zu_spaet)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.zustellen(zeile.pk, jetzt=zu_spaet) == "aufgegeben"
    zeile.refresh_from_db()
    assert zeile.status == Mail.Status.AUFGEGEBEN
    alarm = Mail.objects.get(vorlage="mail_aufgegeben")
    assert admin.email in alarm.an and zeile.betreff in alarm.text


@pytest.mark.django_db
def test_lost_task_is_caught_up_by_the_minute_run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the process dies before queueing
        mails.senden(an=["a@x.invalid"], vorlage="mail_aufgegeben", kontext={"mail": Mail()})
    assert outbox.faellige_einreihen() == 0  # a minute's grace
    assert outbox.faellige_einreihen(timezone.now() + datetime.timedelta(minutes=2)) == 1
    assert Mail.objects.get().status == Mail.Status.GESENDET and len(mail.outbox) == 1


# --- Postausgang (Administration) ---


@pytest.mark.django_db
def test_postausgang_lists_failed_mails_and_resends(
    client, admin, ki_dortmund, smtp_kaputt, django_capture_on_commit_callbacks
):
    jetzt = timezone.now()
    zeile = Mail.objects.create(
        vorlage="einladung", an=["x@y.invalid"], betreff="Einladung X", text="T", status=Mail.Status.AUFGEGEBEN,
        versuche=9, letzter_fehler="SMTPException: 421", aufgeben_ab=jetzt,
    )  # fmt: skip
    client.force_login(ki_dortmund)
    assert client.get(reverse("postausgang")).status_code == 403
    assert client.post(reverse("postausgang_erneut"), {"mail": [zeile.pk]}).status_code == 403
    client.force_login(admin)
    html = client.get(reverse("postausgang")).content.decode()
    assert "Einladung X" in html and "aufgegeben" in html and "SMTPException: 421" in html
    # Each checkbox has a visible label (docs/barrierefreiheit.md), naming the mail for screen readers.
    assert f'<label class="form-check-label" for="mail-{zeile.pk}">Auswählen<span class="visually-hidden">: Einladung X' in html
    smtp_kaputt.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(reverse("postausgang_erneut"), {"mail": [zeile.pk]})
    assert antwort.status_code == 302
    zeile.refresh_from_db()
    assert zeile.status == Mail.Status.GESENDET and len(mail.outbox) == 1


@pytest.mark.django_db
def test_postausgang_shows_the_progress_of_queued_pdfs_by_kind(client, admin, settings):
    """A bulk run (1,000 notices after signing) is visible: waiting, running, failed, done."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from antraege.bescheide.erzeugen import pdf_erzeugen

    settings.TASKS = DB_BACKEND
    for pk in range(1, 1012):
        pdf_erzeugen.enqueue(dokument_id=pk)
    ids = list(DBTaskResult.objects.order_by("pk").values_list("pk", flat=True))
    DBTaskResult.objects.filter(pk__in=ids[:2]).update(status=TaskResultStatus.RUNNING)
    DBTaskResult.objects.filter(pk=ids[2]).update(status=TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(pk__in=ids[3:10]).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now()
    )
    DBTaskResult.objects.filter(pk=ids[10]).update(  # done yesterday: not in the last hour
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(admin)
    html = client.get(reverse("postausgang")).content.decode()
    assert "Aufgaben in der Warteschlange: 1.000" in html and "in Arbeit: 2, gescheitert: 1." in html
    assert "<caption>Hintergrundaufgaben nach Art" in html
    zeile = (
        '<tr><th scope="row">PDF eines Schreibens</th><td class="text-end">1.000</td>'
        '<td class="text-end">2</td><td class="text-end">1</td><td class="text-end">7</td></tr>'
    )
    assert zeile in html
    DBTaskResult.objects.all().delete()
    assert "Hintergrundaufgaben nach Art" not in client.get(reverse("postausgang")).content.decode()


# --- Tasks: retries with backoff, the periodic clock ---


@pytest.mark.django_db
def test_failing_task_is_queued_again_later_until_its_attempts_are_used(settings):
    from django_tasks_db.models import DBTaskResult

    from tests.komman.hintergrund_aufgaben import scheitert_immer

    settings.TASKS = DB_BACKEND
    scheitert_immer.enqueue(n=1)
    ausfuehren = DBTaskResult.objects.get()
    ergebnis = scheitert_immer.call(n=1)
    assert ergebnis["versuch"] == 1
    neu = DBTaskResult.objects.exclude(pk=ausfuehren.pk).get()
    assert neu.args_kwargs["kwargs"] == {"n": 1, "versuch": 2}
    assert neu.run_after > timezone.now() + datetime.timedelta(seconds=5)
    with pytest.raises(RuntimeError):
        scheitert_immer.call(n=1, versuch=3)


@pytest.mark.django_db
def test_periodic_run_is_queued_once_per_due_date(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_BACKEND
    morgens = timezone.make_aware(datetime.datetime(2026, 12, 3, 0, 30))
    nachts = timezone.make_aware(datetime.datetime(2026, 12, 3, 4, 0))
    assert "taeglicher_lauf" not in plan.planen(morgens)
    assert "aufraeumen" not in plan.planen(morgens)
    zuerst = plan.planen(nachts)
    assert {"taeglicher_lauf", "aufraeumen", "wartung", "pdfs_nachholen"} <= set(zuerst)
    assert plan.planen(nachts) == []
    assert DBTaskResult.objects.count() == Planlauf.objects.count()
    lauf = Planlauf.objects.get(name="taeglicher_lauf")
    assert lauf.termin == "2026-12-03"
    plan.ausfuehren(lauf.pk)
    assert plan.letzter_lauf("taeglicher_lauf") is not None


@pytest.mark.django_db
def test_task_of_a_worker_without_pulse_is_released(settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tests.komman.hintergrund_aufgaben import merken

    settings.TASKS = DB_BACKEND
    merken.enqueue(n=1)
    vor_zwei_minuten = timezone.now() - datetime.timedelta(minutes=2)
    Arbeiter.objects.create(worker_id="tot", rechner="h", pid=1, puls=vor_zwei_minuten)
    Arbeiter.objects.create(worker_id="lebt", rechner="h", pid=2)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=vor_zwei_minuten, worker_ids=["tot"])
    merken.enqueue(n=2)
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING, started_at=vor_zwei_minuten, worker_ids=["lebt"]
    )
    assert worker.verwaiste_aufgaben_freigeben() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, worker_ids=["lebt"]).count() == 1


# --- /gesundheit/ ---


@pytest.mark.django_db
def test_gesundheit_reports_without_personal_data(client, settings):
    Mail.objects.create(vorlage="einladung", an=["geheim@x.invalid"], betreff="B", text="T", aufgeben_ab=timezone.now())
    Planlauf.objects.create(name="taeglicher_lauf", termin="2026-12-03", erledigt_am=timezone.now())
    antwort = client.get(reverse("gesundheit"))
    assert antwort.status_code == 200
    daten = antwort.json()
    assert daten["status"] == "ok" and daten["datenbank"] == "ok"
    assert daten["postausgang"]["wartend"] == 1 and daten["taeglicher_lauf"]
    assert {"wartend", "laufend", "gescheitert", "verzug_sekunden", "worker"} <= set(daten["warteschlange"])
    assert "geheim" not in antwort.content.decode()
    settings.GESUNDHEIT_TOKEN = "t0ken"
    assert client.get(reverse("gesundheit")).status_code == 403
    assert client.get(reverse("gesundheit"), headers={"X-Gesundheit-Token": "t0ken"}).status_code == 200


@pytest.mark.django_db
def test_gesundheit_is_rate_limited(client):
    from django.core.cache import cache

    cache.clear()
    codes = [client.get(reverse("gesundheit")).status_code for _ in range(35)]
    assert codes.count(200) == 30 and codes[-1] == 429


# --- Workers on PostgreSQL: each task once, a killed worker's task runs again ---


def _worker_env() -> dict:
    einstellungen = connection.settings_dict
    url = (
        f"postgres://{einstellungen['USER']}:{einstellungen['PASSWORD'] or ''}@{einstellungen['HOST']}:"
        f"{einstellungen['PORT'] or 5432}/{einstellungen['NAME']}"
    )
    return {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test", "AUFGABEN": "datenbank", "DEBUG": "False"}


def _worker(*argumente: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--interval", "0.1", *argumente],
        cwd=PROJEKT,
        env=_worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_run_every_task_once(settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tests.komman.hintergrund_aufgaben import merken

    settings.TASKS = DB_BACKEND
    for n in range(40):
        merken.enqueue(n=n)
    arbeiter = [_worker("--batch"), _worker("--batch")]
    for prozess in arbeiter:
        _, fehler = prozess.communicate(timeout=120)
        assert prozess.returncode == 0, fehler.decode()
    ergebnisse = DBTaskResult.objects.filter(task_path__endswith="merken")
    assert ergebnisse.filter(status=TaskResultStatus.SUCCESSFUL).count() == 40
    assert all(len(r.worker_ids) == 1 for r in ergebnisse)
    assert sorted(int(t) for t in Planlauf.objects.filter(name="test-lauf").values_list("termin", flat=True)) == list(
        range(40)
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_task_of_a_killed_worker_runs_again(settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tests.komman.hintergrund_aufgaben import haengen_beim_ersten_mal

    settings.TASKS = DB_BACKEND
    haengen_beim_ersten_mal.enqueue(n=7)
    erster = _worker()
    try:
        for _ in range(300):
            if DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, task_path__endswith="mal").exists():
                break
            time.sleep(0.1)
        else:
            pytest.fail("der erste Worker hat die Aufgabe nicht begonnen")
    finally:
        erster.send_signal(signal.SIGKILL)
        erster.wait(timeout=30)
    assert Arbeiter.objects.count() == 1  # a killed worker cannot say goodbye
    assert worker.verwaiste_aufgaben_freigeben(timezone.now() + datetime.timedelta(minutes=2)) == 1
    zweiter = _worker("--batch")
    _, fehler = zweiter.communicate(timeout=120)
    assert zweiter.returncode == 0, fehler.decode()
    ergebnis = DBTaskResult.objects.get(task_path__endswith="haengen_beim_ersten_mal")
    assert ergebnis.status == TaskResultStatus.SUCCESSFUL and len(ergebnis.worker_ids) == 2
    assert Planlauf.objects.filter(name="test-haengen", termin="7").count() == 1
