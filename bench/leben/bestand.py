"""Bekanntgabe and Bestandskraft: every final grant gets its Bekanntgabe and its Zuwendung.

The seed's paths already end in ``bestandskraeftig`` (Statuswechsel written); here the
notice is made known (portal download, or post for one in ten) and the Zuwendung row is
written with the figures the workflow would take: the granted amount, the period's
Bewilligungszeitraum, the Finanzierungsart of the Programmteil (rules), bestandskräftig the
day after the Klagefrist (rules.bestandskraft). Half of the grants still in their Klagefrist
(status bewilligt) are made known too.
"""

from __future__ import annotations

import datetime
import functools

from django.db.models import OuterRef, Subquery

from antraege.models import Antrag, Bekanntgabe, Dokument
from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from programmteile import rules
from zuwendungen.models import Zuwendung
from zuwendungen.models.zuwendung import Finanzierungsart

S = Antrag.Status


@functools.cache
def _bestandskraeftig_ab(bekanntgabe: datetime.date, monate: int) -> datetime.date:
    """rules.bestandskraft for one day (thousands of grants share a day: the holiday calendar once)."""
    return rules.bestandskraft(bekanntgabe, klagefrist_monate=monate).bestandskraeftig_ab


def _bescheide(k: Kontext, status):
    bescheid = Dokument.objects.filter(antrag=OuterRef("pk"), art=Dokument.Art.ZUWENDUNGSBESCHEID).order_by(
        "-pk"
    )
    return (
        k.antraege.filter(status__in=status)
        .annotate(bescheid_id=Subquery(bescheid.values("pk")[:1]))
        .values_list(
            "pk",
            "bescheid_id",
            "gezeichnet_am",
            "zuwendung",
            "foerderperiode__programmteil__nummer",
            "foerderperiode__bewilligungszeitraum_von",
            "foerderperiode__bewilligungszeitraum_bis",
            "foerderperiode__regelparameter",
            "status",
        )
        .order_by("pk")
        .iterator(chunk_size=5000)
    )


@prozess("bestandskraft")
def bestandskraft(k: Kontext) -> int:
    pruefung = k.users["bench.pruefung"]

    def block(zeilen) -> int:
        bekanntgaben, zuwendungen = [], []
        for pk, bescheid, gezeichnet, betrag, teil, von, bis, parameter, status in zeilen:
            if bescheid is None:
                continue
            if status == S.BEWILLIGT and k.rng.random() < 0.5:
                continue  # not yet downloaded: the Bekanntgabe row exists without a day
            abgerufen = gezeichnet + datetime.timedelta(days=k.rng.randint(0, 6), hours=2)
            post = k.rng.random() < 0.1
            if post:
                tag = rules.bekanntgabe_post(gezeichnet.date(), post_tage=4)
            else:
                tag = rules.bekanntgabe_abruf(abgerufen.date())
            bekanntgaben.append(
                Bekanntgabe(
                    dokument_id=bescheid,
                    antrag_id=pk,
                    weg="post" if post else "portal",
                    bekanntgegeben_am=tag,
                    abgerufen_am=None if post else abgerufen,
                    abgerufen_von=None if post else k.users["bench.ki"],
                    zur_post_am=gezeichnet.date() if post else None,
                    post_erfasst_von=pruefung if post else None,
                )
            )
            if status != S.BESTANDSKRAEFTIG:
                continue
            monate = (parameter or {}).get("rechtsbehelf.frist_monate", 1)
            final = _bestandskraeftig_ab(tag, monate)
            zuwendungen.append(
                Zuwendung(
                    antrag_id=pk,
                    bewilligt=betrag,
                    bewilligungszeitraum_von=von,
                    bewilligungszeitraum_bis=bis,
                    finanzierungsart=Finanzierungsart(rules.finanzierungsart(teil)),
                    bestandskraeftig_am=final,
                    erstellt_am=zeitpunkt(final, 1),
                )
            )
        schreiben(Bekanntgabe, bekanntgaben)
        schreiben(Zuwendung, zuwendungen)
        return len(bekanntgaben) + len(zuwendungen)

    return in_bloecken(k, "bestandskraft", _bescheide(k, [S.BEWILLIGT, S.BESTANDSKRAEFTIG]), block)
