"""Tasks only the tests of the task queue use (importable by a worker subprocess)."""

from __future__ import annotations

import time

from django_tasks import task

from komman.hintergrund import aufgabe
from komman.hintergrund.models import Planlauf


@task()
def merken(*, n: int) -> int:
    """Runs once per n: a second run of the same task would break the unique Planlauf row."""
    time.sleep(0.02)
    Planlauf.objects.create(name="test-lauf", termin=str(n))
    return n


@task(takes_context=True)
def haengen_beim_ersten_mal(context, *, n: int) -> int:
    """The first worker hangs (and is killed by the test); the next one finishes."""
    if len(context.task_result.worker_ids) == 1:
        time.sleep(120)
    Planlauf.objects.create(name="test-haengen", termin=str(n))
    return n


@aufgabe(versuche=3, pause=10)
def scheitert_immer(*, n: int) -> None:
    raise RuntimeError(f"kaputt {n}")
