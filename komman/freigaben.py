"""Rollenfreigaben: a second administrator confirms or refuses a Bezirksregierung role (four eyes)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from komman import konten
from komman.models import Rollenfreigabe
from komman.verwaltung import admin_erforderlich


@admin_erforderlich
def freigaben(request: HttpRequest) -> HttpResponse:
    offen = (
        Rollenfreigabe.objects.filter(stand=Rollenfreigabe.Stand.OFFEN)
        .select_related("user", "organisation", "beantragt_von")
        .order_by("beantragt_am", "pk")
    )
    zeilen = [(f, konten.freigabe_fehler(f, request.user)) for f in offen]
    entschieden = (
        Rollenfreigabe.objects.exclude(stand=Rollenfreigabe.Stand.OFFEN)
        .select_related("user", "organisation", "beantragt_von", "entschieden_von")
        .order_by("-entschieden_am", "-pk")[:50]
    )
    return render(
        request, "komman/verwaltung/freigaben.html", {"zeilen": zeilen, "entschieden": entschieden}
    )


@admin_erforderlich
@require_POST
def freigabe_entscheiden(request: HttpRequest, pk: int) -> HttpResponse:
    freigabe = get_object_or_404(Rollenfreigabe, pk=pk)
    bestaetigt = request.POST.get("entscheidung") == "bestaetigen"
    fehler = konten.freigabe_entscheiden(
        freigabe=freigabe, von=request.user, bestaetigt=bestaetigt, request=request
    )
    if fehler:
        messages.error(request, fehler)
    elif bestaetigt:
        messages.success(request, f"Die Rolle {freigabe.get_rolle_display()} für {freigabe.user} ist bestätigt.")
    else:
        messages.success(request, f"Die Rolle {freigabe.get_rolle_display()} für {freigabe.user} ist abgelehnt.")
    return redirect("verwaltung_freigaben")
