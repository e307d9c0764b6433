"""Verwaltung of the Anlagen zum Bescheid: every Fassung with source and SHA-256, upload of a new one."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from komman import audit
from komman.verwaltung import admin_erforderlich
from programmteile.forms.anlagen import AnlageForm
from programmteile.models import Anlage


@admin_erforderlich
def anlagen(request: HttpRequest) -> HttpResponse:
    form = AnlageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        datei = form.cleaned_data["datei"]
        anlage = form.save(commit=False)
        anlage.dateiname = datei.komman_pruefung.dateiname
        anlage.pdf = datei.read()
        anlage.hochgeladen_von = request.user
        try:
            with transaction.atomic():
                anlage.save()
                audit.protokolliere(
                    wer=request.user,
                    aktion=audit.Aktion.HOCHGELADEN,
                    objekt=anlage,
                    details={"anlage": str(anlage), "sha256": anlage.sha256},
                    request=request,
                )
        except IntegrityError:  # the same Fassung uploaded at the same moment
            form.add_error("fassung", "Diese Fassung ist schon hochgeladen.")
        else:
            messages.success(request, f"{anlage} ist gespeichert; neue Bescheide nennen ab jetzt diese Fassung.")
            return redirect("programmteile:verwaltung_anlagen")
    liste = Anlage.objects.defer("pdf").select_related("hochgeladen_von")
    return render(request, "programmteile/verwaltung/anlagen.html", {"form": form, "anlagen": liste})
