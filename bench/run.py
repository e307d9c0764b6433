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
import concurrent.futures
import datetime
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from antraege.models import Antrag  # noqa: E402
from bench import seed  # noqa: E402
from komman.models import User  # noqa: E402

HOST = "127.0.0.1"
RESULTS = Path(__file__).resolve().parent / "results"


# --- what is measured -------------------------------------------------------------------


@dataclass
class Seite:
    """One measured URL: who requests it, what it is compared with, what it must reach."""

    name: str
    pfad: str
    nutzer: str | None  # bench user name, None = anonymous
    referenz: str | None  # name of the reference row
    einzeln: int = 100  # sequential requests for p50/p95
    last: int = 500  # requests under load
    parallel: int | None = None  # load concurrency (None: --parallel)
    ziele: list[str] = field(default_factory=list)  # human-readable targets, checked below
    # The same page for an object with fewer rows (e.g. a grant with one call instead of
    # four): "Abfragen konstant" compares the query counts of both.
    vergleich: str | None = None


@dataclass
class Ergebnis:
    name: str
    pfad: str
    referenz: str | None
    status: list[int]
    p50_ms: float
    p95_ms: float
    ttfb_p50_ms: float
    bytes: int
    zeilen: int
    rps: float
    last_anfragen: int
    last_fehler: int
    abfragen: int | None
    abfragen_vergleich: int | None = None
    verhaeltnis_p50: float | None = None  # page p50 / reference p50 (× slower)
    anteil_rps: float | None = None  # page rps / reference rps
    verhaeltnis_layout: float | None = None  # page p50 / L0-layout p50
    ziele: list[dict] = field(default_factory=list)


def url(name: str, *args, query: dict | None = None) -> str | None:
    try:
        pfad = reverse(name, args=args)
    except NoReverseMatch:
        return None
    if query:
        pfad += "?" + urllib.parse.urlencode(query)
    return pfad


def beispiel_antraege() -> dict:
    """What the pages show: a file in review with lines, a draft of bench.ki, a proposed Bewilligung."""
    from programmteile.models import Foerderperiode

    pruefen = (
        Antrag.objects.filter(
            status=Antrag.Status.INHALTLICHE_PRUEFUNG,
            foerderperiode__foerderjahr=seed.AKTUELLES_JAHR,
            foerderperiode__programmteil__nummer="II",
        )
        .order_by("pk")
        .first()
    )
    entwurf = (
        Antrag.objects.filter(
            status=Antrag.Status.ENTWURF,
            antragsteller__mitgliedschaften__user__username="bench.ki",
            foerderperiode__programmteil__nummer="II",
        )
        .order_by("pk")
        .first()
    )
    vorgeschlagen = (
        Antrag.objects.filter(
            status=Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN, foerderperiode__programmteil__nummer="II"
        )
        .order_by("-pk")
        .first()
    )
    periode = Foerderperiode.objects.filter(
        programmteil__nummer="III", foerderjahr=seed.AKTUELLES_JAHR
    ).first()
    # The export covers the oldest ~10,000 submitted Anträge: "Eingang bis" the day of the 10,000th.
    zehntausendster = (
        Antrag.objects.exclude(status=Antrag.Status.ENTWURF)
        .order_by("eingereicht_am", "id")
        .values_list("eingereicht_am", flat=True)[9999:10000]
    )
    bis = next(iter(zehntausendster), None)
    return {
        **wave2_beispiele(),
        "pruefen": pruefen,
        "entwurf": entwurf,
        "vorgeschlagen": vorgeschlagen,
        "periode": periode,
        "export_bis": bis.date().isoformat() if bis else None,
    }


def wave2_beispiele() -> dict:
    """Grants of bench.ki with many and few calls, a submitted call, a notice in its Klagefrist,
    the drafts of all three parts (the edit forms)."""
    from django.db.models import Count

    from zuwendungen.models import Mittelabruf, Zuwendung

    eigene = (
        Zuwendung.objects.filter(antrag__antragsteller__mitgliedschaften__user__username="bench.ki")
        .annotate(n=Count("mittelabrufe", distinct=True), w=Count("weiterleitungen", distinct=True))
        .order_by("-n", "-w", "pk")
    )
    viele = eigene.filter(antrag__foerderperiode__programmteil__nummer="II").first() or eigene.first()
    # The same page with fewer rows: a grant of the same Programmteil (Part II shows its lines).
    wenige = (
        eigene.filter(antrag__foerderperiode__programmteil=viele.antrag.foerderperiode.programmteil)
        .order_by("n", "w", "pk")
        .first()
        if viele
        else None
    )
    abruf = Mittelabruf.objects.filter(status=Mittelabruf.Status.EINGEREICHT).order_by("pk").first()
    klagefrist = (
        Antrag.objects.filter(status=Antrag.Status.BEWILLIGT, bekanntgaben__bekanntgegeben_am__isnull=False)
        .order_by("pk")
        .first()
    )
    entwuerfe = {
        teil: Antrag.objects.filter(
            status=Antrag.Status.ENTWURF,
            antragsteller__mitgliedschaften__user__username=nutzer,
            foerderperiode__programmteil__nummer=teil,
        )
        .order_by("pk")
        .first()
        for teil, nutzer in (("I", "bench.ki"), ("II", "bench.ki"), ("III", "bench.traeger"))
    }
    return {"zuwendung": viele, "zuwendung_klein": wenige, "abruf": abruf, "klagefrist": klagefrist,
            "entwuerfe": entwuerfe}  # fmt: skip


REFERENZEN = ["L0-http", "L0-stack", "L0-portal", "L0-db", "L0-layout", "L0-pdf", "L0-pdf-4"]


def referenzen() -> list[Seite]:
    return [
        Seite("L0-http", "/bench/l0-http/", None, None),
        Seite("L0-stack", "/bench/l0-stack/", "bench.pruefung", "L0-http"),
        # The same constant view behind the portal's full middleware (2FA, session limits,
        # CSP, axes, audit context): the floor of every portal page.
        Seite("L0-portal", "/bench/l0-portal/", "bench.pruefung", "L0-stack", ziele=["rps ≥ 50 % L0-stack"]),
        Seite("L0-db", "/bench/l0-db/", "bench.pruefung", "L0-stack"),
        Seite("L0-layout", "/bench/l0-layout/", "bench.pruefung", "L0-stack"),
        Seite("L0-pdf", "/bench/l0-pdf/", "bench.pruefung", None, einzeln=20, last=40),
        # Four pages in the Bescheid's fonts and page layout with a table, bare WeasyPrint.
        Seite("L0-pdf-4", "/bench/l0-pdf-4/", "bench.pruefung", None, einzeln=10, last=20, parallel=2),
    ]


def letzte_seite(client: Client, pfad: str) -> str:
    """The number of the last page, read from the pagination links of the first page."""
    inhalt = client.get(pfad).content.decode()
    nummern = [int(n) for n in re.findall(r"[?&;](?:amp;)?seite=(\d+)", inhalt)]
    # Pagination that links only the neighbours says "Seite 1 von 1.974".
    nummern += [int(n.replace(".", "")) for n in re.findall(r"Seite \d+ von ([\d.]+)", inhalt)]
    return str(max(nummern, default=1))


SEITE = "p50 ≤ 4× L0-layout"
KONSTANT = "Abfragen konstant"
LISTE = ["rps ≥ 75 % L0-db", "erste/letzte Seite ≤ 1,2×", "p95 ≤ 30 ms"]
FORMULAR = "p50 ≤ 6× L0-layout"


def _listen(name: str, basis: str | None, query: list, nutzer: str, clients: dict) -> list[tuple]:
    """First and last page of a paginated list (the last page read from the first one's links)."""
    if not basis:
        return [
            (f"{name} Seite 1", None, nutzer, "L0-db", {}),
            (f"{name} letzte Seite", None, nutzer, "L0-db", {}),
        ]
    erste = basis + "?" + urllib.parse.urlencode([*query, ("seite", "1")])
    letzte = basis + "?" + urllib.parse.urlencode([*query, ("seite", letzte_seite(clients[nutzer], erste))])
    extra = {"ziele": [*LISTE, KONSTANT]}
    return [
        (f"{name} Seite 1", erste, nutzer, "L0-db", {**extra, "vergleich": letzte}),
        (f"{name} letzte Seite", letzte, nutzer, "L0-db", {**extra, "vergleich": erste}),
    ]


def seiten(beispiele: dict, clients: dict) -> tuple[list[Seite], list[str]]:
    """The portal's pages that exist at this commit; the names of those that do not (yet)."""
    pruefen, vorgeschlagen = beispiele["pruefen"], beispiele["vorgeschlagen"]
    zuwendung, klein = beispiele.get("zuwendung"), beispiele.get("zuwendung_klein")
    abruf, klagefrist, entwuerfe = (
        beispiele.get("abruf"),
        beispiele.get("klagefrist"),
        beispiele.get("entwuerfe", {}),
    )
    seite = {"ziele": [SEITE]}
    kandidaten: list[tuple[str, str | None, str | None, str, dict]] = [
        ("Anmeldeseite", url("login"), None, "L0-stack", seite),
        ("Startseite KI", url("start"), "bench.ki", "L0-layout", seite),
        ("Startseite Träger", url("start"), "bench.traeger", "L0-layout", seite),
        ("Startseite Prüfung", url("start"), "bench.pruefung", "L0-layout", seite),
        ("Startseite Zeichnung", url("start"), "bench.zeichnung", "L0-layout", seite),
        ("Startseite Administration", url("start"), "bench.admin", "L0-layout", seite),
    ]
    # Reviewer queue: first and last page, without and with filters (one period, open states).
    filter_ = [
        ("foerderperiode", str(beispiele["periode"].pk) if beispiele["periode"] else ""),
        ("status", "eingereicht"),
        ("status", "formale_pruefung"),
        ("status", "inhaltliche_pruefung"),
    ]
    kandidaten += _listen("Warteschlange", url("antraege:pruefung"), [], "bench.pruefung", clients)
    kandidaten += _listen(
        "Warteschlange gefiltert", url("antraege:pruefung"), filter_, "bench.pruefung", clients
    )
    kandidaten += _listen("Zuwendungen", url("zuwendungen:liste"), [], "bench.pruefung", clients)
    export = url("antraege:pruefung_export")

    def fuer(name, obj, *args):
        return url(name, *args, obj.pk) if obj else None

    kandidaten += [
        ("Zuwendungen (KI)", url("zuwendungen:liste"), "bench.ki", "L0-layout", seite),
        ("Antrag Prüfansicht", fuer("antraege:pruefung_detail", pruefen), "bench.pruefung", "L0-layout", seite),
        ("Antrag Detail (Antragsteller)", fuer("antraege:detail", entwuerfe.get("II")), "bench.ki", "L0-layout", seite),
        ("Zuwendung (KI)", fuer("zuwendungen:detail", zuwendung), "bench.ki", "L0-layout",
         {"ziele": [SEITE, KONSTANT], "vergleich": fuer("zuwendungen:detail", klein)}),
        ("Zuwendung (Prüfung)", fuer("zuwendungen:detail", zuwendung), "bench.pruefung", "L0-layout",
         {"ziele": [SEITE, KONSTANT], "vergleich": fuer("zuwendungen:detail", klein)}),
        ("Auszahlungen einer Zuwendung (KI)", fuer("zuwendungen:auszahlungen", zuwendung), "bench.ki", "L0-layout",
         {"ziele": [SEITE, KONSTANT], "vergleich": fuer("zuwendungen:auszahlungen", klein)}),
        ("Mittelabruf (Prüfung)", fuer("zuwendungen:abruf", abruf), "bench.pruefung", "L0-layout", seite),
        ("Bestandskraft (Prüfung)", fuer("zuwendungen:bestand", klagefrist), "bench.pruefung", "L0-layout", seite),
        ("Landeskasse: Auszahlungen", url("zuwendungen:kasse"), "bench.pruefung", "L0-layout", seite),
        ("Budgetübersicht (Haushalt)", url("programmteile:verwaltung_haushalt"), "bench.admin", "L0-layout", seite),
    ]  # fmt: skip
    for teil, nutzer in (("I", "bench.ki"), ("II", "bench.ki"), ("III", "bench.traeger")):
        kandidaten.append(
            (f"Antrag bearbeiten Teil {teil}", fuer("antraege:bearbeiten", entwuerfe.get(teil)), nutzer, "L0-layout",
             {"ziele": [FORMULAR]})
        )  # fmt: skip
    kandidaten += [
        (
            "CSV-Export 10.000 Zeilen",
            f"{export}?{urllib.parse.urlencode({'eingang_bis': beispiele['export_bis']})}"
            if export
            else None,
            "bench.pruefung",
            "L0-db",
            {"einzeln": 5, "last": 10, "parallel": 2, "ziele": ["gesamt ≤ 2 s"]},
        ),
        (
            "Zuwendungsbescheid (Vorschau)",
            url("antraege:bescheid_vorschau", vorgeschlagen.pk) if vorgeschlagen else None,
            "bench.zeichnung",
            "L0-pdf-4",
            {"einzeln": 10, "last": 20, "parallel": 2, "ziele": ["p50 ≤ 2× L0-pdf-4"]},
        ),
    ]
    result, fehlen = [], []
    for name, pfad, nutzer, referenz, extra in kandidaten:
        if pfad is None:
            fehlen.append(name)
        else:
            result.append(Seite(name, pfad, nutzer, referenz, **extra))
    return result, fehlen


# --- HTTP on loopback ---------------------------------------------------------------------


def anfrage(
    port: int, pfad: str, cookie: str = "", methode: str = "GET", body: bytes | None = None, headers=None
):
    """One request on a fresh connection; returns (status, seconds, ttfb seconds, body, response)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    kopf = {"Host": f"{HOST}:{port}"}
    if cookie:
        kopf["Cookie"] = cookie
    kopf.update(headers or {})
    t0 = time.perf_counter()
    conn.request(methode, pfad, body=body, headers=kopf)
    antwort = conn.getresponse()
    ttfb = time.perf_counter() - t0
    inhalt = antwort.read()
    dauer = time.perf_counter() - t0
    conn.close()
    return antwort.status, dauer, ttfb, inhalt, antwort


def cookies_aus(antwort, alt: dict[str, str]) -> dict[str, str]:
    neu = dict(alt)
    for kopf, wert in antwort.getheaders():
        if kopf.lower() == "set-cookie":
            name, _, rest = wert.partition("=")
            neu[name.strip()] = rest.split(";", 1)[0]
    return neu


def anmelden(port: int, username: str) -> str:
    """Log in through the real login form (CSRF token, POST), return the Cookie header."""
    pfad = reverse("login")
    status, _, _, inhalt, antwort = anfrage(port, pfad)
    if status != 200:
        raise SystemExit(f"Anmeldeseite antwortet mit {status}")
    cookies = cookies_aus(antwort, {})
    treffer = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', inhalt)
    if not treffer:
        raise SystemExit("Kein CSRF-Token auf der Anmeldeseite")
    daten = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": treffer.group(1).decode(),
            "username": username,
            "password": seed.BENCH_PASSWORT,
        }
    ).encode()
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, _, _, _, antwort = anfrage(
        port,
        pfad,
        cookie,
        "POST",
        daten,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}{pfad}",
        },
    )
    cookies = cookies_aus(antwort, cookies)
    if status != 302 or "sessionid" not in "".join(cookies):
        raise SystemExit(
            f"Anmeldung als {username} fehlgeschlagen (Status {status}). Zweiter Faktor aktiv? "
            "bench/settings.py setzt KOMMAN_2FA_PFLICHT = False."
        )
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def perzentil(werte: list[float], p: float) -> float:
    werte = sorted(werte)
    return werte[min(len(werte) - 1, int(len(werte) * p))]


def messen(port: int, seite: Seite, cookie: str, args) -> tuple[dict, list[int]]:
    """Sequential requests (p50/p95), then a bounded load (rps). Every phase is capped in time."""
    for _ in range(3):  # warm-up: worker imports, template caches, DB connections
        anfrage(port, seite.pfad, cookie)
    dauern, ttfbs, stati, groesse, zeilen = [], [], set(), 0, 0
    ende = time.monotonic() + args.zeitlimit
    for _ in range(max(1, round(seite.einzeln * args.faktor))):
        status, dauer, ttfb, inhalt, _ = anfrage(port, seite.pfad, cookie)
        dauern.append(dauer)
        ttfbs.append(ttfb)
        stati.add(status)
        groesse, zeilen = len(inhalt), inhalt.count(b"\n")
        if time.monotonic() > ende:
            break
    anzahl = max(1, round(seite.last * args.faktor))
    parallel = seite.parallel or args.parallel
    ende = time.monotonic() + args.zeitlimit
    fehler = 0

    def eins(_):
        if time.monotonic() > ende:
            return None
        status, *_rest = anfrage(port, seite.pfad, cookie)
        return status

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        ergebnisse = [s for s in pool.map(eins, range(anzahl)) if s is not None]
    wand = time.perf_counter() - t0
    fehler = sum(1 for s in ergebnisse if s >= 400)
    stati.update(ergebnisse)
    return (
        {
            "p50_ms": statistics.median(dauern) * 1e3,
            "p95_ms": perzentil(dauern, 0.95) * 1e3,
            "ttfb_p50_ms": statistics.median(ttfbs) * 1e3,
            "bytes": groesse,
            "zeilen": zeilen,
            "rps": len(ergebnisse) / wand if wand else 0.0,
            "last_anfragen": len(ergebnisse),
            "last_fehler": fehler,
        },
        sorted(stati),
    )


# --- queries per request, in process ---------------------------------------------------------


def abfragen(seite: Seite, clients: dict[str | None, Client]) -> int | None:
    if seite.name == "L0-http":
        return 0
    client = clients[seite.nutzer]
    if seite.name == "L0-stack":  # served through Django's stock middleware (bench.wsgi)
        from django.test.utils import override_settings

        from bench.wsgi import STOCK_MIDDLEWARE

        with override_settings(MIDDLEWARE=STOCK_MIDDLEWARE):
            stock = Client()
            stock.cookies = client.cookies
            stock.get(seite.pfad)
            with CaptureQueriesContext(connection) as erfasst:
                stock.get(seite.pfad)
        return len(erfasst)
    client.get(seite.pfad)  # warm caches the way a worker has them
    with CaptureQueriesContext(connection) as erfasst:
        antwort = client.get(seite.pfad)
        if getattr(antwort, "streaming", False):
            b"".join(antwort.streaming_content)
    return len(erfasst)


def test_clients(nutzer: set[str | None]) -> dict[str | None, Client]:
    clients: dict[str | None, Client] = {}
    for name in nutzer:
        client = Client()
        if name:
            client.force_login(User.objects.get(username=name))
        clients[name] = client
    return clients


# --- the server -------------------------------------------------------------------------------


def gunicorn_starten(port: int, workers: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    ende = time.monotonic() + 60
    while time.monotonic() < ende:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn beendet sich sofort; siehe {log}")
        try:
            if anfrage(port, "/bench/l0-http/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"gunicorn antwortet nicht auf Port {port}; siehe {log}")


def maschine() -> dict:
    cpu = ""
    try:
        for zeile in Path("/proc/cpuinfo").read_text().splitlines():
            if zeile.startswith("model name"):
                cpu = zeile.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    except (OSError, AttributeError):
        mem_kb = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        db_version = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "speicher_gb": round(mem_kb / 1024 / 1024, 1),
        "datenbank": db_version,
        "python": platform.python_version(),
        "commit": commit,
        "last_vorher": os.getloadavg(),
    }


# --- the daily run, in process ----------------------------------------------------------------


class _Zurueck(Exception):
    pass


def tageslauf() -> dict:
    """The daily run (manage.py fristen: every registered step) over the whole bench, on the
    bench's today, inside one transaction that is rolled back: the database stays as seeded,
    so every bench run measures the same work (mails queued with on_commit are never sent)."""
    from zuwendungen import taeglich
    from zuwendungen.models import Frist, Zuwendung

    zuwendungen, fristen = Zuwendung.objects.count(), Frist.objects.count()
    t0, cpu0 = time.perf_counter(), time.process_time()
    ergebnis: dict = {}
    try:
        with transaction.atomic():
            # taeglich.lauf() step by step, to time each step
            for name, schritt in taeglich.SCHRITTE.items():
                s0 = time.perf_counter()
                ergebnis[name] = {"anzahl": schritt(seed.HEUTE.date()), "s": round(time.perf_counter() - s0, 2)}
            dauer, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            raise _Zurueck
    except _Zurueck:
        pass
    return {
        "zuwendungen": zuwendungen,
        "fristen": fristen,
        "sekunden": round(dauer, 2),
        "cpu_sekunden": round(cpu, 2),
        "je_100000_s": round(dauer * 100_000 / max(zuwendungen, 1), 1),
        "schritte": ergebnis,
    }


def tageslauf_vergleich(jetzt: dict) -> dict | None:
    """The newest earlier result with another number of grants: seconds per grant, both sizes."""
    for datei in sorted(RESULTS.glob("*.json"), reverse=True):
        try:
            alt = json.loads(datei.read_text()).get("tageslauf") or {}
        except (OSError, ValueError):
            continue
        if alt.get("zuwendungen") and alt["zuwendungen"] != jetzt["zuwendungen"]:
            faktor = (jetzt["sekunden"] / jetzt["zuwendungen"]) / (alt["sekunden"] / alt["zuwendungen"])
            return {"datei": datei.name, "zuwendungen": alt["zuwendungen"], "sekunden": alt["sekunden"],
                    "faktor_je_zuwendung": round(faktor, 2)}  # fmt: skip
    return None


def tageslauf_text(t: dict) -> str:
    ziel = "ok" if t["je_100000_s"] <= 60 else "VERFEHLT"
    text = (
        f"Tageslauf (manage.py fristen, zurückgerollt): {t['zuwendungen']} Zuwendungen, {t['fristen']} Fristen: "
        f"{t['sekunden']:.1f} s (CPU {t['cpu_sekunden']:.1f} s); auf 100.000 Zuwendungen: "
        f"{t['je_100000_s']:.0f} s — Ziel ≤ 60 s: {ziel}\n  Schritte: {t['schritte']}"
    )
    v = t.get("vergleich")
    if v:
        linear = "ok" if v["faktor_je_zuwendung"] <= 1.5 else "VERFEHLT"
        text += (
            f"\n  linear: je Zuwendung {v['faktor_je_zuwendung']:.2f}× der Zeit bei {v['zuwendungen']} Zuwendungen "
            f"({v['datei']}, {v['sekunden']:.1f} s) — Ziel ≤ 1,5×: {linear}"
        )
    else:
        text += "\n  linear: noch kein Lauf mit anderer Größe in bench/results/ (10k und 100k messen)"
    return text


# --- verdicts -------------------------------------------------------------------------------


def ziele_pruefen(e: Ergebnis, alle: dict[str, Ergebnis]) -> list[dict]:
    result = []
    for ziel in e.ziele if isinstance(e.ziele, list) else []:
        ok, wert = None, ""
        if ziel.startswith("rps ≥"):
            soll = float(re.search(r"(\d+) %", ziel).group(1)) / 100
            ok, wert = (e.anteil_rps or 0) >= soll, f"{(e.anteil_rps or 0) * 100:.0f} %"
        elif ziel.startswith("p50 ≤") and "L0-layout" in ziel:
            soll = float(re.search(r"(\d+)×", ziel).group(1))
            ok, wert = (e.verhaeltnis_layout or 99) <= soll, f"{e.verhaeltnis_layout or 0:.1f}×"
        elif ziel == "p50 ≤ 2× L0-pdf-4":
            ok, wert = (e.verhaeltnis_p50 or 99) <= 2, f"{e.verhaeltnis_p50 or 0:.1f}×"
        elif ziel == KONSTANT:
            ok = e.abfragen_vergleich is not None and e.abfragen == e.abfragen_vergleich
            wert = f"{e.abfragen}/{e.abfragen_vergleich}"
        elif ziel == "p95 ≤ 30 ms":
            ok, wert = e.p95_ms <= 30, f"{e.p95_ms:.1f} ms"
        elif ziel == "gesamt ≤ 2 s":
            ok, wert = e.p95_ms <= 2000, f"p95 {e.p95_ms / 1000:.2f} s"
        elif ziel == "p50 ≤ 9× L0-pdf":
            ok, wert = (e.verhaeltnis_p50 or 99) <= 9, f"{e.verhaeltnis_p50:.1f}×"
        elif ziel.startswith("erste/letzte Seite ≤"):
            paar = (
                e.name.replace("letzte Seite", "Seite 1")
                if "letzte" in e.name
                else e.name.replace("Seite 1", "letzte Seite")
            )
            if paar in alle:
                a, b = sorted([e.p50_ms, alle[paar].p50_ms])
                ok, wert = b <= 1.2 * a, f"{b / a:.2f}×"
        result.append({"ziel": ziel, "erreicht": ok, "gemessen": wert})
    return result


def tabelle(ergebnisse: list[Ergebnis]) -> str:
    kopf = (
        f"{'Seite':<38} {'p50':>7} {'p95':>7} {'req/s':>7} {'Abfr.':>5} "
        f"{'Referenz':<9} {'×p50':>6} {'%rps':>5} {'×Layout':>7}  Ziele"
    )
    zeilen = [kopf, "-" * len(kopf)]
    for e in ergebnisse:
        ziele = "; ".join(
            f"{z['ziel']}: {z['gemessen']} {'ok' if z['erreicht'] else ('VERFEHLT' if z['erreicht'] is False else '?')}"
            for z in e.ziele
        )
        zeilen.append(
            f"{e.name:<38} {e.p50_ms:7.1f} {e.p95_ms:7.1f} {e.rps:7.1f} "
            f"{'' if e.abfragen is None else e.abfragen:>5} {e.referenz or '':<9} "
            f"{'' if e.verhaeltnis_p50 is None else f'{e.verhaeltnis_p50:.1f}':>6} "
            f"{'' if e.anteil_rps is None else f'{e.anteil_rps * 100:.0f}':>5} "
            f"{'' if e.verhaeltnis_layout is None else f'{e.verhaeltnis_layout:.1f}':>7}  {ziele}"
        )
    return "\n".join(zeilen)


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

    seed_args = ["--anzahl", str(args.anzahl)] + (["--force"] if args.force else [])
    if seed.main(seed_args) != 0:
        return 2
    info = maschine()
    beispiele = beispiel_antraege()
    clients = test_clients(
        {None, *(f"bench.{n}" for n in ("pruefung", "zeichnung", "admin", "ki", "traeger"))}
    )
    portal, fehlen = seiten(beispiele, clients)
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

    ergebnisse: dict[str, Ergebnis] = {}
    for seite in refs + portal:
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

    liste = list(ergebnisse.values())
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
