"""Letters and decisions: Nachforderung, Anhörung, proposing a Bewilligung or Ablehnung, Zeichnung."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from antraege import permissions, regeln, workflow
from antraege.forms.pruefung import (
    AblehnungForm,
    AnhoerungForm,
    NachforderungForm,
    ZeichnenForm,
    ZurueckgebenForm,
)
from antraege.forms.vorschlag import VorschlagForm
from antraege.models import Antrag, Schreiben
from antraege.views.pruefung.akte import detail_kontext, detail_url
from antraege.views.pruefung.schreiben import anhoerung_vorschau, ist_vorschau, nachforderung_vorschau
from antraege.workflow import WorkflowError
from antraege.zugriff import antrag_fuer, verlange

S = Antrag.Status


def nachforderung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_request_documents(request.user, antrag))
    form = NachforderungForm(request.POST or None, frist_vorschlag=workflow.antwortfrist(antrag))
    if request.method == "POST" and form.is_valid():
        if ist_vorschau(request):  # the letter as it would be sent, before sending (issue 25)
            return nachforderung_vorschau(request, antrag, form.cleaned_data)
        try:
            workflow.request_documents(antrag=antrag, by=request.user, **form.cleaned_data)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Die Nachforderung ist versandt; der Antragsteller wird benachrichtigt."
            )
            return redirect(detail_url(antrag))
    return render(request, "antraege/pruefung/nachforderung.html", {"antrag": antrag, "form": form})


def anhoerung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_start_hearing(request.user, antrag))
    zeilen = workflow.vorschlagszeilen(antrag)
    form = AnhoerungForm(
        request.POST or None,
        frist_vorschlag=workflow.antwortfrist(antrag),
        zeilen=zeilen,
        beantragt=antrag.beantragt,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if ist_vorschau(request):
                return anhoerung_vorschau(request, antrag, form.workflow_daten())
            workflow.start_hearing(antrag=antrag, by=request.user, **form.workflow_daten())
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Anhörung ist versandt; der Antragsteller wird benachrichtigt.")
            return redirect(detail_url(antrag))
    return render(
        request,
        "antraege/pruefung/anhoerung.html",
        {
            "antrag": antrag,
            "form": form,
            "zeilen": zeilen,
            "ergebnis": regeln.pruefen(antrag),
            "erneut": antrag.status == S.ANHOERUNG,
        },
    )


def vorschlag(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a Bewilligung in full or in part: an amount and, where cut, a reason per line."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_propose(request.user, antrag))
    zeilen = workflow.vorschlagszeilen(antrag)
    form = VorschlagForm(
        request.POST or None,
        zeilen=zeilen,
        version=antrag.version,
        zeitraum=regeln.zeitraum_vorschlag(antrag),
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose_approval(
                antrag=antrag,
                by=request.user,
                zeilen=form.zeilen_daten(),
                begruendung=form.cleaned_data["begruendung"],
                version=form.cleaned_data["version"],
                bewilligung_von=form.cleaned_data.get("bewilligung_von"),
                bewilligung_bis=form.cleaned_data.get("bewilligung_bis"),
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Bewilligung ist vorgeschlagen und wartet auf die Zeichnung.")
            return redirect(detail_url(antrag))
    grenze, grenze_was = workflow.hoechstgrenze(antrag)
    anhoerung_schreiben = (
        antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG, zurueckgezogen_am__isnull=True)
        .order_by("-erstellt_am")
        .first()
    )
    return render(
        request,
        "antraege/pruefung/vorschlag.html",
        {
            "antrag": antrag,
            "form": form,
            "ergebnis": regeln.pruefen(antrag),
            "grenze": grenze,
            "grenze_was": grenze_was,
            "budget": workflow.budgetstand(antrag.foerderperiode),
            "anhoerung": anhoerung_schreiben,
        },
    )


def ablehnung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_propose_rejection(request.user, antrag))
    form = AblehnungForm(request.POST or None, initial={"version": antrag.version})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose_rejection(antrag=antrag, by=request.user, **form.cleaned_data)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Ablehnung ist vorgeschlagen und wartet auf die Zeichnung.")
            return redirect(detail_url(antrag))
    anhoerung_schreiben = (
        antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG, zurueckgezogen_am__isnull=True)
        .order_by("-erstellt_am")
        .first()
    )
    return render(
        request,
        "antraege/pruefung/ablehnung.html",
        {"antrag": antrag, "form": form, "anhoerung": anhoerung_schreiben},
    )


def zeichnen(request: HttpRequest, pk: int) -> HttpResponse:
    """The second person signs the proposal (→ bewilligt/abgelehnt) or returns it with a comment."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_sign_or_send_back(request.user, antrag))
    darf_zeichnen = permissions.can_sign(request.user, antrag)
    zeichnen_form = ZeichnenForm(initial={"version": antrag.version})
    zurueck_form = ZurueckgebenForm(initial={"version": antrag.version})
    if request.method == "POST":
        aktion = request.POST.get("aktion")
        try:
            if aktion == "zeichnen":
                verlange(darf_zeichnen)
                zeichnen_form = ZeichnenForm(request.POST)
                if zeichnen_form.is_valid():
                    funktion = (
                        workflow.approve if antrag.status == S.BEWILLIGUNG_VORGESCHLAGEN else workflow.reject
                    )
                    funktion(antrag=antrag, by=request.user, version=zeichnen_form.cleaned_data["version"])
                    messages.success(
                        request,
                        "Gezeichnet. Der Bescheid wird erstellt; der Antragsteller wird benachrichtigt.",
                    )
                    return redirect(detail_url(antrag))
            elif aktion == "zurueckgeben":
                verlange(permissions.can_send_back(request.user, antrag))
                zurueck_form = ZurueckgebenForm(request.POST)
                if zurueck_form.is_valid():
                    workflow.send_back(antrag=antrag, by=request.user, **zurueck_form.cleaned_data)
                    messages.success(request, "Der Vorschlag ist an die Prüfung zurückgegeben.")
                    return redirect(detail_url(antrag))
            else:
                messages.error(request, "Bitte wählen Sie „Zeichnen“ oder „Zurückgeben“.")
        except WorkflowError as e:
            messages.error(request, str(e))
    kontext = detail_kontext(request, antrag)
    kontext.update(
        {
            "zeichnen_form": zeichnen_form,
            "zurueck_form": zurueck_form,
            "darf_zeichnen": darf_zeichnen,
            "darf_zurueckgeben": permissions.can_send_back(request.user, antrag),
        }
    )
    return render(request, "antraege/pruefung/zeichnen.html", kontext)
