"""The Zuwendungsrechner: one JSON-like input names its ``rechnung``; the result is the
JSON-able ``{"rechnung", "ergebnis", "befunde"}`` (docs/zuwendungsrechner.md).

Pure Python, no Django. ``rechne()`` never raises for any input: unreadable input gives one
``eingabe.ungueltig`` Befund and an empty ``ergebnis``. Amounts come out as strings with two
decimals, dates as ISO strings, ``None`` where there is none. Durations and default rates
come from the Förderperiode's parameters (``standardparameter.json`` keys), never literals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import rechner_eingabe as e
from .eingabe import Eingabefehler
from .ergebnis import Befund, cent
from .fristen import bestandskraft, vn_fristen, widerrufsfrist
from .mittelabruf import Bedarf, mittelabruf
from .parameter import standardwerte
from .verwendung import (
    Pauschalzeile,
    Unbesetzt,
    aenderung,
    verwendungsnachweis_anteil,
    verwendungsnachweis_festbetrag,
    verwendungsnachweis_pauschalen,
)
from .zinsen import BasiszinsFehlt, verwendungszinsen, zinsen

NEBENBESTIMMUNGEN = ("ANBest-G", "ANBest-P")
FINANZIERUNGSARTEN = ("anteil", "festbetrag", "pauschalen")


@dataclass(frozen=True)
class Rechnung:
    rechnung: str | None
    ergebnis: dict
    befunde: list[Befund]

    @property
    def lesbar(self) -> bool:
        return not any(b.code == "eingabe.ungueltig" for b in self.befunde)

    def als_dict(self) -> dict:
        return {
            "rechnung": self.rechnung,
            "ergebnis": self.ergebnis,
            "befunde": [dataclasses.asdict(b) for b in self.befunde],
        }


def rechne(eingabe: object, parameter: dict | None = None) -> Rechnung:
    """Read one Rechnung and compute it; ``parameter`` (keys as standardparameter.json,
    e.g. a Förderperiode's) overrides the shipped defaults; a null value keeps the default."""
    werte = standardwerte()
    werte.update({k: v for k, v in (parameter or {}).items() if v is not None})
    name = eingabe.get("rechnung") if isinstance(eingabe, dict) else None
    name = name if isinstance(name, str) and name in RECHNUNGEN else None
    try:
        if not isinstance(eingabe, dict):
            raise e.fehler(
                "",
                "",
                "Die Eingabe ist kein JSON-Objekt. Erwartet wird ein Objekt wie in docs/zuwendungsrechner.md.",
            )
        if name is None:
            raise e.fehler("rechnung", " oder ".join(f"„{r}“" for r in RECHNUNGEN))
        ergebnis, befunde = RECHNUNGEN[name](eingabe, werte)
    except Eingabefehler as fehler:
        return Rechnung(name, {}, [fehler.befund])
    return Rechnung(name, ergebnis, befunde)


def _b(betrag: Decimal) -> str:
    return f"{cent(betrag):f}"


def _d(tag: date | None) -> str | None:
    return None if tag is None else tag.isoformat()


def _nicht_vor(spaeter: date, frueher: date, feld: str, frueher_feld: str) -> None:
    if spaeter < frueher:
        raise e.fehler(
            feld,
            "",
            f"Das Feld „{e.feldname(feld)}“ liegt vor „{e.feldname(frueher_feld)}“; erwartet wird ein Datum "
            "am selben Tag oder danach.",
        )


def _bestandskraft(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    r = bestandskraft(
        e.datum(d, "bekanntgabe"),
        klagefrist_monate=p["rechtsbehelf.frist_monate"],
        rechtsbehelfsverzicht_eingang=e.datum(d, "rechtsbehelfsverzicht_eingang", pflicht=False),
        klage_erhoben=e.wahrheitswert(d, "klage_erhoben"),
    )
    return {
        "klagefrist_ende": _d(r.klagefrist_ende),
        "bestandskraeftig_ab": _d(r.bestandskraeftig_ab),
    }, r.befunde


def _mittelabruf(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    r = mittelabruf(
        bewilligt=e.betrag(d, "bewilligt"),
        ausgezahlt=e.betrag(d, "ausgezahlt"),
        angefordert_offen=e.betrag(d, "angefordert_offen", standard="0.00"),
        auszahlung_am=e.datum(d, "auszahlung_am"),
        bestandskraeftig_ab=e.datum(d, "bestandskraeftig_ab", pflicht=False),
        bewilligungszeitraum_bis=e.datum(d, "bewilligungszeitraum_bis"),
        bedarfe=[
            Bedarf(e.datum(b, "faellig", pf), e.betrag(b, "betrag", pf)) for pf, b in e.objekte(d, "bedarfe")
        ],
        bedarf_monate=p["auszahlung.bedarf_monate"],
    )
    ergebnis = {
        "frueheste_auszahlung": _d(r.frueheste_auszahlung),
        "zeitfenster_bis": _d(r.zeitfenster_bis),
        "freigabe": _b(r.freigabe),
        "abgelehnt": [
            {"faellig": _d(a.faellig), "betrag": _b(a.betrag), "code": a.code} for a in r.abgelehnt
        ],
    }
    return ergebnis, r.befunde


def _basiszins(d: dict) -> list[tuple[date, Decimal]] | None:
    if d.get("basiszins") is None:
        return None
    tabelle = [(e.datum(z, "ab", pf), e.zahl(z, "satz", pf)) for pf, z in e.objekte(d, "basiszins")]
    if not tabelle:
        raise e.fehler("basiszins", "eine Liste mit mindestens einem Eintrag {„ab“, „satz“}")
    return tabelle


def _aufschlag(d: dict, p: dict) -> Decimal:
    return e.zahl(d, "aufschlag_prozentpunkte", standard=p["erstattung.zins_pp"])


def _kein_basiszins(fehler: BasiszinsFehlt) -> Eingabefehler:
    return e.fehler(
        "basiszins",
        "",
        f"{fehler} Die Tabelle der Basiszinssätze beginnt später; bitte einen Satz für diesen Tag angeben.",
    )


def _zinsen(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    betrag, von, bis = e.betrag(d, "betrag"), e.datum(d, "von"), e.datum(d, "bis")
    _nicht_vor(bis, von, "bis", "von")
    aufschlag, tabelle = _aufschlag(d, p), _basiszins(d)
    try:
        r = zinsen(betrag, von, bis, aufschlag=aufschlag, basiszins=tabelle)
    except BasiszinsFehlt as fehler:
        raise _kein_basiszins(fehler) from None
    abschnitte = [
        {"von": _d(a.von), "bis": _d(a.bis), "tage": a.tage, "satz": f"{a.satz:f}", "zinsen": _b(a.zinsen)}
        for a in r.abschnitte
    ]
    return {"zinsen": _b(r.zinsen), "tage": r.tage, "abschnitte": abschnitte}, r.befunde


def _verwendungszinsen(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    def posten(schluessel: str) -> list[tuple[date, Decimal]]:
        return [(e.datum(x, "datum", pf), e.betrag(x, "betrag", pf)) for pf, x in e.objekte(d, schluessel)]

    auszahlungen, verwendungen = posten("auszahlungen"), posten("verwendungen")
    monate = e.ganzzahl(d, "alsbald_monate", maximum=120, standard=p["auszahlung.bedarf_monate"])
    aufschlag, tabelle = _aufschlag(d, p), _basiszins(d)
    try:
        r = verwendungszinsen(
            auszahlungen, verwendungen, alsbald_monate=monate, aufschlag=aufschlag, basiszins=tabelle
        )
    except BasiszinsFehlt as fehler:
        raise _kein_basiszins(fehler) from None
    liste = [
        {
            "betrag": _b(x.betrag),
            "ausgezahlt_am": _d(x.ausgezahlt_am),
            "verwendet_am": _d(x.verwendet_am),
            "zinsen": _b(x.zinsen),
        }
        for x in r.posten
    ]
    return {"zinsen": _b(r.zinsen), "posten": liste}, r.befunde


def _unbesetzt(d: dict) -> list[Unbesetzt]:
    return [
        Unbesetzt(
            stellen=e.stellen(u, "stellen", pf),
            monate=e.ganzzahl(u, "monate", pf, maximum=120),
            festbetrag_stelle=e.betrag(u, "festbetrag_stelle", pf),
        )
        for pf, u in e.objekte(d, "unbesetzt", pflicht=False)
    ]


def _verwendungsnachweis(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    art = e.text(d, "finanzierungsart", erlaubt=FINANZIERUNGSARTEN)
    ausgezahlt = e.betrag(d, "ausgezahlt")
    if art == "anteil":
        r = verwendungsnachweis_anteil(
            foerdersatz=e.anteil(d, "foerdersatz"),
            hoechstbetrag=e.betrag(d, "hoechstbetrag"),
            zuwendungsfaehige_ausgaben_ist=e.betrag(d, "zuwendungsfaehige_ausgaben_ist"),
            ausgezahlt=ausgezahlt,
        )
    elif art == "festbetrag":
        r = verwendungsnachweis_festbetrag(
            festbetrag=e.betrag(d, "festbetrag"),
            ausgaben_ist=e.betrag(d, "ausgaben_ist"),
            unbesetzt=_unbesetzt(d),
            ausgezahlt=ausgezahlt,
        )
    else:
        zeilen = [
            Pauschalzeile(
                pauschale=e.text(z, "pauschale", pf),
                satz=e.betrag(z, "satz", pf),
                einheiten_bewilligt=e.ganzzahl(z, "einheiten_bewilligt", pf, maximum=1_000_000),
                einheiten_erbracht=e.ganzzahl(z, "einheiten_erbracht", pf, maximum=1_000_000),
                empfaenger=e.text(z, "empfaenger", pf),
            )
            for pf, z in e.objekte(d, "zeilen")
        ]
        r = verwendungsnachweis_pauschalen(zeilen=zeilen, ausgezahlt=ausgezahlt)
    ergebnis = {"anerkannt": _b(r.anerkannt), "erstattung": _b(r.erstattung)}
    if r.je_empfaenger is not None:
        ergebnis["je_empfaenger"] = [
            {"empfaenger": a.empfaenger, "anerkannt": _b(a.anerkannt), "erstattung": _b(a.erstattung)}
            for a in r.je_empfaenger
        ]
    return ergebnis, r.befunde


def _aenderung(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    r = aenderung(
        bewilligt=e.betrag(d, "bewilligt"),
        ausgezahlt=e.betrag(d, "ausgezahlt"),
        unbesetzt=_unbesetzt(d),
        lrh_schwelle=e.betrag(d, "lrh_schwelle", standard=p["lrh.schwelle"]),
    )
    ergebnis = {
        "neu_bewilligt": _b(r.neu_bewilligt),
        "noch_abrufbar": _b(r.noch_abrufbar),
        "lrh_mitteilung": r.lrh_mitteilung,
    }
    return ergebnis, r.befunde


def _vn_fristen(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    e.text(d, "nebenbestimmungen", erlaubt=NEBENBESTIMMUNGEN)  # ANBest-G 7.1 read like ANBest-P 6.1
    von, bis = e.datum(d, "bewilligungszeitraum_von"), e.datum(d, "bewilligungszeitraum_bis")
    _nicht_vor(bis, von, "bewilligungszeitraum_bis", "bewilligungszeitraum_von")
    zweck = e.datum(d, "zweck_erfuellt_am", pflicht=False)
    if zweck is not None:
        _nicht_vor(zweck, von, "zweck_erfuellt_am", "bewilligungszeitraum_von")
    r = vn_fristen(
        von,
        bis,
        vn_monate=p["frist.vn_monate"],
        zwischennachweis_monate=p["frist.zwischennachweis_monate"],
        zweck_erfuellt_am=zweck,
    )
    ergebnis = {
        "verwendungsnachweis_faellig": _d(r.verwendungsnachweis_faellig),
        "zwischennachweise": [
            {"fuer_jahr": z.fuer_jahr, "faellig": _d(z.faellig)} for z in r.zwischennachweise
        ],
    }
    return ergebnis, []


def _widerrufsfrist(d: dict, p: dict) -> tuple[dict, list[Befund]]:
    r = widerrufsfrist(
        e.datum(d, "kenntnis_am"),
        jahre=p["widerruf.frist_jahre"],
        entscheidung_am=e.datum(d, "entscheidung_am", pflicht=False),
    )
    return {"frist_ende": _d(r.frist_ende)}, r.befunde


RECHNUNGEN: dict[str, Callable[[dict, dict], tuple[dict, list[Befund]]]] = {
    "bestandskraft": _bestandskraft,
    "mittelabruf": _mittelabruf,
    "zinsen": _zinsen,
    "verwendungszinsen": _verwendungszinsen,
    "verwendungsnachweis": _verwendungsnachweis,
    "aenderung": _aenderung,
    "vn_fristen": _vn_fristen,
    "widerrufsfrist": _widerrufsfrist,
}
