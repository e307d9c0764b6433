"""Who may see the Auswertung and who switches the public Transparenz page (DESIGN.md §7).

The figures cover every organisation of NRW: only the Bezirksregierung's roles (Prüfung,
Zeichnung, Administration) see them; Kommunen and Träger never do.
"""

from __future__ import annotations

from antraege.permissions import Erlaubnis
from komman.models import BEZIRKSREGIERUNG_ROLLEN
from komman.permissions import bezirksregierung_roles, is_admin


def can_auswerten(user) -> Erlaubnis:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False, "Bitte melden Sie sich an."
    if is_admin(user) or bezirksregierung_roles(user) & set(BEZIRKSREGIERUNG_ROLLEN):
        return True, ""
    return False, "Die Auswertung sehen nur Prüfung, Zeichnung und Administration der Bezirksregierung."


def can_transparenz_schalten(user) -> Erlaubnis:
    if is_admin(user):
        return True, ""
    return False, "Die Transparenzseite schaltet nur die Administration ein oder aus."
