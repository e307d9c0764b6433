"""Who may do what with an Antrag: one function per action returning (allowed, reason).

Views raise PermissionDenied(reason) and templates show the reason beside a disabled
button; workflow functions check the same function again under the lock (DESIGN.md §7).
"""

from __future__ import annotations

from antraege.models import Antrag
from komman.models import Rolle
from komman.permissions import roles_for

Erlaubnis = tuple[bool, str]


def _hat_rolle(user, antrag: Antrag, *rollen: str) -> bool:
    return bool(roles_for(user, antrag.antragsteller_id) & set(rollen))


# --- Antragstellung ---


# --- Prüfung und Entscheidung ---


# --- Dokumente ---


__all__ = ["Antrag", "Erlaubnis", "Rolle"]
