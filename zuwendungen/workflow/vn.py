"""Verwendungsnachweis, the recipient's side: open, save the draft, submit, answer a question.

The shape of every transition: guard → atomic → lock the Zuwendung row, then the VN → re-check
under the lock → change → a Statuswechsel on the Antrag's file → letters/mails on commit.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from antraege.models import Statuswechsel
from antraege.workflow import WorkflowError
from zuwendungen import fristen
from zuwendungen.models import Frist, Verwendungsnachweis, VnFrage, VnStatus, Zuwendung
from zuwendungen.permissions_vn import can_vn, can_vn_anlegen
from zuwendungen.workflow.vn_zahlen import befunde

V = VnStatus
SACHBERICHT = ("taetigkeiten", "beginn", "ende", "personal", "ergebnisse", "abweichungen")


class VnFehler(WorkflowError):
    """The VN cannot be submitted: German messages per field."""

    def __init__(self, felder: dict[str, list[str]]):
        self.felder = felder
        super().__init__(" ".join(m for ms in felder.values() for m in ms))


def _require(erlaubnis: tuple[bool, str]) -> None:
    ok, grund = erlaubnis
    if not ok:
        raise WorkflowError(grund)


def sperren(vn_or_zuwendung) -> tuple[Zuwendung, Verwendungsnachweis | None]:
    """Lock the Zuwendung row first, then the VN (always in this order)."""
    if isinstance(vn_or_zuwendung, Verwendungsnachweis):
        zuwendung_id, vn_id = vn_or_zuwendung.zuwendung_id, vn_or_zuwendung.pk
    else:
        zuwendung_id, vn_id = vn_or_zuwendung.pk, None
    zuwendung = (
        Zuwendung.objects.select_for_update(of=("self",))
        .select_related("antrag__foerderperiode__programmteil", "antrag__antragsteller", "antrag__bearbeitet_von")
        .get(pk=zuwendung_id)
    )
    if vn_id is None:
        return zuwendung, None
    vn = Verwendungsnachweis.objects.select_for_update(of=("self",)).get(pk=vn_id)
    vn.zuwendung = zuwendung
    return zuwendung, vn


def vermerk(vn_or_zuwendung, *, by, grund: str, betrag=None, intern: bool = False) -> None:
    """The step on the Antrag's file (the history both sides see; ``intern`` only the authority)."""
    antrag = getattr(vn_or_zuwendung, "zuwendung", vn_or_zuwendung).antrag
    Statuswechsel.objects.create(
        antrag=antrag, von=antrag.status, nach=antrag.status, wer=by, grund=grund, betrag=betrag, intern=intern
    )


def wechsel(vn: Verwendungsnachweis, nach: str, *felder: str) -> None:
    vn.status = nach
    vn.version += 1
    vn.save(update_fields=["status", "version", "geaendert_am", *felder])


def version_pruefen(vn: Verwendungsnachweis, version: int | None) -> None:
    if version is not None and vn.version != version:
        raise WorkflowError(
            "Der Verwendungsnachweis wurde inzwischen von einer anderen Person geändert. Bitte prüfen Sie "
            "den aktuellen Stand und versuchen Sie es erneut."
        )


def fristschluessel(vn: Verwendungsnachweis) -> str:
    if vn.art == Verwendungsnachweis.Art.ZWISCHEN:
        return f"zn:{vn.zuwendung_id}:{vn.fuer_jahr}"
    return f"vn:{vn.zuwendung_id}"


@transaction.atomic
def vn_anlegen(*, zuwendung: Zuwendung, by, art: str = "vn", fuer_jahr: int | None = None) -> Verwendungsnachweis:
    """The draft of the VN (or of a year's Zwischennachweis); the existing one if there is one."""
    zuwendung, _ = sperren(zuwendung)
    _require(can_vn_anlegen(by, zuwendung))
    vn, neu = Verwendungsnachweis.objects.get_or_create(
        zuwendung=zuwendung, art=art, fuer_jahr=fuer_jahr if art == "zwischen" else None,
        defaults={"erstellt_von": by},
    )  # fmt: skip
    if neu:
        vn.zuwendung = zuwendung
        vermerk(vn, by=by, grund=f"{vn} als Entwurf angelegt.", intern=True)
    return vn


@transaction.atomic
def vn_speichern(*, vn: Verwendungsnachweis, by, werte: dict, zahlen: dict, version: int | None = None) -> Verwendungsnachweis:
    """Save the draft as entered (drafts always save; the checks only block submitting)."""
    _, vn = sperren(vn)
    _require(can_vn(by, vn, "bearbeiten"))
    version_pruefen(vn, version)
    for feld in (*SACHBERICHT, "erklaerung", "kommune_bestaetigt"):
        if feld in werte:
            setattr(vn, feld, werte[feld])
    vn.zahlen = zahlen
    vn.version += 1
    vn.save()
    return vn


@transaction.atomic
def vn_einreichen(*, vn: Verwendungsnachweis, by, version: int | None = None) -> Verwendungsnachweis:
    """The Zeichnungsberechtigte submits; every Befund at its field blocks it (VnFehler)."""
    _, vn = sperren(vn)
    _require(can_vn(by, vn, "einreichen"))
    version_pruefen(vn, version)
    fehler = befunde(vn)
    if fehler:
        raise VnFehler(fehler)
    vn.eingereicht_von, vn.eingereicht_am = by, timezone.now()
    vn.auszahlung_gesperrt = False  # a payout hold for this Zwischennachweis ends with its submission
    wechsel(vn, V.EINGEREICHT, "eingereicht_von", "eingereicht_am", "auszahlung_gesperrt")
    fristen.erledigen(fristschluessel(vn))
    if vn.art == Verwendungsnachweis.Art.VN:
        for nummer in (1, 2):
            fristen.erledigen(f"vn_mahnung:{vn.zuwendung_id}:{nummer}")
    vermerk(vn, by=by, grund=f"{vn} eingereicht.")
    return vn


@transaction.atomic
def vn_antworten(*, frage: VnFrage, by, antwort: str) -> VnFrage:
    """The recipient answers the open question (the VN returns to the Prüfung)."""
    _, vn = sperren(frage.verwendungsnachweis)
    _require(can_vn(by, vn, "antworten"))
    frage = VnFrage.objects.select_for_update().get(pk=frage.pk)
    if frage.beantwortet_am is not None:
        raise WorkflowError("Diese Frage ist schon beantwortet.")
    if not antwort.strip():
        raise VnFehler({"antwort": ["Bitte geben Sie eine Antwort ein."]})
    frage.antwort, frage.beantwortet_von, frage.beantwortet_am = antwort.strip(), by, timezone.now()
    frage.save(update_fields=["antwort", "beantwortet_von", "beantwortet_am"])
    if not vn.fragen.filter(beantwortet_am__isnull=True).exists():
        wechsel(vn, V.PRUEFUNG)
    fristen.erledigen(f"vn_frage:{frage.pk}")
    vermerk(vn, by=by, grund=f"Frage zum {vn} beantwortet.")
    return frage


def frist_setzen(vn_or_zuwendung, *, schluessel: str, art: str, faellig: datetime.date, titel: str, wer: str) -> Frist:
    """A deadline of the VN process on the grant (the URL leads to the grant's VN page)."""
    from django.urls import reverse

    zuwendung = getattr(vn_or_zuwendung, "zuwendung", vn_or_zuwendung)
    return fristen.setzen(
        schluessel=schluessel, art=art, antrag=zuwendung.antrag, zuwendung=zuwendung, faellig_am=faellig,
        titel=titel, wer=wer, url=reverse("zuwendungen:vn", args=[zuwendung.pk]),
    )  # fmt: skip
