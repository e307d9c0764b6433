"""Bankverbindungen: master data of the organisations, changed only by the Administration."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from antraege.zugriff import verlange
from komman.models import Organisation
from zuwendungen import permissions
from zuwendungen.forms import BankverbindungForm
from zuwendungen.models import Bankverbindung


def bankverbindungen(request: HttpRequest) -> HttpResponse:
    verlange(permissions.can_bankverbindung_aendern(request.user))
    heute = timezone.localdate()
    aktuell = Bankverbindung.objects.filter(organisation=OuterRef("pk"), gueltig_ab__lte=heute).order_by("-gueltig_ab", "-pk")
    organisationen = (
        Organisation.objects.exclude(art=Organisation.Art.BEZIRKSREGIERUNG)
        .annotate(iban=Subquery(aktuell.values("iban")[:1]), kontoinhaber=Subquery(aktuell.values("kontoinhaber")[:1]))
        .order_by("art", "name")
    )
    return render(request, "zuwendungen/bank/liste.html", {"organisationen": organisationen})


def bankverbindung(request: HttpRequest, pk: int) -> HttpResponse:
    """The history of one organisation's account and the form for a new one (append-only)."""
    verlange(permissions.can_bankverbindung_aendern(request.user))
    organisation = get_object_or_404(Organisation.objects.exclude(art=Organisation.Art.BEZIRKSREGIERUNG), pk=pk)
    form = BankverbindungForm(request.POST or None, initial={"gueltig_ab": timezone.localdate(), "kontoinhaber": str(organisation)})
    if request.method == "POST" and form.is_valid():
        Bankverbindung.objects.create(organisation=organisation, erfasst_von=request.user, **form.cleaned_data)
        messages.success(request, f"Die Bankverbindung von {organisation} ist gespeichert.")
        return redirect("zuwendungen:bankverbindung", organisation.pk)
    verlauf = organisation.bankverbindungen.select_related("erfasst_von").order_by("-gueltig_ab", "-pk")
    return render(request, "zuwendungen/bank/organisation.html", {
        "organisation": organisation, "form": form, "verlauf": verlauf,
        "aktuell": Bankverbindung.objects.aktuell(organisation.pk),
    })  # a form with errors is the page again (200), as everywhere in the portal
