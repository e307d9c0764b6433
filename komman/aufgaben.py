"""Meine Aufgaben: what waits on a user, across every process, filled in by the apps.

komman knows people and organisations only; the things that wait come from the apps above it.
Each app registers its sources in its AppConfig.ready() (docs/architektur.md, "Haken"):

    aufgaben.quelle("zu_zeichnen", fuer=ist_zeichnung, eintraege=zu_zeichnen)

``fuer(user)`` decides cheaply (from the memberships already loaded) whether the source applies,
``eintraege(user)`` returns a list of ``Aufgabe`` in a fixed number of queries, whatever the
number of rows (tests/test_abfragen.py). The page sorts everything by due day, undated last; the
navigation shows the count, remembered per user for ``MERKEN`` seconds (``vergessen(user)``
after a change that the user made themselves, e.g. a new Wiedervorlage).

An ``Aufgabe`` with a ``uid`` also appears in the user's calendar feed (komman/kalender.py):
its ``titel`` must therefore name the step and the case only (Aktenzeichen, kind of deadline),
never a person; free text such as a Wiedervorlage's note goes into ``notiz``, which only the
page shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache

MERKEN = 60  # seconds the navigation's count is remembered per user


@dataclass(frozen=True)
class Aufgabe:
    art: str  # what to do, for the page: "Antrag zeichnen", "Nachforderung beantworten"
    titel: str  # the case: "Az. III-2026-0001 – Stadt Dortmund" (no person's name)
    url: str
    faellig_am: datetime.date | None = None
    aktenzeichen: str = ""
    notiz: str = ""  # shown on the page only, never in the calendar feed
    uid: str = ""  # stable identifier for the calendar feed; "" keeps it out of the feed
    quelle: str = ""  # set by aufgaben(): the registered source's name
    sichtbar_ab: datetime.date | None = None  # listed and counted from this day on (calendar: always)
    nur_kalender: bool = False  # a date to know, not a step to take (the Klagefrist): calendar only

    @property
    def ueberfaellig(self) -> bool:
        return self.faellig_am is not None and self.faellig_am < _heute()


@dataclass(frozen=True)
class Quelle:
    name: str
    fuer: Callable[[Any], bool]
    eintraege: Callable[[Any], list[Aufgabe]]


_QUELLEN: dict[str, Quelle] = {}


def quelle(name: str, *, fuer: Callable[[Any], bool], eintraege: Callable[[Any], list[Aufgabe]]) -> None:
    """Register (or replace) the source ``name``; called from an AppConfig.ready()."""
    _QUELLEN[name] = Quelle(name, fuer, eintraege)


def quellen() -> list[Quelle]:
    return list(_QUELLEN.values())


def _heute() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def _sortierung(a: Aufgabe) -> tuple:
    return (a.faellig_am is None, a.faellig_am or datetime.date.max, a.art, a.titel)


def aufgaben(user, *, alle: bool = False) -> list[Aufgabe]:
    """Everything that waits on ``user``, earliest due day first, undated at the end; with
    ``alle`` also what is only due later (``sichtbar_ab``: a Wiedervorlage) and what is a date to
    know rather than a step (``nur_kalender``), for the calendar."""
    if not user.is_authenticated or not user.is_active:
        return []
    heute = _heute()
    gesammelt: list[Aufgabe] = []
    for q in _QUELLEN.values():
        if q.fuer(user):
            gesammelt.extend(
                a if a.quelle else replace(a, quelle=q.name)
                for a in q.eintraege(user)
                if alle or (not a.nur_kalender and (a.sichtbar_ab is None or a.sichtbar_ab <= heute))
            )
    return sorted(gesammelt, key=_sortierung)


def _schluessel(user) -> str:
    return f"aufgaben|{user.pk}|{_heute().isoformat()}"


def anzahl(user) -> int:
    """The count in the navigation: len(aufgaben(user)), remembered for ``MERKEN`` seconds."""
    if not user.is_authenticated:
        return 0
    schluessel = _schluessel(user)
    gemerkt = cache.get(schluessel)
    if gemerkt is None:
        gemerkt = len(aufgaben(user))
        cache.set(schluessel, gemerkt, MERKEN)
    return gemerkt


def vergessen(user) -> None:
    """Drop the remembered count (after the user changed something of their own)."""
    cache.delete(_schluessel(user))


# --- komman's own source: the Administration's failed mails (registered in KommanConfig.ready()) ---


def gescheiterte_mails(user) -> list[Aufgabe]:
    from django.urls import reverse

    from komman.hintergrund.models import Mail

    anzahl = Mail.objects.filter(status=Mail.Status.AUFGEGEBEN).count()
    if not anzahl:
        return []
    return [
        Aufgabe(
            art="Postausgang prüfen",
            titel=f"{anzahl} E-Mail{'' if anzahl == 1 else 's'} nicht zugestellt (aufgegeben)",
            url=reverse("postausgang"),
        )
    ]
