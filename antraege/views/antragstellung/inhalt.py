"""What the applicant's pages show of an Antrag: its lines, the rules' result, the financing plan.

Shared by the read-only view, the edit form and the submit page; a constant number of queries.
"""

from __future__ import annotations

from django.utils import timezone

from antraege import permissions, pflichtanlagen, workflow
from antraege.models import Antrag, AntragTeil1
from programmteile import rules
from programmteile.models import Zuweisung


def zuweisung_fuer(antrag: Antrag) -> Zuweisung | None:
    if antrag.foerderperiode.programmteil.nummer == "III":
        return None
    return Zuweisung.objects.filter(
        foerderperiode_id=antrag.foerderperiode_id, kommune_id=antrag.antragsteller_id
    ).first()


def teil1_fuer(antrag: Antrag) -> AntragTeil1:
    try:
        return antrag.teil1
    except AntragTeil1.DoesNotExist:
        return AntragTeil1(antrag=antrag)


def aktionen_fuer(user, antrag: Antrag) -> dict:
    """Each action with (allowed, reason): templates show the reason beside a disabled button."""
    zurueckgezogen = antrag.status == Antrag.Status.ZURUECKGEZOGEN
    return {
        # After a withdrawal a new Antrag for the same period (the withdrawn one stays on record).
        "neu": zurueckgezogen and permissions.can_create(user, antrag.antragsteller, antrag.foerderperiode)[0],
        "bearbeiten": permissions.can_edit(user, antrag),
        "einreichen": permissions.can_submit(user, antrag),
        "zurueckziehen": permissions.can_withdraw(user, antrag),
        "vorlegen": permissions.can_vorlegen(user, antrag),
        # A Nachforderung or Anhörung is answered (and a Nachforderung resubmitted) on one page.
        "antworten": permissions.can_answer(user, antrag),
    }


def offenes_schreiben(antrag: Antrag):
    """The unanswered Nachforderung or Anhörung the Antrag waits on (everyone of the applicant sees it)."""
    if antrag.status not in (Antrag.Status.NACHFORDERUNG, Antrag.Status.ANHOERUNG):
        return None
    return (
        antrag.schreiben.filter(art=antrag.status, beantwortet_am__isnull=True)
        .order_by("-erstellt_am", "-pk")
        .first()
    )


def zeilen_fuer(antrag: Antrag) -> list:
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "II":
        return list(antrag.positionen.all())
    if teil == "III":
        return list(antrag.massnahmen.all())
    return []


def teil3_grenzen(antrag: Antrag, parameter, **zeilen) -> list[dict]:
    """Per Part III Maßnahme: Sachausgabenpauschale, zuwendungsfähige Ausgaben, the 90 % limit."""
    try:
        eingabe = rules.lies_eingabe(workflow.regel_eingabe(antrag, **zeilen), heute=timezone.localdate())
    except rules.Eingabefehler:
        return []
    return [
        {
            "sachpauschale": rules.sachpauschale_betrag(m, parameter),
            "zuwendungsfaehig": rules.zuwendungsfaehig(m, parameter),
            "grenze": rules.hoechstsatz_betrag(m, parameter),  # rounded down, as the rules
        }
        for m in eingabe.massnahmen
    ]


def inhalt_fuer(antrag: Antrag, ergebnis=None) -> dict:
    """Everything the read-only view and the preview show, in a constant number of queries."""
    parameter = antrag.foerderperiode.parameter()
    zeilen = zeilen_fuer(antrag)
    teil = antrag.foerderperiode.programmteil.nummer
    teil1 = teil1_fuer(antrag) if teil == "I" else None
    kw = {"I": {"teil1": teil1}, "II": {"positionen": zeilen}, "III": {"massnahmen": zeilen}}[teil]
    zuweisung = zuweisung_fuer(antrag)
    if ergebnis is None:
        ergebnis = workflow.pruefen(antrag, zuweisung=zuweisung, **kw)
    grenzen = teil3_grenzen(antrag, parameter, **kw) if teil == "III" else []
    return {
        "antrag": antrag,
        "teil": teil,
        "teil1": teil1,
        "zeilen": [(z, grenzen[i] if i < len(grenzen) else None) for i, z in enumerate(zeilen)],
        "zuweisung": zuweisung,
        "ergebnis": ergebnis,
        "parameter": parameter,
        "finanzierung": finanzierungsplan(antrag, ergebnis, **kw),
        "checkliste": pflichtanlagen.checkliste(antrag, positionen=zeilen if teil == "II" else None)
        if antrag.status in Antrag.Status.BEARBEITBAR
        else [],
    }


def finanzierungsplan(antrag: Antrag, ergebnis, **zeilen) -> dict:
    beantragt = workflow.beantragter_betrag(antrag, **zeilen)
    return {
        "zuwendungsfaehig": ergebnis.berechnung.zuwendungsfaehige_ausgaben,
        "posten": ergebnis.berechnung.posten,
        "eigenanteil": antrag.eigenanteil,
        "drittmittel": antrag.drittmittel,
        "beantragt": beantragt,
        "zuwendung_regel": ergebnis.berechnung.zuwendung,
        "gesamt": beantragt + antrag.eigenanteil + antrag.drittmittel,
    }
