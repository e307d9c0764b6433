"""Start page per role and the public legal pages."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from komman import drossel, mails, permissions, startseite
from komman.audit import client_ip
from komman.forms import BarrierefreiheitsmeldungForm
from komman.models import Barrierefreiheitsmeldung


def start(request: HttpRequest) -> HttpResponse:
    """One start page; its sections come from the apps (komman.startseite) and depend on the roles."""
    return render(request, "komman/start.html", startseite.kontext(request.user))


@login_not_required
def impressum(request: HttpRequest) -> HttpResponse:
    return render(request, "komman/impressum.html")


@login_not_required
def datenschutz(request: HttpRequest) -> HttpResponse:
    return render(request, "komman/datenschutz.html")


# Update both dates when the statement is reviewed (BITV NRW: at least once a year).
ERKLAERUNG_ERSTELLT_AM = datetime.date(2026, 11, 25)
ERKLAERUNG_GEPRUEFT_AM = datetime.date(2026, 11, 25)
# Enforcement body in NRW (§§ 10d, 10e BGG NRW, §§ 9 ff. BITV NRW), as published by the
# Landesbeauftragte; check before going live.
OMBUDSSTELLE = {
    "email": "ombudsstelle-barrierefreie-it@mags.nrw.de",
    "internet": "https://www.lbbp.nrw.de/ombudsstelle",
    "internet_text": "www.lbbp.nrw.de/ombudsstelle",
}


# The public feedback form: at most this many posts per client IP and hour (issue 24.10).
MELDUNGEN_JE_IP = 5
MELDUNGEN_FENSTER = 3600


@login_not_required
def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    """The Erklärung zur Barrierefreiheit with its feedback form (public, BITV NRW)."""
    if request.method == "POST":
        form = BarrierefreiheitsmeldungForm(request.POST)
        zu_viele = drossel.gedrosselt(
            "barrierefreiheit-ip", client_ip(request), grenze=MELDUNGEN_JE_IP, fenster=MELDUNGEN_FENSTER
        )
        if zu_viele:
            form.add_error(
                None,
                "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Rückmeldungen. Bitte versuchen Sie "
                f"es in einer Stunde noch einmal oder schreiben Sie an {settings.BETREIBER['barrierefreiheit_email']}.",
            )
        if not zu_viele and form.is_valid():
            if not form.ist_spam:
                with transaction.atomic():  # the feedback and its mail (outbox row) together
                    meldung = form.save()
                    _barrierefreiheitsmeldung_senden(meldung_id=meldung.pk)
            messages.success(
                request,
                "Vielen Dank! Ihre Rückmeldung ist bei uns angekommen. "
                "Wenn Sie eine E-Mail-Adresse angegeben haben, antworten wir Ihnen innerhalb von sechs Wochen.",
            )
            return redirect("barrierefreiheit")
    else:
        zu_viele = False
        form = BarrierefreiheitsmeldungForm(initial={"seite": request.GET.get("seite", "")[:500]})
    return render(
        request,
        "komman/barrierefreiheit.html",
        status=429 if request.method == "POST" and zu_viele else 200,
        context={
            "form": form,
            "portal_adresse": settings.SITE_URL,
            "erstellt_am": ERKLAERUNG_ERSTELLT_AM,
            "geprueft_am": ERKLAERUNG_GEPRUEFT_AM,
            "ombudsstelle": OMBUDSSTELLE,
        },
    )


def _barrierefreiheitsmeldung_senden(*, meldung_id: int) -> None:
    meldung = Barrierefreiheitsmeldung.objects.get(pk=meldung_id)
    mails.senden(
        an=[settings.BETREIBER["barrierefreiheit_email"]],
        vorlage="barrierefreiheitsmeldung",
        kontext={"meldung": meldung},
    )


def barrierefreiheitsmeldungen(request: HttpRequest) -> HttpResponse:
    """The feedback received, for the Administration role."""
    if not permissions.is_admin(request.user):
        raise PermissionDenied("Die Rückmeldungen zur Barrierefreiheit sieht nur die Administration.")
    seite = Paginator(Barrierefreiheitsmeldung.objects.all(), 50).get_page(request.GET.get("seite"))
    return render(request, "komman/barrierefreiheitsmeldungen.html", {"seite": seite})


@login_not_required
def leichte_sprache(request: HttpRequest) -> HttpResponse:
    return render(request, "komman/leichte_sprache.html")


def fehler_403(request: HttpRequest, exception=None) -> HttpResponse:
    grund = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"grund": grund}, status=403)


def fehler_404(request: HttpRequest, exception=None) -> HttpResponse:
    response = render(request, "404.html", status=404)
    response.komman_fehlerseite = True  # komman.middleware.DeutscheFehlerseite leaves it alone
    return response


def fehler_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def fehler_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)
