"""A Nachforderung or Anhörung sent by mistake: withdrawn and replaced, never edited.

The old Schreiben stays on file, marked withdrawn (who, when, why, by which letter); the new
letter is a new Dokument with ``bezieht_sich_auf`` the old one and says which letter it
replaces. The deadline of the new letter runs anew.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from antraege import mails, permissions
from antraege.models import Dokument, Schreiben
from antraege.workflow.kern import WorkflowError, _brief_moeglich, _lock, _record, _require
from antraege.workflow.pruefung import _frist, _schreiben_dokument, anhoerung_inhalt, nachforderung_punkte


def altes_dokument(schreiben: Schreiben) -> Dokument | None:
    """The letter's Dokument (linked since this module; before: the first of its kind after it)."""
    if schreiben.dokument_id:
        return schreiben.dokument
    return (
        Dokument.objects.filter(
            antrag_id=schreiben.antrag_id, art=schreiben.art, erstellt_am__gte=schreiben.erstellt_am
        )
        .order_by("erstellt_am", "pk")
        .first()
    )


@transaction.atomic
def schreiben_ersetzen(
    *,
    schreiben: Schreiben,
    by,
    grund: str,
    text: str = "",
    frist: datetime.date | None = None,
    punkte: list[str] | None = None,
    beabsichtigter_betrag: Decimal | None = None,
    zeilen: dict | None = None,
) -> Schreiben:
    """Withdraws the open letter and sends its replacement (same kind, new content and deadline)."""
    antrag = _lock(schreiben.antrag)
    schreiben = Schreiben.objects.select_for_update().get(pk=schreiben.pk)
    schreiben.antrag = antrag
    _require(permissions.can_replace_letter(by, schreiben))
    _brief_moeglich(antrag)
    grund = (grund or "").strip()
    if not grund:
        raise WorkflowError("Bitte geben Sie an, warum das Schreiben zurückgezogen wird.")
    felder: dict = {"text": (text or "").strip(), "punkte": [], "beabsichtigter_betrag": None, "zeilen": []}
    if schreiben.art == Schreiben.Art.NACHFORDERUNG:
        felder["punkte"] = nachforderung_punkte(punkte or [])
    else:
        felder["text"], felder["beabsichtigter_betrag"], felder["zeilen"] = anhoerung_inhalt(
            antrag, text=text, beabsichtigter_betrag=beabsichtigter_betrag, zeilen=zeilen
        )
    frist = _frist(antrag, frist)
    neu = Schreiben.objects.create(antrag=antrag, art=schreiben.art, frist=frist, erstellt_von=by, **felder)
    Schreiben.objects.filter(pk=schreiben.pk, zurueckgezogen_am__isnull=True).update(
        zurueckgezogen_am=timezone.now(), zurueckgezogen_von=by, zurueckgezogen_grund=grund, ersetzt_durch=neu
    )
    art = schreiben.get_art_display()
    wechsel = _record(
        antrag,
        by=by,
        grund=f"{art} vom {timezone.localtime(schreiben.erstellt_am):%d.%m.%Y} zurückgezogen und ersetzt "
        f"(neue Frist {frist:%d.%m.%Y}): {grund}",
        intern=False,
        betrag=felder["beabsichtigter_betrag"],
    )
    _schreiben_dokument(neu, wechsel, by, bezieht_sich_auf=altes_dokument(schreiben))
    mails.schreiben_versandt(schreiben_id=neu.pk)  # outbox row in this transaction
    return neu
