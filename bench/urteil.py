"""The result of one measured page and its verdicts against the targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bench.seiten import KONSTANT


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
