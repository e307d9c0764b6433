"""Models of the grant's life after the notice; one module per process."""

from .aenderung import Aenderungsantrag, Aenderungsbescheid, AenderungSchritt, AenderungStatus
from .bankverbindung import Bankverbindung, iban_lesbar, iban_pruefen
from .bestandskraft import Klage, Rechtsbehelfsverzicht
from .buchung import Buchung
from .frist import Frist
from .mittelabruf import AbrufStatus, Auszahlungsanordnung, Mittelabruf, Zahlungsbrief
from .rueckforderung import Rueckforderung
from .verwendungsnachweis import (
    VN_OFFEN,
    Beleg,
    Stichprobe,
    Verwendungsnachweis,
    VnFrage,
    VnSchreiben,
    VnStatus,
)
from .weiterleitung import Weiterleitung
from .widerruf import Rueckforderungsbrief, Verwendungszinsen, Zahlungseingang
from .zuwendung import Finanzierungsart, Zuwendung

__all__ = [
    "AenderungSchritt",
    "AenderungStatus",
    "Aenderungsantrag",
    "Aenderungsbescheid",
    "AbrufStatus",
    "Beleg",
    "Stichprobe",
    "Verwendungsnachweis",
    "VnFrage",
    "VnSchreiben",
    "VnStatus",
    "VN_OFFEN",
    "Auszahlungsanordnung",
    "Bankverbindung",
    "Buchung",
    "Finanzierungsart",
    "Frist",
    "Klage",
    "Mittelabruf",
    "Rechtsbehelfsverzicht",
    "Rueckforderung",
    "Rueckforderungsbrief",
    "Verwendungszinsen",
    "Zahlungseingang",
    "Weiterleitung",
    "Zahlungsbrief",
    "Zuwendung",
    "iban_lesbar",
    "iban_pruefen",
]
