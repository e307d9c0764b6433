"""Verwaltung of the Pflichtanlagen of a period: the checklist the applicants see (issue 25)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from komman.verwaltung import admin_erforderlich
from programmteile.forms.pflichtanlagen import pflichtanlagen_formset
from programmteile.views.gemeinsam import periode_oder_404


@admin_erforderlich
def pflichtanlagen(request: HttpRequest, pk: int) -> HttpResponse:
    periode = periode_oder_404(pk)
    formset_klasse = pflichtanlagen_formset(periode.programmteil.nummer)
    formset = formset_klasse(request.POST or None, instance=periode, prefix="pflicht")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(
            request,
            "Die Pflichtanlagen sind gespeichert. Sie gelten für Anträge, die noch nicht eingereicht sind.",
        )
        return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(
        request, "programmteile/verwaltung/pflichtanlagen.html", {"periode": periode, "formset": formset}
    )
