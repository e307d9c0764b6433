"""bench/seed.py must keep working as the models change: fill, fill again, refill (--neu).

The benchmark is only run by hand (docs/leistung.md); this small run catches what broke it
before (a new database trigger made the refill fail). It also checks the wave-2 life the seed
gives the granted Anträge (bench/leben/, issue 26).
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, models, transaction

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _wave2_life(seed) -> list[int]:
    """Final grants with Zuwendung and Bekanntgabe, 1–4 calls, past years paid in full, Part II
    forwarded, claims with instalments, deadlines. Returns the row counts."""
    from django.db.models import Count, Sum

    from antraege.models import Antrag, Bekanntgabe
    from zuwendungen.models import Buchung, Frist, Mittelabruf, Rueckforderung, Weiterleitung, Zuwendung

    final = Antrag.objects.filter(status=Antrag.Status.BESTANDSKRAEFTIG)
    assert final.count() > 500
    assert Zuwendung.objects.count() == final.count()
    assert (
        Bekanntgabe.objects.filter(antrag__in=final, bekanntgegeben_am__isnull=False).count() == final.count()
    )
    assert not Zuwendung.objects.filter(bestandskraeftig_am__gt=seed.HEUTE.date()).exists()
    abrufe = Zuwendung.objects.annotate(n=Count("mittelabrufe")).values_list("n", flat=True)
    assert set(abrufe) == {1, 2, 3, 4}
    bezahlt = models.Q(buchungen__art="auszahlung", buchungen__wertstellung__isnull=False)
    vergangen = Zuwendung.objects.filter(antrag__foerderperiode__foerderjahr__lt=seed.AKTUELLES_JAHR)
    for z in vergangen.annotate(bezahlt=Sum("buchungen__betrag", filter=bezahlt))[:50]:
        assert z.bezahlt == z.bewilligt, z
    aktuell = Mittelabruf.objects.filter(zuwendung__antrag__foerderperiode__foerderjahr=seed.AKTUELLES_JAHR)
    assert aktuell.exclude(status=Mittelabruf.Status.BEZAHLT).exists()
    assert Weiterleitung.objects.exists()
    assert Rueckforderung.objects.filter(status=Rueckforderung.Status.BEZAHLT).exists()
    assert Buchung.objects.filter(art=Buchung.Art.ERSTATTUNG).exists()
    assert Frist.objects.filter(art=Frist.Art.VERWENDUNGSNACHWEIS).count() == Zuwendung.objects.count()
    assert Frist.objects.filter(status=Frist.Status.OFFEN).exists()
    return [
        m.objects.count() for m in (Zuwendung, Mittelabruf, Buchung, Weiterleitung, Rueckforderung, Frist)
    ] + (_aenderungen_vn_widerruf())


def _aenderungen_vn_widerruf() -> list[int]:
    """Changes (decided ones final, with their notice and the grant changed), VNs in every state
    with Belege, questions and a sample, claims with their Widerruf procedure and letters."""
    from zuwendungen.models import (
        Aenderungsantrag,
        Aenderungsbescheid,
        AenderungSchritt,
        Beleg,
        Rueckforderung,
        Rueckforderungsbrief,
        Stichprobe,
        Verwendungsnachweis,
        VnFrage,
    )

    final = Aenderungsantrag.objects.filter(status=Aenderungsantrag.Status.BESTANDSKRAEFTIG)
    assert final.exists() and Aenderungsantrag.objects.filter(status="zurueckgezogen").exists()
    assert Aenderungsbescheid.objects.filter(aenderung__in=final).count() == final.count()
    assert AenderungSchritt.objects.count() > 3 * Aenderungsantrag.objects.count()
    verlaengert = final.filter(art="verlaengerung").exclude(ergebnis="abgelehnt").first()
    assert verlaengert.zuwendung.bewilligungszeitraum_bis == verlaengert.neu_bis > verlaengert.bis_vorher
    assert set(Verwendungsnachweis.objects.values_list("status", flat=True)) == set(
        Verwendungsnachweis.Status.values
    )
    abgeschlossen = Verwendungsnachweis.objects.filter(status="abgeschlossen")
    assert abgeschlossen.count() == abgeschlossen.filter(zuwendung__anerkannt=models.F("anerkannt")).count()
    assert Beleg.objects.count() >= 2 * Verwendungsnachweis.objects.count()
    assert VnFrage.objects.filter(verwendungsnachweis__status="nachforderung", antwort="").exists()
    assert Stichprobe.objects.exists() and Verwendungsnachweis.objects.filter(pruefart="vertieft").exists()
    beschieden = Rueckforderung.objects.filter(status__in=["beschieden", "bezahlt"])
    assert beschieden.exists() and not beschieden.filter(bescheid_am__isnull=True).exists()
    assert Rueckforderungsbrief.objects.filter(art="erstattungsbescheid").count() == beschieden.count()
    modelle = (
        Aenderungsantrag,
        AenderungSchritt,
        Verwendungsnachweis,
        Beleg,
        VnFrage,
        Stichprobe,
        Rueckforderungsbrief,
    )
    return [m.objects.count() for m in modelle]


def _bleibt(model, pk) -> None:
    """The append-only protection is back after the seed switched it off for its own rows."""
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk)._raw_delete("default")
    except DatabaseError:
        pass  # PostgreSQL refuses the delete
    assert model.objects.filter(pk=pk).exists()  # SQLite skips it silently


def test_seed_fills_refills_and_keeps_documents_protected():
    from antraege.models import Antrag, Dokument, Statuswechsel
    from bench import seed
    from zuwendungen.models import Buchung

    anzahl = 1200  # 54 Kommunen × 11 years × 2 parts = 1,188, plus one Träger's years
    assert seed.main(["--anzahl", str(anzahl)]) == 0
    assert seed.bench_antraege_zahl() == anzahl
    assert Antrag.objects.exclude(status=Antrag.Status.ENTWURF).filter(aktenzeichen="").count() == 0
    dokumente = Dokument.objects.count()
    assert dokumente and Statuswechsel.objects.exists()
    zahlen = _wave2_life(seed)
    assert seed.main(["--anzahl", str(anzahl)]) == 0  # nothing to do
    assert seed.main(["--anzahl", str(anzahl), "--neu"]) == 0  # removes its own rows, documents too
    assert seed.bench_antraege_zahl() == anzahl
    assert Dokument.objects.count() == dokumente  # the old documents are gone, not kept beside
    assert _wave2_life(seed) == zahlen  # and so are the old grants, calls, bookings, deadlines
    _bleibt(Dokument, Dokument.objects.exclude(sha256="").values_list("pk", flat=True).first())
    _bleibt(Buchung, Buchung.objects.values_list("pk", flat=True).first())


def test_seed_refuses_a_database_with_real_users(ki_dortmund):
    from bench import seed

    assert seed.main(["--anzahl", "10"]) == 2
