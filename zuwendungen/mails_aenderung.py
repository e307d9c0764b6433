"""Notifications of the change process, queued after commit through komman.mails.senden."""

from __future__ import annotations

from django.db import transaction

from antraege.mails import _bezirksregierung_adressen, adressen_der_organisation
from komman.mails import senden
from komman.models import Rolle

#: template → who gets it: the recipient's staff, or a role of the Bezirksregierung
EMPFAENGER = {
    "aenderung_eingereicht": Rolle.PRUEFUNG,
    "aenderung_vorgeschlagen": Rolle.ZEICHNUNG,
    "aenderung_anhoerung": None,
    "aenderung_beschieden": None,
}


def senden_zu(*, aenderung_id: int, vorlage: str) -> int:
    from zuwendungen.models import Aenderungsantrag

    a = (
        Aenderungsantrag.objects.filter(pk=aenderung_id)
        .select_related("zuwendung__antrag__antragsteller", "zuwendung__antrag__foerderperiode__programmteil")
        .first()
    )
    if a is None:
        return 0
    antrag = a.zuwendung.antrag
    rolle = EMPFAENGER[vorlage]
    if rolle is None:
        an = [
            *adressen_der_organisation(antrag.antragsteller_id, Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT),
            antrag.kontakt_email,
        ]
    else:
        an = _bezirksregierung_adressen(rolle)
    return senden(an=an, vorlage=f"zuwendungen/{vorlage}", kontext={"a": a, "antrag": antrag})


def nach_commit(aenderung, vorlage: str) -> None:
    transaction.on_commit(lambda: senden_zu(aenderung_id=aenderung.pk, vorlage=vorlage))
