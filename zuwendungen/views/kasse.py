"""The Bezirksregierung's payout list, the Landeskasse export (CSV, XLSX) and the paid-list import."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from antraege.zugriff import verlange
from komman.audit import heruntergeladen
from zuwendungen import kasse, listen, permissions
from zuwendungen.forms import KassenlisteForm
from zuwendungen.models import Mittelabruf
from zuwendungen.zugriff import der_zuwendungen


@require_GET
def auszahlungen(request: HttpRequest) -> HttpResponse:
    """Calls waiting for the Bezirksregierung: to check, to sign, to be paid by the Kasse
    (plain rows, zuwendungen.listen)."""
    verlange(permissions.can_pruefen(request.user))
    return render(request, "zuwendungen/kasse/liste.html", {
        "gruppen": listen.offene_abrufe(der_zuwendungen(request, Mittelabruf.objects.all())),
        "darf_kasse": permissions.can_kasse(request.user)[0],
    })  # fmt: skip


def _dateiname(endung: str) -> str:
    return f"Auszahlungen_Landeskasse_{timezone.localdate():%Y-%m-%d}.{endung}"


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    verlange(permissions.can_kasse(request.user))
    zeilen = kasse.zeilen(kasse.offene_anordnungen())
    heruntergeladen(request, None, export="landeskasse_csv", anzahl=len(zeilen))
    response = HttpResponse(kasse.csv_export(zeilen).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_dateiname("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    verlange(permissions.can_kasse(request.user))
    zeilen = kasse.zeilen(kasse.offene_anordnungen())
    heruntergeladen(request, None, export="landeskasse_xlsx", anzahl=len(zeilen))
    response = FileResponse(
        io.BytesIO(kasse.xlsx_export(zeilen)), as_attachment=True, filename=_dateiname("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


def zahlungsliste(request: HttpRequest) -> HttpResponse:
    """All or nothing: a file with any bad row marks nothing paid and lists every problem."""
    verlange(permissions.can_kasse(request.user))
    form = KassenlisteForm(request.POST or None, request.FILES or None)
    csv_fehler = []
    if request.method == "POST" and form.is_valid():
        datei = form.cleaned_data["datei"]
        if datei.size > 2 * 1024 * 1024:
            form.add_error("datei", "Die Datei ist größer als 2 MB.")
        else:
            anzahl, csv_fehler = kasse.zahlungsliste_uebernehmen(datei.read(), by=request.user)
            if not csv_fehler:
                messages.success(request, f"{anzahl} Auszahlungen sind als ausgezahlt gemeldet.")
                return redirect("zuwendungen:kasse")
    return render(
        request,
        "zuwendungen/kasse/import.html",
        {"form": form, "csv_fehler": csv_fehler, "spalten": ";".join(kasse.IMPORT_SPALTEN)},
    )
