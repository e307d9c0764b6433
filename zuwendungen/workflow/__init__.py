"""The grant after the notice: one function per transition (DESIGN.md §14).

Modules by process: bestandskraft (waiver, Klage, end of the Frist, the Zuwendung),
weiterleitung (Part II forwarding), mittelabruf (calls for funds and payouts, with the checks in
pruefung_abruf). Import the package: it re-exports every public name.
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
from zuwendungen.workflow.rueckzahlung import (
    abschliessen,
    einstellen,
    freiwillige_rueckzahlung,
    mahnen,
    ueberfaellig,
    verwendungszinsen_berechnen,
    verwendungszinsen_entscheiden,
    verzichten,
    zahlung_buchen,
)
from zuwendungen.workflow.weiterleitung import (
    WeiterleitungFehler,
    weitergeleitet_je_zeile,
    weiterleitung_erfassen,
)
from zuwendungen.workflow.widerruf import (
    anhoerung_einleiten,
    bescheid_zeichnen,
    entscheidung_vorschlagen,
    entscheidung_zurueckgeben,
    rueckforderung_anlegen,
    stellungnahme_abgeben,
)
from zuwendungen.workflow.widerruf_klage import klage_entschieden as rueckforderung_klage_entschieden
from zuwendungen.workflow.widerruf_klage import klage_erfassen as rueckforderung_klage_erfassen

__all__ = [
    "abschliessen",
    "anhoerung_einleiten",
    "bescheid_zeichnen",
    "einstellen",
    "entscheidung_vorschlagen",
    "entscheidung_zurueckgeben",
    "freiwillige_rueckzahlung",
    "mahnen",
    "rueckforderung_anlegen",
    "rueckforderung_klage_entschieden",
    "rueckforderung_klage_erfassen",
    "stellungnahme_abgeben",
    "ueberfaellig",
    "verwendungszinsen_berechnen",
    "verwendungszinsen_entscheiden",
    "verzichten",
    "zahlung_buchen",
    "AbrufFehler",
    "Abrufdaten",
    "Fehler",
    "WeiterleitungFehler",
    "WorkflowError",
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
    "bestandskraft_durch_frist",
    "eingabe_pruefen",
    "freigabe_hoechstens",
    "klage_entschieden",
    "klage_erfassen",
    "stand",
    "systembenutzer",
    "verzicht_einreichen",
    "regelpruefung",
    "weitergeleitet_je_zeile",
    "weiterleitung_erfassen",
    "zuwendung_anlegen",
]
