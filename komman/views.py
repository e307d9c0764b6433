"""Start page per role and the public legal pages."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from komman import permissions
from komman.models import Organisation
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
    result = []
    for org in organisationen:
        eintraege = []
        for periode in perioden:
            if periode.programmteil.antragsteller_art != org.art:
                continue
            eintraege.append({"periode": periode, "zuweisung": zuweisungen.get((periode.pk, org.pk))})
        result.append(
            {"organisation": org, "perioden": eintraege, "rollen": permissions.roles_for(user, org)}
        )
    return result


def _bezirksregierung_start(user) -> dict:
    from antraege.models import Antrag

    zaehlung = Antrag.objects.visible_to(user).values_list("status").annotate(n=Count("pk"))
    # A GROUP BY over every Antrag: remembered until the next Antrag or state change.
    counts = gemerkt(zaehlung, lambda: dict(zaehlung.values_list("status", "n")), art="status")
    return {
        "status_zahlen": [
            (value, label, counts.get(value, 0))
            for value, label in Antrag.Status.choices
            if value != "entwurf"
        ],
        "gesamt": sum(counts.values()),
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


@login_not_required
def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    return render(request, "komman/barrierefreiheit.html")


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
