"""The start page's sections, filled in by the apps whose data they show.

komman knows people and organisations only; what a person sees on the start page comes
from the apps above it. Each app registers its sections in its AppConfig.ready():

    startseite.bereich("bezirksregierung", fuer=is_bezirksregierung, inhalt=bezirksregierung)

`fuer(user)` decides whether the section is shown, `inhalt(user)` computes it; the result
is put into the template context of komman/start.html under the section's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Bereich:
    name: str
    fuer: Callable[[Any], bool]
    inhalt: Callable[[Any], Any]


_BEREICHE: dict[str, Bereich] = {}


def bereich(name: str, *, fuer: Callable[[Any], bool], inhalt: Callable[[Any], Any]) -> None:
    """Register (or replace) the section `name`; called from an AppConfig.ready()."""
    _BEREICHE[name] = Bereich(name, fuer, inhalt)


def bereiche() -> list[Bereich]:
    return list(_BEREICHE.values())


def kontext(user) -> dict[str, Any]:
    """The sections this user sees, by name."""
    return {b.name: b.inhalt(user) for b in _BEREICHE.values() if b.fuer(user)}
