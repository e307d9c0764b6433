"""The change process of a final grant (issue 19): Änderungsantrag, Anhörung, decision with four
eyes, Änderungsbescheid, its Bekanntgabe and Bestandskraft, and the money that follows.

Modules: kern (transition table ``UEBERGAENGE``, permission ``darf``, lock, state change),
rechnung (every figure from programmteile.rules), antrag (the recipient's steps),
entscheidung (the authority's steps), bestandskraft (Bekanntgabe, Verzicht, daily step, money).
"""

from zuwendungen.workflow.aenderung.antrag import (
    AenderungFehler,
    aenderung_anlegen,
    aenderung_einreichen,
    aenderung_speichern,
    aenderung_zurueckziehen,
    can_anlegen,
    stellung_nehmen,
)
from zuwendungen.workflow.aenderung.bestandskraft import (
    abruf_erfassen,
    bestandskraft_durch_frist,
    post_erfassen,
    stand,
    verzichten,
)
from zuwendungen.workflow.aenderung.entscheidung import (
    anhoeren,
    uebernehmen,
    vorschlagen,
    zeichnen,
    zurueckgeben,
)
from zuwendungen.workflow.aenderung.kern import UEBERGAENGE, darf
from zuwendungen.workflow.aenderung.rechnung import ARTEN_JE_TEIL, Rechnung, berechnen

__all__ = [
    "ARTEN_JE_TEIL",
    "AenderungFehler",
    "Rechnung",
    "UEBERGAENGE",
    "abruf_erfassen",
    "aenderung_anlegen",
    "aenderung_einreichen",
    "aenderung_speichern",
    "aenderung_zurueckziehen",
    "anhoeren",
    "berechnen",
    "bestandskraft_durch_frist",
    "can_anlegen",
    "darf",
    "post_erfassen",
    "stand",
    "stellung_nehmen",
    "uebernehmen",
    "verzichten",
    "vorschlagen",
    "zeichnen",
    "zurueckgeben",
]
