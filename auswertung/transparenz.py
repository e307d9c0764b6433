"""Transparenz: the optional public list of final grants per year (open data), and its switch.

Only final grants (a Zuwendung exists once the notice is bestandskräftig): no drafts, no
open Anträge, no rejections. Only organisations (Kommunen, Träger) and amounts: no person,
no contact, no address. Off until the Administration switches it on; every switch is a row
(auswertung.models.Transparenzschaltung) with who, when and why.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from antraege.zugriff import verlange
from auswertung.models import Transparenzschaltung, transparenz_oeffentlich, transparenz_schalten
from auswertung.permissions import can_transparenz_schalten
from auswertung.tabellen import Spalte, Tabelle, als_csv
from zuwendungen.models import Zuwendung


def jahre() -> list[int]:
    return list(
        Zuwendung.objects.order_by("-antrag__foerderperiode__foerderjahr")
        .values_list("antrag__foerderperiode__foerderjahr", flat=True)
        .distinct()
    )


def tabelle(jahr: int) -> Tabelle:
    zuwendungen = (
        Zuwendung.objects.filter(antrag__foerderperiode__foerderjahr=jahr)
        .select_related("antrag__antragsteller", "antrag__foerderperiode__programmteil")
        .order_by("antrag__foerderperiode__programmteil__reihenfolge", "antrag__antragsteller__name", "pk")
    )
    t = Tabelle(
        f"Bewilligte Zuwendungen {jahr}",
        [Spalte("Zuwendungsempfänger"), Spalte("Art"), Spalte("Regierungsbezirk"), Spalte("Programmteil"),
         Spalte("Zweck"), Spalte("Zuwendung", "euro"), Spalte("Bestandskräftig seit", "datum")],
        name=f"transparenz-{jahr}",
    )  # fmt: skip
    for z in zuwendungen:
        a = z.antrag
        teil = a.foerderperiode.programmteil
        t.zeilen.append([str(a.antragsteller), a.antragsteller.get_art_display(), a.antragsteller.regierungsbezirk,
                         f"Teil {teil.nummer}", f"KOMM-AN NRW {teil.nummer}: {teil.titel}", z.bewilligt,
                         z.bestandskraeftig_am])  # fmt: skip
    return t


def _jahr(request: HttpRequest) -> int | None:
    verfuegbar = jahre()
    wert = request.GET.get("jahr", "")
    if wert.isdigit() and int(wert) in verfuegbar:
        return int(wert)
    return verfuegbar[0] if verfuegbar else None


@login_not_required
@require_GET
def seite(request: HttpRequest) -> HttpResponse:
    if not transparenz_oeffentlich():
        return render(request, "auswertung/transparenz.html", {"aus": True})
    jahr = _jahr(request)
    t = tabelle(jahr) if jahr else None
    summe = sum((z[5] for z in t.zeilen), 0) if t else 0
    return render(request, "auswertung/transparenz.html", {"jahr": jahr, "jahre": jahre(), "t": t, "summe": summe})


@login_not_required
@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if not transparenz_oeffentlich():
        return redirect("auswertung:transparenz")
    jahr = _jahr(request)
    if jahr is None:
        raise Http404
    t = tabelle(jahr)
    if fmt == "csv":
        response = HttpResponse(als_csv(t), content_type="text/csv; charset=utf-8")
    else:
        schluessel = ("zuwendungsempfaenger", "art", "regierungsbezirk", "programmteil", "zweck", "zuwendung_eur",
                      "bestandskraeftig_seit")  # fmt: skip
        daten = [
            dict(zip(schluessel, [*z[:5], f"{z[5]:.2f}", z[6].isoformat()], strict=True)) for z in t.zeilen
        ]
        inhalt = json.dumps({"foerderjahr": jahr, "zuwendungen": daten}, ensure_ascii=False, indent=1)
        response = HttpResponse(inhalt.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="KOMM-AN_NRW_Zuwendungen_{jahr}.{fmt}"'
    return response


class SchaltForm(forms.Form):
    oeffentlich = forms.BooleanField(
        label="Transparenzseite öffentlich zeigen", required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )  # fmt: skip
    grund = forms.CharField(
        label="Grund", max_length=300, widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="Zum Beispiel der Erlass oder die Entscheidung, auf der die Veröffentlichung beruht.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def schalten(request: HttpRequest) -> HttpResponse:
    verlange(can_transparenz_schalten(request.user))
    aktuell = transparenz_oeffentlich()
    form = SchaltForm(request.POST or None, initial={"oeffentlich": aktuell})
    if request.method == "POST" and form.is_valid():
        transparenz_schalten(wer=request.user, oeffentlich=form.cleaned_data["oeffentlich"], grund=form.cleaned_data["grund"])
        messages.success(
            request, "Die Transparenzseite ist jetzt öffentlich." if form.cleaned_data["oeffentlich"]
            else "Die Transparenzseite ist jetzt nicht mehr öffentlich.",
        )  # fmt: skip
        return redirect("auswertung:transparenz_schalten")
    verlauf = Transparenzschaltung.objects.select_related("wer").order_by("-wann", "-pk")[:50]
    return render(request, "auswertung/transparenz_schalten.html", {"form": form, "aktuell": aktuell, "verlauf": verlauf})
