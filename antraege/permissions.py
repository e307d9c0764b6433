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


def can_download(user, dokument) -> Erlaubnis:
    """Every letter of an Antrag is for its applicant and its reviewers; the caller fetched the
    Antrag through visible_to(), so other tenants never get this far (404)."""
    if not dokument.sha256:
        return False, "Das Dokument wird gerade erzeugt. Bitte versuchen Sie es in einer Minute erneut."
    return True, ""


def can_preview(user, antrag: Antrag) -> Erlaubnis:
    """The draft Bescheid with the watermark "Entwurf": Bezirksregierung only, before signing."""
    from antraege.bescheide import VORSCHAU_STATUS

    if not _hat_rolle(user, antrag, Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN):
        return False, "Den Entwurf eines Bescheids sehen nur Prüfung und Zeichnung der Bezirksregierung."
    if antrag.status not in VORSCHAU_STATUS:
        return False, (
            f"Einen Entwurf gibt es nur während der inhaltlichen Prüfung und solange eine Entscheidung "
            f"vorgeschlagen ist; dieser Antrag ist im Status „{antrag.get_status_display()}“."
        )
    return True, ""


__all__ = ["Antrag", "Erlaubnis", "Rolle"]
