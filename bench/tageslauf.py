"""The daily run (manage.py fristen), timed in process and rolled back."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.db import transaction

from bench import seed

RESULTS = Path(__file__).resolve().parent / "results"


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
                try:  # a failing step (bad bench data) is reported, not the end of the whole run
                    with transaction.atomic():
                        ergebnis[name] = {"anzahl": schritt(seed.HEUTE.date())}
                except Exception as e:  # noqa: BLE001
                    ergebnis[name] = {"fehler": repr(e)[:200]}
                ergebnis[name]["s"] = round(time.perf_counter() - s0, 2)
            dauer, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            raise _Zurueck
    except _Zurueck:
        pass
    return {
        "zuwendungen": zuwendungen,
        "fristen": fristen,
        "sekunden": round(dauer, 2),
        "cpu_sekunden": round(cpu, 2),
        "je_1000_s": round(dauer * 1000 / max(zuwendungen, 1), 3),
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
        f"{t['sekunden']:.1f} s (CPU {t['cpu_sekunden']:.1f} s), je 1.000 Zuwendungen "
        f"{t.get('je_1000_s', 0):.2f} s; auf 100.000 Zuwendungen: "
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
