"""Weiterleitung (Part II): each line of a final grant forwarded to its Letztempfänger.

Nine in ten lines by contract, one in ten by notice, all three mandatory clauses agreed
(the table's constraint), the whole line's units and amount, a few weeks after Bestandskraft.
Lines of this year's grants are forwarded for three quarters of them.
"""

from __future__ import annotations

import datetime

from django.db.models import F

from antraege.models import Antrag, Position
from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from zuwendungen.models import Weiterleitung


@prozess("weiterleitungen")
def weiterleitungen(k: Kontext) -> int:
    ki = k.users["bench.ki"]
    # The signature fixed the amount granted per line (what the forwarding cap checks).
    Position.objects.filter(antrag__in=k.antraege.filter(status__in=Antrag.Status.ENTSCHIEDEN)).exclude(
        antrag__zuwendung__isnull=True
    ).update(bewilligt=F("betrag"))
    positionen = (
        Position.objects.filter(antrag__in=k.antraege.filter(zuwendungsfall__isnull=False))
        .values_list(
            "pk", "antrag__zuwendungsfall", "empfaenger", "einheiten", "betrag",
            "antrag__zuwendungsfall__bestandskraeftig_am", "antrag__foerderperiode__foerderjahr",
        )
        .order_by("pk")
        .iterator(chunk_size=5000)
    )  # fmt: skip

    def block(zeilen) -> int:
        neu = []
        for pk, zuwendung, empfaenger, einheiten, betrag, final, jahr in zeilen:
            if jahr == k.aktuelles_jahr and k.rng.random() < 0.25:
                continue
            datum = min(final + datetime.timedelta(days=k.rng.randint(7, 40)), k.heute)
            neu.append(
                Weiterleitung(
                    zuwendung_id=zuwendung, position_id=pk, letztempfaenger=empfaenger or "Bench-Verein e. V.",
                    form=Weiterleitung.Form.BESCHEID if k.rng.random() < 0.1 else Weiterleitung.Form.VERTRAG,
                    datum=datum, einheiten=einheiten or 1, betrag=betrag, anbest_p=True, pruefrecht=True,
                    erstattung_mit_zinsen=True, erfasst_von=ki, erfasst_am=zeitpunkt(datum),
                )
            )  # fmt: skip
        return len(schreiben(Weiterleitung, neu))

    return in_bloecken(k, "weiterleitungen", positionen, block)
