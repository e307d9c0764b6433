"""The grant's history on its page (issue 19 item 5): the notice and each change as a timeline,
the figures valid on any date, and which notice each payout relied on.

The original notice is the Antrag's Zuwendungsbescheid (``Antrag.zuwendung``, its Dokument's
date); every change is an ``Aenderungsantrag`` row. A change's figures are in force from the
day it became final (``bestandskraeftig_am``): from then on ``Zuwendung.bewilligt`` holds them
and the payout checks read them. Registered as the section "aenderungen" of the grant's page
(zuwendungen.abschnitte); a constant number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from antraege.models import Dokument
from zuwendungen.abschnitte import abschnitt
from zuwendungen.models import Aenderungsantrag, AenderungStatus, Buchung, Zuwendung

St = AenderungStatus


@dataclass(frozen=True)
class Fassung:
    """One notice the grant's figures rest on: the original (nummer 0) or an Änderungsbescheid."""

    nummer: int
    titel: str
    datum: datetime.date | None
    gilt_ab: datetime.date | None
    bewilligt: Decimal
    bis: datetime.date


def fassungen(zuwendung: Zuwendung, aenderungen: list[Aenderungsantrag] | None = None) -> list[Fassung]:
    """The original notice and every final, not refused change, oldest first."""
    bescheid = (
        Dokument.objects.filter(antrag_id=zuwendung.antrag_id, art=Dokument.Art.ZUWENDUNGSBESCHEID)
        .order_by("-erstellt_am", "-pk")
        .values_list("erstellt_am", flat=True)
        .first()
    )
    if aenderungen is None:
        aenderungen = list(zuwendung.aenderungen.order_by("nummer"))
    final = [a for a in aenderungen if a.status == St.BESTANDSKRAEFTIG and a.ergebnis != a.Ergebnis.ABGELEHNT]
    # the original figures: the Antrag's granted amount; its period as the first change found it
    erste = aenderungen[0] if aenderungen else None
    ursprung = Fassung(
        0, "Zuwendungsbescheid", bescheid.date() if bescheid else None, zuwendung.bestandskraeftig_am,
        zuwendung.antrag.zuwendung or (erste.bewilligt_vorher if erste else zuwendung.bewilligt),
        erste.bis_vorher if erste else zuwendung.bewilligungszeitraum_bis,
    )  # fmt: skip
    return [ursprung] + [
        Fassung(a.nummer, f"Änderungsbescheid Nr. {a.nummer}", a.bescheid_am, a.bestandskraeftig_am, a.neu_bewilligt, a.neu_bis)
        for a in final
    ]  # fmt: skip


def gueltig_am(liste: list[Fassung], tag: datetime.date) -> Fassung:
    """The notice in force on ``tag`` (the original before its Bestandskraft too)."""
    gueltig = liste[0]
    for f in liste[1:]:
        if f.gilt_ab is not None and f.gilt_ab <= tag:
            gueltig = f
    return gueltig


def _tag(request) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get("stand_am", ""))
    except ValueError:
        return None


@abschnitt("aenderungen", vorlage="zuwendungen/abschnitte/aenderungen.html")
def aenderungen_abschnitt(request, zuwendung: Zuwendung) -> dict:
    from zuwendungen.workflow.aenderung import can_anlegen

    aenderungen = list(zuwendung.aenderungen.order_by("nummer"))
    liste = fassungen(zuwendung, aenderungen)
    auszahlungen = Buchung.objects.filter(zuwendung=zuwendung, art=Buchung.Art.AUSZAHLUNG).order_by("gebucht_am", "pk")
    tag = _tag(request)
    return {
        "aenderungen": aenderungen,
        "fassungen": liste,
        "auszahlungen": [(b, gueltig_am(liste, b.gebucht_am)) for b in auszahlungen],
        "stand_am": tag,
        "gueltig": gueltig_am(liste, tag) if tag else None,
        "anlegen": can_anlegen(request.user, zuwendung),
    }
