"""The shape every transition of a change shares: the table, the permission, the lock, the record.

``UEBERGAENGE`` is the transition table of the change process (DESIGN.md §14): action → (states
it starts from, state it leads to, roles that may). ``darf(user, aenderung, aktion)`` is the one
permission function (views show its reason beside a disabled button, the workflow checks it
again under the lock). Lock order: the Zuwendung row, then the change, then (money) the
Förderperiode — the same order as the Mittelabruf (Zuwendung, then the call).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F

from antraege.workflow.kern import WorkflowError
from komman.models import ANTRAGSTELLER_ROLLEN, Rolle
from komman.permissions import organisation_ids, roles_for
from zuwendungen.models import Aenderungsantrag, AenderungSchritt, AenderungStatus, Zuwendung

St = AenderungStatus
SYSTEM = "system"
_MITLADEN = ("antrag__foerderperiode__programmteil", "antrag__antragsteller", "antrag__bearbeitet_von")

UEBERGAENGE: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "bearbeiten": ((St.ENTWURF,), St.ENTWURF, ANTRAGSTELLER_ROLLEN),
    "einreichen": ((St.ENTWURF,), St.EINGEREICHT, (Rolle.ZEICHNUNGSBERECHTIGT,)),
    "zurueckziehen": (
        (St.ENTWURF, St.EINGEREICHT, St.IN_PRUEFUNG, St.ANHOERUNG),
        St.ZURUECKGEZOGEN,
        (Rolle.ZEICHNUNGSBERECHTIGT,),
    ),
    "uebernehmen": ((St.EINGEREICHT,), St.IN_PRUEFUNG, (Rolle.PRUEFUNG,)),
    "anhoeren": ((St.IN_PRUEFUNG,), St.ANHOERUNG, (Rolle.PRUEFUNG,)),
    "stellung_nehmen": ((St.ANHOERUNG,), St.ANHOERUNG, ANTRAGSTELLER_ROLLEN),
    "vorschlagen": ((St.IN_PRUEFUNG, St.ANHOERUNG), St.VORGESCHLAGEN, (Rolle.PRUEFUNG,)),
    "zurueckgeben": ((St.VORGESCHLAGEN,), St.IN_PRUEFUNG, (Rolle.ZEICHNUNG,)),
    "zeichnen": ((St.VORGESCHLAGEN,), St.BESCHIEDEN, (Rolle.ZEICHNUNG,)),
    "post": ((St.BESCHIEDEN,), St.BESCHIEDEN, (Rolle.PRUEFUNG,)),
    "verzichten": ((St.BESCHIEDEN,), St.BESTANDSKRAEFTIG, (Rolle.ZEICHNUNGSBERECHTIGT,)),
    "bestandskraft": ((St.BESCHIEDEN,), St.BESTANDSKRAEFTIG, (SYSTEM,)),
}

NAMEN = {
    "bearbeiten": "bearbeitet", "einreichen": "eingereicht", "zurueckziehen": "zurückgezogen",
    "uebernehmen": "in Prüfung genommen", "anhoeren": "zur Anhörung gegeben",
    "stellung_nehmen": "mit einer Stellungnahme versehen", "vorschlagen": "zur Entscheidung vorgeschlagen",
    "zurueckgeben": "zurückgegeben", "zeichnen": "gezeichnet", "post": "per Post versandt",
    "verzichten": "durch Rechtsbehelfsverzicht bestandskräftig", "bestandskraft": "bestandskräftig",
}  # fmt: skip

ROLLENNAMEN = {
    Rolle.SACHBEARBEITUNG: "Sachbearbeitung oder Zeichnungsberechtigte der Organisation",
    Rolle.ZEICHNUNGSBERECHTIGT: "Zeichnungsberechtigte der Organisation",
    Rolle.PRUEFUNG: "Prüfung der Bezirksregierung",
    Rolle.ZEICHNUNG: "Zeichnung der Bezirksregierung",
    SYSTEM: "täglicher Lauf des Portals",
}


def _rollen(aenderung: Aenderungsantrag, aktion: str) -> tuple[str, ...]:
    rollen = UEBERGAENGE[aktion][2]
    if aktion == "zurueckziehen" and aenderung.von_amts_wegen:
        return (Rolle.PRUEFUNG,)  # the authority drops its own change; the recipient cannot
    return rollen


def _hat_rolle(user, zuwendung: Zuwendung, rollen: tuple[str, ...]) -> bool:
    org = zuwendung.antrag.antragsteller_id
    if set(rollen) & set(ANTRAGSTELLER_ROLLEN):
        # Applicant steps: only members of the organisation itself, never the Bezirksregierung.
        return org in organisation_ids(user, *rollen)
    return bool(roles_for(user, org) & set(rollen))


def darf(user, aenderung: Aenderungsantrag, aktion: str) -> tuple[bool, str]:
    """The table: may ``user`` do ``aktion`` on ``aenderung`` in its state (four eyes included)."""
    von, _, _ = UEBERGAENGE[aktion]
    name = NAMEN[aktion]
    if aenderung.status not in von:
        return (
            False,
            f"Ein Änderungsantrag im Status „{aenderung.get_status_display()}“ kann nicht {name} werden.",
        )
    rollen = _rollen(aenderung, aktion)
    if SYSTEM not in rollen and not _hat_rolle(user, aenderung.zuwendung, rollen):
        return False, f"Ein Änderungsantrag kann nur {name} werden von: {ROLLENNAMEN[rollen[0]]}."
    if aktion == "zeichnen" and aenderung.vorgeschlagen_von_id == user.pk:
        return False, "Sie haben diese Entscheidung vorgeschlagen; zeichnen muss eine zweite Person."
    if aktion == "stellung_nehmen" and aenderung.stellungnahme_am is not None:
        return False, "Die Stellungnahme zur Anhörung liegt schon vor."
    return True, ""


def require(erlaubnis: tuple[bool, str]) -> None:
    ok, grund = erlaubnis
    if not ok:
        raise WorkflowError(grund)


def sperren(aenderung_or_zuwendung) -> tuple[Zuwendung, Aenderungsantrag | None]:
    """Locks the Zuwendung row first, then the change (if one is given)."""
    if isinstance(aenderung_or_zuwendung, Aenderungsantrag):
        zuwendung_id, pk = aenderung_or_zuwendung.zuwendung_id, aenderung_or_zuwendung.pk
    else:
        zuwendung_id, pk = aenderung_or_zuwendung.pk, None
    zuwendung = (
        Zuwendung.objects.select_for_update(of=("self",)).select_related(*_MITLADEN).get(pk=zuwendung_id)
    )
    if pk is None:
        return zuwendung, None
    aenderung = Aenderungsantrag.objects.select_for_update().get(pk=pk)
    aenderung.zuwendung = zuwendung
    return zuwendung, aenderung


def pruefe_version(aenderung: Aenderungsantrag, version: int | None) -> None:
    if version is not None and aenderung.version != version:
        raise WorkflowError(
            "Der Änderungsantrag wurde inzwischen von einer anderen Person geändert. Bitte prüfen Sie den "
            "aktuellen Stand und versuchen Sie es erneut."
        )


def wechsel(
    aenderung: Aenderungsantrag,
    *,
    aktion: str,
    by,
    grund: str = "",
    betrag: Decimal | None = None,
    intern: bool = False,
    update_fields: tuple[str, ...] = (),
) -> AenderungSchritt:
    """The state change of a locked change along the table, with its Schritt row and version."""
    von, nach, _ = UEBERGAENGE[aktion]
    if aenderung.status not in von:
        raise WorkflowError(
            f"Ein Änderungsantrag im Status „{aenderung.get_status_display()}“ kann nicht {NAMEN[aktion]} werden."
        )
    schritt = AenderungSchritt.objects.create(
        aenderung=aenderung,
        von=aenderung.status,
        nach=nach,
        wer=by,
        grund=grund,
        betrag=betrag,
        intern=intern,
    )
    aenderung.status = nach
    aenderung.version = F("version") + 1
    aenderung.save(update_fields=["status", "version", *update_fields])
    aenderung.refresh_from_db(fields=["version"])
    return schritt
