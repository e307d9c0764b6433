"""The Übersicht's tables (per Förderperiode, per Regierungsbezirk) and the list behind a figure.

Every figure cell links to ``auswertung:liste`` with the figure, the group and the filters, so
the list shows exactly the rows the cell sums.
"""

from __future__ import annotations

from django.urls import reverse

from auswertung.kennzahlen import KENNZAHLEN, antrag_von
from auswertung.tabellen import Spalte, Tabelle
from auswertung.uebersicht import BUDGET_TITEL, SPALTEN_ANZAHL, SPALTEN_BETRAG

BEZIRK_BETRAEGE = ("bewilligt", "abgerufen", "ausgezahlt", "anerkannt", "zurueckgefordert", "erstattet")


def _link(auswahl, kennzahl: str, **gruppe) -> str:
    return reverse("auswertung:liste", args=[kennzahl]) + "?" + auswahl.query(**gruppe)


def antraege_tabelle(u) -> Tabelle:
    spalten = [Spalte("Förderperiode")] + [Spalte(k.titel, "anzahl") for k in SPALTEN_ANZAHL]
    t = Tabelle("Anträge nach Status", spalten, name="antraege")
    for z in u.perioden:
        t.zeilen.append([z.titel] + [z.werte[k.name] for k in SPALTEN_ANZAHL])
        t.links.append([None] + [_link(u.auswahl, k.name, periode=z.periode.pk) for k in SPALTEN_ANZAHL])
    t.summe = ["Summe"] + [u.summe.werte[k.name] for k in SPALTEN_ANZAHL]
    t.summe_links = [None] + [_link(u.auswahl, k.name) for k in SPALTEN_ANZAHL]
    return t


def betraege_tabelle(u) -> Tabelle:
    spalten = (
        [Spalte("Förderperiode")]
        + [Spalte(k.titel, "euro") for k in SPALTEN_BETRAG]
        + [Spalte(BUDGET_TITEL[n], "euro") for n in BUDGET_TITEL]
    )
    t = Tabelle("Beträge und Haushaltsmittel", spalten, name="betraege")
    for z in u.perioden:
        t.zeilen.append(
            [z.titel] + [z.werte[k.name] for k in SPALTEN_BETRAG] + [z.budget[n] for n in BUDGET_TITEL]
        )
        t.links.append(
            [None]
            + [_link(u.auswahl, k.name, periode=z.periode.pk) for k in SPALTEN_BETRAG]
            + [None, _link(u.auswahl, "bewilligt", periode=z.periode.pk),
               _link(u.auswahl, "vorgeschlagen_betrag", periode=z.periode.pk), None]
        )  # fmt: skip
    t.summe = ["Summe"] + [u.summe.werte[k.name] for k in SPALTEN_BETRAG] + [u.summe.budget[n] for n in BUDGET_TITEL]
    t.summe_links = [None] + [_link(u.auswahl, k.name) for k in SPALTEN_BETRAG] + [None] * len(BUDGET_TITEL)
    return t


def bezirke_tabelle(u) -> Tabelle:
    namen = ("eingegangen", "bewilligt_anzahl", *BEZIRK_BETRAEGE)
    spalten = [Spalte("Regierungsbezirk")] + [
        Spalte(f"Anträge {KENNZAHLEN[n].titel.lower()}" if not KENNZAHLEN[n].ist_betrag else KENNZAHLEN[n].titel,
               "euro" if KENNZAHLEN[n].ist_betrag else "anzahl")
        for n in namen
    ]  # fmt: skip
    t = Tabelle("Nach Regierungsbezirk", spalten, name="bezirke")
    for z in u.bezirke:
        t.zeilen.append([z.titel] + [z.werte[n] for n in namen])
        t.links.append([None] + [_link(u.auswahl, n, bezirk=z.bezirk) if z.bezirk else None for n in namen])
    t.summe = ["Summe"] + [u.summe.werte[n] for n in namen]
    t.summe_links = [None] + [_link(u.auswahl, n) for n in namen]
    return t


def liste_tabelle(kennzahl, zeilen) -> Tabelle:
    """The rows of a figure (an iterable of model rows with ``wert``) as a table with its total."""
    spalten = [Spalte("Aktenzeichen"), Spalte("Antragsteller"), Spalte("Regierungsbezirk"),
               Spalte("Förderperiode"), Spalte("Status"), Spalte("Datum", "datum")]  # fmt: skip
    if kennzahl.ist_betrag:
        spalten.append(Spalte(kennzahl.titel, "euro"))
    t = Tabelle(kennzahl.titel, spalten, name=f"liste-{kennzahl.name}")
    for objekt in zeilen:
        antrag = antrag_von(objekt)
        org = antrag.antragsteller
        bezirk = org.regierungsbezirk or (org.kreis.regierungsbezirk if org.kreis_id else "")
        zeile = [antrag.aktenzeichen, org.name, bezirk,
                 f"{antrag.foerderperiode.programmteil.nummer} – {antrag.foerderperiode.foerderjahr}",
                 antrag.get_status_display(), getattr(objekt, kennzahl.datum, None) if kennzahl.datum else None]  # fmt: skip
        if kennzahl.ist_betrag:
            zeile.append(objekt.wert)
        t.zeilen.append(zeile)
        t.links.append([reverse("antraege:pruefung_detail", args=[antrag.pk])] + [None] * (len(zeile) - 1))
    return t
