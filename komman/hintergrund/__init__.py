"""Background work: tasks with retries, periodic runs, the mail outbox (docs/betrieb.md).

The queue is django-tasks (the backport of Django 6's ``django.tasks`` API) with its
database backend: a task is a row in the portal's own database, SQLite or PostgreSQL, and
``manage.py worker`` processes on any number of machines run them, each row once
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite).
What the backend lacks, this package adds:

- ``@aufgabe(versuche=…, pause=…)``: a task that is queued again after a failure, with a pause
  doubling each time (at most an hour), until it succeeds or has used its attempts.
- ``nach_commit(aufgabe, **kwargs)``: queue a task when the current transaction commits (a
  rollback queues nothing); never raises into the caller.
- ``periodisch(name, funktion, um=… | alle=…)``: a function run daily at a time or every so
  many seconds, once per due date however many workers run (komman.hintergrund.plan).
- the workers' heartbeats and the release of tasks a killed worker left (worker.py).

Domain code only ever calls ``nach_commit`` and ``komman.mails.senden``; whether a task runs
in a worker (AUFGABEN=datenbank, the default) or at once (AUFGABEN=sofort, the tests) is the
backend's business, never a second code path.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("komman.hintergrund")

LAENGSTE_PAUSE = 3600  # seconds: retries wait at most an hour


def pause_nach(versuch: int, pause: int) -> int:
    """Seconds to wait after failed attempt `versuch` (1, 2, …): pause, 2·pause, 4·pause, … ≤ 1 h."""
    return min(pause * 2 ** (versuch - 1), LAENGSTE_PAUSE)


# What the Administration reads for a task in Verwaltung → Postausgang: module path -> title.
TITEL: dict[str, str] = {}


def aufgabe(*, versuche: int = 5, pause: int = 30, prioritaet: int = 0, titel: str = ""):
    """Decorator: a module-level function becomes a task retried with backoff on failure.
    ``titel``: its name in German for the queue overview (Verwaltung → Postausgang)."""

    def dekorieren(funktion: Callable):
        halter: list = []

        @functools.wraps(funktion)
        def ausfuehren(*args, versuch: int = 1, **kwargs):
            try:
                return funktion(*args, **kwargs)
            except Exception:
                selbst = halter[0]
                if versuch >= versuche or not selbst.get_backend().supports_defer:
                    logger.exception("Aufgabe %s endgültig gescheitert (Versuch %s)", selbst.name, versuch)
                    raise
                warten = pause_nach(versuch, pause)
                logger.warning(
                    "Aufgabe %s gescheitert (Versuch %s von %s), neuer Versuch in %s s",
                    selbst.name, versuch, versuche, warten, exc_info=True,
                )
                nach = timezone.now() + datetime.timedelta(seconds=warten)
                selbst.using(run_after=nach).enqueue(*args, versuch=versuch + 1, **kwargs)
                return {"erneut_ab": nach.isoformat(), "versuch": versuch}

        aufgabe_ = task(priority=prioritaet)(ausfuehren)
        halter.append(aufgabe_)
        if titel:
            TITEL[aufgabe_.module_path] = titel
        return aufgabe_

    return dekorieren


def einreihen(aufgabe_, **kwargs) -> None:
    """Queue now; a failure to queue is logged, never raised (the periodic sweep catches up)."""
    try:
        aufgabe_.enqueue(**kwargs)
    except Exception:
        logger.exception("Aufgabe %s konnte nicht eingereiht werden", getattr(aufgabe_, "name", aufgabe_))


def nach_commit(aufgabe_, **kwargs) -> None:
    """Queue the task once the current transaction commits; a rollback queues nothing."""
    transaction.on_commit(functools.partial(einreihen, aufgabe_, **kwargs))


# --- Periodic work, registered by the apps in AppConfig.ready() ---


@dataclass(frozen=True)
class Periodisch:
    name: str
    funktion: Callable[[datetime.datetime], object]
    um: datetime.time | None = None  # daily at this local time …
    alle: int | None = None  # … or every so many seconds

    def termin(self, jetzt: datetime.datetime) -> str | None:
        """The due date this moment belongs to, or None before today's time."""
        if self.alle:
            return str(int(jetzt.timestamp()) // self.alle)
        ortszeit = timezone.localtime(jetzt)
        if self.um is not None and ortszeit.time() < self.um:
            return None
        return ortszeit.date().isoformat()


PERIODISCH: dict[str, Periodisch] = {}


def periodisch(
    name: str, funktion: Callable, *, um: datetime.time | None = None, alle: int | None = None
) -> None:
    """Register (or replace) a periodic function; it receives the moment it was due."""
    if (um is None) == (alle is None):
        raise ValueError("periodisch: genau eines von um= oder alle= angeben")
    PERIODISCH[name] = Periodisch(name, funktion, um=um, alle=alle)
