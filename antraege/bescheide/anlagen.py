"""The Anlagen a Zuwendungsbescheid imposes, with the version in force on its date (VV 4.2.9).

ANBest-G to a Kommune, ANBest-P to a Träger, and the Mittelabruf and Verwendungsnachweis forms;
the snapshot records art, Fassung, source and SHA-256 of each, so the issued notice keeps
naming the text it imposed after the Administration uploads a newer Fassung.
"""

from __future__ import annotations

import datetime

from komman.models import Organisation
from programmteile.models import Anlage

A = Anlage.Art


def arten(org: Organisation) -> list[str]:
    return [A.ANBEST_G if org.ist_kommune else A.ANBEST_P, A.MITTELABRUF, A.VERWENDUNGSNACHWEIS]


def anlagen(org: Organisation, datum: datetime.date) -> list[dict]:
    """One entry per Anlage of the notice, in the order the notice lists them."""
    aktuell = Anlage.aktuelle(datum)
    eintraege = []
    for art in arten(org):
        a = aktuell.get(art)
        eintraege.append(
            {
                "art": str(art),
                "kurz": A(art).label,
                "titel": Anlage.TITEL[art],
                "id": a.pk if a else None,
                "fassung": a.fassung.isoformat() if a else "",
                "quelle": a.quelle if a else "",
                "sha256": a.sha256 if a else "",
                "muster": a.muster if a else False,
            }
        )
    return eintraege


def fehlende(org: Organisation, datum: datetime.date) -> list[str]:
    """The Anlagen of a notice to ``org`` with no Fassung in force on ``datum``, by title."""
    aktuell = Anlage.aktuelle(datum)
    return [Anlage.TITEL[art] for art in arten(org) if art not in aktuell]


def vorhanden(org: Organisation, datum: datetime.date) -> tuple[bool, str]:
    """(allowed, German reason): every Anlage the notice imposes has a Fassung in force on its
    date (VV 4.2.9: the notice names the version it makes part of it); else it is not issued."""
    fehlt = fehlende(org, datum)
    if not fehlt:
        return True, ""
    return False, (
        "Der Bescheid kann nicht erlassen werden, weil für folgende Anlagen keine am "
        f"{datum:%d.%m.%Y} geltende Fassung hinterlegt ist: {'; '.join(fehlt)}. Der Bescheid muss jede "
        "Anlage mit ihrer Fassung benennen (Nr. 4.2.9 VV zu § 44 LHO). Die Anlagen pflegt die Administration "
        "unter „Anlagen zum Bescheid“."
    )
