"""Notifications by e-mail, always sent after commit (a rollback sends nothing).

Texts are Django templates under templates/mails/<name>.txt whose first line is the
subject; links point at settings.SITE_URL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def senden(*, an: list[str], vorlage: str, kontext: dict) -> int:
    """Renders templates/mails/<vorlage>.txt (subject on line 1) and sends it; returns mails sent."""
    empfaenger = sorted({adresse for adresse in an if adresse})
    if not empfaenger:
        return 0
    text = render_to_string(f"mails/{vorlage}.txt", {"site_url": settings.SITE_URL, **kontext})
    betreff, _, inhalt = text.strip().partition("\n")
    return send_mail(betreff.strip(), inhalt.strip() + "\n", None, empfaenger)


def adressen_der_organisation(organisation_id: int, *rollen: str) -> list[str]:
    """E-mail addresses of the active members of an organisation (optionally only some roles)."""
    from komman.models import Mitgliedschaft

    qs = Mitgliedschaft.objects.filter(organisation_id=organisation_id, user__is_active=True)
    if rollen:
        qs = qs.filter(rolle__in=rollen)
    return list(qs.values_list("user__email", flat=True).distinct())


# --- Antragstellung ---


def eingangsbestaetigung(*, antrag_id: int) -> int:
    """The Eingangsbestätigung after submission, to the applicant's members and contact person."""
    from antraege.models import Antrag

    antrag = Antrag.objects.select_related("antragsteller", "foerderperiode__programmteil").get(pk=antrag_id)
    an = adressen_der_organisation(antrag.antragsteller_id) + [antrag.kontakt_email]
    return senden(an=an, vorlage="eingangsbestaetigung", kontext={"antrag": antrag})


# --- Prüfung und Entscheidung ---
