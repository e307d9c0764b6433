"""Programme parts, Förderperioden with their rule parameters and budget, Zuweisungen.

A package by topic; every model and helper is importable from here as before.
"""

from programmteile.models.anlagen import Anlage
from programmteile.models.basiszins import Basiszins
from programmteile.models.gerichte import Verwaltungsgericht
from programmteile.models.perioden import (
    Antragszahlen,
    Foerderperiode,
    FoerderperiodeQuerySet,
    Programmteil,
    antraege_anbinden,
    budgetzahlen_ergaenzen,
    standardparameter,
)
from programmteile.models.pflichtanlagen import Pflichtanlage
from programmteile.models.protokoll import Aenderungsprotokoll
from programmteile.models.teil4 import Broschuerenbestellung
from programmteile.models.texte import Bescheidtexte, Briefkopf
from programmteile.models.zuweisungen import Zuweisung, ZuweisungQuerySet

__all__ = [
    "Anlage",
    "Aenderungsprotokoll",
    "Antragszahlen",
    "Basiszins",
    "Bescheidtexte",
    "Briefkopf",
    "Broschuerenbestellung",
    "Foerderperiode",
    "Pflichtanlage",
    "FoerderperiodeQuerySet",
    "Programmteil",
    "Zuweisung",
    "Verwaltungsgericht",
    "ZuweisungQuerySet",
    "antraege_anbinden",
    "budgetzahlen_ergaenzen",
    "standardparameter",
]
