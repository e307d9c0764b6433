#!/usr/bin/env python
"""Measure the portal's pages against bare references, in one run, on one machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/komman_bench .venv/bin/python bench/run.py --anzahl 100000

Seeds the database if needed (bench/seed.py), starts the portal under gunicorn on 127.0.0.1
(bench/wsgi.py with bench/settings.py: DEBUG off, bench SECRET_KEY, KOMMAN_2FA_PFLICHT off),
logs in by posting the real login form, then measures every page that exists at this
commit and the references L0-http (Django without middleware), L0-stack (a constant view
behind the full middleware), L0-db (a lean 50-row list of Anträge), L0-layout (an empty page
in the portal's base.html: the floor of every portal page) and L0-pdf (a one-line WeasyPrint
page, PDF/A-3b). The references are measured before and after the pages; ratios use the
mean of both, so a machine that got busier in between shows up as drift, not as a verdict.

Per page: p50/p95 of sequential requests (unloaded), requests per second under a bounded
load (a fixed number of requests from a fixed thread pool; every phase also stops after
--zeitlimit seconds), queries per request (an in-process test Client under
CaptureQueriesContext) and the ratio to the page's reference. Prints a table and writes
bench/results/<date>-<time>.json. Asserts nothing: the exit status is 0 unless the run
itself failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()


from antraege.models import Antrag  # noqa: E402
from bench import seed  # noqa: E402
from bench.beispiele import beispiel_antraege  # noqa: E402
from bench.messen import HOST, abfragen, anmelden, gunicorn_starten, maschine, messen, test_clients  # noqa: E402
from bench.seiten import REFERENZEN, Seite, referenzen, seiten  # noqa: E402
from bench.tageslauf import RESULTS, tageslauf, tageslauf_text, tageslauf_vergleich  # noqa: E402
from bench.urteil import Ergebnis, tabelle, ziele_pruefen  # noqa: E402


def auswerten(folge: list[Seite], roh: dict, clients: dict, info: dict) -> list[Ergebnis]:
    """The rows of the table from the raw measurements (both passes averaged), with ratios and
    verdicts; the references' drift goes into info["drift"]. bench/scaleout.py uses it too."""
    ergebnisse: dict[str, Ergebnis] = {}
    for seite in folge:
        messungen = roh.get(seite.name)
        if not messungen:
            continue
        werte = {k: statistics.mean(m[0][k] for m in messungen) for k in messungen[0][0]}
        stati = sorted({s for m in messungen for s in m[1]})
        ergebnisse[seite.name] = Ergebnis(
            name=seite.name,
            pfad=seite.pfad,
            referenz=seite.referenz,
            status=stati,
            p50_ms=werte["p50_ms"],
            p95_ms=werte["p95_ms"],
            ttfb_p50_ms=werte["ttfb_p50_ms"],
            bytes=int(werte["bytes"]),
            zeilen=int(werte["zeilen"]),
            rps=werte["rps"],
            last_anfragen=int(sum(m[0]["last_anfragen"] for m in messungen)),
            last_fehler=int(sum(m[0]["last_fehler"] for m in messungen)),
            abfragen=abfragen(seite, clients),
            abfragen_vergleich=abfragen(Seite(seite.name, seite.vergleich, seite.nutzer, None), clients)
            if seite.vergleich
            else None,
            ziele=list(seite.ziele),
        )
        if seite.name in REFERENZEN and len(messungen) == 2:
            vorher, nachher = messungen[0][0], messungen[1][0]
            info.setdefault("drift", {})[seite.name] = {
                "p50_vorher_ms": round(vorher["p50_ms"], 2),
                "p50_nachher_ms": round(nachher["p50_ms"], 2),
                "rps_vorher": round(vorher["rps"], 1),
                "rps_nachher": round(nachher["rps"], 1),
            }
    for e in ergebnisse.values():
        if e.referenz and e.referenz in ergebnisse:
            ref = ergebnisse[e.referenz]
            e.verhaeltnis_p50 = e.p50_ms / ref.p50_ms if ref.p50_ms else None
            e.anteil_rps = e.rps / ref.rps if ref.rps else None
        layout = ergebnisse.get("L0-layout")
        if layout and layout.p50_ms and e.name not in REFERENZEN:
            e.verhaeltnis_layout = e.p50_ms / layout.p50_ms
    for e in ergebnisse.values():
        e.ziele = ziele_pruefen(e, ergebnisse)
    return list(ergebnisse.values())


def vorbereiten(anzahl: int, *, force: bool = False):
    """Seed (if needed) and build the portal's pages with their example objects and logged-in
    test clients: (machine info, example objects, clients, pages, names of pages not yet in the
    portal), or None when the seed refuses. bench/scaleout.py starts the same way."""
    if seed.main(["--anzahl", str(anzahl)] + (["--force"] if force else [])) != 0:
        return None
    info = maschine()
    clients = test_clients(
        {None, *(f"bench.{n}" for n in ("pruefung", "zeichnung", "admin", "ki", "traeger"))}
    )
    beispiele = beispiel_antraege()
    portal, fehlen = seiten(beispiele, clients)
    return info, beispiele, clients, portal, fehlen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anzahl", type=int, default=100_000, help="Anträge in der Datenbank (seed.py)")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2–3 on two cores)")
    parser.add_argument("--parallel", type=int, default=4, help="concurrent clients under load")
    parser.add_argument(
        "--faktor", type=float, default=1.0, help="scale every request count (0.2 = quick look)"
    )
    parser.add_argument("--zeitlimit", type=float, default=60.0, help="seconds per phase at most")
    parser.add_argument("--nur", default="", help="comma-separated page names (references always run)")
    parser.add_argument("--force", action="store_true", help="passed to seed.py")
    parser.add_argument(
        "--bescheide",
        action="store_true",
        help="also run bench/bescheide.py (render time per Bescheid, bulk rate; its own SQLite file)",
    )
    args = parser.parse_args(argv)

    vorbereitet = vorbereiten(args.anzahl, force=args.force)
    if vorbereitet is None:
        return 2
    info, beispiele, clients, portal, fehlen = vorbereitet
    wahl: set[str] = set()
    if args.nur:
        wahl = {n.strip() for n in args.nur.split(",")}
        portal = [s for s in portal if s.name in wahl]
    refs = referenzen()
    print(f"{info['nproc']} Kerne, {info['cpu']}, {info['speicher_gb']} GB, {info['datenbank'][:40]}")
    print(f"{Antrag.objects.count()} Anträge; gunicorn {args.workers} Worker auf {HOST}:{args.port}")
    if fehlen:
        print("Noch nicht im Portal (übersprungen): " + ", ".join(fehlen))

    nutzer = {s.nutzer for s in refs + portal}
    log = Path(tempfile.gettempdir()) / f"komman-bench-gunicorn-{args.port}.log"
    proc = gunicorn_starten(args.port, args.workers, log)
    roh: dict[str, list[tuple[dict, list[int]]]] = {}
    try:
        cookies = {None: ""}
        for name in sorted(n for n in nutzer if n):
            cookies[name] = anmelden(args.port, name)
        folge = refs + portal + refs  # references before and after the pages
        for seite in folge:
            print(f"  messe {seite.name} …", flush=True)
            try:
                roh.setdefault(seite.name, []).append(messen(args.port, seite, cookies[seite.nutzer], args))
            except OSError as e:  # a timeout on one page must not cost the whole run
                print(f"    abgebrochen: {e!r}", flush=True)
                fehlen.append(f"{seite.name} (Zeitüberschreitung)")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    info["last_nachher"] = os.getloadavg()
    taeglich_ergebnis = None
    if not args.nur or "Tageslauf" in wahl:
        print("  messe den Tageslauf …", flush=True)
        taeglich_ergebnis = tageslauf()
        taeglich_ergebnis["vergleich"] = tageslauf_vergleich(taeglich_ergebnis)

    liste = auswerten(refs + portal, roh, clients, info)
    print()
    print(tabelle(liste))
    unerwartet = [f"{e.name}: {e.status}" for e in liste if any(s >= 400 for s in e.status)]
    if unerwartet:
        print("\nFehlerhafte Antworten: " + "; ".join(unerwartet))
    if fehlen:
        print("Nicht gemessen (noch nicht im Portal): " + ", ".join(fehlen))
    if taeglich_ergebnis:
        print("\n" + tageslauf_text(taeglich_ergebnis))
    bescheide_ausgabe = ""
    skript = ROOT / "bench" / "bescheide.py"
    if args.bescheide and skript.exists():
        # bench/bescheide.py (Bescheide area) builds its own data: never point it at this database.
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        lauf = subprocess.run(
            [sys.executable, str(skript)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        bescheide_ausgabe = lauf.stdout + (lauf.stderr if lauf.returncode else "")
        print("\nbench/bescheide.py:\n" + bescheide_ausgabe)
    RESULTS.mkdir(exist_ok=True)
    jetzt = datetime.datetime.now(datetime.UTC)
    ziel = RESULTS / f"{jetzt:%Y-%m-%d-%H%M}.json"
    ziel.write_text(
        json.dumps(
            {
                "zeit": jetzt.isoformat(timespec="seconds"),
                "antraege": Antrag.objects.count(),
                "einstellungen": {
                    "workers": args.workers,
                    "parallel": args.parallel,
                    "faktor": args.faktor,
                    "zeitlimit": args.zeitlimit,
                },
                "maschine": info,
                "ergebnisse": [asdict(e) for e in liste],
                "nicht_gemessen": fehlen,
                "tageslauf": taeglich_ergebnis,
                "bescheide_py": bescheide_ausgabe,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nGeschrieben: {ziel.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
