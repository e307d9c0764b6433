"""Letters before and after sending: the preview of a Nachforderung or Anhörung from the form
(nothing stored), the authority's decision on the early start, and withdrawing a letter sent
by mistake together with its replacement."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from antraege import bescheide, permissions, workflow
from antraege.forms.pruefung import ErsetzenForm, VorzeitigerBeginnForm
from antraege.models import Antrag, Dokument, Schreiben
from antraege.views.pruefung.akte import detail_url
from antraege.workflow import WorkflowError
from antraege.workflow.pruefung import anhoerung_inhalt
from antraege.workflow.schreiben import altes_dokument
from antraege.zugriff import antrag_fuer, verlange

VORSCHAU = "vorschau"


def ist_vorschau(request: HttpRequest) -> bool:
    return request.POST.get("aktion") == VORSCHAU


def _pdf(pdf: bytes, name: str) -> HttpResponse:
    antwort = HttpResponse(pdf, content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="{name}"'
    antwort["Cache-Control"] = "no-store"
    return antwort


def nachforderung_vorschau(request: HttpRequest, antrag: Antrag, daten: dict, ersetzt=None) -> HttpResponse:
    schreiben = {
        "text": daten.get("text", ""),
        "punkte": daten.get("punkte") or [],
        "frist": daten["frist"].isoformat(),
        "beabsichtigter_betrag": None,
        "zeilen": [],
    }
    pdf = bescheide.schreiben_vorschau(
        antrag=antrag, art=Dokument.Art.NACHFORDERUNG, by=request.user, schreiben=schreiben, ersetzt=ersetzt
    )
    return _pdf(pdf, f"Entwurf_Nachforderung_{antrag.aktenzeichen}.pdf")


def anhoerung_vorschau(request: HttpRequest, antrag: Antrag, daten: dict, ersetzt=None) -> HttpResponse:
    """Raises WorkflowError for content the Anhörung itself would refuse (amount above the request)."""
    text, betrag, zeilen = anhoerung_inhalt(
        antrag,
        text=daten["text"],
        beabsichtigter_betrag=daten.get("beabsichtigter_betrag"),
        zeilen=daten.get("zeilen"),
    )
    schreiben = {
        "text": text,
        "punkte": [],
        "frist": daten["frist"].isoformat(),
        "beabsichtigter_betrag": f"{betrag:.2f}",
        "beabsichtigt": "ablehnung" if betrag == 0 else "teilbewilligung",
        "zeilen": zeilen,
        "erneut": antrag.status == Antrag.Status.ANHOERUNG and ersetzt is None,
    }
    pdf = bescheide.schreiben_vorschau(
        antrag=antrag, art=Dokument.Art.ANHOERUNG, by=request.user, schreiben=schreiben, ersetzt=ersetzt
    )
    return _pdf(pdf, f"Entwurf_Anhoerung_{antrag.aktenzeichen}.pdf")


def vorzeitiger_beginn(request: HttpRequest, pk: int) -> HttpResponse:
    """The authority decides on the early start the applicant asked for (VV 1.3.1)."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_decide_early_start(request.user, antrag))
    form = VorzeitigerBeginnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.vorzeitigen_beginn_entscheiden(antrag=antrag, by=request.user, **form.cleaned_data)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Entscheidung über den vorzeitigen Maßnahmebeginn ist vermerkt.")
            return redirect(detail_url(antrag))
    return render(request, "antraege/pruefung/vorzeitiger_beginn.html", {"antrag": antrag, "form": form})


def schreiben_ersetzen(request: HttpRequest, pk: int, schreiben_pk: int) -> HttpResponse:
    """Withdraw a Nachforderung or Anhörung sent by mistake and send its replacement (preview first)."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    schreiben = get_object_or_404(Schreiben, pk=schreiben_pk, antrag=antrag)
    verlange(permissions.can_replace_letter(request.user, schreiben))
    initial = {
        "text": schreiben.text,
        "punkte": "\n".join(str(p) for p in schreiben.punkte or []),
        "beabsichtigter_betrag": schreiben.beabsichtigter_betrag,
    }
    form = ErsetzenForm(request.POST or None, initial=initial, frist_vorschlag=schreiben.frist)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if ist_vorschau(request):
                alt = altes_dokument(schreiben)
                if schreiben.art == Schreiben.Art.NACHFORDERUNG:
                    return nachforderung_vorschau(request, antrag, d, ersetzt=alt)
                return anhoerung_vorschau(request, antrag, d, ersetzt=alt)
            workflow.schreiben_ersetzen(schreiben=schreiben, by=request.user, **d)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Das Schreiben ist zurückgezogen und ersetzt; der Antragsteller wird benachrichtigt."
            )
            return redirect(detail_url(antrag))
    return render(
        request,
        "antraege/pruefung/schreiben_ersetzen.html",
        {"antrag": antrag, "schreiben": schreiben, "form": form},
    )
