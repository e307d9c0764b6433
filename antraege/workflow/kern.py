"""The shape every transition shares (DESIGN.md §6): the error, the lock, the one place a state
changes (_change: the table, the role, the Statuswechsel, the version), records without a state
change and the version check. Mails go into the outbox inside the transaction
(komman.mails.senden), PDFs are a task queued on commit (bescheide.erzeugen_lassen)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F

from antraege.models import Antrag, Statuswechsel
from antraege.uebergaenge import SYSTEM, erlaubt
from komman.models import Rolle
from komman.permissions import roles_for

S = Antrag.Status


class WorkflowError(Exception):
    """A transition that is not allowed; the message is German and shown to the user."""


def _require(result: tuple[bool, str]) -> None:
    allowed, reason = result
    if not allowed:
        raise WorkflowError(reason)


def _lock(antrag: Antrag) -> Antrag:
    return (
        # of=("self",): lock only the Antrag row; the period row is locked explicitly when
        # money or the Aktenzeichen counter is involved (always after the Antrag).
        Antrag.objects.select_for_update(of=("self",))
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
    # SYSTEM steps (a waiver, a deadline): the named function has checked who causes the event.
    if rolle != SYSTEM and rolle not in roles_for(by, antrag.antragsteller_id):
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
    """Run func after commit (files, tasks); mails are outbox rows written in the transaction itself."""
    transaction.on_commit(lambda: func(**kwargs))


class VersionKonflikt(WorkflowError):
    """Someone saved the draft since the form was loaded, or it is no longer editable."""


VERSION_KONFLIKT = (
    "Der Antrag wurde inzwischen von einer anderen Person geändert. Ihre Eingaben sind nicht "
    "gespeichert; bitte prüfen Sie den aktuellen Stand und versuchen Sie es erneut."
)


def _record(antrag: Antrag, *, by, grund: str, intern: bool, betrag: Decimal | None = None) -> Statuswechsel:
    """A step on the file without a state change (take over, an answer to an Anhörung)."""
    return Statuswechsel.objects.create(
        antrag=antrag,
        von=antrag.status,
        nach=antrag.status,
        wer=by,
        grund=grund,
        betrag=betrag,
        intern=intern,
    )


def _pruefe_version(antrag: Antrag, version: int | None) -> None:
    if version is not None and antrag.version != version:
        raise VersionKonflikt(VERSION_KONFLIKT)


def _brief_moeglich(antrag: Antrag) -> None:
    """A letter needs the recipient's address and seat (court); refused with what is missing (issue 17).

    Locks the recipient's row (after the Antrag, before the Foerderperiode): the address checked
    here is the one the letter's snapshot states, an edit by the Administration waits.
    """
    from antraege import bescheide
    from komman.models import Organisation

    org = Organisation.objects.select_for_update().get(pk=antrag.antragsteller_id)
    antrag.antragsteller = org
    _require(bescheide.kann_brief_erhalten(org))


def _dokument(wechsel: Statuswechsel, art: str, by, bezieht_sich_auf=None):
    from antraege import bescheide

    dokument = bescheide.anlegen(statuswechsel=wechsel, art=art, by=by, bezieht_sich_auf=bezieht_sich_auf)
    bescheide.erzeugen_lassen(dokument_id=dokument.pk)
    return dokument
