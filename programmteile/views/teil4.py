"""Programmteil IV: the public information page and orders of printed brochures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from komman import permissions
from komman.models import Organisation
from programmteile.forms import BestellForm
from programmteile.models import Broschuerenbestellung, Programmteil


@login_not_required
def teil4_information(request: HttpRequest) -> HttpResponse:
    teil = get_object_or_404(Programmteil, nummer="IV")
    return render(request, "programmteile/teil4.html", {"teil": teil})


def _kommunen_des_nutzers(user) -> list[Organisation]:
    return list(
        Organisation.objects.kommunen().filter(pk__in=permissions.organisation_ids(user)).order_by("name")
    )


def teil4_bestellen(request: HttpRequest) -> HttpResponse:
    kommunen = _kommunen_des_nutzers(request.user)
    if not kommunen:
        raise PermissionDenied("Broschüren bestellen können Kommunale Integrationszentren.")
    kommune = kommunen[0]
    form = BestellForm(
        request.POST or None, initial={"empfaenger": f"Kommunales Integrationszentrum {kommune}"}
    )
    if request.method == "POST" and form.is_valid():
        bestellung = form.save(commit=False)
        bestellung.organisation = kommune
        bestellung.bestellt_von = request.user
        bestellung.save()
        messages.success(request, f"Ihre Bestellung über {bestellung.gesamt} Exemplare ist eingegangen.")
        return redirect("programmteile:teil4_bestellen")
    bisher = Broschuerenbestellung.objects.filter(organisation__in=kommunen).select_related("bestellt_von")[
        :20
    ]
    return render(
        request,
        "programmteile/teil4_bestellen.html",
        {"form": form, "kommune": kommune, "bisher": list(bisher)},
    )


def teil4_bestellungen(request: HttpRequest) -> HttpResponse:
    if not permissions.is_admin(request.user):
        raise PermissionDenied("Die Liste der Bestellungen sieht nur die Administration.")
    bestellungen = Broschuerenbestellung.objects.select_related("organisation", "bestellt_von")
    seite = Paginator(bestellungen, 50).get_page(request.GET.get("seite"))
    summen = bestellungen.aggregate(**{feld: Sum(feld) for feld, _ in Broschuerenbestellung.SPRACHEN})
    return render(
        request,
        "programmteile/teil4_bestellungen.html",
        {
            "seite": seite,
            "summen": [(label, summen[feld] or 0) for feld, label in Broschuerenbestellung.SPRACHEN],
        },
    )
