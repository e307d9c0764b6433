"""Prüfung: take over, the formal check and its checklist, internal notes, Nachforderung and
Anhörung with their deadlines, and the applicant's answer."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from antraege import mails, permissions
from antraege.models import Antrag, Dokument, Pruefvermerk, Schreiben, Vermerk
from antraege.workflow.kern import (
    S,
    WorkflowError,
    _brief_moeglich,
    _change,
    _dokument,
    _lock,
    _on_commit,
    _record,
    _require,
)
from programmteile import rules


@transaction.atomic
def take_over(*, antrag: Antrag, by) -> Antrag:
    """A reviewer assigns the Antrag to themselves (internal)."""
    antrag = _lock(antrag)
    _require(permissions.can_take_over(by, antrag))
    vorher = antrag.bearbeitet_von
    antrag.bearbeitet_von = by
    antrag.version = F("version") + 1
    antrag.save(update_fields=["bearbeitet_von", "version", "geaendert_am"])
    antrag.refresh_from_db(fields=["version"])
    grund = f"Bearbeitung übernommen (vorher: {vorher})." if vorher else "Bearbeitung übernommen."
    _record(antrag, by=by, grund=grund, intern=True)
    return antrag


@transaction.atomic
def start_formal_check(*, antrag: Antrag, by) -> Antrag:
    """eingereicht → formale_pruefung; the reviewer takes the Antrag if nobody has it yet."""
    antrag = _lock(antrag)
    _require(permissions.can_start_formal_check(by, antrag))
    if antrag.bearbeitet_von_id is None:
        antrag.bearbeitet_von = by
    _change(
        antrag,
        to=S.FORMALE_PRUEFUNG,
        by=by,
        grund="Formale Prüfung begonnen.",
        update_fields=("bearbeitet_von",),
    )
    Pruefvermerk.objects.get_or_create(antrag=antrag)
    return antrag


@transaction.atomic
def finish_formal_check(*, antrag: Antrag, by) -> Antrag:
    """formale_pruefung → inhaltliche_pruefung once the checklist is complete."""
    antrag = _lock(antrag)
    _require(permissions.can_finish_formal_check(by, antrag))
    _change(
        antrag, to=S.INHALTLICHE_PRUEFUNG, by=by, grund="Formale Prüfung ohne Beanstandung abgeschlossen."
    )
    return antrag


def save_pruefvermerk(*, antrag: Antrag, by, version: int, **felder) -> Pruefvermerk:
    """Saves the checklist and review result unless someone else saved since `version` was loaded."""
    erlaubt_felder = {"vollstaendig", "unterschrieben", "antragsberechtigt", "nicht_begonnen", "ergebnis"}
    unbekannt = set(felder) - erlaubt_felder
    if unbekannt:
        raise ValueError(f"Unbekannte Felder: {sorted(unbekannt)}")
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_edit_pruefvermerk(by, antrag))
        Pruefvermerk.objects.get_or_create(antrag=antrag)
        geaendert = Pruefvermerk.objects.filter(antrag=antrag, version=version).update(
            version=version + 1, geaendert_von=by, geaendert_am=timezone.now(), **felder
        )
        if not geaendert:
            raise WorkflowError(
                "Jemand anderes hat den Prüfvermerk inzwischen gespeichert. Ihre Eingaben sind unten noch "
                "da; bitte vergleichen Sie mit dem aktuellen Stand und speichern Sie erneut."
            )
    return Pruefvermerk.objects.get(antrag=antrag)


@transaction.atomic
def add_note(*, antrag: Antrag, by, text: str) -> Vermerk:
    """An internal note on the file (material review); the applicant never sees it."""
    antrag = _lock(antrag)
    _require(permissions.can_add_note(by, antrag))
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Bitte schreiben Sie einen Vermerk.")
    return Vermerk.objects.create(antrag=antrag, text=text, von=by)


def antwortfrist(antrag: Antrag) -> datetime.date:
    """The default answer deadline of a Nachforderung or Anhörung from today: the period's
    ``frist.schreiben_tage``, else the shipped default; off weekends and NRW holidays."""
    tage = antrag.foerderperiode.parameter().allgemein.frist_schreiben_tage
    if tage is None:
        tage = rules.Regelparameter.standard().allgemein.frist_schreiben_tage
    return rules.tagesfrist(timezone.localdate(), tage)


def _frist(antrag: Antrag, frist: datetime.date | None) -> datetime.date:
    heute = timezone.localdate()
    if frist is None:
        return antwortfrist(antrag)
    if frist <= heute:
        raise WorkflowError("Die Frist muss in der Zukunft liegen.")
    return frist


@transaction.atomic
def request_documents(
    *, antrag: Antrag, by, punkte: list[str], text: str = "", frist: datetime.date | None = None
) -> Schreiben:
    """Nachforderung: the missing items and a deadline; the applicant is told after commit."""
    antrag = _lock(antrag)
    _require(permissions.can_request_documents(by, antrag))
    _brief_moeglich(antrag)
    punkte = [p.strip() for p in punkte if p and p.strip()]
    if not punkte:
        raise WorkflowError("Bitte nennen Sie mindestens eine fehlende Unterlage oder Angabe.")
    frist = _frist(antrag, frist)
    schreiben = Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.NACHFORDERUNG, text=text.strip(), punkte=punkte, frist=frist,
        erstellt_von=by,
    )  # fmt: skip
    wechsel = _change(
        antrag, to=S.NACHFORDERUNG, by=by,
        grund=f"Nachforderung bis {frist:%d.%m.%Y}: " + "; ".join(punkte),
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.NACHFORDERUNG, by)
    _on_commit(mails.schreiben_versandt, schreiben_id=schreiben.pk)
    return schreiben


@transaction.atomic
def start_hearing(
    *, antrag: Antrag, by, text: str, beabsichtigter_betrag: Decimal, frist: datetime.date | None = None
) -> Schreiben:
    """Anhörung (§ 28 VwVfG NRW): the intended decision, its reasons, the amount and a deadline."""
    antrag = _lock(antrag)
    _require(permissions.can_start_hearing(by, antrag))
    _brief_moeglich(antrag)
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Bitte begründen Sie die beabsichtigte Entscheidung.")
    if beabsichtigter_betrag is None or beabsichtigter_betrag < 0:
        raise WorkflowError("Bitte geben Sie den beabsichtigten Betrag an (0,00 € bei einer Ablehnung).")
    frist = _frist(antrag, frist)
    schreiben = Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.ANHOERUNG, text=text, frist=frist,
        beabsichtigter_betrag=beabsichtigter_betrag, erstellt_von=by,
    )  # fmt: skip
    wechsel = _change(
        antrag, to=S.ANHOERUNG, by=by, betrag=beabsichtigter_betrag,
        grund=f"Anhörung bis {frist:%d.%m.%Y}: {text}",
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.ANHOERUNG, by)
    _on_commit(mails.schreiben_versandt, schreiben_id=schreiben.pk)
    return schreiben


@transaction.atomic
def answer_request(*, antrag: Antrag, by, antwort: str) -> Antrag:
    """The applicant answers the open Nachforderung (and resubmits → eingereicht) or Anhörung."""
    antrag = _lock(antrag)
    _require(permissions.can_answer(by, antrag))
    antwort = (antwort or "").strip()
    if not antwort:
        raise WorkflowError("Bitte schreiben Sie Ihre Antwort.")
    schreiben = (
        antrag.schreiben.filter(art=antrag.status, beantwortet_am__isnull=True)
        .order_by("-erstellt_am")
        .first()
    )
    Schreiben.objects.filter(pk=schreiben.pk).update(
        antwort=antwort, beantwortet_von=by, beantwortet_am=timezone.now()
    )
    if antrag.status == S.NACHFORDERUNG:
        _change(
            antrag, to=S.EINGEREICHT, by=by, grund=f"Nachforderung beantwortet, erneut eingereicht: {antwort}"
        )
    else:
        _record(antrag, by=by, grund=f"Stellungnahme zur Anhörung: {antwort}", intern=False)
    _on_commit(mails.antwort_eingegangen, schreiben_id=schreiben.pk)
    return antrag
