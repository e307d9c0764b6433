"""A small rate limiter on Django's cache: at most `grenze` events per key and window.

    if gedrosselt("passwort-ip", client_ip(request), grenze=10, fenster=3600):
        ... answer 429 with a German message ...

Used by the password reset (per address and per IP) and the public accessibility feedback
(per IP). With several workers only a shared cache (CACHE_URL=db://) counts across all of
them (docs/betrieb.md); per worker the limit is at most workers × grenze.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

PRAEFIX = "komman-drossel"


def _schluessel(art: str, wert: str) -> str:
    # Hashed: keys stay short and free of characters the cache backends refuse.
    return f"{PRAEFIX}:{art}:{hashlib.sha256(str(wert).lower().encode()).hexdigest()[:32]}"


def gedrosselt(art: str, wert: str | None, *, grenze: int, fenster: int) -> bool:
    """Count one event for (art, wert); True if it is beyond `grenze` within `fenster` seconds."""
    if not getattr(settings, "KOMMAN_DROSSEL", True):
        return False  # the test suite: its client posts from one address all day
    if wert is None:
        wert = "unbekannt"
    schluessel = _schluessel(art, wert)
    if cache.add(schluessel, 1, timeout=fenster):
        return False
    try:
        anzahl = cache.incr(schluessel)
    except ValueError:  # expired between add and incr
        cache.add(schluessel, 1, timeout=fenster)
        return False
    return anzahl > grenze


def zuruecksetzen(art: str, wert: str) -> None:
    cache.delete(_schluessel(art, wert))
