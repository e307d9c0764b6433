"""What bench/run.py measures: the page and reference rows, their targets, the URLs of the
pages that exist at this commit (the objects they show come from bench/beispiele.py)."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field

from django.test import Client
from django.urls import NoReverseMatch, reverse


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


def url(name: str, *args, query: dict | None = None) -> str | None:
    try:
        pfad = reverse(name, args=args)
    except NoReverseMatch:
        return None
    if query:
        pfad += "?" + urllib.parse.urlencode(query)
    return pfad


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


GESAMT = "gesamt ≤ 2 s"
SCHWER = {"einzeln": 5, "last": 10, "parallel": 2}


def verfahren(b: dict, fuer) -> list[tuple]:
    """The pages of the later processes: tasks, a grant with its change, VN and claim sections,
    the change, the VN and its review, the claim, the Auswertung of a year and its exports."""
    seite = {"ziele": [SEITE]}
    z, z2, zk, zk2 = (
        b.get("abschnitte"),
        b.get("abschnitte_2"),
        b.get("abschnitte_ki"),
        b.get("abschnitte_ki_2"),
    )
    vn_ki, jahr = b.get("vn_ki"), {"jahr": b.get("auswertungsjahr")}
    auswertung = url("auswertung:uebersicht", query=jahr)
    return [
        ("Meine Aufgaben (KI)", url("aufgaben"), "bench.ki", "L0-layout", seite),
        ("Meine Aufgaben (Prüfung)", url("aufgaben"), "bench.pruefung", "L0-layout", seite),
        ("Meine Aufgaben (Zeichnung)", url("aufgaben"), "bench.zeichnung", "L0-layout", seite),
        ("Zuwendung mit Verfahren (KI)", fuer("zuwendungen:detail", zk), "bench.ki", "L0-layout",
         {"ziele": [SEITE, KONSTANT] if zk2 else [SEITE], "vergleich": fuer("zuwendungen:detail", zk2)}),
        ("Zuwendung mit Verfahren (Prüfung)", fuer("zuwendungen:detail", z), "bench.pruefung", "L0-layout",
         {"ziele": [SEITE, KONSTANT] if z2 else [SEITE], "vergleich": fuer("zuwendungen:detail", z2)}),
        ("Änderung (KI)", fuer("zuwendungen:aenderung", b.get("aenderung_ki")), "bench.ki", "L0-layout", seite),
        ("Änderung (Prüfung)", fuer("zuwendungen:aenderung", b.get("aenderung_pruefung")), "bench.pruefung",
         "L0-layout", seite),
        ("VN einer Zuwendung (KI)", url("zuwendungen:vn", vn_ki.zuwendung_id) if vn_ki else None, "bench.ki",
         "L0-layout", seite),
        ("Verwendungsnachweis (KI)", fuer("zuwendungen:vn_seite", vn_ki), "bench.ki", "L0-layout", seite),
        ("VN-Prüfung", fuer("zuwendungen:vn_pruefung", b.get("vn_pruefung")), "bench.pruefung", "L0-layout", seite),
        ("Rückforderung (Prüfung)", fuer("zuwendungen:rueckforderung", b.get("rueckforderung")), "bench.pruefung",
         "L0-layout", seite),
        ("Auswertung Übersicht (Jahr)", auswertung, "bench.pruefung", "L0-layout",
         {**SCHWER, "ziele": [SEITE, GESAMT]}),
        ("Auswertung Liste Bewilligt", url("auswertung:liste", "bewilligt", query=jahr), "bench.pruefung",
         "L0-layout", {**SCHWER, "ziele": [SEITE, GESAMT]}),
        ("Auswertung XLSX eines Jahres", url("auswertung:export", "alle", "xlsx", query=jahr), "bench.pruefung",
         "L0-layout", {**SCHWER, "ziele": [GESAMT]}),
        ("Bericht Teil II (XLSX)", url("auswertung:bericht_xlsx", jahr["jahr"], "II"), "bench.pruefung",
         "L0-layout", {**SCHWER, "ziele": [GESAMT]}),
    ]  # fmt: skip


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
    # Paged since the third round of issue 26: lists with the list targets, first and last page.
    kandidaten += _listen(
        "VN-Warteschlange", url("zuwendungen:vn_warteschlange"), [], "bench.pruefung", clients
    )
    kandidaten += _listen(
        "Rückforderungen", url("zuwendungen:rueckforderungen"), [], "bench.pruefung", clients
    )
    # Meine Aufgaben: one source's full list ("Alle … anzeigen"), first and last page.
    aufgaben = url("aufgaben")
    if aufgaben:
        erste = f"{aufgaben}?quelle=pruefung&seite=1"
        letzte = f"{aufgaben}?quelle=pruefung&seite={letzte_seite(clients['bench.pruefung'], erste)}"
        paar = [SEITE, "erste/letzte Seite ≤ 1,2×", KONSTANT]
        kandidaten += [
            ("Meine Aufgaben (Prüfung) Anträge Seite 1", erste, "bench.pruefung", "L0-layout",
             {"ziele": paar, "vergleich": letzte}),
            ("Meine Aufgaben (Prüfung) Anträge letzte Seite", letzte, "bench.pruefung", "L0-layout",
             {"ziele": paar, "vergleich": erste}),
        ]  # fmt: skip
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
        # The queue by kind of task: where the Administration follows a bulk run (issue 26).
        ("Postausgang", url("postausgang"), "bench.admin", "L0-layout", seite),
    ]  # fmt: skip
    kandidaten += verfahren(beispiele, fuer)
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
