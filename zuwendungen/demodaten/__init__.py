"""Demo states after the notice (registered in ZuwendungenConfig.ready())."""

from zuwendungen.demodaten.auszahlung import auszahlung_demodaten
from zuwendungen.demodaten.bestand import bestand_demodaten
from zuwendungen.demodaten.widerruf import widerruf_demodaten

__all__ = ["auszahlung_demodaten", "bestand_demodaten", "widerruf_demodaten"]
