"""python manage.py worker: runs queued tasks (PDFs, mails, the daily run) until stopped.

django-tasks' database worker (``db_worker``) plus komman's heartbeat and periodic clock
(komman/hintergrund/worker.py). Start as many as you like, on as many machines as you like;
each task runs once. Ctrl-C or SIGTERM finishes the running task first.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatenbankWorker

from komman.hintergrund import worker


class Command(DatenbankWorker):
    help = "Hintergrundaufgaben ausführen (PDFs, E-Mails, täglicher Lauf); beliebig viele parallel."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # The heartbeat belongs to the process that runs tasks; the reloader would split them.
        parser.set_defaults(reload=False, worker_id=worker.neue_kennung())

    def handle(self, *args, **options) -> None:
        with worker.lebenszeichen(options["worker_id"]):
            super().handle(*args, **options)
