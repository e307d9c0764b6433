"""Sending mail: the one way out for every notification of the portal.

Texts are Django templates under templates/mails/<name>.txt whose first line is the
subject; links point at settings.SITE_URL. Callers send from transaction.on_commit, so a
rollback sends nothing. The apps build their notifications on `senden` (antraege/mails.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def senden(*, an: list[str], vorlage: str, kontext: dict) -> int:
    """Renders templates/mails/<vorlage>.txt (subject on line 1) and sends it; returns mails sent."""
    empfaenger = sorted({adresse for adresse in an if adresse})
    if not empfaenger:
        return 0
    text = render_to_string(f"mails/{vorlage}.txt", {"site_url": settings.SITE_URL, **kontext})
    betreff, _, inhalt = text.strip().partition("\n")
    return send_mail(betreff.strip(), inhalt.strip() + "\n", None, empfaenger)
