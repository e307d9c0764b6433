"""The tasks of komman: deliver a mail of the outbox, run a periodic function."""

from __future__ import annotations

from komman.hintergrund import aufgabe


@aufgabe(versuche=3, pause=60)
def periodisch_ausfuehren(*, planlauf_id: int):
    from komman.hintergrund import plan

    return plan.ausfuehren(planlauf_id)


# Retries of a mail are the outbox's own (its row knows attempts and the give-up time), so the
# task itself is tried once; a later attempt is a new task queued by the outbox.
@aufgabe(versuche=1)
def mail_zustellen(*, mail_id: int) -> str:
    from komman.hintergrund import outbox

    return outbox.zustellen(mail_id)
