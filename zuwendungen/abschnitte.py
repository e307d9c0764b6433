"""Sections of the grant's page, one per process (Änderungen, Verwendungsnachweis, Rückforderung …).

A process registers its section in its own module (imported by ``ZuwendungenConfig.ready()``)::

    @abschnitt("aenderungen", vorlage="zuwendungen/abschnitte/aenderungen.html")
    def aenderungen(request, zuwendung) -> dict | None:
        return {"aenderungen": ...}      # None hides the section

so the detail view and its template never change when a process is added. Each context
function must run a constant number of queries (the query-count guard renders the page).

Relations that several sections show (the grant's claims with their payments, its deadlines)
are loaded once for all of them before the first section runs (``GEMEINSAM``); a section
reads them with ``zuwendung.<relation>.all()`` and filters in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Abschnitt:
    name: str
    vorlage: str
    kontext: Callable


ABSCHNITTE: dict[str, Abschnitt] = {}


def abschnitt(name: str, *, vorlage: str) -> Callable[[Callable], Callable]:
    def registrieren(kontext: Callable) -> Callable:
        if name in ABSCHNITTE and ABSCHNITTE[name].kontext is not kontext:
            raise ValueError(f"Abschnitt {name!r} ist schon registriert.")
        ABSCHNITTE[name] = Abschnitt(name, vorlage, kontext)
        return kontext

    return registrieren


def gemeinsam() -> list:
    """The relations read by more than one section, one query each (in the order shown)."""
    from django.db.models import Prefetch

    from zuwendungen.models import Frist, Rueckforderung, Zahlungseingang

    zahlungen = Prefetch("zahlungen", queryset=Zahlungseingang.objects.order_by("eingang_am", "pk"))
    return [
        Prefetch(
            "rueckforderungen",
            queryset=Rueckforderung.objects.prefetch_related(zahlungen).order_by("erfasst_am", "pk"),
        ),
        Prefetch("fristen", queryset=Frist.objects.order_by("faellig_am", "pk")),
    ]


def fuer(request, zuwendung) -> list[dict]:
    """[{"vorlage": …, **kontext}] of every section that has something to show, in order."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([zuwendung], *gemeinsam())
    ergebnis = []
    for a in ABSCHNITTE.values():
        kontext = a.kontext(request, zuwendung)
        if kontext is not None:
            ergebnis.append({"vorlage": a.vorlage, "kontext": kontext})
    return ergebnis
