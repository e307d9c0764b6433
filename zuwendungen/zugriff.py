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


def zuwendungen_fuer(request: HttpRequest, *, zweck: str = "lesen") -> QuerySet:
    """Every Zuwendung the user may open for `zweck` (no select_related: lists choose their own)."""
    ZWECKE[zweck]  # an unknown purpose is a programming error
    return _sichtbar(request, Zuwendung.objects.all(), "", alle=zweck == "lesen")


def der_zuwendungen(request: HttpRequest, qs: QuerySet, feld: str = "zuwendung") -> QuerySet:
    """The rows of `qs` (VNs, claims …) that belong to a Zuwendung the user may read.

    The same rule as zuwendungen_fuer(), for the Bezirksregierung's lists: without a
    `zuwendung_id IN (SELECT id FROM zuwendung)` when the user sees every grant (a semi-join
    over the whole table in every count at 100,000 Anträge, docs/leistung.md).
    """
    return _sichtbar(request, qs, f"{feld}__", alle=True)


def _sichtbar(request: HttpRequest, qs: QuerySet, praefix: str, *, alle: bool) -> QuerySet:
    """`praefix`: the way from the rows of `qs` to their Zuwendung ("" for Zuwendungen)."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if alle and permissions.can_see_all(user):
        return qs
    return qs.filter(**{f"{praefix}antrag__antragsteller_id__in": organisation_ids(user)})


def zuwendung_fuer(request: HttpRequest, pk: int, *, zweck: str) -> Zuwendung:
    """The Zuwendung `pk` if the user may open it for `zweck`, else 404."""
    return get_object_or_404(zuwendungen_fuer(request, zweck=zweck).select_related(*ZWECKE[zweck]), pk=pk)


def abruf_fuer(request: HttpRequest, pk: int, *, zweck: str = "lesen") -> Mittelabruf:
    """A Mittelabruf of a Zuwendung the user may open, else 404."""
    qs = Mittelabruf.objects.filter(zuwendung__in=zuwendungen_fuer(request, zweck=zweck)).select_related(
        *(f"zuwendung__{f}" for f in ZWECKE[zweck]), "freigegeben_von", "gezeichnet_von", "eingereicht_von"
    )
    return get_object_or_404(qs, pk=pk)


def brief_fuer(request: HttpRequest, pk: int) -> Zahlungsbrief:
    """A letter of a call the user sees; the Auszahlungsanordnung only for the Bezirksregierung."""
    qs = Zahlungsbrief.objects.filter(
        mittelabruf__zuwendung__in=zuwendungen_fuer(request, zweck="lesen")
    ).defer("daten")
    if not is_bezirksregierung(request.user):
        qs = qs.filter(~Q(art=Zahlungsbrief.Art.AUSZAHLUNGSANORDNUNG))
    return get_object_or_404(qs.select_related("mittelabruf__zuwendung__antrag"), pk=pk)


def aenderung_fuer(request: HttpRequest, pk: int):
    """An Änderungsantrag of a Zuwendung the user may open, else 404 (drafts: only the recipient)."""
    from zuwendungen.models import Aenderungsantrag, AenderungStatus

    qs = Aenderungsantrag.objects.filter(zuwendung__in=zuwendungen_fuer(request, zweck="lesen"))
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

    qs = Verwendungsnachweis.objects.filter(zuwendung__in=zuwendungen_fuer(request, zweck="lesen")).select_related(
        *(f"zuwendung__{f}" for f in ZWECKE["lesen"]), "zuwendung__antrag__bearbeitet_von", "stichprobe",
        "eingereicht_von", "vorgeschlagen_von", "gezeichnet_von",
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


def rueckforderung_fuer(request: HttpRequest, pk: int):
    """A refund claim of a Zuwendung the user sees, else 404."""
    from zuwendungen.models import Rueckforderung

    qs = Rueckforderung.objects.filter(zuwendung__in=zuwendungen_fuer(request, zweck="lesen")).select_related(
        *(f"zuwendung__{f}" for f in ZWECKE["lesen"]), "zuwendung__antrag__bearbeitet_von",
        "vorgeschlagen_von", "gezeichnet_von",
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


def vn_schreiben_fuer(request: HttpRequest, pk: int):
    """A letter of the VN process of a Zuwendung the user may open, else 404."""
    from zuwendungen.models import VnSchreiben

    qs = VnSchreiben.objects.filter(zuwendung__in=zuwendungen_fuer(request, zweck="lesen")).defer("daten")
    return get_object_or_404(qs.select_related("zuwendung__antrag"), pk=pk)


def rueckforderungsbrief_fuer(request: HttpRequest, pk: int):
    """A letter of a claim the user sees (every one of them is addressed to the recipient)."""
    from zuwendungen.models import Rueckforderungsbrief

    qs = Rueckforderungsbrief.objects.filter(
        rueckforderung__zuwendung__in=zuwendungen_fuer(request, zweck="lesen")
    ).select_related("rueckforderung__zuwendung__antrag")
    return get_object_or_404(qs.defer("daten"), pk=pk)
