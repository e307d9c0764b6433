"""Start page per role and the public legal pages."""

import datetime
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from komman import permissions, seiten
from komman.forms import BarrierefreiheitsmeldungForm
from komman.models import Barrierefreiheitsmeldung, Organisation
from komman.seiten import gemerkt
from programmteile.models import Foerderperiode, Zuweisung


def start(request: HttpRequest) -> HttpResponse:
    """One start page; what it shows depends on the user's roles."""
    user = request.user
    context: dict = {}
    if permissions.is_antragsteller(user):
        context["antragsteller"] = _antragsteller_start(user)
    if permissions.is_bezirksregierung(user):
        context["bezirksregierung"] = _bezirksregierung_start(user)
    if permissions.is_admin(user):
        context["administration"] = _admin_start()
    return render(request, "komman/start.html", context)


def _antragsteller_start(user) -> list[dict]:
    """Per organisation: the open periods it can apply in, with its Zuweisung."""
    organisationen = list(
        Organisation.objects.filter(pk__in=permissions.organisation_ids(user)).order_by("name")
    )
    perioden = list(
        Foerderperiode.objects.visible_to(user)
        .filter(status=Foerderperiode.Status.OFFEN)
        .select_related("programmteil")
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )
    zuweisungen = {
        (z.foerderperiode_id, z.kommune_id): z
        for z in Zuweisung.objects.visible_to(user)
        .filter(foerderperiode__in=perioden)
        .select_related("foerderperiode")
    }
    from antraege.models import Antrag

    # All own Anträge in one query, whatever the number of periods and organisations.
    antraege = list(
        Antrag.objects.visible_to(user)
        .filter(antragsteller__in=organisationen)
        .select_related("foerderperiode__programmteil")
        .order_by("-foerderperiode__foerderjahr", "foerderperiode__programmteil__reihenfolge")
    )
    je_periode = {(a.foerderperiode_id, a.antragsteller_id): a for a in antraege}
    result = []
    for org in organisationen:
        rollen = permissions.roles_for(user, org)
        eintraege = []
        for periode in perioden:
            if periode.programmteil.antragsteller_art != org.art:
                continue
            eintraege.append(
                {
                    "periode": periode,
                    "zuweisung": zuweisungen.get((periode.pk, org.pk)),
                    "antrag": je_periode.get((periode.pk, org.pk)),
                }
            )
        result.append(
            {
                "organisation": org,
                "perioden": eintraege,
                "rollen": rollen,
                "antraege": [a for a in antraege if a.antragsteller_id == org.pk],
            }
        )
    return result


def _bezirksregierung_start(user) -> dict:
    from django.utils import timezone

    from antraege import pruefliste
    from antraege.models import Antrag
    from komman.models import Rolle

    # Counts over every Antrag (GROUP BY, "meine" over tens of thousands of rows: 17 ms at
    # 100,000): remembered until the next Antrag or state change (komman/seiten.py).
    stand = seiten.stand()
    wer = f"start|{user.pk}"

    def merken(art: str, qs, berechnen):
        return gemerkt(qs, berechnen, art=art, beim_stand=stand, frage=wer)

    zaehlung = Antrag.objects.visible_to(user).values_list("status").annotate(n=Count("pk"))
    counts = dict(merken("status", zaehlung, lambda: dict(zaehlung.values_list("status", "n"))))
    sichtbar = Antrag.objects.visible_to(user).exclude(status=Antrag.Status.ENTWURF)
    counts.pop(Antrag.Status.ENTWURF, None)
    ueberfaellig = sichtbar.filter(pruefliste.ueberfaellig())  # as the queue's filter counts it
    meine = sichtbar.filter(bearbeitet_von=user)
    zu_zeichnen = 0
    if Rolle.ZEICHNUNG in permissions.bezirksregierung_roles(user):
        offen = sichtbar.filter(
            status__in=[Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN, Antrag.Status.ABLEHNUNG_VORGESCHLAGEN]
        ).exclude(vorgeschlagen_von=user)
        zu_zeichnen = merken("zu_zeichnen", offen, offen.count)
    return {
        "status_zahlen": [
            (value, label, counts.get(value, 0))
            for value, label in Antrag.Status.choices
            if value != "entwurf"
        ],
        "gesamt": sum(counts.values()),
        "meine": merken("meine", meine, meine.count),
        # The day is part of the question: a deadline passes without any state change.
        "ueberfaellig": merken(f"ueberfaellig|{timezone.localdate()}", ueberfaellig, ueberfaellig.count),
        "zu_zeichnen": zu_zeichnen,
    }


def _admin_start() -> list[Foerderperiode]:
    return list(
        Foerderperiode.objects.select_related("programmteil")
        .annotate(
            zuweisungen_anzahl=Count("zuweisungen"),
            hoechstbetraege=Sum("zuweisungen__hoechstbetrag"),
            stellen_summe=Sum("zuweisungen__stellen"),
            anzahl_kommunen_mit=Count("zuweisungen", filter=Q(zuweisungen__stellen__isnull=False)),
        )
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )


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


@login_not_required
def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    """The Erklärung zur Barrierefreiheit with its feedback form (public, BITV NRW)."""
    if request.method == "POST":
        form = BarrierefreiheitsmeldungForm(request.POST)
        if form.is_valid():
            if not form.ist_spam:
                meldung = form.save()
                transaction.on_commit(partial(_barrierefreiheitsmeldung_senden, meldung_id=meldung.pk))
            messages.success(
                request,
                "Vielen Dank! Ihre Rückmeldung ist bei uns angekommen. "
                "Wenn Sie eine E-Mail-Adresse angegeben haben, antworten wir Ihnen innerhalb von sechs Wochen.",
            )
            return redirect("barrierefreiheit")
    else:
        form = BarrierefreiheitsmeldungForm(initial={"seite": request.GET.get("seite", "")[:500]})
    return render(
        request,
        "komman/barrierefreiheit.html",
        {
            "form": form,
            "portal_adresse": settings.SITE_URL,
            "erstellt_am": ERKLAERUNG_ERSTELLT_AM,
            "geprueft_am": ERKLAERUNG_GEPRUEFT_AM,
            "ombudsstelle": OMBUDSSTELLE,
        },
    )


def _barrierefreiheitsmeldung_senden(*, meldung_id: int) -> None:
    from antraege import mails

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
    return render(request, "404.html", status=404)


def fehler_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def fehler_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)
