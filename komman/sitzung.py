"""Session timeout without lost work (WCAG 2.2.1 Timing Adjustable).

- The page knows how long the session has left (``verbleibend``) and warns two minutes
  before the end in a dialog (static/js/sitzung.js) that can extend it (``verlaengern``).
- ``sitzung_stand`` answers how long is left without counting as activity, so an open tab
  in the background never keeps a session alive by itself.
- A save (POST) that arrives after the session ended is kept: ``sichern`` stores the typed
  values against the user (never passwords, tokens or files), the middleware sends the user
  to the login, and the first page after login with those values gets them back
  (``abholen``; the page fills its form and says "Ihre Sitzung war abgelaufen; Ihre Eingaben
  sind wiederhergestellt").
"""

from __future__ import annotations

import datetime
import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

# Session keys (seconds since the epoch), written by komman.middleware.Sitzungsablauf.
LETZTE_AKTIVITAET = "komman_letzte_aktivitaet"
ANGEMELDET_SEIT = "komman_angemeldet_seit"
WARNUNG_SEKUNDEN = 120
AUFBEWAHREN = datetime.timedelta(hours=24)
HOECHSTENS_BYTES = 200_000
# Session key: this user has saved input waiting (spares every page a query).
WARTET = "komman_eingaben_gesichert"
NIE_SICHERN = ("csrfmiddlewaretoken", "password", "passwort", "token", "otp")


class GesicherteEingabe(models.Model):
    """What a user typed into a form whose save arrived after the session had ended."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pfad = models.CharField("Seite", max_length=500)
    daten = models.JSONField("Eingaben")
    gesichert_am = models.DateTimeField("Gesichert am", default=timezone.now)

    class Meta:
        app_label = "komman"
        verbose_name = "Gesicherte Eingabe (abgelaufene Sitzung)"
        verbose_name_plural = "Gesicherte Eingaben (abgelaufene Sitzungen)"
        indexes = [models.Index(fields=["user", "pfad"], name="komman_gesichert_user_pfad")]

    def __str__(self) -> str:
        return f"{self.user} {self.pfad}"


def verbleibend(request: HttpRequest) -> int:
    """Seconds until the idle limit ends this session (as the middleware will see it)."""
    letzte = request.session.get(LETZTE_AKTIVITAET) or time.time()
    return max(0, int(settings.SESSION_LEERLAUF.total_seconds() - (time.time() - letzte)))


def _formular_pfad(request: HttpRequest) -> str:
    """The page the form was on (Referer, same host), else the address it posted to."""
    herkunft = urlsplit(request.headers.get("Referer", ""))
    if herkunft.path and (not herkunft.netloc or herkunft.netloc == request.get_host()):
        return herkunft.path[:500]
    return request.path[:500]


def sichern(request: HttpRequest, user) -> str | None:
    """Keep the POST of an expired session; returns the page to come back to, or None."""
    daten = {
        schluessel: werte
        for schluessel, werte in request.POST.lists()
        if not any(teil in schluessel.lower() for teil in NIE_SICHERN)
    }
    if not daten or len(json.dumps(daten)) > HOECHSTENS_BYTES:
        return None
    pfad = _formular_pfad(request)
    GesicherteEingabe.objects.filter(user=user, gesichert_am__lt=timezone.now() - AUFBEWAHREN).delete()
    GesicherteEingabe.objects.update_or_create(user=user, pfad=pfad, defaults={"daten": daten})
    return pfad


def nach_anmeldung(request: HttpRequest, user) -> None:
    """At login: remember in the session whether saved input waits (one query per login)."""
    frisch = GesicherteEingabe.objects.filter(user=user, gesichert_am__gte=timezone.now() - AUFBEWAHREN)
    if frisch.exists():
        request.session[WARTET] = True


def abholen(request: HttpRequest) -> dict | None:
    """The saved input for this page, once (then it is gone)."""
    if request.method != "GET" or not request.session.get(WARTET):
        return None
    eingabe = GesicherteEingabe.objects.filter(
        user=request.user, pfad=request.path, gesichert_am__gte=timezone.now() - AUFBEWAHREN
    ).first()
    if eingabe is None:
        return None
    eingabe.delete()
    if not GesicherteEingabe.objects.filter(user=request.user).exists():
        request.session.pop(WARTET, None)
    return eingabe.daten


@require_GET
def sitzung_stand(request: HttpRequest) -> JsonResponse:
    """How long the session has left; not counted as activity (komman.middleware)."""
    return JsonResponse({"verbleibend": verbleibend(request)})


@require_POST
def sitzung_verlaengern(request: HttpRequest) -> JsonResponse:
    """The dialog's "Angemeldet bleiben": activity now, the full idle time again."""
    request.session[LETZTE_AKTIVITAET] = time.time()
    return JsonResponse({"verbleibend": verbleibend(request)})
