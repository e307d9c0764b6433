"""PDF rendering as a task: queued on commit, retried with backoff, caught up every minute."""

from __future__ import annotations

import datetime

from django.utils import timezone

from komman.hintergrund import aufgabe, einreihen, nach_commit

# A Dokument still without PDF this long after it was written and with no task in the queue
# lost its task (a process died between commit and queueing, or the task used up its
# attempts): the minute run queues it again, for NACHHOLEN_BIS; older ones are left to
# `manage.py dokumente_nachholen` (a PDF that fails for hours needs a person anyway).
NACHHOLEN_NACH = datetime.timedelta(minutes=2)
NACHHOLEN_BIS = datetime.timedelta(hours=6)


@aufgabe(versuche=5, pause=30)
def pdf_erzeugen(*, dokument_id: int) -> bool:
    from antraege import bescheide

    return bescheide.rendern(dokument_id=dokument_id, fehler_melden=True)


def erzeugen_lassen(*, dokument_id: int) -> None:
    """Render the Dokument's PDF in the background once the current transaction commits."""
    nach_commit(pdf_erzeugen, dokument_id=dokument_id)


def fehlende_einreihen(faellig: datetime.datetime | None = None) -> int:
    """Every minute (komman.hintergrund.periodisch): queue the PDFs that are overdue."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from antraege.models import Dokument

    jetzt = timezone.now()
    ids = Dokument.objects.filter(
        sha256="", erstellt_am__lt=jetzt - NACHHOLEN_NACH, erstellt_am__gte=jetzt - NACHHOLEN_BIS
    ).values_list("pk", flat=True)[:200]
    in_arbeit = set(
        DBTaskResult.objects.filter(
            task_path=pdf_erzeugen.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).values_list("args_kwargs__kwargs__dokument_id", flat=True)
    )
    fehlend = [pk for pk in ids if pk not in in_arbeit]
    for pk in fehlend:
        einreihen(pdf_erzeugen, dokument_id=pk)
    return len(fehlend)
