"""Prüfung und Entscheidung: the queue, the reviewer's Antrag page, letters, proposals, Zeichnung.

Every view fetches the Antrag through antraege.zugriff and asks a permission function before it
acts; the workflow function checks the same again under the row lock. Applicants get 404 for
the reviewer pages, as if they did not exist.
- warteschlange: the queue and its CSV export
- akte: the reviewer's Antrag page, checklist, notes, one-button steps
- entscheidung: Nachforderung, Anhörung, proposals, Zeichnung
- schreiben: letter previews, the early-start decision, withdrawing and replacing a letter
- antragsteller: the applicant answers; the history for both sides
"""

from antraege.views.pruefung.akte import (
    formale_pruefung,
    formale_pruefung_abschliessen,
    pruefung_detail,
    pruefvermerk,
    uebernehmen,
    verlauf,
    vermerk,
)
from antraege.views.pruefung.antragsteller import antworten, stand
from antraege.views.pruefung.entscheidung import ablehnung, anhoerung, nachforderung, vorschlag, zeichnen
from antraege.views.pruefung.schreiben import schreiben_ersetzen, vorzeitiger_beginn
from antraege.views.pruefung.warteschlange import CSV_SPALTEN, EXPORT_FELDER, export_csv, warteschlange

__all__ = [
    "CSV_SPALTEN",
    "EXPORT_FELDER",
    "ablehnung",
    "anhoerung",
    "antworten",
    "export_csv",
    "formale_pruefung",
    "formale_pruefung_abschliessen",
    "nachforderung",
    "pruefung_detail",
    "pruefvermerk",
    "schreiben_ersetzen",
    "stand",
    "uebernehmen",
    "verlauf",
    "vermerk",
    "vorschlag",
    "vorzeitiger_beginn",
    "warteschlange",
    "zeichnen",
]
