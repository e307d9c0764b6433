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
    """Per source its count and most urgent entries; ``?quelle=`` one source's full list, paged.

    A reviewer has thousands of entries at 100,000 Anträge: the overview reads two queries per
    source (COUNT, first rows) and refreshes the navigation's count with their sum.
    """
    quelle = aufgaben.quelle_fuer(request.user, request.GET.get("quelle", ""))
    if quelle is None:  # no source asked for, or one that is not the user's: the overview
        gruppen = aufgaben.uebersicht(request.user)
        return render(request, "komman/aufgaben.html", {"gruppen": gruppen, "je": aufgaben.JE_QUELLE})
    seite = aufgaben.seiten(quelle, request.user).get_page(request.GET.get("seite"))
    seiten = seite.paginator.num_pages
    return render(
        request,
        "komman/aufgaben_liste.html",
        {
            "quelle": quelle,
            "seite": seite,
            "query": f"quelle={quelle.name}",
            "caption": f"{quelle.titel}, Seite {seite.number} von {seiten}" if seiten > 1 else quelle.titel,
        },
    )


def kalender_einstellungen(request: HttpRequest) -> HttpResponse:
    """Make, renew or end the secret address; the address is shown once, right after it is made."""
    adresse = ""
    if request.method == "POST":
        if request.POST.get("aktion") == "beenden":
            kalender.beenden(request.user)
            messages.success(
                request, "Ihr Kalender-Abonnement ist beendet; die bisherige Adresse gilt nicht mehr."
            )
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
