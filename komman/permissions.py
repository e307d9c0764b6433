"""Who holds which role where: the one place roles are read (DESIGN.md §7).

Roles of the Bezirksregierung apply to every applicant organisation, because the
Bewilligungsbehörde is responsible for all of NRW; roles at a Kommune or Träger apply
only to that organisation.
"""

from __future__ import annotations

from komman.models import BEZIRKSREGIERUNG_ROLLEN, Mitgliedschaft, Organisation, Rolle

_CACHE_ATTR = "_komman_rollen"


def mitgliedschaften(user) -> list[Mitgliedschaft]:
    """The user's memberships with their organisations, read once per request.

    The page header shows them, and every role check below reads them: one query serves both.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Mitgliedschaft.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name", "rolle")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _memberships(user) -> list[tuple[int, str, str]]:
    """(organisation_id, organisation art, rolle) for the user."""
    return [(m.organisation_id, m.organisation.art, m.rolle) for m in mitgliedschaften(user)]


def forget_roles(user) -> None:
    """Drop the per-request cache, e.g. after memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def all_roles(user) -> set[str]:
    return {rolle for _, _, rolle in _memberships(user)}


def bezirksregierung_roles(user) -> set[str]:
    return {rolle for _, art, rolle in _memberships(user) if art == Organisation.Art.BEZIRKSREGIERUNG}


def is_bezirksregierung(user) -> bool:
    return bool(bezirksregierung_roles(user))


def is_admin(user) -> bool:
    return Rolle.ADMIN in bezirksregierung_roles(user) or bool(
        getattr(user, "is_superuser", False) and user.is_active
    )


def darf_rechnen(user) -> bool:
    """The Zins- und Fristenrechner: Prüfung and Administration of the Bezirksregierung."""
    return is_admin(user) or Rolle.PRUEFUNG in bezirksregierung_roles(user)


def roles_for(user, organisation: Organisation | int | None) -> set[str]:
    """The roles the user holds for an organisation, including Bezirksregierung roles."""
    org_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    own = {rolle for oid, _, rolle in _memberships(user) if oid == org_id}
    return own | bezirksregierung_roles(user)


def organisation_ids(user, *rollen: str) -> set[int]:
    """Ids of the applicant organisations where the user holds one of the roles (any if none given)."""
    return {
        oid
        for oid, art, rolle in _memberships(user)
        if art != Organisation.Art.BEZIRKSREGIERUNG and (not rollen or rolle in rollen)
    }


def is_antragsteller(user) -> bool:
    return bool(organisation_ids(user))


def hauptrolle(user) -> str:
    """The role that decides the start page and navigation, strongest first."""
    roles = all_roles(user)
    for rolle in (
        Rolle.ADMIN,
        Rolle.ZEICHNUNG,
        Rolle.PRUEFUNG,
        Rolle.ZEICHNUNGSBERECHTIGT,
        Rolle.SACHBEARBEITUNG,
    ):
        if rolle in roles:
            return rolle
    return ""


__all__ = [
    "BEZIRKSREGIERUNG_ROLLEN",
    "Rolle",
    "all_roles",
    "bezirksregierung_roles",
    "forget_roles",
    "mitgliedschaften",
    "hauptrolle",
    "is_admin",
    "is_antragsteller",
    "is_bezirksregierung",
    "organisation_ids",
    "roles_for",
]
