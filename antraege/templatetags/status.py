"""{% load status %}: the one way a template names an Antrag's state (issue 17).

Applicants never see the Bezirksregierung's internal steps (formal and material review, the
proposals waiting for the Zeichnung): for them those read "In Prüfung" until the decision is
signed (antraege.models.status_fuer_antragsteller). The Bezirksregierung sees every state.
"""

from django import template

from antraege.models import AntragStatus, status_fuer_antragsteller
from komman.permissions import is_bezirksregierung

register = template.Library()


@register.filter
def status_fuer(wert, user) -> str:
    """``{{ antrag|status_fuer:request.user }}`` or ``{{ wechsel.nach|status_fuer:request.user }}``."""
    status = getattr(wert, "status", wert)
    if not status:
        return ""
    if user is not None and getattr(user, "is_authenticated", False) and is_bezirksregierung(user):
        return AntragStatus(status).label if status in AntragStatus.values else str(status)
    return status_fuer_antragsteller(status)
