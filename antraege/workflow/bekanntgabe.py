"""Bekanntgabe of a notice (DOMAIN.md §4a): the first download, the dispatch by post, the reminder.

A notice (Zuwendungs- or Ablehnungsbescheid) is made known on the day after the applicant's
Zeichnungsberechtigte first downloads it (§ 41 Abs. 2a VwVfG NRW); a later download changes
nothing. If nobody downloads it within ``bekanntgabe.abruf_tage`` days the daily run reminds
the Prüfung, which posts it and records the posting day; the Bekanntgabe is then the statutory
presumption (``bekanntgabe.post_tage``). Each Bekanntgabe is a record on the file (a
Statuswechsel without a state change, shown in the history).
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from antraege import permissions
from antraege.models import Antrag, Bekanntgabe, Dokument
from antraege.workflow.kern import WorkflowError, _lock, _record, _require
from komman.formate import datum
from komman.models import Rolle
from komman.permissions import roles_for

S = Antrag.Status
#: The letters that are notices (Verwaltungsakte) and have to be made known.
BESCHEIDE = (Dokument.Art.ZUWENDUNGSBESCHEID, Dokument.Art.ABLEHNUNGSBESCHEID)


def bescheid_von(antrag: Antrag) -> Dokument | None:
    """The latest issued notice of the Antrag (with its Bekanntgabe row, if any), or None."""
    return (
        Dokument.objects.filter(antrag=antrag, art__in=BESCHEIDE)
        .defer("daten", "pdf")
        .select_related("bekanntgabe")
        .order_by("-erstellt_am", "-pk")
        .first()
    )


def bekanntgabe_von(antrag: Antrag) -> Bekanntgabe | None:
    """The Bekanntgabe of the Antrag's notice if it is made known, else None."""
    return (
        Bekanntgabe.objects.filter(antrag=antrag, bekanntgegeben_am__isnull=False)
        .order_by("-bekanntgegeben_am", "-pk")
        .first()
    )


def _zeile(dokument: Dokument) -> Bekanntgabe:
    zeile, _ = Bekanntgabe.objects.select_for_update().get_or_create(
        dokument=dokument, defaults={"antrag_id": dokument.antrag_id}
    )
    return zeile


def abruf_erfassen(*, dokument: Dokument, by, jetzt: datetime.datetime | None = None) -> Bekanntgabe | None:
    """Called by the download view: the first download of a notice by a Zeichnungsberechtigte of
    the applicant makes it known on the next day. Anything else (another letter, the
    Bezirksregierung, a second download) changes nothing and returns None. ``jetzt`` is the
    moment of the download (default: now; the demo data records downloads in the past)."""
    if dokument.art not in BESCHEIDE or not dokument.fertig:
        return None
    if Rolle.ZEICHNUNGSBERECHTIGT not in roles_for(by, dokument.antrag.antragsteller_id):
        return None
    if Bekanntgabe.objects.filter(dokument=dokument, bekanntgegeben_am__isnull=False).exists():
        return None  # the usual case of a second download: no lock, no write
    from programmteile import rules

    with transaction.atomic():
        antrag = _lock(dokument.antrag)  # one Antrag, one writer: two first downloads at once
        zeile = _zeile(dokument)
        if zeile.bekanntgegeben_am is not None:
            return None
        jetzt = jetzt or timezone.now()
        zeile.weg = Bekanntgabe.Weg.PORTAL
        zeile.abgerufen_am = jetzt
        zeile.abgerufen_von = by
        zeile.bekanntgegeben_am = rules.bekanntgabe_abruf(timezone.localdate(jetzt))
        zeile.save()
        _record(
            antrag, by=by, intern=False,
            grund=(
                f"{dokument.get_art_display()} im Portal abgerufen; bekanntgegeben am "
                f"{datum(zeile.bekanntgegeben_am)} (§ 41 Abs. 2a VwVfG NRW)."
            ),
        )  # fmt: skip
    return zeile


def post_erfassen(
    *, antrag: Antrag, by, zur_post_am: datetime.date, heute: datetime.date | None = None
) -> Bekanntgabe:
    """Prüfung records that the notice went out by post; the Bekanntgabe is the presumption of
    § 41 Abs. 2 VwVfG NRW (``bekanntgabe.post_tage`` days later)."""
    from programmteile import rules

    heute = heute or timezone.localdate()
    _require(permissions.can_record_post(by, antrag))
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_record_post(by, antrag))  # re-checked under the lock
        dokument = bescheid_von(antrag)
        if dokument is None:
            raise WorkflowError("Zu diesem Antrag ist noch kein Bescheid ausgestellt.")
        zeile = _zeile(dokument)
        if zeile.bekanntgegeben_am is not None:
            raise WorkflowError(
                f"Der Bescheid ist bereits am {datum(zeile.bekanntgegeben_am)} bekanntgegeben."
            )
        fehler = rules.post_datum_fehler(
            zur_post_am, ausgestellt_am=timezone.localdate(dokument.erstellt_am), heute=heute
        )
        if fehler:
            raise WorkflowError(fehler)
        post_tage = antrag.foerderperiode.parameter().allgemein.bekanntgabe_post_tage
        if post_tage is None:
            raise WorkflowError(
                "In der Förderperiode fehlt der Regelparameter „Bekanntgabe per Post: Tage nach der "
                "Aufgabe zur Post“; bitte die Administration, ihn zu pflegen."
            )
        zeile.weg = Bekanntgabe.Weg.POST
        zeile.zur_post_am = zur_post_am
        zeile.post_erfasst_von = by
        zeile.bekanntgegeben_am = rules.bekanntgabe_post(zur_post_am, post_tage=post_tage)
        zeile.save()
        _record(
            antrag, by=by, intern=False,
            grund=(
                f"{dokument.get_art_display()} am {datum(zur_post_am)} zur Post gegeben; gilt als "
                f"bekanntgegeben am {datum(zeile.bekanntgegeben_am)} (§ 41 Abs. 2 VwVfG NRW)."
            ),
        )  # fmt: skip
    return zeile


def erinnerung_faellig() -> models.QuerySet:
    """Issued notices of Anträge still open to challenge that nobody has made known and whose
    Prüfung was not yet reminded (the daily run filters them by ``bekanntgabe.abruf_tage``)."""
    return (
        Dokument.objects.filter(art__in=BESCHEIDE, antrag__status__in=S.ANFECHTBAR)
        .exclude(sha256="")
        .exclude(bekanntgabe__bekanntgegeben_am__isnull=False)
        .exclude(bekanntgabe__erinnert_am__isnull=False)
        .select_related("antrag__foerderperiode")
        .defer("daten", "pdf")
        .order_by("pk")
    )


def erinnerung_vermerken(*, dokument: Dokument, heute: datetime.date) -> bool:
    """Notes on the notice that the Prüfung was reminded today; False if it was already, or the
    notice is made known in the meantime (the reminder is then not sent)."""
    with transaction.atomic():
        zeile = _zeile(dokument)
        if zeile.erinnert_am is not None or zeile.bekanntgegeben_am is not None:
            return False
        zeile.erinnert_am = heute
        zeile.save(update_fields=["erinnert_am"])
    return True
