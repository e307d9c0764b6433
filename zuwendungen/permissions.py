"""Who may do what after the notice: one function per action returning (allowed, reason).

Same shape as antraege.permissions (DESIGN.md §7, §14): views turn a refusal into a 403 with the
reason (antraege.zugriff.verlange), templates show it beside a disabled button, and the workflow
functions check the same function again under the lock.
"""

from __future__ import annotations

from antraege.models import Antrag
from antraege.permissions import Erlaubnis
from komman.models import Rolle
from komman.permissions import bezirksregierung_roles, roles_for

S = Antrag.Status


def _status(antrag: Antrag) -> str:
    return f"„{antrag.get_status_display()}“"


def can_waive(user, antrag: Antrag) -> Erlaubnis:
    """The Zeichnungsberechtigte uploads the signed Rechtsbehelfsverzicht while the notice is not final."""
    if Rolle.ZEICHNUNGSBERECHTIGT not in roles_for(user, antrag.antragsteller_id) - bezirksregierung_roles(
        user
    ):
        return False, (
            "Den Rechtsbehelfsverzicht reichen nur zeichnungsberechtigte Personen der "
            "antragstellenden Organisation ein."
        )
    if antrag.status not in S.ANFECHTBAR:
        return False, f"Im Status {_status(antrag)} ist kein Rechtsbehelfsverzicht mehr möglich."
    return True, ""


def can_record_klage(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Eine Klage erfasst die Prüfung der Bezirksregierung."
    if antrag.status not in S.ANFECHTBAR:
        return False, f"Im Status {_status(antrag)} kann keine Klage erfasst werden."
    return True, ""


def can_decide_klage(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Den Ausgang einer Klage erfasst die Prüfung der Bezirksregierung."
    if antrag.status != S.KLAGE_ANHAENGIG:
        return False, f"Im Status {_status(antrag)} ist keine Klage anhängig."
    return True, ""


def can_see_all(user) -> bool:
    """Prüfung, Zeichnung and Administration see every Zuwendung; applicants their own."""
    return bool(bezirksregierung_roles(user))


def can_forward(user, zuwendung) -> Erlaubnis:
    """The Kommune's staff record a Weiterleitung of a final Part II grant."""
    antrag = zuwendung.antrag
    eigene = roles_for(user, antrag.antragsteller_id) - bezirksregierung_roles(user)
    if not eigene & {Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT}:
        return False, "Weiterleitungen erfasst die Kommune, die die Zuwendung erhalten hat."
    if antrag.foerderperiode.programmteil.nummer != "II":
        return False, "Weitergeleitet werden nur Zuwendungen des Programmteils II."
    if antrag.status == S.KLAGE_ANHAENGIG:
        return False, "Solange eine Klage anhängig ist, wird nichts weitergeleitet."
    return True, ""
