"""Security middleware: session limits, the mandatory second factor, audit context, headers.

Order in settings.MIDDLEWARE: after AuthenticationMiddleware and OTPMiddleware (they set
request.user and user.is_verified), before AxesMiddleware.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from komman import audit
from komman.sitzung import ANGEMELDET_SEIT, LETZTE_AKTIVITAET  # session keys, re-exported

AKTIVITAET_SCHRITT = 60  # seconds between two writes of LETZTE_AKTIVITAET


def sitzung_beginnt(sender, request, user, **kwargs) -> None:
    """On login (connected in KommanConfig.ready): the 12 hours start now."""
    if request is not None and hasattr(request, "session"):
        jetzt = time.time()
        request.session[ANGEMELDET_SEIT] = jetzt
        request.session[LETZTE_AKTIVITAET] = jetzt
        merke_geraet(request, user)
        from komman import sitzung

        sitzung.nach_anmeldung(request, user)


# Requests that never save anything the user typed, and the one that asks how long is left
# (static/js/sitzung.js polls it; it must not keep the session alive by itself).
NICHT_SICHERN = ("login", "logout", "sitzung_stand", "sitzung_verlaengern")


class Sitzungsablauf:
    """Logs out after 30 minutes without a request and 12 hours after login, with a German message.

    A save (POST) that arrives after the end keeps what was typed (komman/sitzung.py) and
    gets it back after the next login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            jetzt = time.time()
            letzte = request.session.get(LETZTE_AKTIVITAET)
            seit = request.session.get(ANGEMELDET_SEIT)
            grund = ""
            if seit is not None and jetzt - seit > settings.SESSION_HOECHSTDAUER.total_seconds():
                grund = (
                    "Sie waren länger als 12 Stunden angemeldet. Bitte melden Sie sich zu Ihrer Sicherheit "
                    "neu an."
                )
            elif letzte is not None and jetzt - letzte > settings.SESSION_LEERLAUF.total_seconds():
                minuten = int(settings.SESSION_LEERLAUF.total_seconds() // 60)
                grund = (
                    f"Sie wurden nach {minuten} Minuten ohne Aktivität automatisch abgemeldet. "
                    "Bitte melden Sie sich erneut an."
                )
            if grund:
                return self._abmelden(request, grund)
            if seit is None:
                request.session[ANGEMELDET_SEIT] = jetzt
            # At most once a minute: writing the stamp on every request made every page an
            # UPDATE + COMMIT of the session row (docs/leistung.md). The idle limit may end a
            # minute early, never late.
            if (letzte is None or jetzt - letzte >= AKTIVITAET_SCHRITT) and request.path_info != reverse(
                "sitzung_stand"
            ):
                request.session[LETZTE_AKTIVITAET] = jetzt
            self._wiederherstellen(request)
        return self.get_response(request)

    @staticmethod
    def _name(request: HttpRequest) -> str | None:
        from django.urls import Resolver404, resolve

        try:
            return resolve(request.path_info).url_name
        except Resolver404:
            return None

    def _abmelden(self, request: HttpRequest, grund: str) -> HttpResponse:
        from komman import sitzung

        user = request.user
        zurueck = None
        if request.method == "POST" and self._name(request) not in NICHT_SICHERN:
            zurueck = sitzung.sichern(request, user)
        logout(request)
        if zurueck:
            grund += " Ihre Eingaben sind gesichert und stehen nach der Anmeldung wieder im Formular."
        messages.warning(request, grund)
        ziel = reverse(settings.LOGIN_URL)
        if zurueck:
            ziel += "?" + urlencode({"next": zurueck})
        elif request.method == "GET":
            ziel += "?" + urlencode({"next": request.get_full_path()})
        return redirect(ziel)

    @staticmethod
    def _wiederherstellen(request: HttpRequest) -> None:
        """For the page and its script: seconds left, and saved input of an expired session."""
        from komman import sitzung

        request.komman_sitzung_verbleibend = sitzung.verbleibend(request)
        daten = sitzung.abholen(request)
        if daten:
            request.komman_wiederherstellen = daten
            messages.info(request, "Ihre Sitzung war abgelaufen; Ihre Eingaben sind wiederhergestellt.")


# Session key: does the user have a confirmed device? Set at login and by the 2FA views, so
# pages do not pay a query for it. Roles are read live (the header needs them anyway).
HAT_GERAET = "komman_hat_2fa_geraet"


def merke_geraet(request: HttpRequest, user=None) -> None:
    from django_otp import user_has_device

    request.session[HAT_GERAET] = user_has_device(user or request.user, confirmed=True)


def zwei_faktor_erforderlich(user, request: HttpRequest | None = None) -> bool:
    """Bezirksregierung roles must use a second factor; anyone who set one up uses it too."""
    from django_otp import user_has_device

    from komman import permissions

    if not user.is_authenticated:
        return False
    if settings.KOMMAN_2FA_PFLICHT and (permissions.is_bezirksregierung(user) or permissions.is_admin(user)):
        return True
    if request is not None:
        if HAT_GERAET not in request.session:
            merke_geraet(request)
        return request.session[HAT_GERAET]
    return user_has_device(user, confirmed=True)


# Reachable before the second factor: the 2FA pages themselves, logout, public pages, static files.
ZWEI_FAKTOR_FREI = (
    "zwei_faktor:pruefen",
    "zwei_faktor:einrichten",
    "zwei_faktor:ersatzcodes",
    "logout",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "leichte_sprache",
    "security_txt",
    "sicherheit",
    "programmteile:teil4",
)


class ZweiFaktorPflicht:
    """Until the second factor is verified, every page but ZWEI_FAKTOR_FREI redirects to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        offen = user.is_authenticated and not user.is_verified() and zwei_faktor_erforderlich(user, request)
        # base.html shows no navigation (nor its counts) until the second factor is confirmed.
        request.komman_zweiter_faktor_offen = offen
        if offen and not self._frei(request):
            from django_otp import user_has_device

            ziel = (
                "zwei_faktor:pruefen" if user_has_device(user, confirmed=True) else "zwei_faktor:einrichten"
            )
            url = reverse(ziel)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _frei(request: HttpRequest) -> bool:
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in ZWEI_FAKTOR_FREI


class Anfragegroesse:
    """Refuses a request body larger than settings.ANFRAGE_MAX_BYTES before anything reads it
    (413 with a German page): a 300 MB upload is no longer received in full before the upload
    field refuses it (issue 24.5). The front server limits first (docs/betrieb.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            laenge = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            laenge = 0
        if laenge > settings.ANFRAGE_MAX_BYTES:
            from django.shortcuts import render

            from komman.uploads import grenze_text

            antwort = render(request, "413.html", {"grenze": grenze_text()}, status=413)
            antwort["Connection"] = "close"
            return antwort
        return self.get_response(request)


class Protokollkontext:
    """Makes the request known to komman.audit while it is served (actor of money changes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.aktuelle_anfrage.set(request)
        try:
            return self.get_response(request)
        finally:
            audit.aktuelle_anfrage.reset(token)


class Sicherheitskoepfe:
    """Permissions-Policy on every response; pages for logged-in people are never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.user.is_authenticated and "Cache-Control" not in response:
            # Personal data must not stay in a shared computer's or proxy's cache.
            patch_cache_control(response, no_store=True, private=True)
        return response


class DeutscheFehlerseite:
    """With DEBUG on, Django answers a 404 with its English technical page; the demo shows the
    portal's German one (templates/404.html) like production. Inert with DEBUG off (the handler
    komman.views.fehler_404 answers there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "komman_fehlerseite", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from komman.views import fehler_404

            return fehler_404(request)
        return response
