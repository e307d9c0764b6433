"""Verwaltung of the Basiszinssatz: the table, one rate added or changed, the CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from komman.verwaltung import admin_erforderlich
from programmteile import basiszins
from programmteile.forms.basiszins import BasiszinsForm, BasiszinsImportForm
from programmteile.models import Basiszins


@admin_erforderlich
def basiszins_liste(request: HttpRequest) -> HttpResponse:
    fehlt = basiszins.fehlendes_halbjahr(timezone.localdate())
    return render(
        request,
        "programmteile/verwaltung/basiszins.html",
        {
            "saetze": Basiszins.objects.all(),
            "fehlt": fehlt,
            "fehlt_text": basiszins.halbjahr_text(fehlt) if fehlt else "",
        },
    )


def _formular(request: HttpRequest, eintrag: Basiszins | None) -> HttpResponse:
    vorher = None
    if eintrag is not None:
        vorher = Basiszins(gueltig_ab=eintrag.gueltig_ab, satz=eintrag.satz, quelle=eintrag.quelle)
    initial = {}
    if eintrag is None:
        fehlt = basiszins.fehlendes_halbjahr(timezone.localdate())
        initial = {"gueltig_ab": fehlt, "quelle": "Deutsche Bundesbank, Bekanntgabe nach § 247 Abs. 2 BGB"}
    form = BasiszinsForm(request.POST or None, instance=eintrag, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            gespeichert = form.save()
            basiszins.protokollieren(request, gespeichert, alt=vorher)
        messages.success(request, f"Basiszinssatz gespeichert: {gespeichert}.")
        return redirect("programmteile:verwaltung_basiszins")
    return render(request, "programmteile/verwaltung/basiszins_form.html", {"form": form, "eintrag": eintrag})


@admin_erforderlich
def basiszins_neu(request: HttpRequest) -> HttpResponse:
    return _formular(request, None)


@admin_erforderlich
def basiszins_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    return _formular(request, get_object_or_404(Basiszins, pk=pk))


@admin_erforderlich
def basiszins_import(request: HttpRequest) -> HttpResponse:
    """All or nothing: a file with any bad row imports nothing and lists every problem."""
    form = BasiszinsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            neu, geaendert = basiszins.uebernehmen(request, form.zeilen)
        if neu or geaendert:
            messages.success(
                request, f"Datei übernommen: {neu} Sätze neu angelegt, {geaendert} Sätze geändert."
            )
        else:
            messages.info(
                request, "Die Datei enthält dieselben Sätze wie gespeichert; es wurde nichts geändert."
            )
        return redirect("programmteile:verwaltung_basiszins")
    return render(
        request,
        "programmteile/verwaltung/basiszins_import.html",
        {"form": form, "csv_fehler": form.csv_fehler},
    )
