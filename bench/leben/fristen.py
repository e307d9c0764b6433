"""Deadlines as rows (zuwendungen.Frist), as the processes open and close them.

- the Verwendungsnachweis of every grant (rules.vn_fristen): closed where the grant is
  recognised; for last year's grants mostly closed, some missed, a few still running past
  their day (the daily run marks those); this year's running;
- payment of a beschiedene refund claim: running;
- the Nachforderung and Anhörung letters of the Anträge: closed when answered, running if not.
"""

from __future__ import annotations

import datetime
import functools

from antraege.models import Schreiben
from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from programmteile import rules
from zuwendungen.models import Frist, Rueckforderung, Zuwendung

F = Frist.Status


@functools.cache
def _vn_faellig(von: datetime.date, bis: datetime.date) -> datetime.date:
    return rules.vn_fristen(von, bis, vn_monate=6, zwischennachweis_monate=4).verwendungsnachweis_faellig


def _frist(k: Kontext, **werte) -> Frist:
    status = werte.pop("status")
    faellig = werte["faellig_am"]
    return Frist(
        status=status,
        erledigt_am=zeitpunkt(min(faellig, k.heute)) if status == F.ERLEDIGT else None,
        versaeumt_am=faellig + datetime.timedelta(days=1) if status == F.VERSAEUMT else None,
        angelegt_am=zeitpunkt(faellig - datetime.timedelta(days=180)),
        geaendert_am=zeitpunkt(min(faellig, k.heute)),
        **werte,
    )


@prozess("fristen_vn")
def fristen_vn(k: Kontext) -> int:
    zuwendungen = (
        Zuwendung.objects.filter(antrag__in=k.antraege)
        .values_list(
            "pk", "antrag_id", "bewilligungszeitraum_von", "bewilligungszeitraum_bis", "anerkannt_am"
        )
        .order_by("pk")
        .iterator(chunk_size=5000)
    )

    def block(zeilen) -> int:
        neu = []
        for pk, antrag, von, bis, anerkannt in zeilen:
            faellig = _vn_faellig(von, bis)
            if anerkannt or faellig >= k.heute:
                status = F.ERLEDIGT if anerkannt else F.OFFEN
            else:
                status = k.rng.choices([F.ERLEDIGT, F.VERSAEUMT, F.OFFEN], weights=[85, 10, 5])[0]
            neu.append(
                _frist(k, schluessel=f"vn:{pk}", art=Frist.Art.VERWENDUNGSNACHWEIS, antrag_id=antrag,
                       zuwendung_id=pk, titel="Verwendungsnachweis vorlegen", faellig_am=faellig,
                       wer=Frist.Wer.ANTRAGSTELLER, status=status)
            )  # fmt: skip
        return len(schreiben(Frist, neu))

    return in_bloecken(k, "fristen_vn", zuwendungen, block)


@prozess("fristen_zahlung")
def fristen_zahlung(k: Kontext) -> int:
    claims = (
        Rueckforderung.objects.filter(
            zuwendung__antrag__in=k.antraege, status=Rueckforderung.Status.BESCHIEDEN
        )
        .values_list("pk", "zuwendung_id", "zuwendung__antrag_id", "entstanden_am")
        .order_by("pk")
        .iterator(chunk_size=5000)
    )

    def block(zeilen) -> int:
        neu = [
            _frist(k, schluessel=f"zahlung:{pk}", art=Frist.Art.ZAHLUNG, antrag_id=antrag, zuwendung_id=zuwendung,
                   titel="Erstattungsbetrag zahlen", faellig_am=max(am + datetime.timedelta(days=90), k.heute),
                   wer=Frist.Wer.ANTRAGSTELLER, status=F.OFFEN)
            for pk, zuwendung, antrag, am in zeilen
        ]  # fmt: skip
        return len(schreiben(Frist, neu))

    return in_bloecken(k, "fristen_zahlung", claims, block)


@prozess("fristen_schreiben")
def fristen_schreiben(k: Kontext) -> int:
    briefe = (
        Schreiben.objects.filter(antrag__in=k.antraege, frist__isnull=False)
        .values_list("pk", "antrag_id", "art", "frist", "beantwortet_am")
        .order_by("pk")
        .iterator(chunk_size=5000)
    )
    arten = {"nachforderung": Frist.Art.NACHFORDERUNG, "anhoerung": Frist.Art.ANHOERUNG}

    def block(zeilen) -> int:
        neu = [
            _frist(k, schluessel=f"schreiben:{pk}", art=arten.get(art, Frist.Art.NACHFORDERUNG), antrag_id=antrag,
                   titel=Frist.Art(arten.get(art, Frist.Art.NACHFORDERUNG)).label, faellig_am=frist,
                   wer=Frist.Wer.ANTRAGSTELLER, status=F.ERLEDIGT if beantwortet else F.OFFEN)
            for pk, antrag, art, frist, beantwortet in zeilen
        ]  # fmt: skip
        return len(schreiben(Frist, neu))

    return in_bloecken(k, "fristen_schreiben", briefe, block)
