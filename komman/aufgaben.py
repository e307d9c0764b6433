"""Meine Aufgaben: what waits on a user, across every process, filled in by the apps.

komman knows people and organisations only; the things that wait come from the apps above it.
Each app registers its sources in its AppConfig.ready() (docs/architektur.md, "Haken"), in one
of two forms:

    aufgaben.quelle("zeichnung", titel="Anträge zeichnen", fuer=ist_zeichnung,
                    abfrage=zu_zeichnen, zeile=als_aufgabe)
    aufgaben.quelle("postausgang", fuer=ist_admin, eintraege=gescheiterte_mails)

``fuer(user)`` decides cheaply (from the memberships already loaded) whether the source applies.
A source that can grow with the data (a reviewer's sources hold thousands of rows at 100,000
Anträge) gives ``abfrage(user, alle)``: a queryset in the page's order (earliest due day first,
undated last, ending with the primary key), with ``alle=False`` only what the page lists, with
``alle=True`` also what only the calendar shows; ``zeile(obj)`` makes one ``Aufgabe`` of a row.
The page then reads per source a COUNT and the first few rows (``uebersicht``), a source's full
list page by page (``seiten``), and the navigation the sum of the COUNTs (``anzahl``): a fixed
number of queries whatever the number of rows (tests/test_abfragen.py). A small source may
instead give ``eintraege(user)``, a list of every ``Aufgabe`` in a fixed number of queries.
Optional: ``titel`` (the section's heading), ``liste`` (URL name of the process's own queue),
``reihenfolge`` (the order in words), ``datiert=False`` (never a due day: the calendar skips it),
``beim_stand=True`` (changes only with a new Antrag or Statuswechsel: remembered until then).

The navigation's count is remembered per user for ``MERKEN`` seconds (``vergessen(user)`` after
a change that the user made themselves, e.g. a new Wiedervorlage; the page refreshes it).

An ``Aufgabe`` with a ``uid`` also appears in the user's calendar feed (komman/kalender.py):
its ``titel`` must therefore name the step and the case only (Aktenzeichen, kind of deadline),
never a person; free text such as a Wiedervorlage's note goes into ``notiz``, which only the
page shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from django.core.cache import cache

MERKEN = 60  # seconds the navigation's count is remembered per user
JE_QUELLE = 5  # entries per source on the overview page; the rest is one link away
JE_SEITE = 50  # entries per page of one source's full list


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


def _gelistet(a: Aufgabe, heute: datetime.date) -> bool:
    return not a.nur_kalender and (a.sichtbar_ab is None or a.sichtbar_ab <= heute)


@dataclass(frozen=True)
class Quelle:
    name: str
    fuer: Callable[[Any], bool]
    eintraege_: Callable[[Any], list[Aufgabe]] | None = None
    abfrage: Callable[..., Any] | None = None  # abfrage(user, alle) -> ordered QuerySet
    zeile: Callable[[Any], Aufgabe] | None = None
    titel: str = "Weitere Aufgaben"  # the section's heading on the page
    liste: str = ""  # URL name of the process's own list of these tasks (its queue), if any
    reihenfolge: str = "die früheste Fälligkeit zuerst, Aufgaben ohne Datum danach"  # said on the page
    datiert: bool = True  # False: its entries never have a due day (the calendar feed skips it)
    # True: its rows change only with a new Antrag or a Statuswechsel (komman.seiten.stand), so the
    # overview remembers its count and first rows until then, as the reviewer queue its counts.
    beim_stand: bool = False

    def _mit_namen(self, a: Aufgabe) -> Aufgabe:
        return a if a.quelle else replace(a, quelle=self.name)

    def _gelistete(self, user) -> list[Aufgabe]:
        heute = _heute()
        return sorted((a for a in self.eintraege(user, alle=True) if _gelistet(a, heute)), key=_sortierung)

    def eintraege(self, user, *, alle: bool = False) -> list[Aufgabe]:
        """Every entry (with ``alle`` also the calendar's), in the source's order."""
        if self.abfrage is None:
            heute = _heute()
            return [self._mit_namen(a) for a in self.eintraege_(user) if alle or _gelistet(a, heute)]
        return [self._mit_namen(self.zeile(o)) for o in self.abfrage(user, alle)]

    def anzahl(self, user) -> int:
        """How many entries the page lists: one COUNT query (a small source counts its list)."""
        if self.abfrage is None:
            return len(self._gelistete(user))
        return self.abfrage(user, False).count()

    def ausschnitt(self, user, von: int, bis: int) -> list[Aufgabe]:
        """Entries von..bis of the page's list: one query (LIMIT/OFFSET) for a queryset source."""
        if self.abfrage is None:
            return self._gelistete(user)[von:bis]
        return [self._mit_namen(self.zeile(o)) for o in self.abfrage(user, False)[von:bis]]


_QUELLEN: dict[str, Quelle] = {}


def quelle(
    name: str,
    *,
    fuer: Callable[[Any], bool],
    eintraege: Callable[[Any], list[Aufgabe]] | None = None,
    abfrage: Callable[..., Any] | None = None,
    zeile: Callable[[Any], Aufgabe] | None = None,
    titel: str = "Weitere Aufgaben",
    liste: str = "",
    reihenfolge: str = "",
    datiert: bool = True,
    beim_stand: bool = False,
) -> None:
    """Register (or replace) the source ``name``; called from an AppConfig.ready()."""
    if (eintraege is None) == (abfrage is None) or (abfrage is not None and zeile is None):
        raise ValueError("A source gives either eintraege, or abfrage and zeile.")
    _QUELLEN[name] = Quelle(
        name,
        fuer,
        eintraege,
        abfrage,
        zeile,
        titel,
        liste,
        reihenfolge or Quelle.reihenfolge,
        datiert,
        beim_stand,
    )


def quellen() -> list[Quelle]:
    return list(_QUELLEN.values())


def _heute() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def _sortierung(a: Aufgabe) -> tuple:
    return (a.faellig_am is None, a.faellig_am or datetime.date.max, a.art, a.titel)


def _meine(user) -> list[Quelle]:
    if not user.is_authenticated or not user.is_active:
        return []
    return [q for q in _QUELLEN.values() if q.fuer(user)]


def aufgaben(user, *, alle: bool = False) -> list[Aufgabe]:
    """Everything that waits on ``user``, earliest due day first, undated at the end; with
    ``alle`` also what is only due later (``sichtbar_ab``: a Wiedervorlage) and what is a date to
    know rather than a step (``nur_kalender``), for the calendar. Every row of every source: for
    the calendar and the tests; the page reads ``uebersicht`` and ``seiten``."""
    gesammelt = [a for q in _meine(user) for a in q.eintraege(user, alle=alle)]
    return sorted(gesammelt, key=_sortierung)


def termine(user) -> list[Aufgabe]:
    """The calendar's entries: every dated entry with a ``uid``, also those only due later and
    those to know only (the Klagefrist); sources without due days are not read at all (a
    reviewer's queue holds thousands of undated entries)."""
    return sorted(
        (
            a
            for q in _meine(user)
            if q.datiert
            for a in q.eintraege(user, alle=True)
            if a.faellig_am is not None and a.uid
        ),
        key=_sortierung,
    )


@dataclass(frozen=True)
class Gruppe:
    """One source on the overview page: its count, its most urgent entries, where the rest is."""

    quelle: Quelle
    anzahl: int
    eintraege: list[Aufgabe]

    @property
    def titel(self) -> str:
        return self.quelle.titel

    @property
    def name(self) -> str:
        return self.quelle.name

    @property
    def weitere(self) -> int:
        return self.anzahl - len(self.eintraege)

    @property
    def beschriftung(self) -> str:
        from komman import formate

        if self.weitere:
            return f"{self.titel}: die {len(self.eintraege)} dringendsten von {formate.anzahl(self.anzahl, 'Aufgabe', 'Aufgaben')}"
        return f"{self.titel}: {formate.anzahl(self.anzahl, 'Aufgabe', 'Aufgaben')}"


def _anzahl_und_erste(q: Quelle, user, je: int) -> tuple[int, list[Aufgabe]]:
    n = q.anzahl(user)
    return n, q.ausschnitt(user, 0, je) if n else []


def _zaehlen(quellen: list[Quelle], user) -> dict[str, int]:
    """The COUNTs of several queryset sources in one query (a scalar subquery each)."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    teile, params, namen, ergebnis = [], [], [], {}
    for q in quellen:
        try:
            sql, p = q.abfrage(user, False).order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a condition that matches nothing (e.g. no role that acts)
            ergebnis[q.name] = 0
            continue
        teile.append(f"(SELECT COUNT(*) FROM ({sql}) AS t{len(teile)})")  # noqa: S608 (Django's own SQL)
        params.extend(p)
        namen.append(q.name)
    if teile:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(teile), params)
            ergebnis.update(zip(namen, cursor.fetchone(), strict=True))
    return ergebnis


def uebersicht(user, *, je: int = JE_QUELLE) -> list[Gruppe]:
    """Per source with entries: the count and the ``je`` most urgent entries. The counts of the
    queryset sources in one query, then one query per source with entries. Refreshes the
    navigation's count with the sum, so the page and the badge agree."""
    from komman import seiten

    meine = _meine(user)
    merken = seiten.merkdauer() > 0
    gezaehlt = _zaehlen([q for q in meine if q.abfrage and not (q.beim_stand and merken)], user)
    gruppen = []
    stand = None
    for q in meine:
        if q.abfrage is None:  # a small source: its list once, counted in Python
            liste = q._gelistete(user)
            n, erste = len(liste), liste[:je]
        elif q.name in gezaehlt:
            n = gezaehlt[q.name]
            erste = q.ausschnitt(user, 0, je) if n else []
        else:  # remembered until the next Antrag or Statuswechsel
            stand = stand or seiten.stand()
            n, erste = seiten.gemerkt(
                None, partial(_anzahl_und_erste, q, user, je), art="aufgaben",
                frage=f"{q.name}|{user.pk}|{je}", beim_stand=stand,
            )  # fmt: skip
        if n:
            gruppen.append(Gruppe(q, n, erste))
    # The most urgent first: by the earliest due day a source shows, undated sources after them
    # in the order they were registered (sorted() keeps it).
    gruppen.sort(key=lambda g: _sortierung(g.eintraege[0])[:2] if g.eintraege else (True, datetime.date.max))
    cache.set(_schluessel(user), sum(g.anzahl for g in gruppen), MERKEN)
    return gruppen


class _Liste:
    """One source's list for Django's Paginator: a COUNT and one LIMIT/OFFSET query per page."""

    def __init__(self, q: Quelle, user):
        self.q, self.user = q, user

    def count(self) -> int:
        return self.q.anzahl(self.user)

    def __getitem__(self, teil: slice) -> list[Aufgabe]:
        return self.q.ausschnitt(self.user, teil.start or 0, teil.stop)


def quelle_fuer(user, name: str) -> Quelle | None:
    """The source ``name`` if it applies to ``user`` (else None: the page answers 404)."""
    q = _QUELLEN.get(name)
    return q if q is not None and user.is_authenticated and user.is_active and q.fuer(user) else None


def seiten(q: Quelle, user):
    """Django's Paginator over one source: a COUNT and one LIMIT/OFFSET query per page."""
    from django.core.paginator import Paginator

    return Paginator(_Liste(q, user), JE_SEITE)


def _schluessel(user) -> str:
    return f"aufgaben|{user.pk}|{_heute().isoformat()}"


def anzahl(user) -> int:
    """The count in the navigation: the sum of the sources' counts, remembered for ``MERKEN``
    seconds (one query for the queryset sources, one per small source)."""
    if not user.is_authenticated:
        return 0
    schluessel = _schluessel(user)
    gemerkt = cache.get(schluessel)
    if gemerkt is None:
        meine = _meine(user)
        gezaehlt = _zaehlen([q for q in meine if q.abfrage], user)
        gemerkt = sum(gezaehlt.values()) + sum(q.anzahl(user) for q in meine if not q.abfrage)
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
