"""Anträge and everything on their file: lines, state changes, letters, attachments, notes.

One module per topic; every model is importable from antraege.models as before.
- antrag: Antrag, AntragStatus (with the status groups), AntragQuerySet (visible_to)
- zeilen: AntragTeil1, Position, Massnahme
- akte: Statuswechsel, Schreiben, Pruefvermerk, Vermerk
- dateien: Anlage, Dokument
- bekanntgabe: Bekanntgabe (when a notice was made known)
"""

from antraege.models.akte import Pruefvermerk, Schreiben, Statuswechsel, Vermerk
from antraege.models.antrag import (
    IN_PRUEFUNG_TEXT,
    INTERNE_STATUS,
    Antrag,
    AntragQuerySet,
    AntragStatus,
    status_fuer_antragsteller,
)
from antraege.models.bekanntgabe import Bekanntgabe
from antraege.models.dateien import Anlage, Dokument
from antraege.models.zeilen import AntragTeil1, Massnahme, Position

__all__ = [
    "INTERNE_STATUS",
    "IN_PRUEFUNG_TEXT",
    "Anlage",
    "Antrag",
    "AntragQuerySet",
    "AntragStatus",
    "AntragTeil1",
    "Bekanntgabe",
    "Dokument",
    "Massnahme",
    "Position",
    "Pruefvermerk",
    "Schreiben",
    "Statuswechsel",
    "Vermerk",
    "status_fuer_antragsteller",
]
