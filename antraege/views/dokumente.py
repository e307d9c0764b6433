"""Dokumente: download of issued letters and the reviewer's draft of a Bescheid."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from antraege import bescheide, permissions
from antraege.models import Antrag, Dokument
from komman.audit import angesehen, heruntergeladen


def _dateiname(art: str, aktenzeichen: str, zusatz: str = "") -> str:
    """ "Zuwendungsbescheid_36.I-2026-0001.pdf": ASCII only, safe in every browser and file system."""
    teile = [art, aktenzeichen or "ohne-Aktenzeichen", zusatz]
    name = "_".join(t for t in teile if t)
    name = name.translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    )
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name) + ".pdf"


def _pdf(inhalt: bytes, dateiname: str, *, anhang: bool) -> HttpResponse:
    response = HttpResponse(inhalt, content_type="application/pdf")
    art = "attachment" if anhang else "inline"
    response["Content-Disposition"] = f'{art}; filename="{dateiname}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def dokument_download(request: HttpRequest, pk: int, dokument_pk: int) -> HttpResponse:
    antrag = get_object_or_404(Antrag.objects.visible_to(request.user), pk=pk)
    dokument = get_object_or_404(Dokument.objects.filter(antrag=antrag).defer("daten"), pk=dokument_pk)
    allowed, reason = permissions.can_download(request.user, dokument)
    if not allowed:
        raise PermissionDenied(reason)
    heruntergeladen(request, dokument, antrag=antrag.pk, art=dokument.art)
    return _pdf(bytes(dokument.pdf), _dateiname(dokument.get_art_display(), antrag.aktenzeichen), anhang=True)


@require_GET
def bescheid_vorschau(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = get_object_or_404(
        Antrag.objects.visible_to(request.user).select_related(
            "foerderperiode__programmteil", "antragsteller"
        ),
        pk=pk,
    )
    allowed, reason = permissions.can_preview(request.user, antrag)
    if not allowed:
        raise PermissionDenied(reason)
    art = bescheide.VORSCHAU_STATUS[antrag.status]
    angesehen(request, antrag, seite="bescheid_vorschau", art=art)
    return _pdf(
        bescheide.vorschau(antrag=antrag),
        _dateiname(Dokument.Art(art).label, antrag.aktenzeichen, "Entwurf"),
        anhang=False,
    )
