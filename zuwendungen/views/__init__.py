"""Views after the notice: the notice's Bekanntgabe and Bestandskraft, the Zuwendungen, Weiterleitung;
the payouts in the modules abruf (both sides), kasse (Landeskasse) and bank (Administration)."""

from zuwendungen.views.bestand import (
    bestand,
    bestand_klage,
    bestand_klage_entschieden,
    bestand_post,
    bestand_verzicht,
    verzicht_herunterladen,
)
from zuwendungen.views.zuwendung import detail, liste, weiterleitung_entwurf, weiterleitung_neu

__all__ = [
    "bestand",
    "bestand_klage",
    "bestand_klage_entschieden",
    "bestand_post",
    "bestand_verzicht",
    "detail",
    "liste",
    "verzicht_herunterladen",
    "weiterleitung_entwurf",
    "weiterleitung_neu",
]
