"""The Antrag's own pages: create it, read it, submit it, see the Eingangsbestätigung, withdraw it, its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from antraege import permissions, workflow
from antraege.forms.antragstellung import EinreichenForm, ZurueckziehenForm
from antraege.models import Antrag, Dokument, Statuswechsel
from antraege.views.antragstellung.inhalt import aktionen_fuer, inhalt_fuer, offenes_schreiben
from antraege.zugriff import antrag_fuer, verlange
from komman.audit import angesehen
from komman.models import Organisation
from komman.permissions import organisation_ids
from programmteile.models import Foerderperiode

# --- Anlegen ---


@require_http_methods(["GET", "POST"])
def neu(request: HttpRequest, periode_pk: int) -> HttpResponse:
    periode = get_object_or_404(
        Foerderperiode.objects.visible_to(request.user).select_related("programmteil"), pk=periode_pk
    )
    organisationen = [
        org
        for org in Organisation.objects.filter(pk__in=organisation_ids(request.user)).order_by("name")
        if permissions.can_create(request.user, org, periode)[0]
    ]
    if not organisationen:
        raise Http404("Keine antragsberechtigte Organisation.")
    if request.method == "POST":
        try:
            org = next(o for o in organisationen if str(o.pk) == request.POST.get("organisation", ""))
        except StopIteration:
            messages.error(request, "Bitte wählen Sie die antragstellende Organisation aus.")
            return redirect("antraege:neu", periode_pk=periode.pk)
        try:
            antrag, angelegt = workflow.create_draft(organisation=org, periode=periode, by=request.user)
        except workflow.WorkflowError as e:
            raise PermissionDenied(str(e)) from None
        if angelegt:
            messages.success(
                request, f"Der Antrag für {periode} ist angelegt. Sie können ihn jetzt ausfüllen."
            )
            return redirect("antraege:bearbeiten", pk=antrag.pk)
        messages.info(
            request,
            f"Für {org} gibt es in der Förderperiode {periode} bereits einen Antrag; je Förderperiode ist "
            "nur ein Antrag möglich. Hier ist der vorhandene Antrag.",
        )
        return redirect("antraege:detail", pk=antrag.pk)
    vorhanden = {
        a.antragsteller_id: a
        for a in Antrag.objects.filter(foerderperiode=periode, antragsteller__in=organisationen).exclude(
            status=Antrag.Status.ZURUECKGEZOGEN
        )
    }
    return render(
        request,
        "antraege/antragstellung/neu.html",
        {"periode": periode, "eintraege": [(org, vorhanden.get(org.pk)) for org in organisationen]},
    )


# --- Ansehen ---


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    angesehen(request, antrag)
    context = inhalt_fuer(antrag)
    context.update(
        {
            "aktionen": aktionen_fuer(request.user, antrag),
            "anlagen": list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von")),
            "offenes_schreiben": offenes_schreiben(antrag),
            "heute": timezone.localdate(),
        }
    )
    return render(request, "antraege/antragstellung/detail.html", context)


# --- Einreichen, Eingangsbestätigung, Zurückziehen ---


@require_http_methods(["GET", "POST"])
def einreichen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    if antrag.status not in Antrag.Status.BEARBEITBAR and antrag.aktenzeichen:
        # A resent form or a double click after success: show the result, never submit twice.
        messages.info(request, f"Der Antrag ist bereits eingereicht (Aktenzeichen {antrag.aktenzeichen}).")
        return redirect("antraege:detail", pk=antrag.pk)
    erlaubnis = permissions.can_submit(request.user, antrag)
    form = EinreichenForm(request.POST or None, antrag=antrag)
    if request.method == "POST":
        verlange(erlaubnis)
        if form.is_valid():
            try:
                workflow.submit(antrag=antrag, by=request.user)
            except workflow.WorkflowError as e:
                messages.error(request, str(e))
            else:
                return redirect("antraege:eingang", pk=antrag.pk)
    context = inhalt_fuer(antrag)
    context.update(
        {"form": form, "erlaubnis": erlaubnis, "anlagen": list(antrag.anlagen.filter(geloescht=False))}
    )
    return render(request, "antraege/antragstellung/einreichen.html", context)


def eingang(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    if not antrag.aktenzeichen:
        raise Http404("Der Antrag ist noch nicht eingereicht.")
    angesehen(request, antrag, seite="eingang")
    bestaetigung = (
        antrag.dokumente.filter(art=Dokument.Art.EINGANGSBESTAETIGUNG).defer("pdf").order_by("pk").first()
    )
    return render(
        request, "antraege/antragstellung/eingang.html", {"antrag": antrag, "bestaetigung": bestaetigung}
    )


@require_http_methods(["GET", "POST"])
def zurueckziehen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    verlange(permissions.can_withdraw(request.user, antrag))
    form = ZurueckziehenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw(antrag=antrag, by=request.user, grund=form.cleaned_data["grund"])
        except workflow.WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "Der Antrag ist zurückgezogen.")
            return redirect("antraege:detail", pk=antrag.pk)
    return render(request, "antraege/antragstellung/zurueckziehen.html", {"antrag": antrag, "form": form})


def verlauf(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    angesehen(request, antrag, seite="verlauf")
    wechsel = Statuswechsel.objects.filter(antrag=antrag).select_related("wer").order_by("wann", "id")
    if not permissions.can_see_internal(request.user):
        wechsel = wechsel.filter(intern=False)
    return render(
        request, "antraege/antragstellung/verlauf.html", {"antrag": antrag, "wechsel": list(wechsel)}
    )
