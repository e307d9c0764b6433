#!/usr/bin/env python
"""Queue benchmark: 1,000 Zuwendungsbescheide through the task queue with two `manage.py worker`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/komman_bench_scale \\
        .venv/bin/python bench/warteschlange.py --anzahl 1000 --worker 2

Needs a writable database of its own (PostgreSQL; it may hold a bench seed, bench/seed.py):
never the read-only komman_bench. What it does, as in operation (docs/betrieb.md):

1. starts `--worker` processes of `manage.py worker` and waits for their heartbeats;
2. creates `--anzahl` signed Bewilligungen with their Zuwendungsbescheid (bench/bescheide.py,
   Förderjahre from 2090 on so they sit beside a seed) and then, in one transaction, queues
   each PDF with ``bescheide.erzeugen_lassen`` – the call the signing makes (workflow.kern);
   the clock starts at that commit;
3. prints the progress every `--takt` seconds (done/N, rate, waiting/running/failed tasks –
   the figures Verwaltung → Postausgang shows) until every PDF is stored;
4. checks every PDF against its SHA-256 and every task for success, prints the verdict
   against the target (≤ 120 s), the CPU time the workers used and what that would give on
   free cores;
5. stops the workers (also on Ctrl-C or error) and deletes what it created (``--behalten``
   keeps the notices).

The daily and nightly runs (`fristen`, `aufraeumen`) are marked as done for today while the
bench runs, so a worker does not start them in the middle of the measurement; the minute
runs (`wartung`, `pdfs_nachholen`) run as in operation.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

ZIEL_SEKUNDEN = 120
AB_JAHR = 2090
TRAEGER = "Warteschlange-Träger"
TAEGLICH = ("taeglicher_lauf", "aufraeumen")  # periodic runs that would distort the figure


def worker_starten(anzahl: int, log: Path) -> list[subprocess.Popen]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdout=(log.parent / f"{log.stem}-{n}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for n in range(anzahl)
    ]


def worker_stoppen(prozesse: list[subprocess.Popen]) -> None:
    """SIGTERM (the worker finishes its task), then SIGKILL after 30 s."""
    for p in prozesse:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in prozesse:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)


def cpu_sekunden(pid: int) -> float:
    """User + system CPU time of a live process (Linux /proc), 0 where unknown."""
    try:
        felder = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(felder[11]) + int(felder[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def auf_worker_warten(anzahl: int, prozesse: list[subprocess.Popen], sekunden: float = 60) -> None:
    from komman.hintergrund import worker

    ende = time.monotonic() + sekunden
    while worker.warteschlange()["worker"] < anzahl:
        if any(p.poll() is not None for p in prozesse):
            raise SystemExit("Ein Worker hat sich sofort beendet (Log unter /tmp/komman-bench-worker-*.log).")
        if time.monotonic() > ende:
            raise SystemExit(f"Nach {sekunden:.0f} s melden sich keine {anzahl} Worker.")
        time.sleep(0.5)


def taegliche_laeufe_vormerken() -> list[int]:
    """Mark today's daily runs as done (new rows only; their ids for the cleanup)."""
    from django.utils import timezone

    from komman.hintergrund import PERIODISCH
    from komman.hintergrund.models import Planlauf

    jetzt, neu = timezone.now(), []
    for name in TAEGLICH:
        p = PERIODISCH.get(name)
        # Before today's time (e.g. 01:00) the run is still due today: mark today's date too.
        termin = (p.termin(jetzt) or timezone.localtime(jetzt).date().isoformat()) if p else None
        if termin and not Planlauf.objects.filter(name=name, termin=termin).exists():
            lauf = Planlauf.objects.create(name=name, termin=termin, eingereiht_am=jetzt, erledigt_am=jetzt)
            neu.append(lauf.pk)
    return neu


def aufgaben(ids: list[int]):
    from django_tasks_db.models import DBTaskResult

    from antraege.bescheide.erzeugen import pdf_erzeugen

    return DBTaskResult.objects.filter(
        task_path=pdf_erzeugen.module_path, args_kwargs__kwargs__dokument_id__in=ids
    )


def stand(ids: list[int]) -> dict[str, int]:
    """Rendered PDFs of ours and the tasks by state (ours: waiting, running, failed)."""
    from django.db.models import Count
    from django_tasks import TaskResultStatus

    from antraege.models import Dokument

    zaehlung = dict(aufgaben(ids).values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "fertig": Dokument.objects.filter(pk__in=ids).exclude(sha256="").count(),
        "wartend": zaehlung.get(TaskResultStatus.READY, 0),
        "laufend": zaehlung.get(TaskResultStatus.RUNNING, 0),
        "gescheitert": zaehlung.get(TaskResultStatus.FAILED, 0),
    }


def einreihen(ids: list[int]) -> None:
    """The signing's call, once per notice, in one transaction: the tasks are queued on commit."""
    from django.db import transaction

    from antraege import bescheide

    with transaction.atomic():
        for pk in ids:
            bescheide.erzeugen_lassen(dokument_id=pk)


def beobachten(ids: list[int], start: float, takt: float, zeitlimit: float, ausgabe=print) -> dict:
    """Progress every `takt` seconds until every PDF is stored, a task failed for good with
    nothing left to run, or `zeitlimit` passed. Returns the last stand with its duration."""
    n = len(ids)
    while True:
        s = stand(ids)
        dauer = time.perf_counter() - start
        s["dauer"] = dauer
        rate = s["fertig"] / dauer if dauer else 0.0
        ausgabe(
            f"  {dauer:6.1f} s: {s['fertig']:>5}/{n} fertig, {rate:5.2f}/s".replace(".", ",")
            + f"; wartend {s['wartend']}, laufend {s['laufend']}, gescheitert {s['gescheitert']}"
        )
        if (s["fertig"] >= n and not s["laufend"]) or dauer > zeitlimit:  # the last task closed too
            return s
        if s["gescheitert"] and not s["wartend"] and not s["laufend"]:
            return s
        time.sleep(min(takt, 0.5) if n - s["fertig"] < 20 else takt)


def pruefen(ids: list[int]) -> list[str]:
    """Every PDF stored and matching its SHA-256, every task successful; the faults in words."""
    from django_tasks import TaskResultStatus

    from antraege.models import Dokument

    fehler = []
    for pk, pdf, sha in Dokument.objects.filter(pk__in=ids).values_list("pk", "pdf", "sha256").iterator():
        inhalt = bytes(pdf or b"")
        if not sha:
            fehler.append(f"Dokument {pk}: kein PDF")
        elif not inhalt.startswith(b"%PDF") or hashlib.sha256(inhalt).hexdigest() != sha:
            fehler.append(f"Dokument {pk}: PDF passt nicht zur SHA-256")
    erfolgreich = aufgaben(ids).filter(status=TaskResultStatus.SUCCESSFUL).count()
    anders = aufgaben(ids).exclude(status=TaskResultStatus.SUCCESSFUL).count()
    if anders or erfolgreich < len(ids):
        fehler.append(f"Aufgaben: {erfolgreich} erfolgreich, {anders} nicht erfolgreich, {len(ids)} erwartet")
    return fehler


def aufraeumen(planlaeufe: list[int]) -> None:
    """Delete the bench's notices with everything on their file, their periods (Förderjahre from
    AB_JAHR on, also those of an earlier run that was killed) and Träger."""
    from django.db.models import Q

    from antraege.models import Antrag, Dokument
    from bench import leben, seed
    from komman.hintergrund.models import Planlauf
    from komman.models import Organisation
    from programmteile.models import Foerderperiode

    perioden = list(Foerderperiode.objects.filter(foerderjahr__gte=AB_JAHR).values_list("pk", flat=True))
    dokumente = list(
        Dokument.objects.filter(antrag__foerderperiode__in=perioden).values_list("pk", flat=True)
    )
    for i in range(0, len(dokumente), 500):
        aufgaben(dokumente[i : i + 500]).delete()
    with seed.ohne_dokumentschutz():
        leben.loeschen_unter(Antrag, Antrag.objects.filter(foerderperiode__in=perioden))
        leben.loeschen_unter(Foerderperiode, Foerderperiode.objects.filter(pk__in=perioden))
        leben.loeschen_unter(Organisation, Organisation.objects.filter(Q(name__startswith=f"{TRAEGER} ")))
    Planlauf.objects.filter(pk__in=planlaeufe).delete()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--anzahl", type=int, default=1000, help="Bescheide (Standard 1000)")
    parser.add_argument("--worker", type=int, default=2, help="manage.py worker-Prozesse (Standard 2)")
    parser.add_argument("--takt", type=float, default=5.0, help="Sekunden zwischen zwei Fortschrittszeilen")
    parser.add_argument("--zeitlimit", type=float, default=900.0, help="spätestens dann abbrechen")
    parser.add_argument("--behalten", action="store_true", help="die Bescheide nicht wieder löschen")
    parser.add_argument("--force", action="store_true", help="auch mit Nicht-Bench-Nutzern in der Datenbank")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Abbruch: DATABASE_URL muss auf eine eigene PostgreSQL-Datenbank zeigen (nie komman_bench).")
        return 2
    os.environ["AUFGABEN"] = "datenbank"  # the queue (also for the workers), never AUFGABEN=sofort

    # SIGTERM (kill) and SIGINT (also when a background shell ignored it) end the run through
    # the finally below: the workers stop and the notices go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import bescheide, seed

    call_command("migrate", verbosity=0)
    if seed.fremde_nutzer() and not args.force:
        print(
            "Abbruch: die Datenbank hat Nutzer außerhalb von bench.*; eine eigene Datenbank nehmen (oder --force)."
        )
        return 2
    print(f"Datenbank: {connection.vendor} {connection.settings_dict.get('NAME')}; {os.cpu_count()} Kerne")
    aufraeumen([])  # what an aborted earlier run left
    planlaeufe = taegliche_laeufe_vormerken()
    prozesse: list[subprocess.Popen] = []
    try:
        prozesse = worker_starten(args.worker, Path("/tmp/komman-bench-worker.log"))
        auf_worker_warten(args.worker, prozesse)
        print(f"{args.worker} Worker laufen (PIDs {', '.join(str(p.pid) for p in prozesse)}).")
        t0 = time.perf_counter()
        dokumente, _ = bescheide.daten_anlegen(args.anzahl, ab_jahr=AB_JAHR, traeger=TRAEGER)
        ids = [d.pk for d in dokumente]
        print(
            f"{len(ids)} gezeichnete Bewilligungen mit Bescheid angelegt ({time.perf_counter() - t0:.1f} s)."
        )
        cpu_vorher = sum(cpu_sekunden(p.pid) for p in prozesse)
        last_vorher = os.getloadavg()
        start = time.perf_counter()
        einreihen(ids)
        print(f"{len(ids)} Aufgaben eingereiht ({time.perf_counter() - start:.1f} s); Fortschritt:")
        ergebnis = beobachten(ids, start, args.takt, args.zeitlimit)
        cpu = sum(cpu_sekunden(p.pid) for p in prozesse) - cpu_vorher
        fehler = pruefen(ids)
        dauer, fertig = ergebnis["dauer"], ergebnis["fertig"]
        print()
        print(
            f"{fertig} von {len(ids)} Bescheiden in {dauer:.1f} s ({fertig / dauer:.2f}/s) mit {args.worker} Workern."
        )
        kerne = min(args.worker, os.cpu_count() or 1)
        if cpu:
            print(
                f"CPU-Zeit der Worker: {cpu:.1f} s ({fertig / cpu:.2f} Bescheide/s je Kern, "
                f"{cpu / dauer / kerne:.0%} von {kerne} Kernen); auf {kerne} freien Kernen ≈ {cpu / kerne:.0f} s."
            )
        print(
            "Last (loadavg) vorher "
            + " ".join(f"{x:.1f}" for x in last_vorher)
            + ", nachher "
            + " ".join(f"{x:.1f}" for x in os.getloadavg())
        )
        print(
            "Prüfung: "
            + (
                f"{len(fehler)} Fehler"
                if fehler
                else "alle PDFs mit richtiger SHA-256, keine Aufgabe gescheitert"
            )
        )
        for f in fehler[:20]:
            print(f"  {f}")
        ziel = ZIEL_SEKUNDEN * len(ids) / 1000  # the target is 1,000 in 120 s
        erreicht = not fehler and fertig == len(ids) and dauer <= ziel
        print(
            f"Ziel {len(ids)} Bescheide ≤ {ziel:.0f} s (1.000 in {ZIEL_SEKUNDEN} s): "
            f"{'erreicht' if erreicht else 'VERFEHLT'} ({dauer:.1f} s)"
        )
        return 0 if not fehler else 1
    finally:
        worker_stoppen(prozesse)
        if not args.behalten:
            aufraeumen(planlaeufe)
            print("Aufgeräumt: Bescheide, Perioden, Träger und Aufgaben des Laufs gelöscht, Worker beendet.")


if __name__ == "__main__":
    sys.exit(main())
