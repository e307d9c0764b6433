"""The daily run (`manage.py fristen`): system transitions and reminders, step by step.

Each process registers its steps with ``@schritt("name")`` in its own module, imported by
``ZuwendungenConfig.ready()``. A step takes the reference day and returns how many things it
did; it must be idempotent (a second run on the same day does nothing, a crashed run can
simply start again — healthchecks' Flip pattern, DESIGN.md §14), so each step commits its
own work item by item and never relies on having run yesterday.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

Schritt = Callable[[datetime.date], int]

SCHRITTE: dict[str, Schritt] = {}


def schritt(name: str, *, vor: str | None = None) -> Callable[[Schritt], Schritt]:
    """Register a daily step under a stable name (shown in the run's output); ``vor`` runs it
    before an (already registered) other step, e.g. closing deadlines before missed ones are
    marked versäumt."""

    def registrieren(funktion: Schritt) -> Schritt:
        if SCHRITTE.get(name, funktion) is not funktion:
            raise ValueError(f"Schritt {name!r} ist schon registriert.")
        if vor is None or vor not in SCHRITTE or name in SCHRITTE:
            SCHRITTE[name] = funktion
            return funktion
        neu = {}
        for n, f in SCHRITTE.items():
            if n == vor:
                neu[name] = funktion
            neu[n] = f
        SCHRITTE.clear()
        SCHRITTE.update(neu)
        return funktion

    return registrieren


def lauf(heute: datetime.date) -> dict[str, int]:
    """Run every registered step in registration order; {name: things done}."""
    return {name: funktion(heute) for name, funktion in SCHRITTE.items()}
