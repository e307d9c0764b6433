"""Demo states after the notice (registered in ZuwendungenConfig.ready())."""

from zuwendungen.demodaten.bestand import bestand_demodaten

__all__ = ["bestand_demodaten"]
