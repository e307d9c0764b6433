"""Notifications after the notice, always sent after commit, through komman.mails.senden."""

from __future__ import annotations

from antraege.mails import _antragsteller_adressen, _bezirksregierung_adressen
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
