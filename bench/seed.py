#!/usr/bin/env python
"""Fill a bench database with N Anträge across Programmteil I–III, 2016–2026.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/komman_bench python bench/seed.py --anzahl 100000

What it creates (deterministic, random.Random(42)):

- Förderperioden I, II and III for every year 2016–2026 (2026 open, earlier closed), with
  Zuweisungen (Part I Stellen, Part II Höchstbetrag) for the 54 Kommunen of the data migration.
- Anträge: one per organisation × period (the unique constraint). The 54 Kommunen give only
  54 × 11 years × 2 parts = 1,188 slots, so the rest are Part III Anträge of bench Träger
  ("Bench-Träger 0001 e. V." …), each applying every year: 100,000 Anträge need 8,983 Träger,
  10,000 need 802. This is the one unrealistic choice (NRW has a few hundred Träger); it
  keeps the Anträge table, the history and the documents at the size asked for.
- Past years are decided (bewilligt, abgelehnt, zurückgezogen); 2026 spreads over every state.
- Per Antrag: AntragTeil1 (I), 2–4 Positionen (II) or 1–2 Maßnahmen (III); one Statuswechsel
  per step of its path; a Schreiben (with Frist) per Nachforderung and Anhörung; Dokument rows (Eingangsbestätigung, Nachforderung, Zuwendungs- or
  Ablehnungsbescheid) with `daten` and a tiny fake PDF with its real SHA-256, so nothing is
  left for `dokumente_nachholen`.
- Users bench.pruefung, bench.zeichnung, bench.admin (Bezirksregierung), bench.ki (Stadt
  Dortmund) and bench.traeger (Bench-Träger 0001), password BENCH_PASSWORT.

It refuses to run against a database with users other than bench.* unless --force (then it
only adds and removes bench rows). Rows are written with COPY (PostgreSQL; bulk_create elsewhere), one transaction per
batch. A second run with the same --anzahl does nothing; another --anzahl replaces the
bench Anträge.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from antraege.models import Antrag, Dokument, Schreiben, Statuswechsel  # noqa: E402
from bench import leben  # noqa: E402
from bench.seed_antraege import antraege_anlegen  # noqa: E402
from bench.seed_daten import (  # noqa: E402, F401 (re-exported: bench/run.py and the tests read them here)
    AKTUELLES_JAHR,
    BENCH_PASSWORT,
    BENCH_PREFIX,
    HEUTE,
    JAHRE,
    S,
    log,
)
from bench.seed_stamm import (  # noqa: E402
    nutzer,
    perioden_anlegen,
    slots_fuer,
    traeger_anlegen,
    zuweisungen_anlegen,
)
from komman.models import Organisation, User  # noqa: E402


def fremde_nutzer() -> int:
    return User.objects.exclude(username__startswith=BENCH_PREFIX).count()


def bench_nutzer_ids() -> list[int]:
    return list(User.objects.filter(username__startswith=BENCH_PREFIX).values_list("pk", flat=True))


def bench_antraege_zahl() -> int:
    return Antrag.objects.filter(erstellt_von_id__in=bench_nutzer_ids()).count()


@contextmanager
def ohne_dokumentschutz():
    """Bench data only: lets loeschen()/entwuerfe_sicherstellen() remove bench documents and Statuswechsel.

    Issued documents are immutable in the database (antraege migration 0003: a trigger
    refuses DELETE on PostgreSQL and silently skips it on SQLite). The bench removes its own
    rows, never real ones (fremde_nutzer() guards that), so it switches the triggers off
    inside one transaction and puts them back before it ends.
    """
    migrationen = [
        importlib.import_module("antraege.migrations.0003_dokument_unveraenderlich"),
        # Statuswechsel are append-only the same way (migration 0005).
        importlib.import_module("antraege.migrations.0005_statuswechsel_unveraenderlich"),
        # Buchungen are append-only too (zuwendungen migration 0005).
        importlib.import_module("zuwendungen.migrations.0005_buchung_unveraenderlich"),
    ]
    pg_trigger = [
        ("antraege_dokument", "antraege_dokument_unveraenderlich"),
        ("antraege_statuswechsel", "antraege_statuswechsel_unveraenderlich"),
        ("zuwendungen_buchung", "zuwendungen_buchung_unveraenderlich"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys checked per statement, as outside this transaction: loeschen() retries
            # a table whose rows are still referenced (inside its own savepoint).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for tabelle, trigger in pg_trigger:
                cursor.execute(f"ALTER TABLE {tabelle} DISABLE TRIGGER {trigger}")
        else:
            for migration in migrationen:
                for sql in migration.SQLITE_REVERSE:
                    cursor.execute(sql)
        yield
        if connection.vendor == "postgresql":
            for tabelle, trigger in pg_trigger:
                cursor.execute(f"ALTER TABLE {tabelle} ENABLE TRIGGER {trigger}")
        else:
            for migration in migrationen:
                for sql in migration.SQLITE:
                    cursor.execute(sql)


def loeschen() -> None:
    """Remove the bench Anträge and everything on their file (only rows created by bench users),
    following the foreign keys: whatever a wave-2 process hangs off an Antrag goes too; then the
    VN samples bench.pruefung drew (they hang off the Förderperiode, their VNs are gone)."""
    from zuwendungen.models import Stichprobe

    ids = bench_nutzer_ids()
    if ids:
        leben.loeschen_unter(Antrag, Antrag.objects.filter(erstellt_von_id__in=ids))
        leben.loeschen_unter(Stichprobe, Stichprobe.objects.filter(gezogen_von_id__in=ids))


def entwuerfe_sicherstellen() -> None:
    """The edit form needs a draft of bench.ki (Dortmund, 2026 I and II) and bench.traeger (2026 III)."""
    for username in ("bench.ki", "bench.traeger"):
        user = User.objects.get(username=username)
        for antrag in Antrag.objects.filter(
            antragsteller__mitgliedschaften__user=user,
            foerderperiode__foerderjahr=AKTUELLES_JAHR,
            erstellt_von_id__in=bench_nutzer_ids(),  # bench rows only, even with --force
        ).exclude(status=S.ENTWURF):
            Dokument.objects.filter(antrag=antrag)._raw_delete(connection.alias)
            Schreiben.objects.filter(antrag=antrag)._raw_delete(connection.alias)
            Statuswechsel.objects.filter(antrag=antrag)._raw_delete(connection.alias)
            Antrag.objects.filter(pk=antrag.pk).update(
                status=S.ENTWURF,
                aktenzeichen="",
                eingereicht_am=None,
                zuwendung=None,
                begruendung="",
                bearbeitet_von=None,
                vorgeschlagen_von=None,
                vorgeschlagen_am=None,
                gezeichnet_von=None,
                gezeichnet_am=None,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anzahl", type=int, default=10_000, help="Anträge (10000 oder 100000)")
    parser.add_argument("--force", action="store_true", help="auch mit Nicht-Bench-Nutzern in der Datenbank")
    parser.add_argument("--neu", action="store_true", help="auch bei gleicher Anzahl neu anlegen")
    args = parser.parse_args(argv)

    t0 = time.monotonic()
    db = connection.settings_dict
    log(f"Datenbank: {connection.vendor} {db.get('NAME')}")
    call_command("migrate", verbosity=0)
    if fremde_nutzer() and not args.force:
        log(
            f"Abbruch: die Datenbank hat {fremde_nutzer()} Nutzer außerhalb von bench.*. "
            "Bench-Daten gehören in eine eigene Datenbank (oder --force)."
        )
        return 2
    if bench_antraege_zahl() == args.anzahl and not args.neu:
        perioden_anlegen()
        with ohne_dokumentschutz():
            entwuerfe_sicherstellen()
        log(f"{args.anzahl} Bench-Anträge sind schon da: nichts zu tun.")
        return 0

    rng = random.Random(42)
    kommunen = list(Organisation.objects.kommunen().order_by("kreisschluessel"))
    kommune_slots = len(kommunen) * len(JAHRE) * 2
    traeger_zahl = max(1, math.ceil(max(0, args.anzahl - kommune_slots) / len(JAHRE)))
    log(f"Lösche alte Bench-Anträge … ({bench_antraege_zahl()})")
    with ohne_dokumentschutz():
        loeschen()
    log(f"Lege {traeger_zahl} Bench-Träger, Perioden 2016–2026 und Zuweisungen an …")
    traeger = traeger_anlegen(traeger_zahl)
    dortmund = Organisation.objects.get(kreisschluessel="05913")
    users = nutzer(dortmund, traeger[0])
    perioden = perioden_anlegen()
    zuweisungen_anlegen(perioden, kommunen, rng)
    slots = slots_fuer(args.anzahl, perioden, kommunen, traeger)
    log(f"Lege {len(slots)} Anträge mit Positionen, Verlauf und Dokumenten an …")
    antraege_anlegen(slots, users, rng)
    with ohne_dokumentschutz():
        entwuerfe_sicherstellen()
    log("Lege das Leben nach der Bewilligung an (bench/leben/) …")
    leben.anlegen(
        leben.Kontext(
            users=users,
            heute=HEUTE.date(),
            antraege=Antrag.objects.filter(erstellt_von_id__in=bench_nutzer_ids()),
            aktuelles_jahr=AKTUELLES_JAHR,
            log=log,
        )
    )
    with connection.cursor() as cursor:
        # Planner statistics and (PostgreSQL) visibility maps, as autovacuum would give later:
        # without them counts cannot use index-only scans.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log(
        f"Fertig: {bench_antraege_zahl()} Anträge, {Statuswechsel.objects.count()} Statuswechsel, "
        f"{Dokument.objects.count()} Dokumente in {time.monotonic() - t0:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
