"""Demo states after the notice (registered in ZuwendungenConfig.ready())."""

from zuwendungen.demodaten import vorjahr
from zuwendungen.demodaten.aenderung import aenderung_demodaten, aenderung_vorbereitung
from zuwendungen.demodaten.auszahlung import auszahlung_demodaten
from zuwendungen.demodaten.bestand import bestand_demodaten
from zuwendungen.demodaten.vn import vn_demodaten
from zuwendungen.demodaten.widerruf import widerruf_demodaten

__all__ = [
    "aenderung_demodaten",
    "aenderung_vorbereitung",
    "auszahlung_demodaten",
    "bestand_demodaten",
    "vn_demodaten",
    "vorjahr",
    "widerruf_demodaten",
]
