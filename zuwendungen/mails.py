"""Notifications after the notice, always sent after commit, through komman.mails.senden."""

from __future__ import annotations

from antraege.mails import _antragsteller_adressen, _bezirksregierung_adressen, adressen_der_organisation
from komman.mails import senden
from komman.models import Rolle


def _antrag(antrag_id: int):
    from antraege.models import Antrag

    return Antrag.objects.select_related(
        "antragsteller", "foerderperiode__programmteil", "bearbeitet_von"
    ).get(pk=antrag_id)


def bestandskraeftig(*, antrag_id: int) -> int:
    """The grant is final: tells the applicant that money can now be called."""
    antrag = _antrag(antrag_id)
    return senden(an=_antragsteller_adressen(antrag), vorlage="bestandskraeftig", kontext={"antrag": antrag})


def bescheid_nicht_abgerufen(*, antrag_id: int, tage: int) -> int:
    """Nobody downloaded the notice: reminds the reviewer in charge (or the whole Prüfung) to post it."""
    antrag = _antrag(antrag_id)
    bearbeiter = antrag.bearbeitet_von
    an = (
        [bearbeiter.email]
        if bearbeiter and bearbeiter.is_active
        else _bezirksregierung_adressen(Rolle.PRUEFUNG)
    )
    return senden(an=an, vorlage="bescheid_nicht_abgerufen", kontext={"antrag": antrag, "tage": tage})


def senden_zu(*, abruf_id: int, vorlage: str) -> int:
    """templates/mails/zuwendungen/<vorlage>.txt to the applicant's members and contact person."""
    from zuwendungen.abrufzahlen import abrufstand
    from zuwendungen.models import Mittelabruf

    abruf = (
        Mittelabruf.objects.filter(pk=abruf_id)
        .select_related("zuwendung__antrag__antragsteller", "zuwendung__antrag__foerderperiode__programmteil", "anordnung__buchung")
        .first()
    )
    if abruf is None:
        return 0
    antrag = abruf.zuwendung.antrag
    an = [
        *adressen_der_organisation(
            antrag.antragsteller_id, Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT
        ),
        antrag.kontakt_email,
    ]
    buchung = (
        getattr(getattr(abruf, "anordnung", None), "buchung", None) if abruf.status == "bezahlt" else None
    )
    return senden(
        an=an,
        vorlage=f"zuwendungen/{vorlage}",
        kontext={"abruf": abruf, "antrag": antrag, "buchung": buchung, "k": abrufstand(abruf.zuwendung)},
    )


def rueckforderungsbrief(*, brief_id: int) -> int:
    """A new letter of a refund claim (Anhörung, Erstattungsbescheid, Mahnung, Abschluss) is in
    the portal: tells the recipient's members and contact person (issue 21)."""
    from zuwendungen.models import Rueckforderungsbrief

    brief = (
        Rueckforderungsbrief.objects.filter(pk=brief_id)
        .select_related("rueckforderung__zuwendung__antrag__antragsteller")
        .defer("pdf")
        .first()
    )
    if brief is None:
        return 0
    antrag = brief.rueckforderung.zuwendung.antrag
    return senden(
        an=_antragsteller_adressen(antrag),
        vorlage="zuwendungen/rueckforderungsbrief",
        kontext={"brief": brief, "rf": brief.rueckforderung, "antrag": antrag},
    )
