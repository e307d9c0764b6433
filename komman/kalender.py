"""The deadlines of a user as an iCalendar feed (RFC 5545) behind a secret, renewable address.

- ``Kalenderzugang``: one per user; only the SHA-256 of the secret is stored, so the address can
  be shown once (when it is made or renewed) and never again; renewing replaces it, and the old
  address answers 404 from then on.
- ``feed(user)``: every dated item of Meine Aufgaben (komman.aufgaben.termine, with what is only due
  later) as an all-day VEVENT: Aktenzeichen and the step only (``Aufgabe.art`` and
  ``aktenzeichen``; never a person, never a note), UID stable per item, so a calendar updates an
  event when its day moves instead of adding one. Built with the maintained ``icalendar``
  package (escaping, line folding, CRLF).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PRODID = "-//KOMM-AN NRW//Foerderportal Fristen//DE"


class Kalenderzugang(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Benutzer*in",
        on_delete=models.CASCADE,
        related_name="kalenderzugang",
    )
    token_hash = models.CharField("Prüfsumme des Geheimnisses", max_length=64, unique=True)
    erstellt_am = models.DateTimeField("Erstellt am", default=timezone.now)
    zuletzt_abgerufen_am = models.DateTimeField("Zuletzt abgerufen am", null=True, blank=True)

    class Meta:
        verbose_name = "Kalenderzugang"
        verbose_name_plural = "Kalenderzugänge"

    def __str__(self) -> str:
        return f"Kalender von {self.user}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def erneuern(user) -> str:
    """A new secret for ``user`` (the old address stops working); returns the secret, once."""
    token = secrets.token_urlsafe(32)
    Kalenderzugang.objects.update_or_create(
        user=user,
        defaults={"token_hash": _hash(token), "erstellt_am": timezone.now(), "zuletzt_abgerufen_am": None},
    )
    return token


def beenden(user) -> int:
    return Kalenderzugang.objects.filter(user=user).delete()[0]


def user_zum_token(token: str):
    """The active user behind ``token``, or None (unknown, renewed or deactivated)."""
    if not token or len(token) > 100:
        return None
    zugang = Kalenderzugang.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if zugang is None or not zugang.user.is_active:
        return None
    jetzt = timezone.now()
    if zugang.zuletzt_abgerufen_am is None or jetzt - zugang.zuletzt_abgerufen_am > datetime.timedelta(
        hours=1
    ):
        Kalenderzugang.objects.filter(pk=zugang.pk).update(zuletzt_abgerufen_am=jetzt)
    return zugang.user


def feed(user) -> bytes:
    """The user's dated Aufgaben as an iCalendar document (all-day events on the due day)."""
    from icalendar import Calendar, Event

    from komman import aufgaben

    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("x-wr-calname", "KOMM-AN NRW – Fristen")
    erzeugt = timezone.now().replace(microsecond=0)
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "komm-an.nrw"
    for a in aufgaben.termine(user):  # one pass, one query per dated source
        ereignis = Event()
        ereignis.add("uid", f"{a.uid}@{host}")
        ereignis.add("dtstamp", erzeugt)
        ereignis.add("dtstart", a.faellig_am)
        ereignis.add("dtend", a.faellig_am + datetime.timedelta(days=1))
        ereignis.add("summary", f"{a.aktenzeichen}: {a.art}" if a.aktenzeichen else a.art)
        ereignis.add("url", settings.SITE_URL + a.url)
        ereignis.add("transp", "TRANSPARENT")
        kalender.add_component(ereignis)
    return kalender.to_ical()
