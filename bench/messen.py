"""HTTP on loopback, queries per request in process, the gunicorn server, the machine."""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import seed
from bench.seiten import Seite
from komman.models import User

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


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


def messen(port: int | list[int], seite: Seite, cookie: str, args) -> tuple[dict, list[int]]:
    """Sequential requests (p50/p95), then a bounded load (rps). Every phase is capped in time.

    With a list of ports (bench/scaleout.py: several gunicorn instances) request i goes to
    port i mod n, in both phases."""
    ports = port if isinstance(port, list) else [port]
    for i in range(3 * len(ports)):  # warm-up: worker imports, template caches, DB connections
        anfrage(ports[i % len(ports)], seite.pfad, cookie)
    dauern, ttfbs, stati, groesse, zeilen = [], [], set(), 0, 0
    ende = time.monotonic() + args.zeitlimit
    for i in range(max(1, round(seite.einzeln * args.faktor))):
        status, dauer, ttfb, inhalt, _ = anfrage(ports[i % len(ports)], seite.pfad, cookie)
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

    def eins(i):
        if time.monotonic() > ende:
            return None
        status, *_rest = anfrage(ports[i % len(ports)], seite.pfad, cookie)
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
