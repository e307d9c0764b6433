"""The mail outbox: a row in the caller's transaction, delivered by a task after commit.

- ``einstellen`` writes the row and queues ``mail_zustellen`` for after commit; a rollback
  removes both, so no mail ever reports a change that did not happen.
- ``zustellen`` claims the row for a few minutes (one UPDATE, so two workers never send the
  same mail at once), sends, and notes the outcome: sent, or a new attempt after a pause that
  doubles each time, or — past ``aufgeben_ab`` — given up with an alert to the Administration.
- ``faellige_einreihen`` (every minute, komman.hintergrund.plan) queues mails whose task was
  lost: a process that died between commit and queueing, a worker killed while sending.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from komman.hintergrund import aufgabe, einreihen, nach_commit, pause_nach
from komman.hintergrund.models import Mail

logger = logging.getLogger("komman.hintergrund")

SPERRE = datetime.timedelta(minutes=5)  # a claimed mail is left alone this long
ERSTE_PAUSE = 60  # seconds before the second attempt; doubles up to an hour
ALARM_VORLAGE = "mail_aufgegeben"


def aus_vorlage(*, an: list[str], vorlage: str, kontext: dict) -> int:
    """templates/mails/<vorlage>.txt (subject on line 1) into the outbox; returns mails queued."""
    empfaenger = sorted({adresse for adresse in an if adresse})
    # Rendered even for nobody: a password reset for an unknown address must take as long as
    # one for a known address (komman/passwort.py); only the row insert differs.
    text = render_to_string(f"mails/{vorlage}.txt", {"site_url": settings.SITE_URL, **kontext})
    if not empfaenger:
        return 0
    betreff, _, inhalt = text.strip().partition("\n")
    einstellen(vorlage=vorlage, an=empfaenger, betreff=betreff.strip(), text=inhalt.strip() + "\n")
    return 1


def einstellen(*, vorlage: str, an: list[str], betreff: str, text: str) -> Mail:
    jetzt = timezone.now()
    mail = Mail.objects.create(
        vorlage=vorlage,
        an=an,
        betreff=betreff[:300],
        text=text,
        erstellt_am=jetzt,
        naechster_versuch=jetzt,
        aufgeben_ab=jetzt + settings.MAIL_AUFGEBEN_NACH,
    )

    nach_commit(mail_zustellen, mail_id=mail.pk)
    return mail


# Retries of a mail are the outbox's own (its row knows attempts and the give-up time), so the
# task itself is tried once; a later attempt is a new task queued by _gescheitert.
@aufgabe(versuche=1, titel="E-Mail")
def mail_zustellen(*, mail_id: int) -> str:
    return zustellen(mail_id)


def zustellen(mail_id: int, *, jetzt: datetime.datetime | None = None) -> str:
    """Deliver one mail if it is due; returns what happened (for the task result)."""
    jetzt = jetzt or timezone.now()
    beansprucht = Mail.objects.filter(
        pk=mail_id, status=Mail.Status.WARTEND, naechster_versuch__lte=jetzt
    ).update(naechster_versuch=jetzt + SPERRE)
    if not beansprucht:
        return "nicht fällig"
    mail = Mail.objects.get(pk=mail_id)
    try:
        EmailMessage(mail.betreff, mail.text, None, mail.an).send()
    except Exception as fehler:
        return _gescheitert(mail, fehler, jetzt)
    Mail.objects.filter(pk=mail.pk).update(
        status=Mail.Status.GESENDET, gesendet_am=timezone.now(), versuche=F("versuche") + 1, letzter_fehler=""
    )
    return "gesendet"


def _gescheitert(mail: Mail, fehler: Exception, jetzt: datetime.datetime) -> str:
    versuche = mail.versuche + 1
    beschreibung = f"{type(fehler).__name__}: {fehler}"[:2000]
    if jetzt >= mail.aufgeben_ab:
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.AUFGEGEBEN, versuche=versuche, letzter_fehler=beschreibung
        )
        logger.error("Mail %s nach %s Versuchen aufgegeben: %s", mail.pk, versuche, beschreibung)
        alarmieren(mail)
        return "aufgegeben"
    naechster = jetzt + datetime.timedelta(seconds=pause_nach(versuche, ERSTE_PAUSE))
    Mail.objects.filter(pk=mail.pk).update(
        versuche=versuche, letzter_fehler=beschreibung, naechster_versuch=naechster
    )
    logger.warning("Mail %s nicht zugestellt (Versuch %s): %s", mail.pk, versuche, beschreibung)

    if mail_zustellen.get_backend().supports_defer:
        einreihen(mail_zustellen.using(run_after=naechster), mail_id=mail.pk)
    return "erneut"


def alarmieren(mail: Mail) -> None:
    """Tell the Administration that a mail was given up (never about an alert itself)."""
    if mail.vorlage == ALARM_VORLAGE:
        return
    from komman.models import Mitgliedschaft, Rolle

    an = list(
        Mitgliedschaft.objects.filter(rolle=Rolle.ADMIN, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    aus_vorlage(an=an, vorlage=ALARM_VORLAGE, kontext={"mail": mail})


def faellige_einreihen(jetzt: datetime.datetime | None = None) -> int:
    """Queue every waiting mail that is due and has no task (lost between commit and queue)."""

    jetzt = jetzt or timezone.now()
    # A minute's grace: a mail just written has its task in the queue already.
    faellig = jetzt - datetime.timedelta(minutes=1)
    ids = list(
        Mail.objects.filter(status=Mail.Status.WARTEND, naechster_versuch__lte=faellig).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in ids:
        einreihen(mail_zustellen, mail_id=pk)
    return len(ids)


def erneut_senden(mail_ids) -> int:
    """Administration: put failed or waiting mails back in the queue, due now, with a new deadline."""

    jetzt = timezone.now()
    ids = list(
        Mail.objects.filter(pk__in=mail_ids)
        .exclude(status=Mail.Status.GESENDET)
        .values_list("pk", flat=True)
    )
    Mail.objects.filter(pk__in=ids).update(
        status=Mail.Status.WARTEND, naechster_versuch=jetzt, aufgeben_ab=jetzt + settings.MAIL_AUFGEBEN_NACH
    )
    for pk in ids:
        nach_commit(mail_zustellen, mail_id=pk)
    return len(ids)
