"""Security pages: /.well-known/security.txt (RFC 9116) and the audit log search for Administration."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from komman import permissions
from komman.audit import Aktion, protokolliere
from komman.models import Protokolleintrag


@login_not_required
@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    ablauf = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    kontakt = settings.BETREIBER.get("sicherheit_email") or settings.BETREIBER["email"]
    text = (
        f"Contact: mailto:{kontakt}\n"
        f"Expires: {ablauf.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        "Preferred-Languages: de, en\n"
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt\n"
        f"Policy: {settings.SITE_URL}/sicherheit/\n"
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@login_not_required
@require_GET
def sicherheit(request: HttpRequest) -> HttpResponse:
    """How to report a vulnerability (German), linked from security.txt."""
    kontakt = settings.BETREIBER.get("sicherheit_email") or settings.BETREIBER["email"]
    return render(request, "komman/sicherheit.html", {"kontakt": kontakt})


ERSTES_DATUM = datetime.date(2000, 1, 1)
LETZTES_DATUM = datetime.date(2999, 12, 31)


class ProtokollFilter(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feld in self.fields.values():
            feld.widget.attrs.setdefault(
                "class", "form-select" if isinstance(feld, forms.ChoiceField) else "form-control"
            )

    wer = forms.CharField(label="Benutzername", required=False, max_length=150)
    aktion = forms.ChoiceField(label="Aktion", required=False, choices=[("", "alle")] + Aktion.choices)
    objekt_typ = forms.CharField(
        label="Objekttyp", required=False, max_length=100, help_text="z. B. antraege.antrag"
    )
    objekt_id = forms.CharField(label="Objekt-ID", required=False, max_length=64)
    von = forms.DateField(
        label="Von (Datum)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Bitte ein Datum wie 31.12.2026 eingeben."},
    )
    bis = forms.DateField(
        label="Bis (Datum)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Bitte ein Datum wie 31.12.2026 eingeben."},
    )

    def clean(self):
        cleaned = super().clean()
        von, bis = cleaned.get("von"), cleaned.get("bis")
        for name, wert in (("von", von), ("bis", bis)):
            # Year 1 or 9999 overflow the time zone arithmetic (a 500, issue 24.9).
            if wert and not (ERSTES_DATUM <= wert <= LETZTES_DATUM):
                self.add_error(name, "Bitte ein Datum zwischen 01.01.2000 und 31.12.2999 eingeben.")
                von = bis = None
        if von and bis and von > bis:
            self.add_error("bis", "Das Ende des Zeitraums liegt vor seinem Anfang.")
        return cleaned


def protokoll(request: HttpRequest) -> HttpResponse:
    """Administration searches the audit log; the search itself is recorded too."""
    if not permissions.is_admin(request.user):
        raise PermissionDenied("Das Protokoll darf nur die Administration einsehen.")
    form = ProtokollFilter(request.GET or None)
    qs = Protokolleintrag.objects.select_related("wer").order_by("-wann", "-id")
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        if f["wer"]:
            qs = qs.filter(wer_name__iexact=f["wer"].strip())
        if f["aktion"]:
            qs = qs.filter(aktion=f["aktion"])
        if f["objekt_typ"]:
            qs = qs.filter(objekt_typ=f["objekt_typ"].strip().lower())
        if f["objekt_id"]:
            qs = qs.filter(objekt_id=f["objekt_id"].strip())
        tz = timezone.get_current_timezone()
        if f["von"]:
            qs = qs.filter(wann__gte=datetime.datetime.combine(f["von"], datetime.time.min, tzinfo=tz))
        if f["bis"]:
            ende = datetime.datetime.combine(f["bis"], datetime.time.min, tzinfo=tz) + datetime.timedelta(
                days=1
            )
            qs = qs.filter(wann__lt=ende)
        protokolliere(
            wer=request.user,
            aktion=Aktion.PROTOKOLL_DURCHSUCHT,
            details={k: str(v) for k, v in f.items() if v},
            request=request,
        )
    elif form.is_bound:
        qs = qs.none()
    seite = Paginator(qs, 50).get_page(request.GET.get("seite"))
    parameter = request.GET.copy()
    parameter.pop("seite", None)
    return render(
        request,
        "komman/protokoll.html",
        {"form": form, "seite": seite, "parameter": parameter.urlencode()},
    )
