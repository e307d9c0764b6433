"""The maintenance runs of komman, registered as periodic in KommanConfig.ready()."""

from __future__ import annotations

import datetime

from django.utils import timezone

AUFGABEN_AUFBEWAHREN = datetime.timedelta(days=14)
PLANLAEUFE_AUFBEWAHREN = datetime.timedelta(days=30)
# Sent mails hold personal data; kept long enough to answer "did the mail go out?".
MAILS_AUFBEWAHREN = datetime.timedelta(days=90)


def minuetlich(faellig: datetime.datetime) -> dict:
    """Every minute: lost mails back in the queue, tasks of dead workers released."""
    from komman.hintergrund import outbox, worker

    return {
        "mails_eingereiht": outbox.faellige_einreihen(),
        "aufgaben_freigegeben": worker.verwaiste_aufgaben_freigeben(),
    }


def aufraeumen(faellig: datetime.datetime) -> dict:
    """Daily: finished task rows, old periodic runs and old sent mails go."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from komman.hintergrund.models import Mail, Planlauf

    jetzt = timezone.now()
    aufgaben, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=jetzt - AUFGABEN_AUFBEWAHREN,
    ).delete()
    laeufe, _ = Planlauf.objects.filter(eingereiht_am__lt=jetzt - PLANLAEUFE_AUFBEWAHREN).delete()
    mails, _ = Mail.objects.filter(
        status=Mail.Status.GESENDET, gesendet_am__lt=jetzt - MAILS_AUFBEWAHREN
    ).delete()
    return {"aufgaben": aufgaben, "planlaeufe": laeufe, "mails": mails}
