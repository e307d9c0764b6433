"""bench/seed.py must keep working as the models change: fill, fill again, refill (--neu).

The benchmark is only run by hand (docs/leistung.md); this small run catches what broke it
before (a new database trigger made the refill fail).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_seed_fills_refills_and_keeps_documents_protected():
    from antraege.models import Antrag, Dokument, Statuswechsel
    from bench import seed

    anzahl = 1200  # 54 Kommunen × 11 years × 2 parts = 1,188, plus one Träger's years
    assert seed.main(["--anzahl", str(anzahl)]) == 0
    assert seed.bench_antraege_zahl() == anzahl
    assert Antrag.objects.exclude(status=Antrag.Status.ENTWURF).filter(aktenzeichen="").count() == 0
    dokumente = Dokument.objects.count()
    assert dokumente and Statuswechsel.objects.exists()
    assert seed.main(["--anzahl", str(anzahl)]) == 0  # nothing to do
    assert seed.main(["--anzahl", str(anzahl), "--neu"]) == 0  # removes its own rows, documents too
    assert seed.bench_antraege_zahl() == anzahl
    assert Dokument.objects.count() == dokumente  # the old documents are gone, not kept beside
    # The bench switched the document protection off only for its own removal: it is back.
    from django.db import DatabaseError, transaction

    pk = Dokument.objects.exclude(sha256="").values_list("pk", flat=True).first()
    try:
        with transaction.atomic():
            Dokument.objects.filter(pk=pk)._raw_delete("default")
    except DatabaseError:
        pass  # PostgreSQL refuses the delete
    assert Dokument.objects.filter(pk=pk).exists()  # SQLite skips it silently


def test_seed_refuses_a_database_with_real_users(ki_dortmund):
    from bench import seed

    assert seed.main(["--anzahl", "10"]) == 2
