"""Regelparameter: the figures of one Förderperiode (DOMAIN.md §3), read from a flat dict."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from .begriffe import PAUSCHALEN


@dataclass(frozen=True)
class ParameterTeil1:
    stellenstufen: tuple[Decimal, ...] | None = None
    festbetrag_stelle: Decimal | None = None
    sachmittel: dict[Decimal, Decimal | None] = field(default_factory=dict)  # Stellenstufe -> amount
    rechner_schwellen: tuple[Decimal, Decimal] | None = None
    rechner_basis: int | None = None


@dataclass(frozen=True)
class ParameterTeil2:
    pauschalen: dict[str, Decimal | None] = field(default_factory=lambda: dict.fromkeys(PAUSCHALEN))
    a1_max_raeume: int | None = None
    a2_max_monate: int | None = None
    raumnutzung_min: int | None = None  # per cent of the usage time


@dataclass(frozen=True)
class ParameterTeil3:
    foerdersatz_max: Decimal | None = None  # fraction: 0.90
    personal_eg11_s5: Decimal | None = None
    sachpauschale: Decimal | None = None
    mindestbetrag: Decimal | None = None


@dataclass(frozen=True)
class ParameterAllgemein:
    lrh_schwelle: Decimal | None = None
    bagatellgrenze_nichtkommunal: Decimal | None = None
    auszahlung_bedarf_monate: int | None = None
    erstattung_zins_pp: Decimal | None = None
    erstattung_zahlungsfrist_tage: int | None = None
    erstattung_bagatellgrenze: Decimal | None = None
    widerruf_frist_jahre: int | None = None
    belege_aufbewahrung_jahre: int | None = None
    akten_aufbewahrung_jahre: int | None = None
    frist_vn_monate: int | None = None
    frist_zwischennachweis_monate: int | None = None
    frist_schreiben_tage: int | None = None
    frist_mahnung_tage: int | None = None
    vn_stichprobe_prozent: int | None = None
    rechtsbehelf_frist_monate: int | None = None
    bekanntgabe_post_tage: int | None = None
    bekanntgabe_abruf_tage: int | None = None
    bescheid_dezernat: str | None = None


# Flat key (DOMAIN.md §3) -> (section, attribute, kind). "I.sachmittel.<Stufe>" and
# "II.pauschale.<Code>" are handled as families.
PARAMETER: dict[str, tuple[str, str, str]] = {
    "I.stellenstufen": ("teil1", "stellenstufen", "stufen"),
    "I.festbetrag_stelle": ("teil1", "festbetrag_stelle", "betrag"),
    "I.rechner.schwellen": ("teil1", "rechner_schwellen", "schwellen"),
    "I.rechner.basis": ("teil1", "rechner_basis", "anzahl"),
    "II.A1.max_raeume": ("teil2", "a1_max_raeume", "anzahl"),
    "II.A2.max_monate": ("teil2", "a2_max_monate", "anzahl"),
    "II.A.raumnutzung_min": ("teil2", "raumnutzung_min", "prozent"),
    "III.foerdersatz_max": ("teil3", "foerdersatz_max", "satz"),
    "III.personal_eg11_s5": ("teil3", "personal_eg11_s5", "betrag"),
    "III.sachpauschale": ("teil3", "sachpauschale", "betrag"),
    "III.mindestbetrag": ("teil3", "mindestbetrag", "betrag"),
    "lrh.schwelle": ("allgemein", "lrh_schwelle", "betrag"),
    "bagatellgrenze.nichtkommunal": ("allgemein", "bagatellgrenze_nichtkommunal", "betrag"),
    "auszahlung.bedarf_monate": ("allgemein", "auszahlung_bedarf_monate", "anzahl"),
    "erstattung.zins_pp": ("allgemein", "erstattung_zins_pp", "dezimal"),
    "erstattung.zahlungsfrist_tage": ("allgemein", "erstattung_zahlungsfrist_tage", "anzahl"),
    "erstattung.bagatellgrenze": ("allgemein", "erstattung_bagatellgrenze", "betrag"),
    "widerruf.frist_jahre": ("allgemein", "widerruf_frist_jahre", "anzahl"),
    "belege.aufbewahrung_jahre": ("allgemein", "belege_aufbewahrung_jahre", "anzahl"),
    "akten.aufbewahrung_jahre": ("allgemein", "akten_aufbewahrung_jahre", "anzahl"),
    "frist.vn_monate": ("allgemein", "frist_vn_monate", "anzahl"),
    "frist.zwischennachweis_monate": ("allgemein", "frist_zwischennachweis_monate", "anzahl"),
    "frist.schreiben_tage": ("allgemein", "frist_schreiben_tage", "anzahl"),
    "frist.mahnung_tage": ("allgemein", "frist_mahnung_tage", "anzahl"),
    "vn.stichprobe_prozent": ("allgemein", "vn_stichprobe_prozent", "prozent"),
    "rechtsbehelf.frist_monate": ("allgemein", "rechtsbehelf_frist_monate", "anzahl"),
    "bekanntgabe.post_tage": ("allgemein", "bekanntgabe_post_tage", "anzahl"),
    "bekanntgabe.abruf_tage": ("allgemein", "bekanntgabe_abruf_tage", "anzahl"),
    "bescheid.dezernat": ("allgemein", "bescheid_dezernat", "text"),
}
SACHMITTEL_PRAEFIX = "I.sachmittel."
PAUSCHALE_PRAEFIX = "II.pauschale."

_ERWARTET = {
    "betrag": "ein Eurobetrag ab 0 als Text mit höchstens zwei Nachkommastellen, z. B. „57000.00“",
    "dezimal": "eine Zahl ab 0 als Text, z. B. „5.00“",
    "satz": "ein Anteil zwischen 0 und 1 als Text, z. B. „0.90“ für 90 %",
    "anzahl": "eine ganze Zahl ab 0",
    "prozent": "eine ganze Zahl von 0 bis 100",
    "stufen": "eine aufsteigende Liste von Stellenzahlen als Text, z. B. [„1“, „1.5“, „2“]",
    "schwellen": "zwei aufsteigende Anteile zwischen 0 und 1 als Text, z. B. [„0.0125“, „0.030“]",
    "text": "ein Text",
}


@dataclass(frozen=True)
class Regelparameter:
    """The rule figures of one Förderperiode; ``None`` = not maintained (the check is skipped)."""

    teil1: ParameterTeil1 = field(default_factory=ParameterTeil1)
    teil2: ParameterTeil2 = field(default_factory=ParameterTeil2)
    teil3: ParameterTeil3 = field(default_factory=ParameterTeil3)
    allgemein: ParameterAllgemein = field(default_factory=ParameterAllgemein)

    @classmethod
    def aus_dict(cls, d: dict) -> Regelparameter:
        """Read a flat parameter dict (DOMAIN.md §3 keys); ValueError with a German message if malformed."""
        parameter, fehler = _lies_parameter(d)
        if fehler:
            raise ValueError(" ".join(fehler.values()))
        return parameter

    @classmethod
    def standard(cls) -> Regelparameter:
        """The shipped defaults: the current figures of DOMAIN.md §3 (standardparameter.json)."""
        return cls.aus_dict(standardwerte())

    def als_dict(self) -> dict:
        """The flat, JSON-able dict (amounts as strings); ``aus_dict(p.als_dict()) == p``."""
        d: dict[str, Any] = {}
        for schluessel, (teil, attribut, art) in PARAMETER.items():
            d[schluessel] = _als_json(getattr(getattr(self, teil), attribut), art)
        for stufe, betrag in self.teil1.sachmittel.items():
            d[SACHMITTEL_PRAEFIX + stufe_text(stufe)] = _als_json(betrag, "betrag")
        for code, betrag in self.teil2.pauschalen.items():
            d[PAUSCHALE_PRAEFIX + code] = _als_json(betrag, "betrag")
        return d


@cache
def _standarddatei() -> str:
    return (Path(__file__).parent.parent / "standardparameter.json").read_text(encoding="utf-8")


def standardwerte() -> dict:
    """A fresh copy of standardparameter.json (read once), e.g. for a new Förderperiode."""
    return json.loads(_standarddatei())


def pruefe_parameter(d: object) -> dict[str, str]:
    """{key: German error} for an admin form; an empty dict means the parameters are fine."""
    return _lies_parameter(d)[1]


def _lies_parameter(d: object) -> tuple[Regelparameter, dict[str, str]]:
    if not isinstance(d, dict):
        return Regelparameter(), {"": "Die Regelparameter müssen ein JSON-Objekt sein."}
    fehler: dict[str, str] = {}
    werte: dict[str, dict[str, Any]] = {"teil1": {}, "teil2": {}, "teil3": {}, "allgemein": {}}
    sachmittel: dict[Decimal, Decimal | None] = {}
    pauschalen: dict[str, Decimal | None] = dict.fromkeys(PAUSCHALEN)

    def lies(schluessel: str, art: str) -> Any:
        try:
            return _parameterwert(d[schluessel], art)
        except ValueError:
            fehler[schluessel] = (
                f"Der Parameter „{schluessel}“ ist ungültig ({_zeige(d[schluessel])}). "
                f"Erwartet wird {_ERWARTET[art]}."
            )

    for schluessel in d:
        if not isinstance(schluessel, str) or schluessel.startswith("_"):
            continue  # "_kommentar" keys are allowed for notes
        if schluessel in PARAMETER:
            teil, attribut, art = PARAMETER[schluessel]
            werte[teil][attribut] = lies(schluessel, art)
        elif schluessel.startswith(PAUSCHALE_PRAEFIX) and schluessel[len(PAUSCHALE_PRAEFIX) :] in PAUSCHALEN:
            pauschalen[schluessel[len(PAUSCHALE_PRAEFIX) :]] = lies(schluessel, "betrag")
        elif schluessel.startswith(SACHMITTEL_PRAEFIX) and _ist_stufe(schluessel[len(SACHMITTEL_PRAEFIX) :]):
            sachmittel[Decimal(schluessel[len(SACHMITTEL_PRAEFIX) :])] = lies(schluessel, "betrag")
        else:
            fehler[schluessel] = f"„{schluessel}“ ist kein bekannter Regelparameter (docs/regelpruefung.md)."
    for stufe in werte["teil1"].get("stellenstufen") or ():
        sachmittel.setdefault(stufe, None)
    parameter = Regelparameter(
        teil1=ParameterTeil1(**werte["teil1"], sachmittel=sachmittel),
        teil2=ParameterTeil2(**werte["teil2"], pauschalen=pauschalen),
        teil3=ParameterTeil3(**werte["teil3"]),
        allgemein=ParameterAllgemein(**werte["allgemein"]),
    )
    return parameter, fehler


def _parameterwert(wert: object, art: str) -> Any:
    """One parameter value of the given kind; None if empty; ValueError if malformed."""
    if wert is None or wert == "" or wert == []:
        return None
    if art == "text":
        if not isinstance(wert, str):
            raise ValueError
        return wert
    if art in ("anzahl", "prozent"):
        if (
            isinstance(wert, bool)
            or not isinstance(wert, int)
            or wert < 0
            or (art == "prozent" and wert > 100)
        ):
            raise ValueError
        return wert
    if art in ("stufen", "schwellen"):
        if not isinstance(wert, list):
            raise ValueError
        zahlen = tuple(_parameterwert(w, "satz" if art == "schwellen" else "dezimal") for w in wert)
        if None in zahlen or list(zahlen) != sorted(set(zahlen)) or (art == "schwellen" and len(zahlen) != 2):
            raise ValueError
        if art == "stufen" and zahlen[0] <= 0:
            raise ValueError
        return zahlen
    zahl_ = _dezimal(wert)
    if zahl_ is None or zahl_ < 0 or (art == "satz" and zahl_ > 1):
        raise ValueError
    if art == "betrag" and (-zahl_.as_tuple().exponent > 2 or zahl_ >= 10**10):
        raise ValueError
    return zahl_


_ZAHL = re.compile(r"-?\d{1,12}(\.\d{1,12})?", re.ASCII)


def _dezimal(wert: object) -> Decimal | None:
    """A plain decimal from "1234.56" or a Decimal; None for anything else (numbers, "1e3", "NaN")."""
    if isinstance(wert, Decimal):
        wert = f"{wert:f}" if wert.is_finite() else "NaN"
    if not isinstance(wert, str) or not _ZAHL.fullmatch(wert):
        return None
    return Decimal(wert)


def _ist_stufe(text: str) -> bool:
    d = _dezimal(text)
    return d is not None and d > 0 and text == stufe_text(d)


def stufe_text(stufe: Decimal) -> str:
    """Decimal("1.50") -> "1.5": the canonical suffix of an "I.sachmittel.<Stufe>" key."""
    return f"{stufe.normalize():f}"


def _als_json(wert: Any, art: str) -> Any:
    if wert is None or art in ("anzahl", "prozent", "text"):
        return wert
    if art in ("stufen", "schwellen"):
        return [f"{w:f}" for w in wert]
    return f"{wert:f}"


def _zeige(wert: object) -> str:
    text = json.dumps(wert, ensure_ascii=False, default=repr)
    return text if len(text) <= 60 else text[:57] + "…"


def stufe_vorschlag(
    einwohner: int | None,
    *,
    gesamt: int,
    schwellen: tuple[Decimal, Decimal],
    stufen: tuple[Decimal, Decimal, Decimal] = (Decimal("1"), Decimal("1.5"), Decimal("2")),
) -> Decimal | None:
    """Proposed Part I tier from the Kommune's share of the NRW population (DOMAIN.md §3, an ASSUMPTION).

    Below the first threshold -> 1; from the first to below the second -> 1,5; from the second -> 2.
    Only a proposal for the Administration; the Stellenzuweisung stays admin data.
    """
    if einwohner is None:
        return None
    if gesamt <= 0 or einwohner < 0:
        raise ValueError("Einwohnerzahlen müssen positiv sein.")
    # einwohner / gesamt < schwelle, without dividing
    if einwohner < schwellen[0] * gesamt:
        return stufen[0]
    if einwohner < schwellen[1] * gesamt:
        return stufen[1]
    return stufen[2]
