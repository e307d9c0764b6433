"""Applicant views: create, fill in, save, submit, withdraw; history; attachments.

Every view fetches the Antrag through antraege.zugriff (another tenant's Antrag is a 404) and
asks antraege.permissions before acting; transitions go through antraege.workflow.
- antrag: create, read, submit, Eingangsbestätigung, withdraw, history
- bearbeiten: the form, saved as a draft
- anlagen: upload, download, remove attachments
- vorlage: zur Zeichnung vorlegen (KI staff hand the draft to the signatories)
- inhalt: what the pages show of an Antrag (lines, rules' result, financing plan)
"""

from antraege.views.antragstellung.anlagen import anlage_entfernen, anlage_herunterladen, anlagen
from antraege.views.antragstellung.antrag import detail, eingang, einreichen, neu, verlauf, zurueckziehen
from antraege.views.antragstellung.bearbeiten import bearbeiten
from antraege.views.antragstellung.vorlage import vorlegen

__all__ = [
    "anlage_entfernen",
    "anlage_herunterladen",
    "anlagen",
    "bearbeiten",
    "detail",
    "eingang",
    "einreichen",
    "neu",
    "verlauf",
    "vorlegen",
    "zurueckziehen",
]
