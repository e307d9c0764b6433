"""The grant after the notice (DESIGN.md §14): Zuwendung and its processes.

Imports antraege, programmteile and komman; none of them imports this app. Every amount and
date comes from ``programmteile.rules`` (the Zuwendungsrechner, DOMAIN.md §4a).
"""
