"""Zur Zeichnung vorlegen: KI staff hand a finished draft to the organisation's signatories."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from antraege import permissions, workflow
from antraege.forms.antragstellung import VorlegenForm
from antraege.views.antragstellung.inhalt import inhalt_fuer
from antraege.zugriff import antrag_fuer, verlange


@require_http_methods(["GET", "POST"])
def vorlegen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    verlange(permissions.can_vorlegen(request.user, antrag))
    form = VorlegenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.zur_zeichnung_vorlegen(
                antrag=antrag, by=request.user, hinweis=form.cleaned_data["hinweis"]
            )
        except workflow.WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request,
                "Der Antrag ist zur Zeichnung vorgelegt. Die Zeichnungsberechtigten Ihrer Organisation "
                "haben eine E-Mail erhalten und sehen ihn auf ihrer Startseite unter „Bereit zum Einreichen“.",
            )
            return redirect("antraege:detail", pk=antrag.pk)
    context = inhalt_fuer(antrag)
    context["form"] = form
    return render(request, "antraege/antragstellung/vorlegen.html", context)
