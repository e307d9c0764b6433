"""The lifecycle of an Antrag: one table, one function per transition (DESIGN.md §6).

Every transition has the same shape: guard → atomic → select_for_update() of the Antrag
(then of the Foerderperiode when money is committed, always in this order) → re-check
under the lock (a double click fails cleanly) → change → one Statuswechsel →
transaction.on_commit for mails and PDFs, so a rollback sends nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F

from antraege.models import Antrag, Statuswechsel
from komman.models import Rolle
from komman.permissions import roles_for

S = Antrag.Status
ZB, P, Z = Rolle.ZEICHNUNGSBERECHTIGT, Rolle.PRUEFUNG, Rolle.ZEICHNUNG

# fmt: off
TRANSITIONS: dict[str, dict[str, str]] = {
    S.ENTWURF:                   {S.EINGEREICHT: ZB},
    S.EINGEREICHT:               {S.FORMALE_PRUEFUNG: P},
    S.FORMALE_PRUEFUNG:          {S.NACHFORDERUNG: P, S.INHALTLICHE_PRUEFUNG: P, S.ANHOERUNG: P},
    S.NACHFORDERUNG:             {S.EINGEREICHT: ZB, S.ANHOERUNG: P},
    S.INHALTLICHE_PRUEFUNG:      {S.BEWILLIGUNG_VORGESCHLAGEN: P, S.ANHOERUNG: P},
    S.ANHOERUNG:                 {S.BEWILLIGUNG_VORGESCHLAGEN: P, S.ABLEHNUNG_VORGESCHLAGEN: P},
    S.BEWILLIGUNG_VORGESCHLAGEN: {S.BEWILLIGT: Z, S.INHALTLICHE_PRUEFUNG: Z},
    S.ABLEHNUNG_VORGESCHLAGEN:   {S.ABGELEHNT: Z, S.INHALTLICHE_PRUEFUNG: Z},
}
# fmt: on
for _state in TRANSITIONS:  # wave 1: Rücknahme is possible in every state before the Bescheid
    TRANSITIONS[_state][S.ZURUECKGEZOGEN] = ZB


class WorkflowError(Exception):
    """A transition that is not allowed; the message is German and shown to the user."""


def _require(result: tuple[bool, str]) -> None:
    allowed, reason = result
    if not allowed:
        raise WorkflowError(reason)


def erlaubt(antrag: Antrag, nach: str) -> str | None:
    """The role that may move the Antrag to `nach`, or None if the table has no such step."""
    return TRANSITIONS.get(antrag.status, {}).get(nach)


def _lock(antrag: Antrag) -> Antrag:
    return (
        Antrag.objects.select_for_update()
        .select_related("foerderperiode__programmteil", "antragsteller")
        .get(pk=antrag.pk)
    )


def _change(
    antrag: Antrag,
    *,
    to: str,
    by,
    grund: str = "",
    betrag: Decimal | None = None,
    intern: bool = False,
    update_fields: tuple[str, ...] = (),
) -> Statuswechsel:
    """Checks the table and the role, writes the Statuswechsel, sets the status, bumps the version."""
    rolle = erlaubt(antrag, to)
    if rolle is None:
        raise WorkflowError(
            f"Ein Antrag im Status „{antrag.get_status_display()}“ kann nicht in den Status "
            f"„{S(to).label}“ wechseln."
        )
    if rolle not in roles_for(by, antrag.antragsteller_id):
        raise WorkflowError(f"Diesen Schritt darf nur die Rolle „{Rolle(rolle).label}“ ausführen.")
    wechsel = Statuswechsel.objects.create(
        antrag=antrag, von=antrag.status, nach=to, wer=by, grund=grund, betrag=betrag, intern=intern
    )
    antrag.status = to
    antrag.version = F("version") + 1
    antrag.save(update_fields=["status", "version", "geaendert_am", *update_fields])
    antrag.refresh_from_db(fields=["version"])
    return wechsel


def _on_commit(func, /, **kwargs) -> None:
    transaction.on_commit(lambda: func(**kwargs))


# --- Antragstellung: submit, withdraw, answer ---


# --- Prüfung und Entscheidung: take over, formal check, Nachforderung, Anhörung, proposals, Zeichnung ---
