"""Every view's way to an Antrag, an Anlage or a Dokument: one lookup per object family.

After healthchecks' `_get_check_for_user` (DESIGN.md §7, §14): the lookup scopes the
queryset to what the user may see for a purpose (`zweck`) and returns the object or raises
404, so another tenant's Antrag does not exist. What the user may *do* with it is asked
afterwards from antraege.permissions; `verlange()` turns a refusal into a 403 that shows
the German reason.

Zwecke:
- "lesen": the applicant's pages and everything readable (visible_to(): the organisation's
  members; the Bezirksregierung all but drafts).
- "bearbeiten": the same scope; whether editing is allowed is a permission (403 with the
  reason), because the Bezirksregierung does see the Antrag.
- "pruefen": the reviewer's pages: Bezirksregierung only (can_review), never a draft;
  everyone else gets 404, as if the pages did not exist.
- "antworten": answering a Nachforderung or Anhörung: members of the applicant
  organisation only, never a draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from antraege import permissions
from antraege.models import Anlage, Antrag, AntragQuerySet, Dokument
from komman.permissions import organisation_ids
from programmteile.models import Anlage as BescheidAnlage

S = Antrag.Status


@dataclass(frozen=True)
class _Zweck:
    mitladen: tuple[str, ...]  # select_related for the one Antrag a page shows
    nur_bezirksregierung: bool = False  # the reviewer's pages: 404 for everyone else
    nur_antragsteller: bool = False  # only members of the applicant organisation
    ohne_entwurf: bool = False


_ANTRAGSTELLUNG = ("foerderperiode__programmteil", "antragsteller", "teil1")
ZWECKE: dict[str, _Zweck] = {
    "lesen": _Zweck(mitladen=_ANTRAGSTELLUNG),
    "bearbeiten": _Zweck(mitladen=_ANTRAGSTELLUNG),
    "pruefen": _Zweck(
        mitladen=(
            "antragsteller",
            "foerderperiode__programmteil",
            "bearbeitet_von",
            "vorgeschlagen_von",
            "gezeichnet_von",
        ),
        nur_bezirksregierung=True,
        ohne_entwurf=True,
    ),
    "antworten": _Zweck(
        mitladen=("antragsteller", "foerderperiode__programmteil"),
        nur_antragsteller=True,
        ohne_entwurf=True,
    ),
}


def verlange(erlaubnis: permissions.Erlaubnis) -> None:
    """The one adapter from (allowed, reason) to a response: refused is a 403 with the reason."""
    allowed, reason = erlaubnis
    if not allowed:
        raise PermissionDenied(reason)


def antraege_fuer(request: HttpRequest, *, zweck: str) -> AntragQuerySet:
    """Every Antrag the user may open for `zweck` (no select_related: lists read plain values)."""
    z = ZWECKE[zweck]
    user = request.user
    if z.nur_bezirksregierung and not permissions.can_review(user)[0]:
        raise Http404
    qs = Antrag.objects.visible_to(user)
    if z.nur_antragsteller:
        qs = qs.filter(antragsteller_id__in=organisation_ids(user))
    if z.ohne_entwurf:
        qs = qs.exclude(status=S.ENTWURF)
    return qs


def antrag_fuer(request: HttpRequest, pk: int, *, zweck: str) -> Antrag:
    """The Antrag `pk` if the user may open it for `zweck`, else 404 (never 403: it does not exist)."""
    qs = antraege_fuer(request, zweck=zweck).select_related(*ZWECKE[zweck].mitladen)
    return get_object_or_404(qs, pk=pk)


def anlage_fuer(request: HttpRequest, pk: int, anlage_pk: int) -> tuple[Antrag, Anlage]:
    """An attachment on file (not removed) of an Antrag the user sees, else 404."""
    antrag = antrag_fuer(request, pk, zweck="lesen")
    return antrag, get_object_or_404(Anlage, pk=anlage_pk, antrag=antrag, geloescht=False)


def dokument_fuer(request: HttpRequest, pk: int, dokument_pk: int) -> tuple[Antrag, Dokument]:
    """An issued letter of an Antrag the user sees, else 404; its snapshot (daten) is not loaded."""
    antrag = antrag_fuer(request, pk, zweck="lesen")
    dokument = get_object_or_404(Dokument.objects.filter(antrag=antrag).defer("daten"), pk=dokument_pk)
    return antrag, dokument


def bescheid_anlage_fuer(
    request: HttpRequest, pk: int, dokument_pk: int, anlage_pk: int
) -> tuple[Antrag, Dokument, BescheidAnlage]:
    """An Anlage zum Bescheid (ANBest, forms) that a letter the user sees names in its snapshot, else 404."""
    antrag, dokument = dokument_fuer(request, pk, dokument_pk)
    genannt = Dokument.objects.filter(pk=dokument.pk).values_list("daten__anlagen", flat=True).first() or []
    if anlage_pk not in {a.get("id") for a in genannt if isinstance(a, dict)}:
        raise Http404("Diese Anlage gehört nicht zu diesem Bescheid.")
    return antrag, dokument, get_object_or_404(BescheidAnlage, pk=anlage_pk)
