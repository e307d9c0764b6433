"""Property test: over generated Förderdaten, every total of the Übersicht equals the sum over its
list (the rows the cell links to) and the figure computed independently from the generated cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auswertung import uebersicht
from auswertung.auswahl import Auswahl
from auswertung.kennzahlen import KENNZAHLEN, zeilen
from tests.auswertung.hilfen import BEZIRKE, Fall, S, anlegen

D = Decimal
betraege = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
ENTSCHIEDEN_BEWILLIGT = (S.BEWILLIGT, S.BESTANDSKRAEFTIG)


@st.composite
def fall(draw) -> Fall:
    status = draw(st.sampled_from([S.ENTWURF, S.EINGEREICHT, S.INHALTLICHE_PRUEFUNG, S.BEWILLIGUNG_VORGESCHLAGEN,
                                   S.BEWILLIGT, S.BESTANDSKRAEFTIG, S.ABGELEHNT, S.ZURUECKGEZOGEN, S.KLAGE_ANHAENGIG]))  # fmt: skip
    beantragt = draw(betraege)
    zuwendung = draw(betraege) if status in (*ENTSCHIEDEN_BEWILLIGT, S.BEWILLIGUNG_VORGESCHLAGEN, S.KLAGE_ANHAENGIG) else None
    final = status == S.BESTANDSKRAEFTIG
    f = Fall(teil=draw(st.sampled_from(["II", "III"])), jahr=draw(st.sampled_from([2025, 2026])),
             bezirk=draw(st.sampled_from(BEZIRKE)), status=status, beantragt=beantragt, zuwendung=zuwendung,
             final=final, art=draw(st.sampled_from(["kommune", "traeger"])))  # fmt: skip
    if final:
        f.bewilligt_heute = draw(st.one_of(st.none(), betraege))
        f.abrufe = draw(st.lists(st.tuples(st.sampled_from(["entwurf", "eingereicht", "bezahlt", "abgelehnt"]), betraege), max_size=3))
        f.auszahlungen = draw(st.lists(st.tuples(betraege, st.booleans()), max_size=3))
        f.erstattungen = draw(st.lists(betraege, max_size=2))
        f.rueckforderungen = draw(st.lists(st.tuples(st.sampled_from(["erfasst", "bezahlt", "erlassen"]), betraege), max_size=2))
        f.anerkannt = draw(st.one_of(st.none(), betraege))
    return f


def _erwartet(faelle: list[Fall], jahr: int) -> dict[str, Decimal | int]:
    """The figures of the Förderjahr computed from the generated cases, without the app's code."""
    im_jahr = [f for f in faelle if f.jahr == jahr]
    bewilligt = [f for f in im_jahr if f.status in ENTSCHIEDEN_BEWILLIGT or (f.status == S.KLAGE_ANHAENGIG and f.zuwendung)]
    final = [f for f in im_jahr if f.final]
    return {
        "eingegangen": sum(1 for f in im_jahr if f.status != S.ENTWURF),
        "bewilligt_anzahl": len(bewilligt),
        "beantragt": sum((f.beantragt for f in im_jahr if f.status not in (S.ENTWURF, S.ZURUECKGEZOGEN, S.ABGELEHNT)), D(0)),
        "bewilligt": sum(((f.bewilligt_heute if f.final and f.bewilligt_heute is not None else f.zuwendung) for f in bewilligt), D(0)),
        "abgerufen": sum((b for f in final for s, b in f.abrufe if s not in ("entwurf", "abgelehnt")), D(0)),
        "ausgezahlt": sum((b for f in final for b, wert in f.auszahlungen if wert), D(0)),
        "erstattet": sum((b for f in final for b in f.erstattungen), D(0)),
        "zurueckgefordert": sum((b for f in final for s, b in f.rueckforderungen if s != "erlassen"), D(0)),
        "anerkannt": sum((f.anerkannt for f in final if f.anerkannt is not None), D(0)),
    }  # fmt: skip


@pytest.mark.django_db(transaction=False)
def test_totals_equal_their_lists_and_the_cases(db):
    @settings(max_examples=12, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])  # fmt: skip
    @given(faelle=st.lists(fall(), min_size=1, max_size=10))
    def pruefen(faelle):
        sid = transaction.savepoint()
        try:
            anlegen(faelle)
            # Process figures count once any row exists; with none they must be None, never 0.
            auswahl = Auswahl(jahr=2026)
            u = uebersicht.berechne(auswahl)
            erwartet = _erwartet(faelle, 2026)
            for name, wert in erwartet.items():
                k = KENNZAHLEN[name]
                summe = u.summe.werte[name]
                if k.prozess and not u.erfasst[k.prozess]:
                    assert summe is None, name
                    continue
                assert summe == wert, (name, summe, wert)
                liste = list(zeilen(k, auswahl))
                aus_liste = sum((z.wert for z in liste), D(0)) if k.ist_betrag else len(liste)
                assert aus_liste == summe, (name, aus_liste, summe)
                # each period cell equals its own list too
                for z in u.perioden:
                    teil = list(zeilen(k, auswahl, periode=z.periode.pk))
                    assert (sum((r.wert for r in teil), D(0)) if k.ist_betrag else len(teil)) == z.werte[name]
            # the Regierungsbezirk rows add up to the total
            for name in ("eingegangen", "bewilligt", "ausgezahlt"):
                assert sum((z.werte[name] for z in u.bezirke), D(0) if KENNZAHLEN[name].ist_betrag else 0) == u.summe.werte[name]
        finally:
            transaction.savepoint_rollback(sid)

    pruefen()
