"""The grant after the notice (DESIGN.md §14): Zuwendung and its processes.

Imports antraege, programmteile and komman; none of them imports this app. Every amount and
date comes from ``programmteile.rules`` (the Zuwendungsrechner, DOMAIN.md §4a).
"""


def kennzahlen(zuwendungen_qs, **kwargs):
    """Granted, called, paid, open and the next deadlines per Zuwendung (zuwendungen.uebersicht)."""
    from zuwendungen.uebersicht import kennzahlen as berechnen

    return berechnen(zuwendungen_qs, **kwargs)
