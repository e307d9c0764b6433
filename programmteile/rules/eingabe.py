"""Reading an Antrag dict into typed input: structure and JSON types, nothing else."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from komman.formate import zahl

from .begriffe import BAUSTEINE, feldname
from .ergebnis import NULL, befund


def heute() -> date:
    """The programme's today: the calendar day in North Rhine-Westphalia (the portal's
    TIME_ZONE), not the server's UTC day, which differs between 23:00/22:00 and midnight UTC."""
    return datetime.now(ZoneInfo("Europe/Berlin")).date()

EINHEITEN_MAX = 1_000_000  # keeps Einheiten × Pauschale exact; far beyond any real Antrag
# The largest amount any form accepts, in one field and as the sum of the lines (issue 24.2):
# a tenth of what a Betrag column holds (12 digits), so no stored sum can overflow it.
BETRAG_HOECHSTWERT = Decimal("999999999.99")


@dataclass(frozen=True)
class Betrag:
    """An amount field as entered; ``wert`` is None if it cannot be used (``mangel`` says why)."""

    feld: str
    roh: str
    wert: Decimal | None
    mangel: Literal["", "keine_zahl", "negativ", "nachkommastellen", "zu_gross"]

    @property
    def oder_null(self) -> Decimal:
        return NULL if self.wert is None else self.wert


@dataclass(frozen=True)
class Antragskopf:
    programmteil: str
    foerderjahr: int
    antragsfrist: date | None
    eingang: date | None
    stichtag: date  # eingang, or today for a draft
    massnahmebeginn: date | None
    vorzeitiger_beginn_zugelassen: bool  # the authority's decision (VV 1.3.1), never the applicant's
    fortfuehrung: bool
    bewilligung_am: date | None  # the day of the Bewilligung (signing); today before it
    vorzeitiger_beginn_ab: date | None  # the early start allowed from this day (None: any day)
    # the notice's Bewilligungszeitraum, once decided (None: the Förderjahr); caps A2 months
    bewilligung_von: date | None
    bewilligung_bis: date | None


@dataclass(frozen=True)
class Teil1(Antragskopf):
    stellen_zuweisung: Decimal
    stellen: Decimal
    personalausgaben: Betrag
    sachmittel: Betrag


@dataclass(frozen=True)
class MassnahmeII:
    baustein: str
    pauschale: str
    einheiten_ganz: int | None  # the whole number entered, any size; None if not whole
    einheiten_roh: str  # as entered, German: "1,5"
    raumnutzung_prozent: int | None
    empfaenger: str
    bezeichnung: str
    geplante_kosten: Betrag | None
    empfaenger_rechtsform: str = ""  # a key of RECHTSFORMEN_LETZTEMPFAENGER
    empfaenger_anschrift: str = ""
    treffpunkt: str = ""  # Baustein A: the Ankommenstreffpunkt the line belongs to

    @property
    def treffpunkt_schluessel(self) -> str:
        """The Ankommenstreffpunkt the A1/A2 caps apply to: as named, else the Letztempfänger's
        (lines of one Letztempfänger without a named Treffpunkt count as one Treffpunkt)."""
        return " ".join((self.treffpunkt or self.empfaenger).split()).casefold()

    @property
    def einheiten(self) -> int | None:
        """The Einheiten if usable: a whole number from 1 to EINHEITEN_MAX, else None."""
        n = self.einheiten_ganz
        return n if n is not None and 1 <= n <= EINHEITEN_MAX else None


@dataclass(frozen=True)
class Teil2(Antragskopf):
    hoechstbetrag: Betrag
    massnahmen: tuple[MassnahmeII, ...]


@dataclass(frozen=True)
class MassnahmeIII:
    titel: str
    handlungsfeld: str
    stellen: Decimal
    personalausgaben: Betrag
    honorarausgaben: Betrag
    sachausgaben: Betrag
    investitionsausgaben: Betrag
    beantragt: Betrag


@dataclass(frozen=True)
class Teil3(Antragskopf):
    massnahmen: tuple[MassnahmeIII, ...]
    eigenanteil: Betrag | None  # Finanzierungsplan (VV 1.2); None: not given, the plan is not checked
    drittmittel: Betrag | None


Eingabe = Teil1 | Teil2 | Teil3


class Eingabefehler(Exception):
    """The input cannot be read; carries its ``eingabe.ungueltig`` Befund."""

    def __init__(self, feld: str, erwartet: str, meldung: str = ""):
        meldung = meldung or f"Das Feld „{feldname(feld)}“ fehlt oder ist ungültig. Erwartet wird {erwartet}."
        self.befund = befund("eingabe.ungueltig", feld, meldung)
        super().__init__(meldung)


_BETRAG = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_STELLEN = re.compile(r"\d{1,3}(\.\d{1,4})?", re.ASCII)
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FEHLT = object()


def lies_eingabe(antrag: object, *, heute: date) -> Eingabe:
    """Check structure and JSON types; raise Eingabefehler on the first unreadable field."""
    if not isinstance(antrag, dict):
        raise Eingabefehler(
            "", "", "Die Eingabe ist kein JSON-Objekt. Erwartet wird ein Objekt wie in docs/regelpruefung.md."
        )
    teil = antrag.get("programmteil", _FEHLT)
    if not isinstance(teil, str) or teil not in _LESER:
        raise Eingabefehler("programmteil", "„I“, „II“ oder „III“")
    eingang = _datum(antrag, "eingang")
    kopf = {
        "programmteil": teil,
        "foerderjahr": _ganzzahl(antrag, "foerderjahr", "eine Jahreszahl, z. B. 2026", 1990, 2100),
        "antragsfrist": _datum(antrag, "antragsfrist"),
        "eingang": eingang,
        "stichtag": eingang or heute,
        "massnahmebeginn": _datum(antrag, "massnahmebeginn"),
        "vorzeitiger_beginn_zugelassen": _wahrheitswert(antrag, "vorzeitiger_beginn_zugelassen"),
        "fortfuehrung": _wahrheitswert(antrag, "fortfuehrung"),
        "bewilligung_am": _datum(antrag, "bewilligung_am") or heute,
        "vorzeitiger_beginn_ab": _datum(antrag, "vorzeitiger_beginn_ab"),
        "bewilligung_von": _datum(antrag, "bewilligung_von"),
        "bewilligung_bis": _datum(antrag, "bewilligung_bis"),
    }
    return _LESER[teil](antrag, kopf)


def _lies_teil1(d: dict, kopf: dict) -> Teil1:
    return Teil1(
        **kopf,
        stellen_zuweisung=_stellen(d, "stellen_zuweisung"),
        stellen=_stellen(d, "stellen"),
        personalausgaben=_betrag(d, "personalausgaben"),
        sachmittel=_betrag(d, "sachmittel"),
    )


def _lies_teil2(d: dict, kopf: dict) -> Teil2:
    return Teil2(
        **kopf,
        hoechstbetrag=_betrag(d, "hoechstbetrag"),
        massnahmen=tuple(
            _lies_massnahme_ii(m, f"massnahmen.{i}") for i, m in enumerate(_liste(d, "massnahmen"))
        ),
    )


def _lies_massnahme_ii(m: object, pfad: str) -> MassnahmeII:
    m = _objekt(m, pfad)
    baustein = _text(m, "baustein", pfad)
    if baustein not in BAUSTEINE:
        raise Eingabefehler(f"{pfad}.baustein", "„A“, „B“, „C“ oder „D“")
    einheiten_ganz, einheiten_roh = _einheiten(m, pfad)
    raumnutzung = _ganzzahl(
        m, "raumnutzung_prozent", "eine ganze Zahl von 0 bis 100", 0, 100, pfad, pflicht=False
    )
    if baustein == "A" and raumnutzung is None:
        raise Eingabefehler(f"{pfad}.raumnutzung_prozent", "für Baustein A eine ganze Zahl von 0 bis 100")
    return MassnahmeII(
        baustein=baustein,
        pauschale=_text(m, "pauschale", pfad),
        einheiten_ganz=einheiten_ganz,
        einheiten_roh=einheiten_roh,
        raumnutzung_prozent=raumnutzung,
        empfaenger=_text(m, "empfaenger", pfad, pflicht=False),
        bezeichnung=_text(m, "bezeichnung", pfad, pflicht=False),
        geplante_kosten=_betrag(m, "geplante_kosten", pfad, pflicht=False),
        empfaenger_rechtsform=_text(m, "empfaenger_rechtsform", pfad, pflicht=False),
        empfaenger_anschrift=_text(m, "empfaenger_anschrift", pfad, pflicht=False),
        treffpunkt=_text(m, "treffpunkt", pfad, pflicht=False),
    )


def _einheiten(m: dict, pfad: str) -> tuple[int | None, str]:
    """A JSON number is the right type; whether it is whole and positive is II.einheiten.ungueltig."""
    wert = m.get("einheiten", _FEHLT)
    if isinstance(wert, bool) or not isinstance(wert, int | float):
        raise Eingabefehler(f"{pfad}.einheiten", "eine ganze Zahl ab 1")
    if isinstance(wert, float):
        if not math.isfinite(wert):
            return None, repr(wert)
        if not wert.is_integer():
            return None, zahl(Decimal(repr(wert)))
        wert = int(wert)
    return wert, zahl(wert)


def _lies_teil3(d: dict, kopf: dict) -> Teil3:
    return Teil3(
        **kopf,
        massnahmen=tuple(
            _lies_massnahme_iii(m, f"massnahmen.{i}") for i, m in enumerate(_liste(d, "massnahmen"))
        ),
        eigenanteil=_betrag(d, "eigenanteil", pflicht=False),
        drittmittel=_betrag(d, "drittmittel", pflicht=False),
    )


def _lies_massnahme_iii(m: object, pfad: str) -> MassnahmeIII:
    m = _objekt(m, pfad)
    betraege = ("personalausgaben", "honorarausgaben", "sachausgaben", "investitionsausgaben", "beantragt")
    return MassnahmeIII(
        titel=_text(m, "titel", pfad),
        handlungsfeld=_text(m, "handlungsfeld", pfad),
        stellen=_stellen(m, "stellen", pfad),
        **{name: _betrag(m, name, pfad) for name in betraege},
    )


_LESER: dict[str, Callable[[dict, dict], Eingabe]] = {"I": _lies_teil1, "II": _lies_teil2, "III": _lies_teil3}


def _pfad(pfad: str, schluessel: str) -> str:
    return f"{pfad}.{schluessel}" if pfad else schluessel


def _objekt(wert: object, pfad: str) -> dict:
    if not isinstance(wert, dict):
        raise Eingabefehler(pfad, "ein Objekt mit den Angaben der Maßnahme")
    return wert


def _liste(d: dict, schluessel: str) -> list:
    wert = d.get(schluessel, _FEHLT)
    if not isinstance(wert, list | tuple):
        raise Eingabefehler(schluessel, "eine Liste von Maßnahmen")
    return list(wert)


def _text(d: dict, schluessel: str, pfad: str = "", *, pflicht: bool = True) -> str:
    wert = d.get(schluessel, _FEHLT)
    if not pflicht and wert in (_FEHLT, None):
        return ""
    if not isinstance(wert, str):
        raise Eingabefehler(_pfad(pfad, schluessel), "ein Text")
    return wert


def _ganzzahl(
    d: dict,
    schluessel: str,
    erwartet: str,
    minimum: int,
    maximum: int,
    pfad: str = "",
    *,
    pflicht: bool = True,
) -> int | None:
    wert = d.get(schluessel, _FEHLT)
    if not pflicht and wert in (_FEHLT, None):
        return None
    if isinstance(wert, bool) or not isinstance(wert, int) or not minimum <= wert <= maximum:
        raise Eingabefehler(_pfad(pfad, schluessel), erwartet)
    return wert


def _wahrheitswert(d: dict, schluessel: str) -> bool:
    wert = d.get(schluessel)
    if wert is not None and not isinstance(wert, bool):
        raise Eingabefehler(schluessel, "true oder false")
    return bool(wert)


def _datum(d: dict, schluessel: str) -> date | None:
    wert = d.get(schluessel)
    if isinstance(wert, datetime):  # from Python (forms): pass local dates
        return wert.date()
    if wert is None or isinstance(wert, date):
        return wert
    if isinstance(wert, str) and _DATUM.fullmatch(wert):
        try:
            return date.fromisoformat(wert)
        except ValueError:
            pass
    raise Eingabefehler(schluessel, "ein Datum im Format JJJJ-MM-TT, z. B. „2026-02-28“")


def _stellen(d: dict, schluessel: str, pfad: str = "") -> Decimal:
    wert = d.get(schluessel, _FEHLT)
    if isinstance(wert, Decimal) and wert.is_finite():  # from Python (forms)
        wert = f"{wert:f}"
    if not isinstance(wert, str) or not _STELLEN.fullmatch(wert):
        raise Eingabefehler(_pfad(pfad, schluessel), "eine Stellenzahl ab 0 als Text, z. B. „1.5“")
    return Decimal(wert)


def _betrag(d: dict, schluessel: str, pfad: str = "", *, pflicht: bool = True) -> Betrag | None:
    feld = _pfad(pfad, schluessel)
    wert = d.get(schluessel, _FEHLT)
    if not pflicht and wert in (_FEHLT, None):
        return None
    if isinstance(wert, Decimal):  # from Python (forms)
        wert = f"{wert:f}" if wert.is_finite() else str(wert)
    if not isinstance(wert, str):
        raise Eingabefehler(feld, "ein Betrag als Text, z. B. „1234.56“")
    if not _BETRAG.fullmatch(wert):
        return Betrag(feld, wert, None, "keine_zahl")
    zahl_ = Decimal(wert)  # exact at any length: the limits below are checked, not rounded
    if zahl_ < 0:
        return Betrag(feld, wert, None, "negativ")
    if -zahl_.as_tuple().exponent > 2:
        return Betrag(feld, wert, None, "nachkommastellen")
    if zahl_ >= 10**10:
        return Betrag(feld, wert, None, "zu_gross")
    return Betrag(feld, wert, zahl_, "")
