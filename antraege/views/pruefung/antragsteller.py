"""The applicant's side of the Prüfung: answering a Nachforderung or Anhörung, the history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from antraege import permissions, workflow
from antraege.forms.antragstellung import nachforderung_antwort_form
from antraege.forms.pruefung import AntwortForm
from antraege.models import Antrag
from antraege.views.pruefung.akte import verlauf
from antraege.workflow import WorkflowError
from antraege.zugriff import antrag_fuer, verlange
from komman.audit import angesehen
from komman.permissions import is_bezirksregierung

S = Antrag.Status


def antworten(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant reads the Nachforderung or Anhörung and answers it (a Nachforderung answer resubmits)."""
    antrag = antrag_fuer(request, pk, zweck="antworten")
    darf = permissions.can_answer(request.user, antrag)
    if request.method == "GET":
        angesehen(request, antrag, seite="antworten")
    # Answering a Nachforderung resubmits: it asks the declarations of a submission (issue 25).
    if antrag.status == S.NACHFORDERUNG:
        form_klasse = nachforderung_antwort_form()
        optionen = {"antrag": antrag}
    else:
        form_klasse, optionen = AntwortForm, {}
    form = form_klasse(request.POST or None, **optionen) if darf[0] else None
    if request.method == "POST":
        verlange(darf)
        if form.is_valid():
            try:
                workflow.answer_request(antrag=antrag, by=request.user, antwort=form.cleaned_data["antwort"])
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                if antrag.status == S.NACHFORDERUNG:
                    messages.success(
                        request, "Ihre Antwort ist eingegangen; der Antrag ist erneut eingereicht."
                    )
                else:
                    messages.success(request, "Ihre Stellungnahme ist eingegangen.")
                return redirect("antraege:stand", pk=antrag.pk)
    return render(
        request,
        "antraege/pruefung/antworten.html",
        {
            "antrag": antrag,
            "form": form,
            "darf": darf,
            "schreiben": list(antrag.schreiben.order_by("-erstellt_am")),
            "heute": timezone.localdate(),
        },
    )


def stand(request: HttpRequest, pk: int) -> HttpResponse:
    """The history of an Antrag: the Bezirksregierung sees everything, the applicant no internal steps."""
    antrag = antrag_fuer(request, pk, zweck="lesen")
    intern = is_bezirksregierung(request.user)
    angesehen(request, antrag, seite="stand")
    return render(
        request,
        "antraege/pruefung/stand.html",
        {
            "antrag": antrag,
            "verlauf": verlauf(antrag, intern=intern),
            "intern": intern,
            "schreiben": list(antrag.schreiben.order_by("erstellt_am")),
            "dokumente": list(antrag.dokumente.defer("pdf").order_by("erstellt_am", "pk")),
            "offen": permissions.can_answer(request.user, antrag)[0],
        },
    )
