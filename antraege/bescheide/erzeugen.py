"""Rendering a letter's PDF: once, from its snapshot, as a task queued on commit.

``rendern`` renders ``bescheide/<art>.html`` from ``daten`` and stores PDF and SHA-256 with one
``UPDATE … WHERE sha256 = ''`` (write once). ``pdf_erzeugen`` is the task (retried with backoff),
``erzeugen_lassen`` queues it when the transaction commits, ``fehlende_einreihen`` (every minute)
queues the PDFs whose task was lost.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.utils import timezone

from antraege.models import Dokument
from komman.hintergrund import aufgabe, einreihen, nach_commit

from .pdf import pdf_aus_daten

logger = logging.getLogger("antraege.bescheide")


def rendern(*, dokument_id: int, fehler_melden: bool = False) -> bool:
    """Renders and stores the PDF once. False if it was already rendered or rendering failed.

    A failure is logged and the row stays empty (the bulk tools go on with the next one);
    the task passes ``fehler_melden=True`` to get the exception and retry.
    """
    daten = Dokument.objects.filter(pk=dokument_id, sha256="").values_list("daten", flat=True).first()
    if daten is None:
        return False
    try:
        pdf = pdf_aus_daten(daten)
    except Exception:
        if fehler_melden:
            raise
        logger.exception(
            "Dokument %s konnte nicht erzeugt werden; dokumente_nachholen holt es nach.", dokument_id
        )
        return False
    return speichern(dokument_id=dokument_id, pdf=pdf)


def speichern(*, dokument_id: int, pdf: bytes) -> bool:
    """Write once: the UPDATE only matches while sha256 is still empty."""
    sha = hashlib.sha256(pdf).hexdigest()
    return bool(Dokument.objects.filter(pk=dokument_id, sha256="").update(pdf=pdf, sha256=sha))


# A Dokument still without PDF this long after it was written and with no task in the queue
# lost its task (a process died between commit and queueing, or the task used up its
# attempts): the minute run queues it again, for NACHHOLEN_BIS; older ones are left to
# `manage.py dokumente_nachholen` (a PDF that fails for hours needs a person anyway).
NACHHOLEN_NACH = datetime.timedelta(minutes=2)
NACHHOLEN_BIS = datetime.timedelta(hours=6)


@aufgabe(versuche=5, pause=30, titel="PDF eines Schreibens")
def pdf_erzeugen(*, dokument_id: int) -> bool:
    return rendern(dokument_id=dokument_id, fehler_melden=True)


def erzeugen_lassen(*, dokument_id: int) -> None:
    """Render the Dokument's PDF in the background once the current transaction commits."""
    nach_commit(pdf_erzeugen, dokument_id=dokument_id)


def fehlende_einreihen(faellig: datetime.datetime | None = None) -> int:
    """Every minute (komman.hintergrund.periodisch): queue the PDFs that are overdue."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

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
