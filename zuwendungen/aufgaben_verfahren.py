"""Meine Aufgaben for the Bezirksregierung from the processes after the notice: changes to decide,
Verwendungsnachweise to check, refund claims to pursue, and the proposals of all three to sign.

Registered in ZuwendungenConfig.ready() through the komman.aufgaben hook: one source per process
(a queryset: the page reads a COUNT and the first rows, komman/aufgaben.py); the Zeichnung never
sees its own proposals (four eyes, as the workflow functions enforce).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from komman import permissions
from komman.aufgaben import Aufgabe
from komman.models import Rolle
from zuwendungen.models import (
    Aenderungsantrag,
    AenderungStatus,
    Rueckforderung,
    Verwendungsnachweis,
    VnStatus,
)

RF = Rueckforderung.Status
# What a task row reads (a reviewer's list holds every open case in NRW: no JSON columns, no
# texts of the VN or the claim loaded for it).
_ANTRAG = "zuwendung__antrag__"
_FELDER = ("status", "zuwendung__id", f"{_ANTRAG}id", f"{_ANTRAG}aktenzeichen", f"{_ANTRAG}antragsteller__art",
           f"{_ANTRAG}antragsteller__kommunentyp", f"{_ANTRAG}antragsteller__name")  # fmt: skip


def _seite(antrag) -> str:
    return f"{antrag.aktenzeichen or f'Antrag {antrag.pk}'} – {antrag.antragsteller}"


@dataclass(frozen=True)
class Prozess:
    model: Any
    titel: str  # the case in a row: "Änderung – Az. … – Stadt …"
    url: str
    uid: str
    pruefen: dict  # status: what the Prüfung does
    zeichnen: dict  # status: what the Zeichnung does (never on its own proposal)


PROZESSE = {
    "aenderungen": Prozess(
        Aenderungsantrag, "Änderung", "zuwendungen:aenderung", "aenderung",
        {s: "Änderungsantrag prüfen und entscheiden" for s in (AenderungStatus.EINGEREICHT, AenderungStatus.IN_PRUEFUNG)},
        {AenderungStatus.VORGESCHLAGEN: "Änderungsbescheid zeichnen"},
    ),
    "verwendungsnachweise": Prozess(
        Verwendungsnachweis, "Verwendungsnachweis", "zuwendungen:vn_seite", "vn",
        {s: "Verwendungsnachweis prüfen" for s in (VnStatus.EINGEREICHT, VnStatus.PRUEFUNG)},
        {VnStatus.VORGESCHLAGEN: "Ergebnis des Verwendungsnachweises zeichnen"},
    ),
    "rueckforderungen": Prozess(
        Rueckforderung, "Rückforderung", "zuwendungen:rueckforderung", "rueckforderung",
        {RF.ERFASST: "Rückforderung: Widerruf einleiten oder entscheiden"},
        {RF.ENTSCHEIDUNG: "Erstattungsbescheid zeichnen"},
    ),
}  # fmt: skip


def _abfrage(p: Prozess):
    def abfrage(user, alle: bool = False):
        rollen = permissions.bezirksregierung_roles(user)
        bedingung = Q(pk__in=[])
        if Rolle.PRUEFUNG in rollen:
            bedingung |= Q(status__in=list(p.pruefen))
        if Rolle.ZEICHNUNG in rollen:
            bedingung |= Q(status__in=list(p.zeichnen)) & ~Q(vorgeschlagen_von=user)
        qs = p.model.objects.filter(bedingung).select_related("zuwendung__antrag__antragsteller")
        return qs.only(*_FELDER).order_by("pk")

    return abfrage


def _zeile(p: Prozess):
    schritte = {**p.pruefen, **p.zeichnen}

    def zeile(o) -> Aufgabe:
        return Aufgabe(
            art=schritte[o.status],
            titel=f"{p.titel} – {_seite(o.zuwendung.antrag)}",
            url=reverse(p.url, args=[o.pk]),
            aktenzeichen=o.zuwendung.antrag.aktenzeichen or "",
            uid=f"{p.uid}-{o.pk}-{o.status}",
        )

    return zeile


_TITEL = {"aenderungen": "Änderungsanträge", "verwendungsnachweise": "Verwendungsnachweise",
          "rueckforderungen": "Rückforderungen"}  # fmt: skip


def registrieren() -> None:
    from komman import aufgaben

    def fuer(user) -> bool:
        return bool({Rolle.PRUEFUNG, Rolle.ZEICHNUNG} & set(permissions.bezirksregierung_roles(user)))

    for name, p in PROZESSE.items():
        aufgaben.quelle(
            name,
            titel=_TITEL[name],
            fuer=fuer,
            abfrage=_abfrage(p),
            zeile=_zeile(p),
            reihenfolge="die ältesten zuerst",
            datiert=False,
        )
