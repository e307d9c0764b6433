"""What every page shows in its header: the user's organisation and role, the navigation."""

from django.conf import settings

from komman import aufgaben, permissions


def portal(request) -> dict:
    user = getattr(request, "user", None)
    context = {"betreiber": settings.BETREIBER}
    if user is None or not user.is_authenticated:
        return context
    mitgliedschaften = permissions.mitgliedschaften(user)  # the same query the role checks use
    context.update(
        {
            "meine_mitgliedschaften": mitgliedschaften,
            "hauptrolle": permissions.hauptrolle(user),
            "ist_bezirksregierung": permissions.is_bezirksregierung(user),
            "ist_admin": permissions.is_admin(user),
            "ist_antragsteller": permissions.is_antragsteller(user),
            "darf_rechnen": permissions.darf_rechnen(user),
            "meine_rollen": permissions.all_roles(user),
            # Called by the template only when the navigation is drawn; remembered per user.
            "aufgaben_anzahl": lambda: aufgaben.anzahl(user),
        }
    )
    return context
