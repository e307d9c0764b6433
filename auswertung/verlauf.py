"""The data behind the charts: Mittelabfluss, budget use, processing times, deadlines.

Each function answers with a ``Tabelle`` (shown beside the chart and exported) and the chart
built from the same numbers. Sums and counts are SQL aggregates grouped by month; only the
≤ 13 monthly buckets are cumulated in Python. Processing times: one row per decided Antrag
(Eingang and Bescheid grouped from the Statuswechsel rows); PostgreSQL computes median and
90th percentile (percentile_cont), other databases here (``perzentil``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncMonth

from antraege.models import Antrag, Statuswechsel
from auswertung import svg
from auswertung.kennzahlen import BEWILLIGT, KENNZAHLEN
from auswertung.tabellen import Spalte, Tabelle
from komman.fields import Betrag
from zuwendungen.models import Buchung, Frist

S = Antrag.Status
MONATE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MONATSNAMEN = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
               "Oktober", "November", "Dezember")  # fmt: skip


def _monat(wert) -> tuple[int, int]:
    if isinstance(wert, datetime.datetime):
        wert = wert.date()
    return wert.year, wert.month


def _kumuliert(summen: dict[tuple[int, int], Decimal], jahr: int, bis_monat: int) -> list[Decimal | None]:
    werte, laufend = [], sum((s for (j, _), s in summen.items() if j < jahr), Decimal("0.00"))
    for monat in range(1, 13):
        laufend += summen.get((jahr, monat), Decimal("0.00"))
        werte.append(laufend if monat <= bis_monat else None)
    return werte


def abfluss(auswahl, jahr: int, heute: datetime.date):
    """Granted (signed) vs paid (value date), cumulative at the end of each month of ``jahr``."""
    bewilligt = KENNZAHLEN["bewilligt"]
    gew = (
        Antrag.objects.filter(auswahl.q(), BEWILLIGT, gezeichnet_am__isnull=False)
        .annotate(m=TruncMonth("gezeichnet_am")).order_by().values("m")
        .annotate(s=Sum(bewilligt.ausdruck(), output_field=Betrag()))
    )  # fmt: skip
    bez = (
        Buchung.objects.filter(auswahl.q("zuwendung__antrag__"), KENNZAHLEN["ausgezahlt"].bedingung)
        .annotate(m=TruncMonth("wertstellung")).order_by().values("m").annotate(s=Sum("betrag"))
    )  # fmt: skip
    bis = 12 if jahr < heute.year else (heute.month if jahr == heute.year else 0)
    gewaehrt = _kumuliert({_monat(z["m"]): z["s"] for z in gew if z["m"]}, jahr, bis)
    gezahlt = _kumuliert({_monat(z["m"]): z["s"] for z in bez if z["m"]}, jahr, bis)
    tabelle = Tabelle(
        f"Mittelabfluss {jahr}",
        [Spalte("Monat"), Spalte("Bewilligt (kumuliert)", "euro"), Spalte("Ausgezahlt (kumuliert)", "euro")],
        [[f"{MONATSNAMEN[i]} {jahr}", gewaehrt[i], gezahlt[i]] for i in range(bis)],
        name="mittelabfluss",
    )
    diagramm = svg.erstellen(
        "linien", "diagramm-abfluss", f"Mittelabfluss {jahr}: bewilligt und ausgezahlt, kumuliert",
        f"Linien je Monat {jahr}: durchgezogen mit Kreisen die bewilligten Mittel, gestrichelt mit Quadraten "
        f"die ausgezahlten Mittel, jeweils aufsummiert. Stand Ende {MONATSNAMEN[bis - 1] if bis else '–'}: "
        f"bewilligt {svg._text(gewaehrt[bis - 1] if bis else 0, '€')}, ausgezahlt "
        f"{svg._text(gezahlt[bis - 1] if bis else 0, '€')}. Die Zahlen stehen in der Tabelle daneben.",
        list(MONATE), [("Bewilligt", gewaehrt), ("Ausgezahlt", gezahlt)],
    )  # fmt: skip
    return tabelle, diagramm


def budget(uebersicht):
    """Budget use per Förderperiode: gebunden, vorgeschlagen, frei (the Übersicht's period rows)."""
    zeilen = uebersicht.perioden
    tabelle = Tabelle(
        "Budgetausschöpfung",
        [Spalte("Förderperiode"), Spalte("Haushaltsmittel", "euro"), Spalte("Gebunden", "euro"),
         Spalte("Vorgeschlagen", "euro"), Spalte("Frei", "euro")],
        [[z.titel, z.budget["budget"], z.budget["gebunden"], z.budget["summe_vorgeschlagen"], z.budget["summe_frei"]]
         for z in zeilen],
        name="budget",
    )  # fmt: skip
    diagramm = svg.erstellen(
        "balken", "diagramm-budget", "Budgetausschöpfung je Förderperiode",
        "Balken je Förderperiode: voll die gebundenen, schraffiert die vorgeschlagenen, gepunktet die freien "
        "Haushaltsmittel. Die Zahlen stehen in der Tabelle daneben.",
        [z.titel for z in zeilen],
        [("Gebunden", [z.budget["gebunden"] for z in zeilen]),
         ("Vorgeschlagen", [z.budget["summe_vorgeschlagen"] for z in zeilen]),
         ("Frei", [z.budget["summe_frei"] for z in zeilen])],
    )  # fmt: skip
    return tabelle, diagramm


def perzentil(werte: list[float], anteil: float) -> float | None:
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont)."""
    if not werte:
        return None
    werte = sorted(werte)
    pos = (len(werte) - 1) * anteil
    unten = int(pos)
    oben = min(unten + 1, len(werte) - 1)
    return werte[unten] + (werte[oben] - werte[unten]) * (pos - unten)


def _dauern_je_teil(auswahl):
    """One row per decided Antrag: (part, Eingang, Bescheid), grouped from the Statuswechsel rows
    in one scan (the first change to eingereicht, the first to bewilligt or abgelehnt)."""
    return (
        Statuswechsel.objects.filter(auswahl.q("antrag__"))
        .order_by()
        .values("antrag")
        .annotate(
            teil=F("antrag__foerderperiode__programmteil__nummer"),
            eingang=Min("wann", filter=Q(nach=S.EINGEREICHT)),
            bescheid=Min("wann", filter=Q(nach__in=[S.BEWILLIGT, S.ABGELEHNT])),
        )
        .filter(eingang__isnull=False, bescheid__isnull=False)
        .values("teil", "eingang", "bescheid")
    )


def _kennwerte_sql(zeilen) -> dict[str, tuple[int, float, float]]:
    """PostgreSQL: count, median and 90th percentile per part in the database (percentile_cont)."""
    sql, params = zeilen.query.sql_with_params()
    tage = "EXTRACT(EPOCH FROM (s.bescheid - s.eingang)) / 86400"
    werte = f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {tage}), percentile_cont(0.9) WITHIN GROUP (ORDER BY {tage})"
    # Django built the inner SQL; every value stays a parameter.
    abfrage = f"SELECT s.teil, COUNT(*), {werte} FROM ({sql}) s GROUP BY s.teil"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(abfrage, params)
        return {teil: (n, max(float(m), 0.0), max(float(p90), 0.0)) for teil, n, m, p90 in cursor.fetchall()}


def _kennwerte(zeilen) -> dict[str, tuple[int, float, float]]:
    if connection.vendor == "postgresql":
        return _kennwerte_sql(zeilen)
    dauern: dict[str, list[float]] = {}
    for z in zeilen:
        dauern.setdefault(z["teil"], []).append(max((z["bescheid"] - z["eingang"]).total_seconds(), 0) / 86400)
    return {t: (len(d), perzentil(d, 0.5), perzentil(d, 0.9)) for t, d in dauern.items()}


def bearbeitungszeiten(auswahl):
    """Eingang → Bescheid (the first signed decision) in days, median and 90th percentile per part."""
    werte = _kennwerte(_dauern_je_teil(auswahl))
    teile = sorted(werte, key=lambda t: ("I", "II", "III", "IV").index(t) if t in ("I", "II", "III", "IV") else 9)
    daten = [[f"Teil {t}", *werte[t]] for t in teile]
    tabelle = Tabelle(
        "Bearbeitungszeiten",
        [Spalte("Programmteil"), Spalte("Beschiedene Anträge", "anzahl"), Spalte("Median (Tage)", "tage"),
         Spalte("90. Perzentil (Tage)", "tage")],
        daten, name="bearbeitungszeiten",
    )  # fmt: skip
    diagramm = svg.erstellen(
        "balken", "diagramm-bearbeitung", "Bearbeitungszeit vom Eingang bis zum Bescheid",
        "Balken je Programmteil: voll der Median, schraffiert das 90. Perzentil der Tage vom Eingang bis zum "
        "gezeichneten Bescheid. Die Zahlen stehen in der Tabelle daneben.",
        [z[0] for z in daten], [("Median", [z[2] for z in daten]), ("90. Perzentil", [z[3] for z in daten])],
        einheit="Tage",
    )  # fmt: skip
    return tabelle, diagramm


def fristen(auswahl, jahr: int):
    """Deadlines due per month of ``jahr``: still open and missed (zuwendungen.Frist rows)."""
    zeilen = (
        Frist.objects.filter(auswahl.q("antrag__"), faellig_am__year=jahr)
        .annotate(m=TruncMonth("faellig_am")).order_by().values("m")
        .annotate(offen=Count("pk", filter=Q(status__in=Frist.Status.laufend())),
                  versaeumt=Count("pk", filter=Q(status=Frist.Status.VERSAEUMT)))
    )  # fmt: skip
    je_monat = {_monat(z["m"])[1]: (z["offen"], z["versaeumt"]) for z in zeilen}
    offen = [je_monat.get(m, (0, 0))[0] for m in range(1, 13)]
    versaeumt = [je_monat.get(m, (0, 0))[1] for m in range(1, 13)]
    tabelle = Tabelle(
        f"Fristen {jahr}",
        [Spalte("Monat"), Spalte("Offen", "anzahl"), Spalte("Versäumt", "anzahl")],
        [[f"{MONATSNAMEN[m]} {jahr}", offen[m], versaeumt[m]] for m in range(12)],
        name="fristen",
    )
    diagramm = svg.erstellen(
        "balken", "diagramm-fristen", f"Offene und versäumte Fristen je Monat {jahr}",
        f"Balken je Monat des Fälligkeitstags {jahr}: voll die noch offenen, schraffiert die versäumten Fristen. "
        f"Zusammen {sum(offen)} offen und {sum(versaeumt)} versäumt. Die Zahlen stehen in der Tabelle daneben.",
        list(MONATE), [("Offen", offen), ("Versäumt", versaeumt)], einheit="",
    )  # fmt: skip
    return tabelle, diagramm
