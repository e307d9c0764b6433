"""Models of the grant's life after the notice; one module per process."""

from .bestandskraft import Klage, Rechtsbehelfsverzicht
from .weiterleitung import Weiterleitung
from .zuwendung import Finanzierungsart, Zuwendung

__all__ = ["Finanzierungsart", "Klage", "Rechtsbehelfsverzicht", "Weiterleitung", "Zuwendung"]
