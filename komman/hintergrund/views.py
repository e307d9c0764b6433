"""The Administration's outbox page and the health endpoint of the operation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_POST

from komman import audit, permissions
from komman.hintergrund import outbox, plan, worker
from komman.hintergrund.models import Mail

GESUNDHEIT_PRO_MINUTE = 30
TAEGLICHER_LAUF = "taeglicher_lauf"


def _nur_administration(request: HttpRequest) -> None:
    if not permissions.is_admin(request.user):
        raise PermissionDenied("Den Postausgang sieht nur die Administration.")


def postausgang(request: HttpRequest) -> HttpResponse:
    """Mails waiting or given up (newest first), the last sent ones, and a resend button."""
    _nur_administration(request)
    offen = list(Mail.objects.exclude(status=Mail.Status.GESENDET).order_by("status", "-erstellt_am")[:200])
    gesendet = list(Mail.objects.filter(status=Mail.Status.GESENDET).order_by("-gesendet_am")[:20])
    return render(
        request,
        "komman/postausgang.html",
        {
            "offen": offen,
            "gesendet": gesendet,
            "warteschlange": worker.warteschlange(),
            "nach_art": worker.aufgaben_nach_art(),
        },
    )


@require_POST
def postausgang_erneut(request: HttpRequest) -> HttpResponse:
    _nur_administration(request)
    ids = [int(i) for i in request.POST.getlist("mail") if i.isdigit()]
    with transaction.atomic():
        anzahl = outbox.erneut_senden(ids)
    if anzahl:
        messages.success(request, f"{anzahl} E-Mail{'s' if anzahl != 1 else ''} erneut in den Versand gegeben.")
    else:
        messages.info(request, "Keine E-Mail ausgewählt, die noch nicht gesendet ist.")
    return redirect("postausgang")


def _darf_gesundheit_sehen(request: HttpRequest) -> bool:
    token = settings.GESUNDHEIT_TOKEN
    if token:
        angegeben = request.headers.get("X-Gesundheit-Token") or request.GET.get("token", "")
        return constant_time_compare(angegeben, token)
    return True


@login_not_required
def gesundheit(request: HttpRequest) -> JsonResponse:
    """JSON for monitoring: database, queue, outbox, last daily run. No personal data.

    Limited to GESUNDHEIT_PRO_MINUTE answers a minute per address; with GESUNDHEIT_TOKEN set
    only callers presenting it get an answer.
    """
    schluessel = f"gesundheit:{audit.client_ip(request)}:{int(timezone.now().timestamp()) // 60}"
    if cache.get_or_set(schluessel, 0, 70) >= GESUNDHEIT_PRO_MINUTE:
        return JsonResponse({"status": "zu viele Anfragen"}, status=429)
    cache.incr(schluessel)
    if not _darf_gesundheit_sehen(request):
        return JsonResponse({"status": "Token fehlt oder ist falsch"}, status=403)
    antwort: dict = {"zeit": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        antwort["datenbank"] = "ok"
        antwort["warteschlange"] = worker.warteschlange()
        antwort["postausgang"] = {
            "wartend": Mail.objects.filter(status=Mail.Status.WARTEND).count(),
            "aufgegeben": Mail.objects.filter(status=Mail.Status.AUFGEGEBEN).count(),
        }
        letzter = plan.letzter_lauf(TAEGLICHER_LAUF)
        antwort["taeglicher_lauf"] = letzter.isoformat() if letzter else None
    except Exception as fehler:
        antwort["datenbank"] = f"Fehler: {type(fehler).__name__}"
        antwort["status"] = "gestört"
        return JsonResponse(antwort, status=503)
    antwort["status"] = "ok"
    return JsonResponse(antwort)
