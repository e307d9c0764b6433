"""Every view's way to a Zuwendung, a Mittelabruf or a Zahlungsbrief: one lookup per object family.

Like antraege.zugriff: the lookup scopes the queryset to what the user may see (the applicant
organisation's members; the Bezirksregierung all) and returns the object or raises 404, so
another tenant's grant does not exist. What the user may *do* is asked afterwards from
zuwendungen.permissions (antraege.zugriff.verlange turns a refusal into a 403 with the reason).

Zwecke: "lesen" (both sides), "pruefen" (Bezirksregierung only; 404 for everyone else).
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from komman.permissions import is_bezirksregierung, organisation_ids
from zuwendungen.models import Mittelabruf, Zahlungsbrief, Zuwendung

ZWECKE = ("lesen", "pruefen")
_MITLADEN = ("antrag__antragsteller", "antrag__foerderperiode__programmteil")


def zuwendungen_fuer(request: HttpRequest, *, zweck: str = "lesen"):
    if zweck not in ZWECKE:
        raise ValueError(zweck)
    user = request.user
    if is_bezirksregierung(user):
        return Zuwendung.objects.all()
    if zweck == "pruefen":
        raise Http404
    return Zuwendung.objects.filter(antrag__antragsteller_id__in=organisation_ids(user))


def zuwendung_fuer(request: HttpRequest, pk: int, *, zweck: str = "lesen") -> Zuwendung:
    return get_object_or_404(zuwendungen_fuer(request, zweck=zweck).select_related(*_MITLADEN), pk=pk)


def abruf_fuer(request: HttpRequest, pk: int, *, zweck: str = "lesen") -> Mittelabruf:
    zuwendungen = zuwendungen_fuer(request, zweck=zweck)
    qs = Mittelabruf.objects.filter(zuwendung__in=zuwendungen).select_related(
        *(f"zuwendung__{f}" for f in _MITLADEN), "freigegeben_von", "gezeichnet_von", "eingereicht_von"
    )
    return get_object_or_404(qs, pk=pk)


def brief_fuer(request: HttpRequest, pk: int) -> Zahlungsbrief:
    """A letter of a call the user sees; the Auszahlungsanordnung only for the Bezirksregierung."""
    zuwendungen = zuwendungen_fuer(request, zweck="lesen")
    qs = Zahlungsbrief.objects.filter(mittelabruf__zuwendung__in=zuwendungen).defer("daten")
    if not is_bezirksregierung(request.user):
        qs = qs.filter(~Q(art=Zahlungsbrief.Art.AUSZAHLUNGSANORDNUNG))
    return get_object_or_404(qs.select_related("mittelabruf__zuwendung__antrag"), pk=pk)
