"""Charts as hand-built SVG (no library, no external request): the geometry, drawn by a template.

Two kinds: ``linien`` (cumulative series over months) and ``balken`` (grouped bars). Every
series has its own colour AND its own pattern or line style and marker, named in a legend
and labelled at its values, so colour is never the only carrier (WCAG 1.4.1). Colours have at
least 4.5:1 contrast on white. The template (auswertung/_diagramm.html) adds <title>, <desc>
and the data table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Dark blue, dark orange, dark grey, dark green: each ≥ 4.5:1 on white.
FARBEN = ("#1f4e79", "#a34700", "#4d4d4d", "#2e6b30")
MUSTER = ("voll", "schraffur", "punkte", "kreuz")
STRICHE = ("", "8 4", "2 3", "12 3 2 3")
MARKER = ("kreis", "quadrat", "dreieck", "raute")

BREITE, HOEHE = 720, 320
LINKS, RECHTS, OBEN, UNTEN = 90, 20, 20, 60


@dataclass
class Reihe:
    name: str
    werte: list
    farbe: str = ""
    muster: str = ""
    strich: str = ""
    marker: str = ""
    punkte: list = field(default_factory=list)  # (x, y, value text)
    balken: list = field(default_factory=list)  # (x, y, w, h, value text)
    pfad: str = ""


@dataclass
class Diagramm:
    art: str
    id: str
    titel: str
    beschreibung: str
    kategorien: list[str]
    reihen: list[Reihe]
    einheit: str = "€"
    breite: int = BREITE
    hoehe: int = HOEHE
    achse: list = field(default_factory=list)  # (y, label)
    beschriftungen: list = field(default_factory=list)  # (x, label)
    leer: bool = False


def _zahl(wert) -> float:
    return float(wert or 0)


def _skala(maximum: float) -> float:
    """A round upper end of the value axis."""
    if maximum <= 0:
        return 1.0
    stufe = 10 ** (len(str(int(maximum))) - 1)
    for faktor in (1, 2, 2.5, 5, 10):
        if maximum <= faktor * stufe:
            return faktor * stufe
    return 10 * stufe


def _text(wert, einheit: str) -> str:
    if einheit == "€":
        return f"{Decimal(str(wert)):,.0f} €".replace(",", ".")
    if isinstance(wert, float):
        return f"{wert:.1f}".replace(".", ",") + (f" {einheit}" if einheit else "")
    return f"{wert}" + (f" {einheit}" if einheit else "")


def _achse(d: Diagramm, oben: float) -> None:
    innen = d.hoehe - OBEN - UNTEN
    for i in range(5):
        wert = oben * i / 4
        d.achse.append((OBEN + innen - innen * i / 4, _text(wert if d.einheit != "€" else round(wert), d.einheit)))


def erstellen(art: str, id: str, titel: str, beschreibung: str, kategorien: list[str],
              reihen: list[tuple[str, list]], einheit: str = "€") -> Diagramm:  # fmt: skip
    d = Diagramm(art, id, titel, beschreibung, kategorien, [], einheit=einheit)
    for i, (name, werte) in enumerate(reihen):
        d.reihen.append(Reihe(name, werte, FARBEN[i % 4], MUSTER[i % 4], STRICHE[i % 4], MARKER[i % 4]))
    alle = [_zahl(w) for r in d.reihen for w in r.werte if w is not None]
    d.leer = not alle or max(alle) <= 0
    oben = _skala(max(alle) if alle else 0)
    _achse(d, oben)
    innen_b, innen_h = d.breite - LINKS - RECHTS, d.hoehe - OBEN - UNTEN
    n = max(len(kategorien), 1)
    schritt = innen_b / n
    for k, name in enumerate(kategorien):
        d.beschriftungen.append((LINKS + schritt * (k + 0.5), name))
    for i, r in enumerate(d.reihen):
        for k, wert in enumerate(r.werte):
            if wert is None:
                continue
            h = innen_h * _zahl(wert) / oben
            y = OBEN + innen_h - h
            if art == "linien":
                r.punkte.append((round(LINKS + schritt * (k + 0.5), 1), round(y, 1), _text(wert, einheit)))
            else:
                bw = schritt * 0.8 / len(d.reihen)
                x = LINKS + schritt * k + schritt * 0.1 + bw * i
                r.balken.append((round(x, 1), round(y, 1), round(bw, 1), round(h, 1), _text(wert, einheit)))
        if art == "linien" and r.punkte:
            r.pfad = "M " + " L ".join(f"{x} {y}" for x, y, _ in r.punkte)
    return d
