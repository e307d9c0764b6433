"""Every view's way to a Zuwendung: one lookup per object family (like antraege.zugriff).

Applicants see the Zuwendungen of their organisations, the Bezirksregierung (Prüfung,
Zeichnung, Administration) all of them; anything else does not exist (404).
Zwecke: "lesen" (the pages), "weiterleiten" (the Kommune's forwarding; whether it may is a
permission, asked afterwards).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from komman.permissions import is_bezirksregierung, organisation_ids
from zuwendungen import permissions
from zuwendungen.models import Mittelabruf, Zahlungsbrief, Zuwendung

ZWECKE = {
    "lesen": ("antrag__antragsteller", "antrag__foerderperiode__programmteil"),
    "weiterleiten": ("antrag__antragsteller", "antrag__foerderperiode__programmteil"),
}


def _sichtbar(request: HttpRequest, pfad: str, zweck: str = "lesen") -> Q | None:
    """The rule of this module as a condition on the grant behind ``pfad`` ("" for Zuwendung,
    "zuwendung__" for its processes); None: nothing is visible.

    The processes' lookups filter on the grant's columns directly instead of ``zuwendung__in=
    zuwendungen_fuer(…)``: with that semi-join and the joins of select_related PostgreSQL spent
    9–21 ms *planning* a one-row lookup at 100,000 Anträge (a VN page: 13 relations, past the
    genetic optimizer's threshold), more than the whole empty layout page costs (issue 26).
    A user who sees every grant gets no condition at all (no semi-join over the whole table in
    every count of the Bezirksregierung's lists)."""
    ZWECKE[zweck]  # an unknown purpose is a programming error
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return None
    if zweck == "lesen" and permissions.can_see_all(user):
        return Q()
    return Q(**{f"{pfad}antrag__antragsteller_id__in": organisation_ids(user)})


def _nur_sichtbare(qs: QuerySet, request: HttpRequest, pfad: str, zweck: str = "lesen") -> QuerySet:
    bedingung = _sichtbar(request, pfad, zweck)
    return qs.none() if bedingung is None else qs.filter(bedingung)


def zuwendungen_fuer(request: HttpRequest, *, zweck: str = "lesen") -> QuerySet:
    """Every Zuwendung the user may open for `zweck` (no select_related: lists choose their own)."""
    return _nur_sichtbare(Zuwendung.objects.all(), request, "", zweck)


def der_zuwendungen(request: HttpRequest, qs: QuerySet, feld: str = "zuwendung") -> QuerySet:
    """The rows of `qs` (VNs, claims …) that belong to a Zuwendung the user may read: the same
    rule as zuwendungen_fuer(), for the Bezirksregierung's lists."""
    return _nur_sichtbare(qs, request, f"{feld}__")


def zuwendung_fuer(request: HttpRequest, pk: int, *, zweck: str) -> Zuwendung:
    """The Zuwendung `pk` if the user may open it for `zweck`, else 404."""
    return get_object_or_404(zuwendungen_fuer(request, zweck=zweck).select_related(*ZWECKE[zweck]), pk=pk)


def abruf_fuer(request: HttpRequest, pk: int, *, zweck: str = "lesen") -> Mittelabruf:
    """A Mittelabruf of a Zuwendung the user may open, else 404."""
    qs = _nur_sichtbare(Mittelabruf.objects.all(), request, "zuwendung__", zweck).select_related(
        *(f"zuwendung__{f}" for f in ZWECKE[zweck]), "freigegeben_von", "gezeichnet_von", "eingereicht_von"
    )
    return get_object_or_404(qs, pk=pk)


def brief_fuer(request: HttpRequest, pk: int) -> Zahlungsbrief:
    """A letter of a call the user sees; the Auszahlungsanordnung only for the Bezirksregierung."""
    qs = _nur_sichtbare(Zahlungsbrief.objects.all(), request, "mittelabruf__zuwendung__").defer("daten")
    if not is_bezirksregierung(request.user):
        qs = qs.filter(~Q(art=Zahlungsbrief.Art.AUSZAHLUNGSANORDNUNG))
    return get_object_or_404(qs.select_related("mittelabruf__zuwendung__antrag"), pk=pk)


def aenderung_fuer(request: HttpRequest, pk: int):
    """An Änderungsantrag of a Zuwendung the user may open, else 404 (drafts: only the recipient)."""
    from zuwendungen.models import Aenderungsantrag, AenderungStatus

    qs = _nur_sichtbare(Aenderungsantrag.objects.all(), request, "zuwendung__")
    if is_bezirksregierung(request.user):
        qs = qs.exclude(status=AenderungStatus.ENTWURF, von_amts_wegen=False) | qs.filter(
            zuwendung__antrag__antragsteller_id__in=organisation_ids(request.user)
        )
    return get_object_or_404(
        qs.select_related(
            *(f"zuwendung__{f}" for f in ZWECKE["lesen"]), "vorgeschlagen_von", "gezeichnet_von"
        ),
        pk=pk,
    )


def vn_fuer(request: HttpRequest, pk: int):
    """A Verwendungsnachweis of a Zuwendung the user may open, else 404."""
    from zuwendungen.models import Verwendungsnachweis

    qs = _nur_sichtbare(Verwendungsnachweis.objects.all(), request, "zuwendung__").select_related(
        *(f"zuwendung__{f}" for f in ZWECKE["lesen"]), "zuwendung__antrag__bearbeitet_von", "stichprobe",
        "eingereicht_von", "vorgeschlagen_von", "gezeichnet_von",
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


def rueckforderung_fuer(request: HttpRequest, pk: int):
    """A refund claim of a Zuwendung the user sees, else 404."""
    from zuwendungen.models import Rueckforderung

    qs = _nur_sichtbare(Rueckforderung.objects.all(), request, "zuwendung__").select_related(
        *(f"zuwendung__{f}" for f in ZWECKE["lesen"]), "zuwendung__antrag__bearbeitet_von",
        "vorgeschlagen_von", "gezeichnet_von",
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


def vn_schreiben_fuer(request: HttpRequest, pk: int):
    """A letter of the VN process of a Zuwendung the user may open, else 404."""
    from zuwendungen.models import VnSchreiben

    qs = _nur_sichtbare(VnSchreiben.objects.all(), request, "zuwendung__").defer("daten")
    return get_object_or_404(qs.select_related("zuwendung__antrag"), pk=pk)


def rueckforderungsbrief_fuer(request: HttpRequest, pk: int):
    """A letter of a claim the user sees (every one of them is addressed to the recipient)."""
    from zuwendungen.models import Rueckforderungsbrief

    qs = _nur_sichtbare(
        Rueckforderungsbrief.objects.all(), request, "rueckforderung__zuwendung__"
    ).select_related("rueckforderung__zuwendung__antrag")
    return get_object_or_404(qs.defer("daten"), pk=pk)
