"""The deadlines of the Antrag's file as Frist rows (issue 22 item 4).

antraege cannot import this app, so its deadlines — the answer to a Nachforderung or an
Anhörung, the download of a notice within ``bekanntgabe.abruf_tage`` days, the Klagefrist —
are mirrored from its state: ``abgleichen()`` opens or moves a Frist for every deadline that
runs and closes every Frist whose step is done (answered, withdrawn, made known, final). It is
idempotent (the stable keys below; ``fristen.setzen`` changes nothing that is already right),
runs in the daily run before missed deadlines are marked (``vor="fristen_versaeumt"``), and
after commit of every change to a Schreiben, a Bekanntgabe or a state (signals connected in
ZuwendungenConfig.ready()), so the lists are current without waiting for the night.

The Bestandskraft itself stays a transition of zuwendungen.workflow.bestandskraft; the Klagefrist
row only shows the deadline and closes when the notice is final or challenged.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from antraege.models import Antrag, Bekanntgabe, Dokument, Schreiben
from antraege.workflow.bekanntgabe import BESCHEIDE
from komman.formate import datum
from programmteile import rules
from zuwendungen import fristen
from zuwendungen.models import Frist
from zuwendungen.taeglich import schritt

logger = logging.getLogger(__name__)
S = Antrag.Status
#: Frist kinds this module owns (their keys start with these prefixes).
SCHLUESSEL = {
    Frist.Art.NACHFORDERUNG: "schreiben:",
    Frist.Art.ANHOERUNG: "schreiben:",
    Frist.Art.BEKANNTGABE: "bekanntgabe:",
    Frist.Art.KLAGEFRIST: "klagefrist:",
}
_STATUS_DES_SCHREIBENS = {Schreiben.Art.NACHFORDERUNG: S.NACHFORDERUNG, Schreiben.Art.ANHOERUNG: S.ANHOERUNG}


def _soll(antrag_ids: list[int] | None) -> dict[str, dict]:
    """Every deadline that runs now according to the file: {key: setzen() arguments}."""
    soll: dict[str, dict] = {}
    schreiben = Schreiben.objects.filter(
        beantwortet_am__isnull=True, zurueckgezogen_am__isnull=True, antrag__status__in=_STATUS_DES_SCHREIBENS.values()
    ).select_related("antrag")
    for s in _nur(schreiben, antrag_ids):
        if s.antrag.status != _STATUS_DES_SCHREIBENS[s.art]:
            continue
        art = Frist.Art.NACHFORDERUNG if s.art == Schreiben.Art.NACHFORDERUNG else Frist.Art.ANHOERUNG
        soll[f"schreiben:{s.pk}"] = dict(
            art=art, antrag=s.antrag, faellig_am=s.frist, wer=Frist.Wer.ANTRAGSTELLER,
            titel=f"{s.get_art_display()} vom {datum(timezone.localdate(s.erstellt_am))} beantworten",
        )
    bescheide = (
        Dokument.objects.filter(art__in=BESCHEIDE, antrag__status__in=S.ANFECHTBAR)
        .exclude(sha256="")
        .exclude(bekanntgabe__bekanntgegeben_am__isnull=False)
        .select_related("antrag__foerderperiode")
        .defer("daten", "pdf")
    )
    for d in _nur(bescheide, antrag_ids):
        tage = d.antrag.foerderperiode.parameter().allgemein.bekanntgabe_abruf_tage
        if tage is None:
            continue
        soll[f"bekanntgabe:{d.pk}"] = dict(
            art=Frist.Art.BEKANNTGABE, antrag=d.antrag, wer=Frist.Wer.ANTRAGSTELLER,
            faellig_am=rules.abruf_erinnerung_ab(timezone.localdate(d.erstellt_am), abruf_tage=tage),
            titel=f"{d.get_art_display()} im Portal abrufen",
        )
    bekanntgaben = (
        Bekanntgabe.objects.filter(antrag__status__in=S.ANFECHTBAR, bekanntgegeben_am__isnull=False)
        .select_related("antrag__foerderperiode")
        .order_by("antrag_id", "bekanntgegeben_am", "pk")
    )
    for b in _nur(bekanntgaben, antrag_ids):  # the latest Bekanntgabe per Antrag wins
        monate = b.antrag.foerderperiode.parameter().allgemein.rechtsbehelf_frist_monate
        if monate is None:
            continue
        ende = rules.bestandskraft(b.bekanntgegeben_am, klagefrist_monate=monate).klagefrist_ende
        soll[f"klagefrist:{b.antrag_id}"] = dict(
            art=Frist.Art.KLAGEFRIST, antrag=b.antrag, faellig_am=ende, wer=Frist.Wer.ANTRAGSTELLER,
            titel="Klagefrist gegen den Bescheid (danach bestandskräftig)",
        )
    return soll


def _nur(qs, antrag_ids: list[int] | None):
    return qs if antrag_ids is None else qs.filter(antrag_id__in=antrag_ids)


def abgleichen(antrag_ids: list[int] | None = None) -> int:
    """Open, move and close the mirrored deadlines (all, or those of ``antrag_ids``); returns
    how many rows changed. Each row is its own transaction: a crash leaves the rest for the
    next call."""
    soll = _soll(antrag_ids)
    laufend = Frist.objects.filter(art__in=list(SCHLUESSEL), status__in=Frist.Status.laufend())
    laufend = _nur(laufend, antrag_ids)
    ist = {f.schluessel: f for f in laufend}
    # Every mirrored row with its day (no IN list of keys: SQLite limits the variables of a query).
    bekannt = set(_nur(Frist.objects.filter(art__in=list(SCHLUESSEL)), antrag_ids).values_list("schluessel", "faellig_am"))
    geaendert = 0
    for schluessel, felder in soll.items():
        if (schluessel, felder["faellig_am"]) in bekannt:
            continue  # open (or closed: versäumt stays versäumt) with this day already
        fristen.setzen(schluessel=schluessel, **felder)
        geaendert += 1
    for schluessel in ist.keys() - soll.keys():
        geaendert += fristen.erledigen(schluessel)
    return geaendert


@schritt("fristen_abgleich", vor="fristen_versaeumt")
def abgleich_taeglich(heute: datetime.date) -> int:
    return abgleichen()


def _nach_commit(antrag_id: int | None) -> None:
    if antrag_id is None:
        return

    def los() -> None:
        try:
            abgleichen([antrag_id])
        except Exception:  # the daily run repairs it; a user's action never fails for a list
            logger.exception("Fristen von Antrag %s nicht abgeglichen", antrag_id)

    transaction.on_commit(los)


def verbinden() -> None:
    """Mirror after every change of a letter, a Bekanntgabe or a state (ZuwendungenConfig.ready())."""
    from django.db.models.signals import post_save

    from antraege.models import Statuswechsel

    for modell in (Schreiben, Bekanntgabe, Statuswechsel):
        post_save.connect(
            lambda sender, instance, **kw: _nach_commit(instance.antrag_id),
            sender=modell,
            weak=False,
            dispatch_uid=f"fristen_abgleich_{modell.__name__}",
        )
