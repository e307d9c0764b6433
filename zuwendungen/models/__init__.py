"""Models of the grant's life after the notice; one module per process."""

from .zuwendung import Finanzierungsart, Zuwendung

__all__ = ["Finanzierungsart", "Zuwendung"]
