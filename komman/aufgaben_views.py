"""Meine Aufgaben (komman/aufgaben.py) and the calendar subscription (komman/kalender.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from komman import aufgaben, kalender
from komman.audit import client_ip
from komman.drossel import gedrosselt

FEED_JE_IP = 120  # calendar clients poll every few minutes at most; more is someone guessing
FEED_FENSTER = 3600


def aufgaben_seite(request: HttpRequest) -> HttpResponse:
    liste = aufgaben.aufgaben(request.user)
    aufgaben.vergessen(request.user)  # the navigation's count follows the list just shown
    return render(request, "komman/aufgaben.html", {"aufgaben": liste})


def kalender_einstellungen(request: HttpRequest) -> HttpResponse:
    """Make, renew or end the secret address; the address is shown once, right after it is made."""
    adresse = ""
    if request.method == "POST":
        if request.POST.get("aktion") == "beenden":
            kalender.beenden(request.user)
            messages.success(request, "Ihr Kalender-Abonnement ist beendet; die bisherige Adresse gilt nicht mehr.")
            return redirect("kalender")
        token = kalender.erneuern(request.user)
        adresse = settings.SITE_URL + reverse("kalender_feed", args=[token])
    zugang = kalender.Kalenderzugang.objects.filter(user=request.user).first()
    return render(request, "komman/kalender.html", {"zugang": zugang, "adresse": adresse})


@login_not_required
@require_GET
@never_cache
def kalender_feed(request: HttpRequest, token: str) -> HttpResponse:
    if gedrosselt("kalender-ip", client_ip(request), grenze=FEED_JE_IP, fenster=FEED_FENSTER):
        return HttpResponse("Zu viele Abrufe; bitte später erneut.", status=429, content_type="text/plain")
    user = kalender.user_zum_token(token)
    if user is None:
        raise Http404
    antwort = HttpResponse(kalender.feed(user), content_type="text/calendar; charset=utf-8")
    antwort["Content-Disposition"] = 'inline; filename="komman-fristen.ics"'
    antwort["X-Robots-Tag"] = "noindex"
    return antwort
