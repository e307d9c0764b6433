"""The grant after the notice: one function per transition (DESIGN.md §14).

Modules by process: bestandskraft (waiver, Klage, end of the Frist, the Zuwendung),
weiterleitung (Part II forwarding). Import the package: it re-exports every public name.
"""

from antraege.workflow.kern import WorkflowError
from zuwendungen.workflow.bestandskraft import (
    bestandskraft_durch_frist,
    klage_entschieden,
    klage_erfassen,
    stand,
    systembenutzer,
    verzicht_einreichen,
    zuwendung_anlegen,
)
from zuwendungen.workflow.weiterleitung import (
    WeiterleitungFehler,
    weitergeleitet_je_zeile,
    weiterleitung_erfassen,
)

__all__ = [
    "WeiterleitungFehler",
    "WorkflowError",
    "bestandskraft_durch_frist",
    "klage_entschieden",
    "klage_erfassen",
    "stand",
    "systembenutzer",
    "verzicht_einreichen",
    "weitergeleitet_je_zeile",
    "weiterleitung_erfassen",
    "zuwendung_anlegen",
]
