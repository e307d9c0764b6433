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
from antraege.regeln import ganze_einheiten
from antraege.workflow.kern import (
    S,
    WorkflowError,
    _brief_moeglich,
    _change,
    _dokument,
    _lock,
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
    punkte = nachforderung_punkte(punkte)
    frist = _frist(antrag, frist)
    schreiben = Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.NACHFORDERUNG, text=text.strip(), punkte=punkte, frist=frist,
        erstellt_von=by,
    )  # fmt: skip
    wechsel = _change(
        antrag, to=S.NACHFORDERUNG, by=by,
        grund=f"Nachforderung bis {frist:%d.%m.%Y}: " + "; ".join(punkte),
    )  # fmt: skip
    _schreiben_dokument(schreiben, wechsel, by)
    mails.schreiben_versandt(schreiben_id=schreiben.pk)
    return schreiben


def nachforderung_punkte(punkte: list[str]) -> list[str]:
    punkte = [p.strip() for p in punkte if p and p.strip()]
    if not punkte:
        raise WorkflowError("Bitte nennen Sie mindestens eine fehlende Unterlage oder Angabe.")
    return punkte


def anhoerung_inhalt(
    antrag: Antrag, *, text: str, beabsichtigter_betrag: Decimal | None, zeilen: dict | None
) -> tuple[str, Decimal, list[dict]]:
    """The checked content of an Anhörung: its reasons, the intended amount (never above the
    request) and the intended amount per line (never above the line's request)."""
    from komman.formate import euro
    from programmteile import rules

    from .vorschlag import vorschlagszeilen

    text = (text or "").strip()
    if not text:
        raise WorkflowError("Bitte begründen Sie die beabsichtigte Entscheidung.")
    liste: list[dict] = []
    if zeilen:
        summe = Decimal("0.00")
        for z in vorschlagszeilen(antrag):
            betrag = zeilen.get(z.schluessel)
            if betrag is None:
                raise WorkflowError(f"Bitte geben Sie den beabsichtigten Betrag an für: {z.bezeichnung}.")
            if betrag < 0:
                raise WorkflowError(f"{z.bezeichnung}: Der Betrag darf nicht negativ sein.")
            if betrag > z.beantragt:
                raise WorkflowError(
                    f"{z.bezeichnung}: Beabsichtigt werden kann höchstens der beantragte Betrag "
                    f"({euro(z.beantragt)})."
                )
            summe += betrag
            eintrag = {"bezeichnung": z.bezeichnung, "beantragt": f"{z.beantragt:.2f}", "beabsichtigt": f"{betrag:.2f}"}
            einheiten = rules.ganze_einheiten(betrag, z.satz) if z.satz is not None else None
            if einheiten is not None:  # Part II: the intended whole units (issue 17)
                eintrag["einheiten"] = f"{einheiten} von {z.einheiten} × {euro(z.satz)}"
            liste.append(eintrag)
        _require(ganze_einheiten(antrag, zeilen))
        if beabsichtigter_betrag is not None and beabsichtigter_betrag != summe:
            raise WorkflowError(
                f"Der beabsichtigte Betrag ({euro(beabsichtigter_betrag)}) weicht von der Summe der Zeilen "
                f"({euro(summe)}) ab."
            )
        beabsichtigter_betrag = summe
    if beabsichtigter_betrag is None or beabsichtigter_betrag < 0:
        raise WorkflowError("Bitte geben Sie den beabsichtigten Betrag an (0,00 € bei einer Ablehnung).")
    beantragt = antrag.beantragt or Decimal("0.00")
    if beabsichtigter_betrag > beantragt:
        raise WorkflowError(
            f"Der beabsichtigte Betrag ({euro(beabsichtigter_betrag)}) liegt über dem beantragten Betrag "
            f"({euro(beantragt)}). Mehr als beantragt wird nicht bewilligt; eine Anhörung braucht es nur für "
            "eine Entscheidung unter dem Antrag."
        )
    return text, beabsichtigter_betrag, liste


@transaction.atomic
def start_hearing(
    *,
    antrag: Antrag,
    by,
    text: str,
    beabsichtigter_betrag: Decimal | None = None,
    frist: datetime.date | None = None,
    zeilen: dict | None = None,
) -> Schreiben:
    """Anhörung (§ 28 VwVfG NRW): the intended decision, its reasons, the amount (per line, never
    above the request) and a deadline. In state Anhörung: a second Anhörung."""
    antrag = _lock(antrag)
    _require(permissions.can_start_hearing(by, antrag))
    _brief_moeglich(antrag)
    text, beabsichtigter_betrag, liste = anhoerung_inhalt(
        antrag, text=text, beabsichtigter_betrag=beabsichtigter_betrag, zeilen=zeilen
    )
    frist = _frist(antrag, frist)
    zweite = antrag.status == S.ANHOERUNG
    schreiben = Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.ANHOERUNG, text=text, frist=frist,
        beabsichtigter_betrag=beabsichtigter_betrag, zeilen=liste, erstellt_von=by,
    )  # fmt: skip
    wechsel = _change(
        antrag, to=S.ANHOERUNG, by=by, betrag=beabsichtigter_betrag,
        grund=("Erneute Anhörung" if zweite else "Anhörung") + f" bis {frist:%d.%m.%Y}: {text}",
    )  # fmt: skip
    _schreiben_dokument(schreiben, wechsel, by)
    mails.schreiben_versandt(schreiben_id=schreiben.pk)
    return schreiben


def _schreiben_dokument(schreiben: Schreiben, wechsel, by, bezieht_sich_auf=None) -> None:
    """The letter's Dokument, linked to its Schreiben (the link is set once, never changed)."""
    art = (
        Dokument.Art.NACHFORDERUNG if schreiben.art == Schreiben.Art.NACHFORDERUNG else Dokument.Art.ANHOERUNG
    )
    dokument = _dokument(wechsel, art, by, bezieht_sich_auf=bezieht_sich_auf)
    Schreiben.objects.filter(pk=schreiben.pk, dokument__isnull=True).update(dokument=dokument)
    schreiben.dokument = dokument


@transaction.atomic
def vorzeitigen_beginn_entscheiden(
    *, antrag: Antrag, by, zugelassen: bool, grund: str, ab: datetime.date | None = None
) -> Antrag:
    """The authority decides on the early start (VV 1.3.1): who, when, why; recorded on the file
    (Statuswechsel, seen by the applicant). Only this decision counts for the notice and for
    beginn.vorzeitig, never the applicant's request."""
    antrag = _lock(antrag)
    _require(permissions.can_decide_early_start(by, antrag))
    grund = (grund or "").strip()
    if not grund:
        raise WorkflowError("Bitte begründen Sie die Entscheidung über den vorzeitigen Maßnahmebeginn.")
    if not zugelassen:
        ab = None
    antrag.vorzeitiger_beginn_zugelassen = zugelassen
    antrag.vorzeitiger_beginn_ab = ab
    antrag.vorzeitiger_beginn_entschieden_am = timezone.now()
    antrag.vorzeitiger_beginn_entschieden_von = by
    antrag.vorzeitiger_beginn_entscheidungsgrund = grund
    antrag.version = F("version") + 1
    antrag.save(
        update_fields=[
            "vorzeitiger_beginn_zugelassen", "vorzeitiger_beginn_ab", "vorzeitiger_beginn_entschieden_am",
            "vorzeitiger_beginn_entschieden_von", "vorzeitiger_beginn_entscheidungsgrund", "version",
            "geaendert_am",
        ]
    )  # fmt: skip
    antrag.refresh_from_db(fields=["version"])
    if zugelassen:
        was = "Vorzeitiger Maßnahmebeginn zugelassen" + (f" ab {ab:%d.%m.%Y}" if ab else "")
    else:
        was = "Vorzeitiger Maßnahmebeginn nicht zugelassen"
    _record(antrag, by=by, grund=f"{was}: {grund}", intern=False)
    return antrag


@transaction.atomic
def answer_request(*, antrag: Antrag, by, antwort: str) -> Antrag:
    """The applicant answers the open Nachforderung (and resubmits → eingereicht) or Anhörung."""
    antrag = _lock(antrag)
    _require(permissions.can_answer(by, antrag))
    antwort = (antwort or "").strip()
    if not antwort:
        raise WorkflowError("Bitte schreiben Sie Ihre Antwort.")
    schreiben = (
        antrag.schreiben.filter(
            art=antrag.status, beantwortet_am__isnull=True, zurueckgezogen_am__isnull=True
        )
        .order_by("-erstellt_am", "-pk")
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
    mails.antwort_eingegangen(schreiben_id=schreiben.pk)
    return antrag
