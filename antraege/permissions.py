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

# States in which the applicant fills in the form: the draft, and the answer to a Nachforderung.
BEARBEITBAR = (Antrag.Status.ENTWURF, Antrag.Status.NACHFORDERUNG)
ANTRAGSTELLER = (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT)


def can_create(user, organisation, periode) -> Erlaubnis:
    """Anlegen: a member of the applicant organisation, in an open period of its Programmteil."""
    if not roles_for(user, organisation) & set(ANTRAGSTELLER):
        return False, "Anträge legen nur Mitarbeitende der antragstellenden Organisation an."
    if periode.programmteil.antragsteller_art != organisation.art:
        return (
            False,
            f"Für Programmteil {periode.programmteil.nummer} ist {organisation} nicht antragsberechtigt.",
        )
    if not periode.ist_offen:
        return False, "Die Förderperiode ist nicht für Anträge geöffnet."
    return True, ""


def can_edit(user, antrag: Antrag) -> Erlaubnis:
    if not _hat_rolle(user, antrag, *ANTRAGSTELLER):
        return False, "Bearbeiten dürfen nur Mitarbeitende der antragstellenden Organisation."
    if antrag.status not in BEARBEITBAR:
        return False, (
            f"Der Antrag ist im Status „{antrag.get_status_display()}“ und kann nicht mehr bearbeitet werden."
        )
    return True, ""


def can_submit(user, antrag: Antrag) -> Erlaubnis:
    if not _hat_rolle(user, antrag, Rolle.ZEICHNUNGSBERECHTIGT):
        return (
            False,
            "Einreichen dürfen nur zeichnungsberechtigte Personen der antragstellenden Organisation.",
        )
    if antrag.status not in BEARBEITBAR:
        return (
            False,
            f"Der Antrag ist im Status „{antrag.get_status_display()}“ und kann nicht eingereicht werden.",
        )
    return True, ""


def can_withdraw(user, antrag: Antrag) -> Erlaubnis:
    from antraege.workflow import erlaubt

    if not _hat_rolle(user, antrag, Rolle.ZEICHNUNGSBERECHTIGT):
        return (
            False,
            "Zurückziehen dürfen nur zeichnungsberechtigte Personen der antragstellenden Organisation.",
        )
    if erlaubt(antrag, Antrag.Status.ZURUECKGEZOGEN) is None:
        return False, (
            f"Ein Antrag im Status „{antrag.get_status_display()}“ kann nicht mehr zurückgezogen werden."
        )
    return True, ""


def can_see_internal(user) -> bool:
    """Internal state changes (intern=True) are for the Bezirksregierung only."""
    from komman.permissions import is_bezirksregierung

    return is_bezirksregierung(user)


# --- Prüfung und Entscheidung ---


# --- Dokumente ---


__all__ = ["Antrag", "Erlaubnis", "Rolle"]
