"""Sending mail: the one way out for every notification of the portal.

Texts are Django templates under templates/mails/<name>.txt whose first line is the
subject; links point at settings.SITE_URL. `senden` writes the mail into the outbox in the
caller's transaction and a task delivers it after commit (komman/hintergrund/outbox.py): a
rollback sends nothing, and a failing mail server never fails the caller. Call it inside
the transaction of the change the mail reports. The apps build their notifications on
`senden` (antraege/mails.py).
"""

from __future__ import annotations

from komman.hintergrund import outbox


def senden(*, an: list[str], vorlage: str, kontext: dict) -> int:
    """Renders templates/mails/<vorlage>.txt (subject on line 1) into the outbox; returns mails queued."""
    return outbox.aus_vorlage(an=an, vorlage=vorlage, kontext=kontext)
