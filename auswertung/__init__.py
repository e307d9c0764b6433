"""Auswertung: the figures the ministry asks for, read-only (issue 23, DESIGN.md §14).

The top layer: imports every other app, is imported by none. See docs/auswertung.md.
"""
