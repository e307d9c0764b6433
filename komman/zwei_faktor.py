"""Two-factor login (TOTP with django-otp): set-up, verification, backup codes, admin reset.

Mandatory for Prüfung, Zeichnung and Administration (komman.middleware.ZweiFaktorPflicht),
optional for Kommunen and Träger (set up from "Zwei-Faktor-Anmeldung" in the navigation).
The QR code is drawn here by segno as an SVG data: image: no outside service sees the key.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from komman import permissions
from komman.audit import Aktion, protokolliere
from komman.middleware import merke_geraet, zwei_faktor_erforderlich
from komman.models import User

ANZAHL_ERSATZCODES = 10
_SESSION_ERSATZCODES = "komman_neue_ersatzcodes"
GERAET_NAME = "Authenticator-App"

# The published demo secret (README, "Demo-Anmeldung mit zweitem Faktor"). Only
# `demodaten` (DEBUG only) gives it to the Bezirksregierung demo users; nothing else uses it.
DEMO_SCHLUESSEL_HEX = "4b4f4d4d2d414e2d4e52572d44454d4f2d544f5450"  # b"KOMM-AN-NRW-DEMO-TOTP"
DEMO_GERAET_NAME = "Demo (öffentlicher Schlüssel, nur Demodaten)"
DEMO_BENUTZER = ("pruefung.arnsberg", "zeichnung.arnsberg", "admin", "admin.zwei", "neu.pruefung")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="Der sechsstellige Code aus Ihrer Authenticator-App oder einer Ihrer Ersatzcodes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "class": "form-control code-eingabe",
            }
        ),
        error_messages={"required": "Bitte geben Sie den Code ein."},
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def schluessel_zum_abtippen(device: TOTPDevice) -> str:
    """The key in Base32, in groups of four, as apps expect it when typed by hand."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def aktueller_code(device: TOTPDevice) -> str:
    """The code the device accepts now (demo_totp and tests)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def _mit_next(name: str, ziel: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': ziel})}"


def _sicheres_ziel(request: HttpRequest) -> str:
    ziel = request.POST.get("next") or request.GET.get("next") or ""
    if ziel and url_has_allowed_host_and_scheme(
        ziel, {request.get_host()}, require_https=request.is_secure()
    ):
        return ziel
    return reverse("start")


def _neue_ersatzcodes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    geraet = StaticDevice.objects.create(user=user, name="Ersatzcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(ANZAHL_ERSATZCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=geraet, token=c) for c in codes])
    return codes


def _restliche_ersatzcodes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pruefen(request: HttpRequest) -> HttpResponse:
    """After the password: ask for the code (TOTP or a backup code)."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        merke_geraet(request)  # e.g. reset by Administration during this session
        if not zwei_faktor_erforderlich(user, request):
            return redirect(_sicheres_ziel(request))
        return redirect(_mit_next("zwei_faktor:einrichten", _sicheres_ziel(request)))
    if user.is_verified():
        return redirect(_sicheres_ziel(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        geraet = match_token(user, form.cleaned_data["code"])
        if geraet is not None:
            otp_login(request, geraet)
            art = "ersatzcode" if isinstance(geraet, StaticDevice) else "totp"
            protokolliere(
                wer=user, aktion=Aktion.ZWEI_FAKTOR_BESTAETIGT, details={"art": art}, request=request
            )
            if art == "ersatzcode":
                messages.warning(
                    request,
                    f"Sie haben einen Ersatzcode verwendet. Es bleiben {_restliche_ersatzcodes(user)} Ersatzcodes.",
                )
            return redirect(_sicheres_ziel(request))
        protokolliere(wer=user, aktion=Aktion.ZWEI_FAKTOR_FEHLGESCHLAGEN, request=request)
        form.add_error(
            "code",
            "Der Code ist nicht richtig oder abgelaufen. Bitte geben Sie den aktuellen Code aus Ihrer App ein. "
            "Nach mehreren Fehlversuchen müssen Sie etwas länger warten.",
        )
    return render(
        request, "komman/zwei_faktor/pruefen.html", {"form": form, "next": request.GET.get("next", "")}
    )


def einrichten(request: HttpRequest) -> HttpResponse:
    """Connect an authenticator app: QR code and key, confirmed by one code; then backup codes."""
    user = request.user
    hat_geraet = user_has_device(user, confirmed=True)
    if hat_geraet and not user.is_verified():
        # Only the verified owner may replace a device; a password alone is not enough.
        return redirect(_mit_next("zwei_faktor:pruefen", reverse("zwei_faktor:einrichten")))
    geraet = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if geraet is None:
        geraet = TOTPDevice.objects.create(user=user, name=GERAET_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = "Der sechsstellige Code, den Ihre Authenticator-App jetzt anzeigt."
    if request.method == "POST" and form.is_valid():
        if geraet.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=geraet.pk).delete()
                geraet.confirmed = True
                geraet.save()
                codes = _neue_ersatzcodes(user)
                protokolliere(
                    wer=user,
                    aktion=Aktion.ZWEI_FAKTOR_EINGERICHTET,
                    details={"ersetzt": hat_geraet},
                    request=request,
                )
            otp_login(request, geraet)
            merke_geraet(request)
            request.session[_SESSION_ERSATZCODES] = codes
            messages.success(request, "Die Zwei-Faktor-Anmeldung ist eingerichtet.")
            return redirect(_mit_next("zwei_faktor:ersatzcodes", _sicheres_ziel(request)))
        form.add_error(
            "code",
            "Der Code passt nicht. Prüfen Sie, ob die Uhrzeit Ihres Geräts stimmt, und geben Sie den "
            "aktuellen sechsstelligen Code ein.",
        )
    return render(
        request,
        "komman/zwei_faktor/einrichten.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(geraet),
            "schluessel": schluessel_zum_abtippen(geraet),
            "pflicht": zwei_faktor_erforderlich(user) and not hat_geraet,
            "ersetzen": hat_geraet,
            "next": request.GET.get("next", ""),
        },
    )


def ersatzcodes(request: HttpRequest) -> HttpResponse:
    """Shows new backup codes once; POST makes a new set (the old ones stop working)."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect("zwei_faktor:einrichten")
    if request.method == "POST":
        if not user.is_verified():
            return redirect("zwei_faktor:pruefen")
        request.session[_SESSION_ERSATZCODES] = _neue_ersatzcodes(user)
        protokolliere(wer=user, aktion=Aktion.ERSATZCODES_ERZEUGT, request=request)
        return redirect("zwei_faktor:ersatzcodes")
    codes = request.session.pop(_SESSION_ERSATZCODES, None)
    return render(
        request,
        "komman/zwei_faktor/ersatzcodes.html",
        {"codes": codes, "restlich": _restliche_ersatzcodes(user), "weiter": _sicheres_ziel(request)},
    )


def uebersicht(request: HttpRequest) -> HttpResponse:
    """The account page for the second factor."""
    user = request.user
    return render(
        request,
        "komman/zwei_faktor/uebersicht.html",
        {
            "eingerichtet": user_has_device(user, confirmed=True),
            "pflicht": settings.KOMMAN_2FA_PFLICHT
            and (permissions.is_bezirksregierung(user) or permissions.is_admin(user)),
            "restlich": _restliche_ersatzcodes(user),
        },
    )


@require_POST
def entfernen(request: HttpRequest) -> HttpResponse:
    """Kommunen and Träger may switch the optional second factor off again."""
    user = request.user
    if permissions.is_bezirksregierung(user) or permissions.is_admin(user):
        raise PermissionDenied(
            "Für Ihre Rolle bei der Bezirksregierung ist die Zwei-Faktor-Anmeldung vorgeschrieben."
        )
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect("zwei_faktor:pruefen")
    with transaction.atomic():
        for geraet in devices_for_user(user, confirmed=None):
            geraet.delete()
        protokolliere(wer=user, aktion=Aktion.ZWEI_FAKTOR_ENTFERNT, request=request)
    merke_geraet(request)
    messages.success(request, "Die Zwei-Faktor-Anmeldung ist ausgeschaltet.")
    return redirect("zwei_faktor:uebersicht")


def _nur_administration(request: HttpRequest) -> None:
    if not permissions.is_admin(request.user):
        raise PermissionDenied("Die Zwei-Faktor-Anmeldung anderer Personen verwaltet nur die Administration.")


def verwaltung(request: HttpRequest) -> HttpResponse:
    """Administration: who has set up a second factor; reset for lost phones."""
    _nur_administration(request)
    mit_geraet = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    personen = User.objects.filter(is_active=True).prefetch_related("mitgliedschaften__organisation")
    zeilen = [{"person": p, "eingerichtet": p.pk in mit_geraet} for p in personen]
    return render(request, "komman/zwei_faktor/verwaltung.html", {"zeilen": zeilen})


def zuruecksetzen(request: HttpRequest, pk: int) -> HttpResponse:
    """Administration removes another person's devices (lost phone); recorded in the audit log."""
    _nur_administration(request)
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk:
        raise PermissionDenied(
            "Ihre eigene Zwei-Faktor-Anmeldung setzt eine andere Person der Administration zurück."
        )
    if request.method == "POST":
        with transaction.atomic():
            anzahl = 0
            for geraet in devices_for_user(person, confirmed=None):
                geraet.delete()
                anzahl += 1
            protokolliere(
                wer=request.user,
                aktion=Aktion.ZWEI_FAKTOR_ZURUECKGESETZT,
                objekt=person,
                details={"benutzername": person.username, "geraete": anzahl},
                request=request,
            )
        messages.success(
            request,
            f"Die Zwei-Faktor-Anmeldung von {person} ist zurückgesetzt. Bei der nächsten Anmeldung "
            "richtet die Person sie neu ein.",
        )
        return redirect("zwei_faktor:verwaltung")
    return render(request, "komman/zwei_faktor/zuruecksetzen.html", {"person": person})


def demo_geraete_anlegen(stdout=None) -> None:
    """For `demodaten` only (DEBUG): Bezirksregierung demo users get the published demo key."""
    if not settings.DEBUG:
        raise RuntimeError("Demo-Schlüssel gibt es nur mit DEBUG=True.")
    for name in DEMO_BENUTZER:
        user = User.objects.filter(username=name).first()
        if user is None:
            continue
        TOTPDevice.objects.update_or_create(
            user=user, name=DEMO_GERAET_NAME, defaults={"key": DEMO_SCHLUESSEL_HEX, "confirmed": True}
        )
    if stdout is not None:
        stdout.write(
            "Zweiter Faktor der Demo-Logins der Bezirksregierung: "
            "python manage.py demo_totp pruefung.arnsberg zeigt den aktuellen Code."
        )


urlpatterns = [
    path("anmelden/zweiter-faktor/", pruefen, name="pruefen"),
    path("konto/zwei-faktor/", uebersicht, name="uebersicht"),
    path("konto/zwei-faktor/einrichten/", einrichten, name="einrichten"),
    path("konto/zwei-faktor/ersatzcodes/", ersatzcodes, name="ersatzcodes"),
    path("konto/zwei-faktor/entfernen/", entfernen, name="entfernen"),
    path("verwaltung/zwei-faktor/", verwaltung, name="verwaltung"),
    path("verwaltung/zwei-faktor/<int:pk>/zuruecksetzen/", zuruecksetzen, name="zuruecksetzen"),
]
