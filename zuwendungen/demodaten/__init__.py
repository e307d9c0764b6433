"""Demo states after the notice (registered in ZuwendungenConfig.ready())."""

from zuwendungen.demodaten.auszahlung import auszahlung_demodaten
from zuwendungen.demodaten.bestand import bestand_demodaten
from zuwendungen.demodaten.vn import vn_demodaten

__all__ = ["auszahlung_demodaten", "bestand_demodaten", "vn_demodaten"]
