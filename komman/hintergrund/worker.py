"""`manage.py worker`: heartbeats, tasks a killed worker left behind, the periodic clock.

A thread of every worker renews its Arbeiter row every PULS seconds and, every PLAN seconds,
queues the periodic runs that are due (plan.planen). A task still RUNNING under a worker
whose pulse is older than VERWAIST is put back to READY by the maintenance run, so another
worker runs it again; after HOECHSTENS_NEU_GESTARTET such restarts (a task that kills its
worker every time) it is marked failed instead.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import socket
import threading

from django.db import connection
from django.utils import timezone

from komman.hintergrund.models import Arbeiter

logger = logging.getLogger("komman.hintergrund")

PULS = 10  # seconds between two heartbeats
PLAN = 30  # seconds between two looks at the periodic clock
VERWAIST = datetime.timedelta(seconds=60)
HOECHSTENS_NEU_GESTARTET = 3


def neue_kennung() -> str:
    from django.utils.crypto import get_random_string

    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"


def puls(worker_id: str) -> None:
    Arbeiter.objects.update_or_create(
        worker_id=worker_id,
        defaults={"puls": timezone.now(), "rechner": socket.gethostname()[:255], "pid": os.getpid()},
    )


def _takt(worker_id: str, stopp: threading.Event) -> None:
    from komman.hintergrund import plan

    zaehler = 0
    while not stopp.is_set():
        try:
            puls(worker_id)
            if zaehler % (PLAN // PULS) == 0:
                plan.planen()
        except Exception:
            logger.exception("Lebenszeichen/Planung des Workers %s gescheitert", worker_id)
        finally:
            connection.close()
        zaehler += 1
        stopp.wait(PULS)


@contextlib.contextmanager
def lebenszeichen(worker_id: str):
    """While the worker runs: a heartbeat thread; at the end its row goes."""
    puls(worker_id)
    stopp = threading.Event()
    faden = threading.Thread(target=_takt, args=(worker_id, stopp), name="komman-puls", daemon=True)
    faden.start()
    try:
        yield
    finally:
        stopp.set()
        faden.join(timeout=5)
        Arbeiter.objects.filter(worker_id=worker_id).delete()


def verwaiste_aufgaben_freigeben(jetzt: datetime.datetime | None = None) -> int:
    """Put tasks of workers without a pulse back in the queue; returns how many."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    jetzt = jetzt or timezone.now()
    grenze = jetzt - VERWAIST
    lebendig = set(Arbeiter.objects.filter(puls__gte=grenze).values_list("worker_id", flat=True))
    freigegeben = 0
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=grenze).only(
        "pk", "worker_ids"
    ):
        if task.worker_ids and task.worker_ids[-1] in lebendig:
            continue
        laufend = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        if len(task.worker_ids) >= HOECHSTENS_NEU_GESTARTET:
            laufend.update(
                status=TaskResultStatus.FAILED,
                finished_at=jetzt,
                exception_class_path="komman.hintergrund.worker.Verwaist",
                traceback=f"Worker {len(task.worker_ids)}-mal ohne Lebenszeichen beendet.",
            )
            logger.error("Aufgabe %s nach %s verwaisten Läufen aufgegeben", task.pk, len(task.worker_ids))
            continue
        freigegeben += laufend.update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("Aufgabe %s eines Workers ohne Lebenszeichen neu eingereiht", task.pk)
    Arbeiter.objects.filter(puls__lt=jetzt - datetime.timedelta(days=1)).delete()
    return freigegeben


def warteschlange() -> dict:
    """The queue at a glance: counts by state, the oldest waiting task's lag, live workers."""
    from django.db.models import Count, Min
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    jetzt = timezone.now()
    zaehlung = dict(DBTaskResult.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    bereit = DBTaskResult.objects.ready()
    seit = [
        bereit.filter(run_after=get_date_max()).aggregate(m=Min("enqueued_at"))["m"],
        bereit.exclude(run_after=get_date_max()).aggregate(m=Min("run_after"))["m"],
    ]
    aeltester = min((s for s in seit if s is not None), default=None)
    return {
        "wartend": zaehlung.get(TaskResultStatus.READY, 0),
        "laufend": zaehlung.get(TaskResultStatus.RUNNING, 0),
        "gescheitert": zaehlung.get(TaskResultStatus.FAILED, 0),
        "verzug_sekunden": max(0, int((jetzt - aeltester).total_seconds())) if aeltester else 0,
        "worker": Arbeiter.objects.filter(puls__gte=jetzt - VERWAIST).count(),
    }


def aufgaben_nach_art() -> list[dict]:
    """Per kind of task (one query): waiting, running, failed, done in the last hour; the
    progress of a bulk run (1,000 notices) in Verwaltung → Postausgang. Kinds with none of
    these are left out."""
    from django.db.models import Count, Q
    from django_tasks import TaskResultStatus as S
    from django_tasks_db.models import DBTaskResult

    from komman.hintergrund import TITEL

    vor_einer_stunde = timezone.now() - datetime.timedelta(hours=1)
    zeilen = (
        DBTaskResult.objects.values("task_path")
        .annotate(
            wartend=Count("pk", filter=Q(status=S.READY)),
            laufend=Count("pk", filter=Q(status=S.RUNNING)),
            gescheitert=Count("pk", filter=Q(status=S.FAILED)),
            erledigt=Count("pk", filter=Q(status=S.SUCCESSFUL, finished_at__gte=vor_einer_stunde)),
        )
        .order_by("task_path")
    )
    return [
        {**z, "titel": TITEL.get(z["task_path"], z["task_path"])}
        for z in zeilen
        if z["wartend"] or z["laufend"] or z["gescheitert"] or z["erledigt"]
    ]
