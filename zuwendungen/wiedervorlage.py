"""Wiedervorlage (issue 22 item 5): a reviewer sets a day and a note on any Antrag or Zuwendung
and finds it in Meine Aufgaben on that day (and is reminded by mail on that day).

A Wiedervorlage is a Frist row of the kind WIEDERVORLAGE tied to its ``person``: nobody else
sees it, lists it or is reminded of it. Setting and closing follow the project's pattern
(permission → transaction → row), through ``zuwendungen.fristen``.
"""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from antraege import permissions as antrag_permissions
from antraege.models import Antrag
from antraege.workflow.kern import WorkflowError, _require
from antraege.zugriff import antrag_fuer
from komman import aufgaben
from zuwendungen import fristen
from zuwendungen.models import Frist

NOTIZ_LAENGE = Frist._meta.get_field("titel").max_length


def can_wiedervorlage(user, antrag: Antrag) -> tuple[bool, str]:
    """Any reviewer of the Bezirksregierung (Prüfung, Zeichnung, Administration) on a submitted case."""
    return antrag_permissions.can_review(user, antrag)


def setzen(*, antrag: Antrag, by, am: datetime.date, notiz: str, url: str = "") -> Frist:
    _require(can_wiedervorlage(by, antrag))
    if am < timezone.localdate():
        raise WorkflowError("Eine Wiedervorlage kann nicht in der Vergangenheit liegen.")
    with transaction.atomic():
        frist = _anlegen(antrag=antrag, by=by, am=am, notiz=notiz, url=url)
    aufgaben.vergessen(by)
    return frist


def _anlegen(*, antrag: Antrag, by, am: datetime.date, notiz: str, url: str) -> Frist:
    frist = fristen.setzen(
        schluessel=f"wiedervorlage:{uuid.uuid4().hex}",
        art=Frist.Art.WIEDERVORLAGE,
        antrag=antrag,
        zuwendung=getattr(antrag, "zuwendungsfall", None),
        faellig_am=am,
        titel=notiz.strip()[:NOTIZ_LAENGE] or "Wiedervorlage",
        wer=Frist.Wer.PRUEFUNG,
        url=url,
    )
    Frist.objects.filter(pk=frist.pk).update(person=by)
    frist.person = by
    return frist


def erledigen(*, frist: Frist, by) -> bool:
    if frist.person_id != by.pk or frist.art != Frist.Art.WIEDERVORLAGE:
        raise WorkflowError("Nur wer die Wiedervorlage gesetzt hat, kann sie erledigen.")
    # Also once its day has passed (versäumt): a Wiedervorlage stays until its person closes it.
    erledigt = bool(
        Frist.objects.filter(pk=frist.pk, status__in=(*Frist.Status.laufend(), Frist.Status.VERSAEUMT)).update(
            status=Frist.Status.ERLEDIGT, erledigt_am=timezone.now()
        )
    )
    aufgaben.vergessen(by)
    return erledigt


def offene(user, antrag: Antrag) -> list[Frist]:
    return list(
        Frist.objects.filter(
            person=user, antrag=antrag, art=Frist.Art.WIEDERVORLAGE, status__in=Frist.Status.laufend()
        ).order_by("faellig_am", "pk")
    )


class WiedervorlageForm(forms.Form):
    am = forms.DateField(
        label="Wiedervorlage am",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "invalid": "Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).",
            "required": "Bitte geben Sie den Tag der Wiedervorlage an.",
        },
    )
    notiz = forms.CharField(
        label="Notiz",
        max_length=NOTIZ_LAENGE,
        help_text="Woran Sie an diesem Tag denken wollen; nur Sie sehen die Notiz.",
        error_messages={
            "required": "Bitte schreiben Sie kurz, worum es geht.",
            "max_length": f"Die Notiz darf höchstens {NOTIZ_LAENGE} Zeichen lang sein.",
        },
    )

    def clean_am(self):
        am = self.cleaned_data["am"]
        if am < timezone.localdate():
            raise forms.ValidationError("Der Tag der Wiedervorlage darf nicht in der Vergangenheit liegen.")
        return am


def _zurueck(request: HttpRequest, antrag: Antrag) -> str:
    ziel = request.POST.get("weiter", "")
    if ziel and url_has_allowed_host_and_scheme(ziel, allowed_hosts={request.get_host()}):
        return ziel
    return reverse("antraege:pruefung_detail", args=[antrag.pk])


def wiedervorlage(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form with the user's open Wiedervorlagen of this case; POST: set one."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    form = WiedervorlageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ziel = _zurueck(request, antrag)
        try:
            setzen(antrag=antrag, by=request.user, url=ziel, **form.cleaned_data)
        except WorkflowError as fehler:
            form.add_error(None, str(fehler))
        else:
            messages.success(
                request,
                f"Wiedervorlage am {form.cleaned_data['am']:%d.%m.%Y} gesetzt; Sie finden sie an diesem Tag "
                "unter „Meine Aufgaben“.",
            )
            return redirect(ziel)
    return render(
        request,
        "zuwendungen/wiedervorlage.html",
        {"antrag": antrag, "form": form, "offene": offene(request.user, antrag), "weiter": request.GET.get("weiter", "")},
    )


@require_POST
def wiedervorlage_erledigt(request: HttpRequest, pk: int) -> HttpResponse:
    frist = Frist.objects.filter(pk=pk, person=request.user, art=Frist.Art.WIEDERVORLAGE).first()
    if frist is None or not request.user.is_authenticated:
        raise Http404
    erledigen(frist=frist, by=request.user)
    messages.success(request, "Die Wiedervorlage ist erledigt.")
    return redirect("aufgaben")


# --- the grant's page: the reviewer's own Wiedervorlagen and the link (zuwendungen/abschnitte.py) ---
from zuwendungen.abschnitte import abschnitt  # noqa: E402


@abschnitt("wiedervorlage", vorlage="zuwendungen/abschnitte/wiedervorlage.html")
def abschnitt_wiedervorlage(request, zuwendung) -> dict | None:
    if not can_wiedervorlage(request.user, zuwendung.antrag)[0]:
        return None
    return {"offene": offene(request.user, zuwendung.antrag)}
