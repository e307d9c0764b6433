"""Mails of the payout process, through komman.mails.senden, always after commit."""

from __future__ import annotations

from antraege.mails import adressen_der_organisation
from komman.mails import senden
from komman.models import Rolle


def senden_zu(*, abruf_id: int, vorlage: str) -> int:
    """templates/mails/zuwendungen/<vorlage>.txt to the applicant's members and contact person."""
    from zuwendungen.kennzahlen import kennzahlen
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
        kontext={"abruf": abruf, "antrag": antrag, "buchung": buchung, "k": kennzahlen(abruf.zuwendung)},
    )
