"""Attachments: upload (checked by komman.uploads), download, remove (marked, never deleted)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from antraege import permissions, workflow
from antraege.forms.antragstellung import AnlageForm
from antraege.pflichtanlagen import checkliste
from antraege.zugriff import anlage_fuer, antrag_fuer, verlange
from komman import ablage
from komman.audit import heruntergeladen


@require_http_methods(["GET", "POST"])
def anlagen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    erlaubnis = permissions.can_edit(request.user, antrag)
    punkte = checkliste(antrag)
    pflichten = [p.pflichtanlage for p in punkte]
    form = AnlageForm(pflichtanlagen=pflichten)
    if request.method == "POST":
        verlange(erlaubnis)
        form = AnlageForm(request.POST, request.FILES, pflichtanlagen=pflichten)
        if form.is_valid():
            try:  # stored under PRIVATE_ROOT, recorded in the audit log
                anlage = workflow.anlage_hinzufuegen(
                    antrag=antrag, by=request.user, datei=form.cleaned_data["datei"],
                    beschreibung=form.cleaned_data["beschreibung"],
                    pflichtanlage=form.cleaned_data.get("pflichtanlage"),
                )  # fmt: skip
            except workflow.WorkflowError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, f"Die Anlage „{anlage.dateiname}“ ist hochgeladen.")
                return redirect("antraege:anlagen", pk=antrag.pk)
    liste = list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von", "pflichtanlage"))
    return render(
        request,
        "antraege/antragstellung/anlagen.html",
        {"antrag": antrag, "form": form, "anlagen": liste, "erlaubnis": erlaubnis, "checkliste": punkte},
    )


def anlage_herunterladen(request: HttpRequest, pk: int, anlage_pk: int) -> FileResponse:
    antrag, anlage = anlage_fuer(request, pk, anlage_pk)
    try:
        response = ablage.datei_antwort(anlage.pfad, anlage.dateiname, anlage.content_type)
    except (OSError, SuspiciousFileOperation) as e:
        raise Http404("Die Datei ist nicht vorhanden.") from e
    heruntergeladen(request, anlage, antrag=antrag.pk, dateiname=anlage.dateiname)
    return response


def anlage_entfernen(request: HttpRequest, pk: int, anlage_pk: int) -> HttpResponse:
    antrag, anlage = anlage_fuer(request, pk, anlage_pk)  # first the lookup: another tenant gets 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    verlange(permissions.can_edit(request.user, antrag))
    try:
        workflow.anlage_entfernen(antrag=antrag, anlage=anlage, by=request.user)  # marked, audited
    except workflow.WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Die Anlage „{anlage.dateiname}“ ist entfernt.")
    return redirect("antraege:anlagen", pk=antrag.pk)
