"""The grant's processes after the notice: one function per transition, by topic.

Import the package (``from zuwendungen import workflow``): it re-exports every public name.
"""

from zuwendungen.workflow.mittelabruf import (
    AbrufFehler,
    abruf_ablehnen,
    abruf_anlegen,
    abruf_einreichen,
    abruf_freigeben,
    abruf_speichern,
    abruf_zurueckgeben,
    abruf_zurueckziehen,
    als_bezahlt_melden,
    als_bezahlt_melden_liste,
    auszahlung_zeichnen,
    freigabe_hoechstens,
)
from zuwendungen.workflow.pruefung_abruf import Abrufdaten, Fehler, eingabe_pruefen, regelpruefung

__all__ = [
    "AbrufFehler",
    "Abrufdaten",
    "Fehler",
    "abruf_ablehnen",
    "abruf_anlegen",
    "abruf_einreichen",
    "abruf_freigeben",
    "abruf_speichern",
    "abruf_zurueckgeben",
    "abruf_zurueckziehen",
    "als_bezahlt_melden",
    "als_bezahlt_melden_liste",
    "auszahlung_zeichnen",
    "eingabe_pruefen",
    "freigabe_hoechstens",
    "regelpruefung",
]
