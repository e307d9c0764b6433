"""Notifications about Anträge by e-mail, always sent after commit (a rollback sends nothing).

Every mail goes out through komman.mails.senden (templates/mails/<name>.txt, subject on line 1).
"""

from __future__ import annotations

from komman.mails import senden


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


def zur_zeichnung_vorgelegt(*, antrag_id: int, hinweis: str = "") -> int:
    """KI staff put a draft before the signatories: to the organisation's Zeichnungsberechtigte."""
    from antraege.models import Antrag
    from komman.models import Rolle

    antrag = Antrag.objects.select_related(
        "antragsteller", "foerderperiode__programmteil", "vorgelegt_von"
    ).get(pk=antrag_id)
    an = adressen_der_organisation(antrag.antragsteller_id, Rolle.ZEICHNUNGSBERECHTIGT)
    return senden(an=an, vorlage="zur_zeichnung_vorgelegt", kontext={"antrag": antrag, "hinweis": hinweis})


# --- Prüfung und Entscheidung ---


def _antragsteller_adressen(antrag) -> list[str]:
    from komman.models import Rolle

    return [
        *adressen_der_organisation(
            antrag.antragsteller_id, Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT
        ),
        antrag.kontakt_email,
    ]


def _bezirksregierung_adressen(*rollen: str) -> list[str]:
    from komman.models import Mitgliedschaft, Organisation

    return list(
        Mitgliedschaft.objects.filter(
            organisation__art=Organisation.Art.BEZIRKSREGIERUNG, rolle__in=rollen, user__is_active=True
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


def _antrag(antrag_id: int):
    from antraege.models import Antrag

    return Antrag.objects.select_related("antragsteller", "foerderperiode__programmteil").get(pk=antrag_id)


def schreiben_versandt(*, schreiben_id: int) -> int:
    """Nachforderung or Anhörung: tells the applicant what is asked and until when."""
    from antraege.models import Schreiben

    schreiben = Schreiben.objects.select_related(
        "antrag__antragsteller", "antrag__foerderperiode__programmteil"
    ).get(pk=schreiben_id)
    return senden(
        an=_antragsteller_adressen(schreiben.antrag),
        vorlage=f"pruefung_{schreiben.art}",
        kontext={"schreiben": schreiben, "antrag": schreiben.antrag},
    )


def antwort_eingegangen(*, schreiben_id: int) -> int:
    """The applicant answered: tells the reviewer in charge (or the whole Prüfung if nobody is)."""
    from antraege.models import Schreiben
    from komman.models import Rolle

    schreiben = Schreiben.objects.select_related("antrag__bearbeitet_von", "antrag__antragsteller").get(
        pk=schreiben_id
    )
    bearbeiter = schreiben.antrag.bearbeitet_von
    an = (
        [bearbeiter.email]
        if bearbeiter and bearbeiter.is_active
        else _bezirksregierung_adressen(Rolle.PRUEFUNG)
    )
    return senden(
        an=an, vorlage="pruefung_antwort", kontext={"schreiben": schreiben, "antrag": schreiben.antrag}
    )


def vorschlag_wartet(*, antrag_id: int) -> int:
    """A proposal waits for the second person: tells everyone with the Zeichnung role but the proposer."""
    from komman.models import Rolle

    antrag = _antrag(antrag_id)
    an = _bezirksregierung_adressen(Rolle.ZEICHNUNG)
    if antrag.vorgeschlagen_von_id:
        an = [a for a in an if a != antrag.vorgeschlagen_von.email]
    return senden(an=an, vorlage="pruefung_vorschlag", kontext={"antrag": antrag})


def entschieden(*, antrag_id: int) -> int:
    """Bewilligt or abgelehnt: tells the applicant; the Bescheid is in the portal."""
    antrag = _antrag(antrag_id)
    return senden(
        an=_antragsteller_adressen(antrag), vorlage="pruefung_entscheidung", kontext={"antrag": antrag}
    )
