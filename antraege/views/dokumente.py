"""Dokumente: download of issued letters and the reviewer's draft of a Bescheid."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from antraege import bescheide, permissions
from antraege.models import Dokument
from antraege.workflow import bekanntgabe
from antraege.zugriff import antrag_fuer, bescheid_anlage_fuer, dokument_fuer, verlange
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
    antrag, dokument = dokument_fuer(request, pk, dokument_pk)
    verlange(permissions.can_download(request.user, dokument))
    heruntergeladen(request, dokument, antrag=antrag.pk, art=dokument.art)
    dokument.antrag = antrag
    bekanntgabe.abruf_erfassen(dokument=dokument, by=request.user)  # first download of a notice
    return _pdf(bytes(dokument.pdf), _dateiname(dokument.get_art_display(), antrag.aktenzeichen), anhang=True)


@require_GET
def anlage_download(request: HttpRequest, pk: int, dokument_pk: int, anlage_pk: int) -> HttpResponse:
    """An Anlage (ANBest, forms) in the Fassung the notice names; only through a notice the user sees."""
    antrag, dokument, anlage = bescheid_anlage_fuer(request, pk, dokument_pk, anlage_pk)
    verlange(permissions.can_download(request.user, dokument))
    heruntergeladen(request, anlage, antrag=antrag.pk, dokument=dokument.pk)
    zusatz = f"Fassung-{anlage.fassung:%Y-%m-%d}" + ("_Muster" if anlage.muster else "")
    return _pdf(bytes(anlage.pdf), _dateiname(anlage.get_art_display(), "", zusatz), anhang=True)


@require_GET
def bescheid_vorschau(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    verlange(permissions.can_preview(request.user, antrag))
    art = bescheide.VORSCHAU_STATUS[antrag.status]
    angesehen(request, antrag, seite="bescheid_vorschau", art=art)
    return _pdf(
        bescheide.vorschau(antrag=antrag),
        _dateiname(Dokument.Art(art).label, antrag.aktenzeichen, "Entwurf"),
        anhang=False,
    )
