"""Opening and closing a Förderperiode: the only ways its status changes, each recorded.

    perioden.oeffnen(periode, by=request.user, grund="Haushalt freigegeben")
    perioden.schliessen(periode, by=request.user, grund="Antragsfrist abgelaufen")

in Vorbereitung -> offen -> geschlossen. The period row is locked while the status is
checked and changed (submit() locks it too), the period must be valid as a whole, and the
change goes into the audit log (komman.audit) with who, from, to and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from komman import audit
from programmteile import rules
from programmteile.models import Foerderperiode

Status = Foerderperiode.Status


class StatuswechselFehler(Exception):
    """The change is not possible; str() is a German message for the person who asked."""


@dataclass(frozen=True)
class Wechsel:
    von: str
    nach: str
    verb: str  # "öffnen": "… kann nicht mehr öffnen werden" reads as the view always said
    folgen: str  # what the change means, shown before confirming
    aktion: str  # komman.audit action


OEFFNEN = Wechsel(
    Status.IN_VORBEREITUNG,
    Status.OFFEN,
    "öffnen",
    "Antragstellende sehen die Periode, ihre Zuweisungen und die Antragsfrist und können Anträge stellen.",
    audit.Aktion.PERIODE_GEOEFFNET,
)
SCHLIESSEN = Wechsel(
    Status.OFFEN,
    Status.GESCHLOSSEN,
    "schließen",
    "Es können keine neuen Anträge mehr gestellt werden. Laufende Anträge werden weiter bearbeitet. "
    "Das Schließen ist endgültig: Eine geschlossene Förderperiode lässt sich nicht wieder öffnen.",
    audit.Aktion.PERIODE_GESCHLOSSEN,
)
WECHSEL = {"oeffnen": OEFFNEN, "schliessen": SCHLIESSEN}


def oeffnen(periode: Foerderperiode, *, by, grund: str, request=None) -> Foerderperiode:
    """in Vorbereitung -> offen: applicants see the period and can apply."""
    return _wechseln(periode, OEFFNEN, by=by, grund=grund, request=request)


def schliessen(periode: Foerderperiode, *, by, grund: str, request=None) -> Foerderperiode:
    """offen -> geschlossen: no new Anträge; those under way go on."""
    return _wechseln(periode, SCHLIESSEN, by=by, grund=grund, request=request)


def _wechseln(periode: Foerderperiode, wechsel: Wechsel, *, by, grund: str, request) -> Foerderperiode:
    grund = (grund or "").strip()
    if not grund:
        raise StatuswechselFehler(f"Bitte geben Sie den Grund an, warum Sie {periode} {wechsel.verb}.")
    with transaction.atomic():
        gesperrt = Foerderperiode.objects.select_for_update().select_related("programmteil").get(pk=periode.pk)
        if gesperrt.status != wechsel.von:
            raise StatuswechselFehler(
                f"{periode} kann nicht mehr {wechsel.verb} werden: "
                f"Der Status ist „{gesperrt.get_status_display()}“."
            )
        try:
            gesperrt.full_clean()
        except ValidationError as e:
            raise StatuswechselFehler(f"{periode} kann nicht {wechsel.verb} werden: " + " ".join(e.messages)) from e
        gesperrt.status = wechsel.nach
        gesperrt.save(update_fields=["status"])
        audit.protokolliere(
            wer=by,
            aktion=wechsel.aktion,
            objekt=gesperrt,
            details={"von": wechsel.von, "nach": wechsel.nach, "grund": grund},
            request=request,
        )
    return gesperrt


def juengste_parameter() -> rules.Regelparameter:
    """The parameters of the latest Förderperiode that maintains the general deadlines and
    the refund interest (Zins- und Fristenrechner), else the shipped defaults."""
    for periode in Foerderperiode.objects.order_by("-foerderjahr", "-pk").only("regelparameter")[:20]:
        try:
            p = periode.parameter()
        except ValueError:
            continue
        if p.allgemein.erstattung_zins_pp is not None and p.allgemein.rechtsbehelf_frist_monate is not None:
            return p
    return rules.Regelparameter.standard()
