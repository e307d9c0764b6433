"""The start page section of the payouts (registered in ZuwendungenConfig.ready())."""

from __future__ import annotations

from django.db.models import Count, Q

from komman import permissions
from komman.models import Rolle
from zuwendungen import abrufzahlen
from zuwendungen.models import AbrufStatus, Mittelabruf, Zuwendung


def sichtbar(user) -> bool:
    return permissions.is_antragsteller(user) or permissions.is_bezirksregierung(user)


def auszahlungen(user) -> dict:
    """Applicants: their grants with called, paid, open (one query). Bezirksregierung: what waits."""
    ergebnis: dict = {}
    if permissions.is_antragsteller(user):
        qs = Zuwendung.objects.filter(
            antrag__antragsteller_id__in=permissions.organisation_ids(user)
        ).select_related("antrag__antragsteller", "antrag__foerderperiode__programmteil")
        ergebnis["zuwendungen"] = [
            (z, abrufzahlen.aus_annotation(z))
            for z in abrufzahlen.annotieren(qs).order_by("-bestandskraeftig_am", "-pk")[:50]
        ]
    rollen = permissions.bezirksregierung_roles(user)
    if rollen & {Rolle.PRUEFUNG, Rolle.ZEICHNUNG}:
        # Only the rows of the three states (index mittelabruf_status), not every call ever made.
        offen = (AbrufStatus.EINGEREICHT, AbrufStatus.FREIGEGEBEN, AbrufStatus.ANGEORDNET)
        zahlen = Mittelabruf.objects.filter(status__in=offen).aggregate(
            zu_pruefen=Count("pk", filter=Q(status=AbrufStatus.EINGEREICHT)),
            zu_zeichnen=Count("pk", filter=Q(status=AbrufStatus.FREIGEGEBEN)),
            bei_kasse=Count("pk", filter=Q(status=AbrufStatus.ANGEORDNET)),
        )
        ergebnis["bezirksregierung"] = zahlen
    return ergebnis
