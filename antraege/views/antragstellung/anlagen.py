"""Attachments: upload (checked by komman.uploads), download, remove (marked, never deleted)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from antraege import permissions
from antraege.forms.antragstellung import AnlageForm
from antraege.models import Anlage
from antraege.zugriff import anlage_fuer, antrag_fuer, verlange
from komman import uploads
from komman.audit import Aktion, heruntergeladen, protokolliere


def _anlage_hinzufuegen(request: HttpRequest, antrag, form: AnlageForm) -> Anlage:
    """Stores the checked upload under PRIVATE_ROOT and records it (with an audit entry)."""
    datei = form.cleaned_data["datei"]
    geprueft = datei.komman_pruefung  # komman.uploads: type by content, safe name
    anlage = Anlage.objects.create(
        antrag=antrag,
        dateiname=geprueft.dateiname,
        pfad=uploads.speichere(datei, unterordner=f"anlagen/{antrag.pk}"),
        content_type=geprueft.content_type,
        groesse=geprueft.groesse,
        sha256=geprueft.sha256,
        beschreibung=form.cleaned_data["beschreibung"],
        hochgeladen_von=request.user,
    )
    protokolliere(
        wer=request.user,
        aktion=Aktion.HOCHGELADEN,
        objekt=anlage,
        details={"antrag": antrag.pk, "dateiname": anlage.dateiname, "sha256": anlage.sha256},
        request=request,
    )
    return anlage


def _anlage_entfernen(request: HttpRequest, anlage: Anlage) -> None:
    """Marked, not deleted: what was on file stays traceable."""
    Anlage.objects.filter(pk=anlage.pk).update(geloescht=True)


@require_http_methods(["GET", "POST"])
def anlagen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    erlaubnis = permissions.can_edit(request.user, antrag)
    form = AnlageForm()
    if request.method == "POST":
        verlange(erlaubnis)
        form = AnlageForm(request.POST, request.FILES)
        if form.is_valid():
            anlage = _anlage_hinzufuegen(request, antrag, form)
            messages.success(request, f"Die Anlage „{anlage.dateiname}“ ist hochgeladen.")
            return redirect("antraege:anlagen", pk=antrag.pk)
    liste = list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von"))
    return render(
        request,
        "antraege/antragstellung/anlagen.html",
        {"antrag": antrag, "form": form, "anlagen": liste, "erlaubnis": erlaubnis},
    )


def anlage_herunterladen(request: HttpRequest, pk: int, anlage_pk: int) -> FileResponse:
    antrag, anlage = anlage_fuer(request, pk, anlage_pk)
    try:
        response = uploads.datei_antwort(anlage.pfad, anlage.dateiname, anlage.content_type)
    except (OSError, SuspiciousFileOperation) as e:
        raise Http404("Die Datei ist nicht vorhanden.") from e
    heruntergeladen(request, anlage, antrag=antrag.pk, dateiname=anlage.dateiname)
    return response


def anlage_entfernen(request: HttpRequest, pk: int, anlage_pk: int) -> HttpResponse:
    antrag, anlage = anlage_fuer(request, pk, anlage_pk)  # first the lookup: another tenant gets 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    verlange(permissions.can_edit(request.user, antrag))
    _anlage_entfernen(request, anlage)
    messages.success(request, f"Die Anlage „{anlage.dateiname}“ ist entfernt.")
    return redirect("antraege:anlagen", pk=antrag.pk)
