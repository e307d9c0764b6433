"""Letters and notices: snapshot in the transaction, PDF rendered after commit, written once.

Contract used by workflow.py (DESIGN.md §8):

- ``anlegen(*, statuswechsel, art, by) -> Dokument`` stores ``daten``, the JSON of every fact
  the letter states (addressee, amounts as strings, lines, dates, texts, court, signer),
  inside the transition's transaction.
- ``rendern(*, dokument_id) -> bool`` renders ``bescheide/<art>.html`` from ``daten`` only,
  never from live models, and stores PDF and SHA-256 with one ``UPDATE … WHERE sha256 = ''``;
  called from ``transaction.on_commit``. After that the row is immutable (model and database).
- ``vorschau(*, antrag, by) -> bytes`` renders the draft of the decision with the watermark
  "Entwurf" from a snapshot built the same way, without storing anything.
- ``nachholen(dokumente)`` renders rows a crash left empty (commands bescheide_erzeugen,
  dokumente_nachholen, demodaten).

The package: ``pdf`` (WeasyPrint, static files only, tagged PDF/A-3a), ``briefkopf``
(letterhead, addressee, court; ``kann_brief_erhalten`` is the guard of every step that issues a
letter), ``anlagen`` (the versioned Anlagen a notice imposes), ``snapshot`` (the common facts and one builder per letter kind: ``schreiben`` for
Nachforderung, Anhörung and Ablehnung, ``zuwendung`` for the Zuwendungsbescheid, whose
figures all come from ``programmteile.rules``), ``texte`` (standard texts), ``werte``
(snapshot values as strings). This module holds the contract.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from antraege.models import Antrag, Dokument, Statuswechsel
from programmteile.models import Foerderperiode

from .briefkopf import briefangaben_fehlen, kann_brief_erhalten, verwaltungsgericht
from .pdf import STATIC_URI, StaticOnlyFetcher, pdf_aus_daten, render_pdf
from .snapshot import SCHEMA, TITEL, snapshot
from .texte import STANDARD_HINWEISE, STANDARD_PROGRAMMBEDINGUNGEN

__all__ = [
    "ENTSCHEIDUNGEN",
    "SCHEMA",
    "STANDARD_HINWEISE",
    "STANDARD_PROGRAMMBEDINGUNGEN",
    "STATIC_URI",
    "TITEL",
    "VORSCHAU_STATUS",
    "StaticOnlyFetcher",
    "anlegen",
    "briefangaben_fehlen",
    "fehlende_bescheide_anlegen",
    "kann_brief_erhalten",
    "nachholen",
    "pdf_aus_daten",
    "render_pdf",
    "rendern",
    "schreiben_vorschau",
    "snapshot",
    "speichern",
    "verwaltungsgericht",
    "vorschau",
    "vorschau_daten",
]

logger = logging.getLogger(__name__)

Art = Dokument.Art
S = Antrag.Status


def anlegen(
    *, statuswechsel: Statuswechsel, art: str, by, bezieht_sich_auf: Dokument | None = None
) -> Dokument:
    """Creates the Dokument row with the snapshot of every fact it states (inside the transaction)."""
    antrag = statuswechsel.antrag
    daten = snapshot(
        antrag=antrag,
        art=art,
        datum=timezone.localtime(statuswechsel.wann).date() if statuswechsel.wann else timezone.localdate(),
        unterzeichner=statuswechsel.wer,
        betrag=statuswechsel.betrag,
        grund=statuswechsel.grund,
    )
    if bezieht_sich_auf is not None:
        daten["bezieht_sich_auf"] = {
            "art": bezieht_sich_auf.get_art_display(),
            "datum": bezieht_sich_auf.daten.get("datum", ""),
            "sha256": bezieht_sich_auf.sha256,
        }
    return Dokument.objects.create(
        antrag=antrag,
        statuswechsel=statuswechsel,
        art=art,
        daten=daten,
        erstellt_von=by,
        bezieht_sich_auf=bezieht_sich_auf,
    )


def rendern(*, dokument_id: int) -> bool:
    """Renders and stores the PDF once. False if it was already rendered or rendering failed.

    Runs after commit: an exception here would reach a user whose transition already
    succeeded, so failures are logged and the row stays empty for dokumente_nachholen.
    """
    daten = Dokument.objects.filter(pk=dokument_id, sha256="").values_list("daten", flat=True).first()
    if daten is None:
        return False
    try:
        pdf = pdf_aus_daten(daten)
    except Exception:
        logger.exception(
            "Dokument %s konnte nicht erzeugt werden; dokumente_nachholen holt es nach.", dokument_id
        )
        return False
    return speichern(dokument_id=dokument_id, pdf=pdf)


def speichern(*, dokument_id: int, pdf: bytes) -> bool:
    """Write once: the UPDATE only matches while sha256 is still empty."""
    sha = hashlib.sha256(pdf).hexdigest()
    return bool(Dokument.objects.filter(pk=dokument_id, sha256="").update(pdf=pdf, sha256=sha))


VORSCHAU_STATUS = {
    S.BEWILLIGUNG_VORGESCHLAGEN: Art.ZUWENDUNGSBESCHEID,
    S.INHALTLICHE_PRUEFUNG: Art.ZUWENDUNGSBESCHEID,
    S.ABLEHNUNG_VORGESCHLAGEN: Art.ABLEHNUNGSBESCHEID,
}


def vorschau_daten(*, antrag: Antrag) -> dict:
    """The snapshot the signed Bescheid would hold today; not stored."""
    art = VORSCHAU_STATUS[antrag.status]
    return snapshot(
        antrag=antrag, art=art, datum=timezone.localdate(), unterzeichner=None, betrag=None, grund=""
    )


def vorschau(*, antrag: Antrag) -> bytes:
    return pdf_aus_daten(vorschau_daten(antrag=antrag), entwurf=True)


def schreiben_vorschau(*, antrag: Antrag, art: str, by, schreiben: dict, ersetzt=None) -> bytes:
    """The Nachforderung or Anhörung as it would be sent, from the form's unsaved content
    (``schreiben`` as the snapshot's "schreiben" part), with the watermark "Entwurf"; nothing stored."""
    daten = snapshot(
        antrag=antrag, art=art, datum=timezone.localdate(), unterzeichner=by, betrag=None, grund=""
    )
    daten["schreiben"] = {**daten.get("schreiben", {}), **schreiben}
    if ersetzt is not None:
        daten["bezieht_sich_auf"] = {"art": ersetzt.get_art_display(), "datum": ersetzt.daten.get("datum", "")}
    return pdf_aus_daten(daten, entwurf=True)


# --- Bulk: missing rows and missing PDFs ---

ENTSCHEIDUNGEN = {S.BEWILLIGT: Art.ZUWENDUNGSBESCHEID, S.ABGELEHNT: Art.ABLEHNUNGSBESCHEID}


def fehlende_bescheide_anlegen(perioden: Iterable[Foerderperiode] | None = None) -> int:
    """Creates the Dokument of every signing Statuswechsel that has none (e.g. decisions imported
    from before the portal issued Bescheide). Safe to repeat: one Dokument per Statuswechsel."""
    wechsel = (
        Statuswechsel.objects.filter(nach__in=list(ENTSCHEIDUNGEN), dokument__isnull=True)
        # Only the signing itself: not a record on the file in that state (Bekanntgabe, issue 18)
        # nor the return to bewilligt after a Klage (its changed notice is a letter of its own).
        .exclude(von=F("nach"))
        .exclude(von=S.KLAGE_ANHAENGIG)
        .select_related("antrag")
        .order_by("pk")
    )
    if perioden is not None:
        wechsel = wechsel.filter(antrag__foerderperiode__in=list(perioden))
    angelegt = 0
    for w in wechsel.iterator():
        try:
            with transaction.atomic():
                antrag = Antrag.objects.select_for_update().get(pk=w.antrag_id)
                w.antrag = antrag
                if not Dokument.objects.filter(statuswechsel=w).exists():
                    anlegen(statuswechsel=w, art=ENTSCHEIDUNGEN[w.nach], by=w.wer)
                    angelegt += 1
        except IntegrityError:  # a parallel run created it first
            continue
    return angelegt


def nachholen(
    dokumente,
    *,
    fortschritt: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Renders every Dokument of the queryset whose PDF is missing, oldest first.

    Each PDF is committed on its own, so an interrupted run loses at most the one in hand
    and the next run continues where this one stopped.
    """
    ids = list(dokumente.filter(sha256="").order_by("pk").values_list("pk", flat=True))
    erzeugt = 0
    for i, pk in enumerate(ids, start=1):
        if stop is not None and stop():
            break
        if rendern(dokument_id=pk):
            erzeugt += 1
        if fortschritt is not None:
            fortschritt(i, len(ids))
    return erzeugt
