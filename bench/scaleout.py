#!/usr/bin/env python
"""Scale-out check: two gunicorn instances and two task workers against one PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/komman_bench_scale \\
        .venv/bin/python bench/scaleout.py --anzahl 10000 --faktor 0.2

The set-up of docs/betrieb.md ("Mehrere Maschinen"), on one machine: web process A and web
process B (each a gunicorn with `--web-worker` workers, on two ports) and `--worker` task
workers (`manage.py worker`), all with CACHE_URL=db:// (``--cache locmem://`` shows what goes
wrong without it). Needs a writable database of its own: the checks change data through the
portal (and put it back); never the read-only komman_bench.

1. Measures a handful of representative pages (SEITEN) as bench/run.py does, each twice in a
   row: every request to A alone, then the same requests split across A and B (request i to
   port i mod 2); prints both tables and the ratios side by side.
2. Coherence across processes: changes something cached or counted through A and reads it
   at once through B (kohaerenz.py); prints ok or VERFEHLT per check.

Writes bench/results/<date>-<time>-scaleout.json. Stops gunicorn and the workers in any case.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

# Representative pages: the layout floor, a start page, the long queue, a grant with all its
# procedures, the navigation's task list, the cached budget overview (names of bench/seiten.py).
SEITEN = [
    "Startseite KI",
    "Warteschlange Seite 1",
    "Zuwendung (KI)",
    "Meine Aufgaben (Prüfung)",
    "Budgetübersicht (Haushalt)",
]
REFS = ["L0-stack", "L0-db", "L0-layout"]  # the references of those pages


def argumente(argv: list[str] | None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--anzahl", type=int, default=10_000, help="Anträge in der Datenbank (seed.py)")
    parser.add_argument("--port", type=int, default=8117, help="Port von A; B bekommt den nächsten")
    parser.add_argument("--web-worker", type=int, default=2, help="gunicorn-Worker je Webprozess")
    parser.add_argument("--worker", type=int, default=2, help="manage.py worker-Prozesse")
    parser.add_argument("--parallel", type=int, default=4, help="gleichzeitige Anfragen unter Last")
    parser.add_argument("--faktor", type=float, default=0.2, help="Anzahl der Anfragen skalieren")
    parser.add_argument("--zeitlimit", type=float, default=60.0, help="Sekunden je Phase höchstens")
    parser.add_argument("--cache", default="db://", help="CACHE_URL aller Prozesse (Standard db://)")
    parser.add_argument("--nur-kohaerenz", action="store_true", help="keine Seiten messen")
    parser.add_argument("--force", action="store_true", help="an seed.py weitergegeben")
    return parser.parse_args(argv)


def vergleich(einzeln: list, verteilt: list) -> str:
    """Per page: ratio to its reference and rps, A alone against A+B."""
    b = {e.name: e for e in verteilt}
    zeilen = [
        f"{'Seite':<30} {'Faktor A':>9} {'Faktor A+B':>11} {'×Layout A':>10} {'×Layout A+B':>12}"
        f" {'rps A':>7} {'rps A+B':>8}"
    ]
    for e in einzeln:
        v = b.get(e.name)
        if v is None:
            continue

        def f(x):
            return f"{x:.2f}×".replace(".", ",") if x else "–"

        zeilen.append(
            f"{e.name:<30} {f(e.verhaeltnis_p50):>9} {f(v.verhaeltnis_p50):>11} {f(e.verhaeltnis_layout):>10}"
            f" {f(v.verhaeltnis_layout):>12} {e.rps:7.1f} {v.rps:8.1f}".replace(".", ",")
        )
    return "\n".join(zeilen)


def main(argv: list[str] | None = None) -> int:
    args = argumente(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Abbruch: DATABASE_URL muss auf eine eigene PostgreSQL-Datenbank zeigen (nie komman_bench).")
        return 2
    os.environ["AUFGABEN"] = "datenbank"  # the queue (also for the workers), never AUFGABEN=sofort
    os.environ["CACHE_URL"] = args.cache
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import django

    django.setup()
    from django.core.management import call_command

    from bench import kohaerenz
    from bench.messen import HOST, anmelden, gunicorn_starten, messen
    from bench.run import auswerten, vorbereiten
    from bench.seiten import referenzen
    from bench.tageslauf import RESULTS
    from bench.urteil import tabelle
    from bench.warteschlange import (
        auf_worker_warten,
        taegliche_laeufe_vormerken,
        worker_starten,
        worker_stoppen,
    )

    if args.cache.startswith("db://"):
        call_command("createcachetable", verbosity=0)  # once per database (docs/betrieb.md)
    vorbereitet = vorbereiten(args.anzahl, force=args.force)
    if vorbereitet is None:
        return 2
    info, beispiele, clients, portal, fehlen = vorbereitet
    portal = [] if args.nur_kohaerenz else [s for s in portal if s.name in SEITEN]
    refs = [] if args.nur_kohaerenz else [s for s in referenzen() if s.name in REFS]
    a, b = args.port, args.port + 1
    print(f"{info['nproc']} Kerne, {info['datenbank'][:40]}; CACHE_URL={args.cache}")
    print(
        f"Webprozess A {HOST}:{a} und B {HOST}:{b} (je {args.web_worker} gunicorn-Worker), "
        f"{args.worker} Hintergrund-Worker"
    )
    log = Path(tempfile.gettempdir())
    planlaeufe = taegliche_laeufe_vormerken()
    prozesse: list[subprocess.Popen] = []
    arbeiter: list[subprocess.Popen] = []
    roh: dict[str, dict] = {"A": {}, "A+B": {}}
    pruefungen = []
    try:
        prozesse.append(gunicorn_starten(a, args.web_worker, log / f"komman-bench-gunicorn-{a}.log"))
        prozesse.append(gunicorn_starten(b, args.web_worker, log / f"komman-bench-gunicorn-{b}.log"))
        arbeiter = worker_starten(args.worker, log / "komman-bench-worker.log")
        auf_worker_warten(args.worker, arbeiter)
        # Logged in through A only: B knows the sessions from the shared database.
        cookies = {
            None: "",
            **{n: anmelden(a, n) for n in sorted({s.nutzer for s in refs + portal} - {None})},
        }
        # Each page under both set-ups right after each other: a busier machine meets both alike.
        for seite in refs + portal + refs:
            for phase, ports in (("A", a), ("A+B", [a, b])):
                print(f"  {phase}: messe {seite.name} …", flush=True)
                try:
                    roh[phase].setdefault(seite.name, []).append(
                        messen(ports, seite, cookies[seite.nutzer], args)
                    )
                except OSError as e:
                    print(f"    abgebrochen: {e!r}", flush=True)
        print("  Kohärenz über beide Prozesse …", flush=True)
        pruefungen = kohaerenz.alle(a, b, beispiele)
    finally:
        for p in prozesse:
            p.terminate()
        for p in prozesse:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        worker_stoppen(arbeiter)
        from komman.hintergrund.models import Planlauf

        Planlauf.objects.filter(pk__in=planlaeufe).delete()
    ergebnisse = {phase: auswerten(refs + portal, roh[phase], clients, {}) for phase in roh}
    for phase, liste in ergebnisse.items():
        if liste:
            titel = "nur A" if phase == "A" else "verteilt auf A und B"
            print(f"\nAnfragen {titel}:\n{tabelle(liste)}")
    if ergebnisse["A"]:
        print("\nVerhältnisse im Vergleich:\n" + vergleich(ergebnisse["A"], ergebnisse["A+B"]))
    print("\nKohärenz (Änderung über A, sofort gelesen über B):")
    for p in pruefungen:
        print(f"  {'ok      ' if p.ok else 'VERFEHLT'} {p.name}: {p.detail}")
    RESULTS.mkdir(exist_ok=True)
    jetzt = datetime.datetime.now(datetime.UTC)
    ziel = RESULTS / f"{jetzt:%Y-%m-%d-%H%M}-scaleout.json"
    ziel.write_text(
        json.dumps(
            {
                "zeit": jetzt.isoformat(timespec="seconds"),
                "einstellungen": {k: v for k, v in vars(args).items()},
                "maschine": info,
                "ergebnisse": {phase: [asdict(e) for e in liste] for phase, liste in ergebnisse.items()},
                "kohaerenz": [asdict(p) for p in pruefungen],
                "nicht_gemessen": fehlen,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nGeschrieben: {ziel.relative_to(ROOT)}")
    return 0 if pruefungen and all(p.ok for p in pruefungen) else 1


if __name__ == "__main__":
    sys.exit(main())
