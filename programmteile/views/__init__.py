"""Programme pages: the public Part IV information page; the Verwaltung of periods, Zuweisungen and
the Basiszinssatz; the Zins- und Fristenrechner.

A package by topic; every view is importable from here as before (programmteile/urls.py).
"""

from programmteile.views.anlagen import anlagen
from programmteile.views.basiszins import (
    basiszins_bearbeiten,
    basiszins_import,
    basiszins_liste,
    basiszins_neu,
)
from programmteile.views.foerderperioden import (
    haushalt,
    periode_bearbeiten,
    periode_detail,
    periode_kopieren,
    periode_neu,
    periode_parameter,
    periode_status,
    perioden,
)
from programmteile.views.pflichtanlagen import pflichtanlagen
from programmteile.views.rechner import rechner
from programmteile.views.teil4 import teil4_bestellen, teil4_bestellungen, teil4_information
from programmteile.views.texte import bescheidtexte, briefkopf, texte
from programmteile.views.zuweisungen import (
    zuweisungen,
    zuweisungen_export,
    zuweisungen_import,
    zuweisungen_vorschlag,
)

__all__ = [
    "anlagen",
    "basiszins_bearbeiten",
    "basiszins_import",
    "basiszins_liste",
    "basiszins_neu",
    "bescheidtexte",
    "briefkopf",
    "haushalt",
    "periode_bearbeiten",
    "periode_detail",
    "periode_kopieren",
    "periode_neu",
    "periode_parameter",
    "periode_status",
    "perioden",
    "pflichtanlagen",
    "rechner",
    "teil4_bestellen",
    "teil4_bestellungen",
    "teil4_information",
    "texte",
    "zuweisungen",
    "zuweisungen_export",
    "zuweisungen_import",
    "zuweisungen_vorschlag",
]
