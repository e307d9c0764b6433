"""Long lists: counts that are not recounted on every request, and fast far pages.

With 100,000 Anträge a COUNT over the reviewer queue or the counts per status take
15–60 ms on two cores, more than all the rest of the page (docs/leistung.md). So counts are
kept in Django's cache under the query's SQL plus a *stand*: the highest Antrag id and the
highest Statuswechsel id (two index lookups in one query, well under a millisecond; the
antraege app registers it with `stand_quelle`, komman knows no other app). Every
new Antrag and every state change therefore shows at once; a change of another field that
a filter reads (e.g. the responsible reviewer) shows after at most
KOMMAN_ZAEHLUNG_SEKUNDEN (default 60; 0 switches the cache off, as the tests do).

`Seiten` is Django's Paginator with that count, and it reads pages in the back half of a
list from the other end (reversed ordering, small OFFSET), so the last page costs what the
first costs. The ordering must be total (end with the primary key), as all our lists are.
`seite_lesen` is how a list view uses it: the page of `?seite=` (bad numbers give the first or
last page, never an error) and the other parameters for the page links, so filters stay set.

The rows of a long list are plain values, and their cells are built in Python (`e`, `verweis`,
`betrag`, `tag`), as Django's admin builds its change list: a row template with a {% url %}
and a few filters per cell costs more than the query (docs/leistung.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from komman.formate import datum, euro

T = TypeVar("T")


def merkdauer() -> int:
    """Seconds a remembered count or lookup is kept at most (0: nothing is remembered)."""
    return getattr(settings, "KOMMAN_ZAEHLUNG_SEKUNDEN", 60)


# What the list state is made of: one function per app whose rows the remembered counts read
# (antraege registers the highest Antrag and Statuswechsel ids in its AppConfig.ready()).
_STAND_QUELLEN: list[Callable[[], str]] = []


def stand_quelle(quelle: Callable[[], str]) -> Callable[[], str]:
    """Register a part of stand(); called from an AppConfig.ready()."""
    if quelle not in _STAND_QUELLEN:
        _STAND_QUELLEN.append(quelle)
    return quelle


def stand() -> str:
    """Changes with every new Antrag and every Statuswechsel (whatever the apps registered)."""
    return "|".join(quelle() for quelle in _STAND_QUELLEN)


def gemerkt(
    queryset,
    berechnen: Callable[[], T],
    *,
    art: str = "anzahl",
    zusatz: str = "",
    beim_stand: str | None = None,
    frage: str | None = None,
) -> T:
    """berechnen() once per query and stand; `queryset` only names the question.

    `zusatz`: anything else the result depends on and the stand does not see (e.g. budgets).
    `beim_stand`: a stand() the caller already read in this request (one query less).
    `frage`: the question in words instead of the query's SQL, for hot pages: compiling a
    query with subqueries costs about a millisecond (the reviewer queue names user and filters).
    """
    sekunden = merkdauer()
    if sekunden <= 0:
        return berechnen()
    if frage is None:
        sql, params = queryset.query.sql_with_params()
        frage = f"{sql}|{params!r}"
    schluessel = hashlib.sha256(f"{art}|{frage}|{zusatz}|{beim_stand or stand()}".encode()).hexdigest()
    return cache.get_or_set(f"komman:zaehlung:{schluessel}", berechnen, sekunden)


def anzahl(queryset, beim_stand: str | None = None, frage: str | None = None) -> int:
    return gemerkt(queryset, queryset.count, beim_stand=beim_stand, frage=frage)


class Seiten(Paginator):
    """Paginator with a remembered count; back-half pages are read from the other end."""

    def __init__(self, *args, beim_stand: str | None = None, frage: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.beim_stand, self.frage = beim_stand, frage

    @cached_property
    def count(self) -> int:
        return anzahl(self.object_list, self.beim_stand, self.frage)

    def page(self, number):
        number = self.validate_number(number)
        unten = (number - 1) * self.per_page
        oben = unten + self.per_page
        if oben + self.orphans >= self.count:
            oben = self.count
        if unten <= self.count // 2 or not getattr(self.object_list, "ordered", False):
            return super().page(number)
        # Rows unten..oben from the front are rows count-oben..count-unten from the back.
        rueckwaerts = self.object_list.reverse()[self.count - oben : self.count - unten]
        return self._get_page(list(rueckwaerts)[::-1], number, self)


def seite_lesen(
    request, zeilen, *, frage: str, pro_seite: int = 50, beim_stand: str | None = None, zaehlt_nicht=()
):
    """The page `?seite=` of a long list and the query string of its other parameters.

    `zeilen`: a totally ordered queryset (plain values, as the lists read them). `frage`: who
    asks (the person, whatever else decides what they see); the parameters of the request
    (without `seite` and those in `zaehlt_nicht`, e.g. a sort order) are added to it, so the
    remembered count is one per person and filter. The query string (without `seite`) goes
    into the page links of partials/seiten.html, so paging keeps the filters.
    """
    werte = sorted((k, request.GET.getlist(k)) for k in request.GET if k != "seite" and k not in zaehlt_nicht)
    seite = Seiten(zeilen, pro_seite, beim_stand=beim_stand, frage=f"{frage}|{werte!r}").get_page(
        request.GET.get("seite")
    )
    parameter = request.GET.copy()
    parameter.pop("seite", None)
    return seite, parameter.urlencode()


# --- cells of plain rows --------------------------------------------------------------------------


def e(text) -> str:
    """Escaped for HTML, like Django's escape without its lazy wrapper (None is empty)."""
    return "" if text is None else escape(str(text), quote=True)


_PLATZHALTER = 987654321


def verweis(name: str) -> Callable[[int], str]:
    """pk -> reverse(name, args=[pk]): reversed once per list, not once per row."""
    vor, nach = reverse(name, args=[_PLATZHALTER]).split(str(_PLATZHALTER))
    return lambda pk: f"{vor}{int(pk):d}{nach}"


def betrag(wert: Decimal | None) -> str:
    """1.234,56 € (komman.formate.euro); empty for None."""
    return euro(wert) if wert is not None else ""


def tag(wert: date | datetime | None) -> str:
    """31.12.2026; a point in time on its local day, as the |datum filter shows it."""
    if isinstance(wert, datetime):
        wert = timezone.localtime(wert)
    return datum(wert) if wert else ""
