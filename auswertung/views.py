"""The Auswertung pages: Übersicht with charts, the list behind each figure, the exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from antraege.zugriff import verlange
from auswertung import ausgabe, prozesse, uebersicht, verlauf
from auswertung.auswahl import Auswahl
from auswertung.kennzahlen import KENNZAHLEN, zeilen
from auswertung.permissions import can_auswerten
from auswertung.tabellen import als_csv, als_xlsx
from komman.audit import heruntergeladen
from komman.fields import Betrag

PRO_SEITE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _auswahl(request: HttpRequest):
    verlange(can_auswerten(request.user))
    return Auswahl.aus_anfrage(request.GET, standardjahr=timezone.localdate().year)


def tabellen(auswahl) -> dict:
    """Every table of the Übersicht page by name, with the charts built from them."""
    heute = timezone.localdate()
    jahr = auswahl.jahr or heute.year
    u = uebersicht.berechne(auswahl)
    abfluss, abfluss_svg = verlauf.abfluss(auswahl, jahr, heute)
    budget, budget_svg = verlauf.budget(u)
    bearbeitung, bearbeitung_svg = verlauf.bearbeitungszeiten(auswahl)
    fristen, fristen_svg = verlauf.fristen(auswahl, jahr)
    return {
        "uebersicht": u,
        "tabellen": {
            "antraege": ausgabe.antraege_tabelle(u),
            "betraege": ausgabe.betraege_tabelle(u),
            "bezirke": ausgabe.bezirke_tabelle(u),
            "mittelabfluss": abfluss,
            "budget": budget,
            "bearbeitungszeiten": bearbeitung,
            "fristen": fristen,
        },
        "diagramme": {
            "mittelabfluss": abfluss_svg,
            "budget": budget_svg,
            "bearbeitungszeiten": bearbeitung_svg,
            "fristen": fristen_svg,
        },
    }


@require_GET
def uebersicht_seite(request: HttpRequest) -> HttpResponse:
    auswahl, form = _auswahl(request)
    daten = tabellen(auswahl)
    t, d = daten["tabellen"], daten["diagramme"]
    return render(request, "auswertung/uebersicht.html", {
        "form": form, "auswahl": auswahl, "u": daten["uebersicht"], "t": t,
        "abschnitte": [(d[n], t[n]) for n in ("mittelabfluss", "budget", "bearbeitungszeiten", "fristen")],
        "kennzahlen": KENNZAHLEN.values(), "query": auswahl.query(),
        "berichtsteile": ("I", "II", "III"), "berichtsjahr": auswahl.jahr or timezone.localdate().year,
    })  # fmt: skip


def _antwort(inhalt: bytes, dateiname: str, fmt: str) -> HttpResponse:
    art = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    response = HttpResponse(inhalt, content_type=art)
    response["Content-Disposition"] = f'attachment; filename="{dateiname}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """One table of the Übersicht as CSV or XLSX; ``alle`` as one workbook with a sheet per table."""
    auswahl, _ = _auswahl(request)
    alle = tabellen(auswahl)["tabellen"]
    if name == "alle" and fmt == "xlsx":
        gewaehlt = list(alle.values())
    elif name in alle:
        gewaehlt = [alle[name]]
    else:
        raise Http404
    heruntergeladen(request, None, export=f"auswertung_{name}_{fmt}", anzahl=sum(len(t.zeilen) for t in gewaehlt))
    inhalt = als_csv(gewaehlt[0]) if fmt == "csv" else als_xlsx(gewaehlt)
    return _antwort(inhalt, f"Auswertung_{name}_{timezone.localdate():%Y-%m-%d}", fmt)


def _liste(request: HttpRequest, name: str):
    auswahl, form = _auswahl(request)
    kennzahl = KENNZAHLEN.get(name)
    if kennzahl is None:
        raise Http404
    periode = request.GET.get("periode", "")
    qs = zeilen(kennzahl, auswahl, periode=int(periode) if periode.isdigit() else None)
    return auswahl, form, kennzahl, qs


@require_GET
def liste(request: HttpRequest, name: str) -> HttpResponse:
    auswahl, form, kennzahl, qs = _liste(request, name)
    erfasst = prozesse.erfasst().get(kennzahl.prozess or "", True)
    gesamt = qs.aggregate(anzahl=Count("pk"), summe=Sum("wert", output_field=Betrag())) if kennzahl.ist_betrag else {
        "anzahl": qs.count(), "summe": None}  # fmt: skip
    paginator = Paginator(qs, PRO_SEITE)
    paginator.count = gesamt["anzahl"]  # known from the aggregate: no second COUNT query
    seite = paginator.get_page(request.GET.get("seite"))
    tabelle = ausgabe.liste_tabelle(kennzahl, seite.object_list)
    return render(request, "auswertung/liste.html", {
        "form": form, "auswahl": auswahl, "kennzahl": kennzahl, "tabelle": tabelle, "seite": seite,
        "gesamt": gesamt, "erfasst": erfasst, "query": request.GET.urlencode(),
        "query_ohne_seite": _ohne(request.GET, "seite"),
    })  # fmt: skip


def _ohne(daten, name: str) -> str:
    kopie = daten.copy()
    kopie.pop(name, None)
    return kopie.urlencode()


@require_GET
def liste_export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    auswahl, _, kennzahl, qs = _liste(request, name)
    tabelle = ausgabe.liste_tabelle(kennzahl, qs.iterator(chunk_size=2000))
    heruntergeladen(request, None, export=f"auswertung_liste_{name}_{fmt}", anzahl=len(tabelle.zeilen))
    inhalt = als_csv(tabelle) if fmt == "csv" else als_xlsx([tabelle])
    return _antwort(inhalt, f"Auswertung_{name}_{timezone.localdate():%Y-%m-%d}", fmt)
