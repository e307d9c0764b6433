"""Meine Aufgaben for the Bezirksregierung from the processes after the notice: changes to decide,
Verwendungsnachweise to check, refund claims to pursue, and the proposals of all three to sign.

Registered in ZuwendungenConfig.ready() through the komman.aufgaben hook. Each source is one
query per process whatever the number of rows; the Zeichnung never sees its own proposals
(four eyes, as the workflow functions enforce).
"""

from __future__ import annotations

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


def _aufgaben(qs, *, art: str, titel: str, url: str, uid: str) -> list[Aufgabe]:
    return [
        Aufgabe(
            art=art,
            titel=f"{titel} – {_seite(o.zuwendung.antrag)}",
            url=reverse(url, args=[o.pk]),
            aktenzeichen=o.zuwendung.antrag.aktenzeichen or "",
            uid=f"{uid}-{o.pk}-{o.status}",
        )
        for o in qs.select_related("zuwendung__antrag__antragsteller").only(*_FELDER).order_by("pk")
    ]


def verfahren(user) -> list[Aufgabe]:
    rollen = permissions.bezirksregierung_roles(user)
    result: list[Aufgabe] = []
    if Rolle.PRUEFUNG in rollen:
        pruefen = [AenderungStatus.EINGEREICHT, AenderungStatus.IN_PRUEFUNG]
        result += _aufgaben(
            Aenderungsantrag.objects.filter(status__in=pruefen),
            art="Änderungsantrag prüfen und entscheiden", titel="Änderung", url="zuwendungen:aenderung",
            uid="aenderung",
        )  # fmt: skip
        result += _aufgaben(
            Verwendungsnachweis.objects.filter(status__in=[VnStatus.EINGEREICHT, VnStatus.PRUEFUNG]),
            art="Verwendungsnachweis prüfen", titel="Verwendungsnachweis", url="zuwendungen:vn_seite",
            uid="vn",
        )  # fmt: skip
        result += _aufgaben(
            Rueckforderung.objects.filter(status=RF.ERFASST),
            art="Rückforderung: Widerruf einleiten oder entscheiden", titel="Rückforderung",
            url="zuwendungen:rueckforderung", uid="rueckforderung",
        )  # fmt: skip
    if Rolle.ZEICHNUNG in rollen:
        nicht_eigene = ~Q(vorgeschlagen_von=user)
        result += _aufgaben(
            Aenderungsantrag.objects.filter(Q(status=AenderungStatus.VORGESCHLAGEN) & nicht_eigene),
            art="Änderungsbescheid zeichnen", titel="Änderung", url="zuwendungen:aenderung", uid="aenderung",
        )  # fmt: skip
        result += _aufgaben(
            Verwendungsnachweis.objects.filter(Q(status=VnStatus.VORGESCHLAGEN) & nicht_eigene),
            art="Ergebnis des Verwendungsnachweises zeichnen", titel="Verwendungsnachweis",
            url="zuwendungen:vn_seite", uid="vn",
        )  # fmt: skip
        result += _aufgaben(
            Rueckforderung.objects.filter(Q(status=RF.ENTSCHEIDUNG) & nicht_eigene),
            art="Erstattungsbescheid zeichnen", titel="Rückforderung", url="zuwendungen:rueckforderung",
            uid="rueckforderung",
        )  # fmt: skip
    return result


def registrieren() -> None:
    from komman import aufgaben

    aufgaben.quelle("verfahren", fuer=permissions.is_bezirksregierung, eintraege=verfahren)
