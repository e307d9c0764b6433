"""The figures of a Zuwendungsbescheid: the table per Programmteil and the amounts around it.

Every figure the notice prints comes from here (DESIGN.md §14 "Money in one place"); the
letter module only copies them into its snapshot. Input is the rules' Antrag dict (the same
as ``pruefe``) plus the reviewer's decision per line (``Festsetzung``).

- Part I: Personalausgaben up to min(Stellen, Stellenzuweisung) × Festbetrag; Sachmittel up
  to the amount of the Stellenzuweisung's tier.
- Part II: per line the counted Einheiten (A1/A2 maxima, room use) × Pauschale; a negative
  line "Kürzung auf den Höchstbetrag" if the lines exceed the Kommune's Höchstbetrag.
- Part III: per Maßnahme the eligible costs (Personal up to Stellen × EG 11 Stufe 5,
  Honorar, Sachausgaben up to the Sachausgabenpauschale) and Fördersatz × eligible costs,
  rounded DOWN to the cent ("höchstens 90 %", DOMAIN.md §4a).

A line the reviewer set is printed with the reviewer's amount; a line without one (a draft
preview) with what the rules allow, min(beantragt, cap). A missing parameter caps nothing
here; ``fehlende_bewilligungsparameter`` keeps a Bewilligung from being proposed or signed
without it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from komman.formate import euro, prozent, zahl

from . import zeitraum as _zeitraum
from .begriffe import PAUSCHALEN
from .berechnung import (
    anerkannt_zuwendungsfaehig,
    berechne,
    einheiten_ii_alle,
    ganze_einheiten,
    hoechstsatz_betrag,
    obergrenze_ii,
    personal_grenze_teil1,
    raumnutzung_zu_gering,
    satz_ii,
    stellen_text,
)
from .eingabe import Teil1, Teil2, Teil3, lies_eingabe
from .eingabe import heute as heute_nrw
from .ergebnis import NULL, cent_abrunden
from .parameter import Regelparameter

# Who maintains the parameters, for messages to the Bezirksregierung (never to applicants).


@dataclass(frozen=True)
class Festsetzung:
    """The reviewer's decision for one line; ``bewilligt`` None = not decided yet (preview).

    ``beantragt`` overrides the requested amount where the rules cannot derive it from the
    input (Part II: the amount stored when the applicant saved the line)."""

    bewilligt: Decimal | None = None
    grund: str = ""
    beantragt: Decimal | None = None
    # Part III: costs the authority does not recognise as eligible (e.g. a Honorar outside the
    # measure); the line's eligible costs, its 90 % and the notice's figures follow (issue 17)
    nicht_zuwendungsfaehig: Decimal | None = None


@dataclass(frozen=True)
class Bescheidzeile:
    bezeichnung: str
    rechnung: str  # how the line is computed, German, with figures
    beantragt: Decimal
    hoechstens: Decimal  # what the rules allow for this line: min(beantragt, cap)
    bewilligt: Decimal  # the reviewer's amount, else ``hoechstens``
    kuerzungsgrund: str  # "" unless bewilligt < beantragt
    zuwendungsfaehig: Decimal | None = None  # Part III: eligible costs of the Maßnahme
    einheiten: int | None = None  # Part II: the units granted (bewilligt / Pauschale), None if not whole


@dataclass(frozen=True)
class Bescheidbetraege:
    """Every figure of a Zuwendungsbescheid."""

    programmteil: str
    zeilen: list[Bescheidzeile]
    zuwendungsfaehig: Decimal  # the rules' eligible costs (Berechnung.zuwendungsfaehige_ausgaben)
    beantragt: Decimal  # sum of the lines' requested amounts
    summe: Decimal  # sum of the lines' granted amounts
    zuwendung: Decimal  # the decided Zuwendung (= summe unless the authority fixed another)
    foerdersatz: Decimal | None  # Part III Fördersatz, else None
    lrh_schwelle: Decimal | None
    stellen: Decimal = NULL  # Part I: posts funded, min(Stellen, Stellenzuweisung)
    stellenstufe: Decimal = NULL  # Part I: the Stellenzuweisung (tier of the Sachmittel)
    kuerzungen: list[Bescheidzeile] = field(default_factory=list)

    @property
    def teilbewilligung(self) -> bool:
        return self.zuwendung < self.beantragt

    @property
    def lrh_kopie(self) -> bool:
        """A copy goes to the Landesrechnungshof above the threshold (VV 4.4 / VVG 4.2)."""
        return self.lrh_schwelle is not None and self.zuwendung > self.lrh_schwelle


FESTSETZUNG = "Festsetzung durch die Bewilligungsbehörde (siehe Begründung)"


def bescheidbetraege(
    antrag: dict,
    parameter: Regelparameter,
    festsetzungen: Sequence[Festsetzung] = (),
    *,
    zuwendung: Decimal | None = None,
    begruendung: str = "",
    zeitraum: tuple[date, date] | None = None,
) -> Bescheidbetraege:
    """The notice's figures for an Antrag dict (``pruefe``'s input) and the decision per line.

    ``festsetzungen`` follow the lines (Part I: Personalausgaben, Sachmittel; II: the
    Maßnahmen; III: the Maßnahmen). ``zuwendung`` is the decided amount; if it differs from
    the lines' sum a line "Festsetzung durch die Bewilligungsbehörde" balances it.
    ``zeitraum`` is the notice's Bewilligungszeitraum: Part I amounts follow its months
    (``zeitraum.anteil``; None = the whole year). Raises
    ``Eingabefehler`` for unreadable input (the notice is built from stored, valid data).
    """
    eingabe = lies_eingabe(antrag, heute=heute_nrw())
    f = list(festsetzungen)
    stellen = stufe = NULL
    if isinstance(eingabe, Teil1):
        zeilen, stellen, stufe = _zeilen_teil1(eingabe, parameter, f, zeitraum)
    elif isinstance(eingabe, Teil2):
        if zeitraum is not None:  # A2 months never exceed the months granted (issue 17)
            eingabe = dataclasses.replace(eingabe, bewilligung_von=zeitraum[0], bewilligung_bis=zeitraum[1])
        zeilen = _zeilen_teil2(eingabe, parameter, f)
    else:
        zeilen = _zeilen_teil3(eingabe, parameter, f)
    summe = sum((z.bewilligt for z in zeilen), NULL)
    beantragt = sum((z.beantragt for z in zeilen), NULL)
    if zuwendung is None:
        zuwendung = summe
    if zuwendung != summe:
        differenz = zuwendung - summe
        zeilen.append(Bescheidzeile(FESTSETZUNG, "", NULL, differenz, differenz, begruendung))
    zf = berechne(eingabe, parameter).zuwendungsfaehige_ausgaben
    if isinstance(eingabe, Teil3):  # the eligible costs as recognised per line
        zf = sum((z.zuwendungsfaehig or NULL for z in zeilen[: len(eingabe.massnahmen)]), NULL)
    return Bescheidbetraege(
        programmteil=eingabe.programmteil,
        zeilen=zeilen,
        zuwendungsfaehig=zf,
        beantragt=beantragt,
        summe=summe,
        zuwendung=zuwendung,
        foerdersatz=parameter.teil3.foerdersatz_max if eingabe.programmteil == "III" else None,
        lrh_schwelle=parameter.allgemein.lrh_schwelle,
        stellen=stellen,
        stellenstufe=stufe,
        kuerzungen=[z for z in zeilen if z.kuerzungsgrund and z.beantragt and z.bewilligt < z.beantragt],
    )


def _festsetzung(festsetzungen: list[Festsetzung], i: int) -> Festsetzung:
    return festsetzungen[i] if i < len(festsetzungen) else Festsetzung()


def _zeile(
    bezeichnung: str,
    rechnung: str,
    beantragt: Decimal,
    hoechstens: Decimal,
    f: Festsetzung,
    regelgrund: str,
    **kw,
) -> Bescheidzeile:
    bewilligt = hoechstens if f.bewilligt is None else f.bewilligt
    grund = ""
    if bewilligt < beantragt:
        grund = (f.grund or "").strip() or (regelgrund if hoechstens < beantragt else "")
    return Bescheidzeile(bezeichnung, rechnung, beantragt, hoechstens, bewilligt, grund, **kw)


def _gedeckelt(beantragt: Decimal, grenze: Decimal | None) -> Decimal:
    """min(beantragt, cap); a cap that is not maintained caps nothing."""
    return beantragt if grenze is None else min(beantragt, grenze)


def _zeilen_teil1(
    a: Teil1, p: Regelparameter, f: list[Festsetzung], zeitraum: tuple[date, date] | None = None
) -> tuple[list[Bescheidzeile], Decimal, Decimal]:
    stufe = a.stellen_zuweisung
    stellen = min(a.stellen, stufe)
    festbetrag = p.teil1.festbetrag_stelle
    personal_beantragt, sach_beantragt = a.personalausgaben.oder_null, a.sachmittel.oder_null
    grenze = personal_grenze_teil1(stellen, p)
    sach_max = p.teil1.sachmittel.get(stufe)
    monate = _zeitraum.MONATE_JAHR if zeitraum is None else min(_zeitraum.monate(*zeitraum), 12)
    anteilig = monate < _zeitraum.MONATE_JAHR
    if anteilig:
        grenze = None if grenze is None else _zeitraum.anteil(grenze, *zeitraum)
        sach_max = None if sach_max is None else _zeitraum.anteil(sach_max, *zeitraum)
    je_monate = f" × {monate}/12 Monate" if anteilig else ""
    im_zeitraum = f" für {monate} Monate des Bewilligungszeitraums" if anteilig else ""
    personal = _zeile(
        "Personalausgaben (Festbetrag)",
        f"{stellen_text(stellen)} × {euro(festbetrag)} je Vollzeitstelle{je_monate}"
        if festbetrag is not None
        else f"{stellen_text(stellen)}, Festbetrag je Vollzeitstelle nicht festgelegt",
        personal_beantragt,
        _gedeckelt(personal_beantragt, grenze),
        _festsetzung(f, 0),
        f"Zuwendungsfähig sind höchstens {zahl(stellen)} Stellen × {euro(festbetrag)}{im_zeitraum}, "
        f"also {euro(grenze)}.",
    )
    sach = _zeile(
        "Sachmittel",
        f"Stellenstufe {zahl(stufe)}: höchstens {euro(sach_max)}{im_zeitraum}"
        if sach_max is not None
        else f"Stellenstufe {zahl(stufe)}: Höchstbetrag nicht festgelegt",
        sach_beantragt,
        _gedeckelt(sach_beantragt, sach_max),
        _festsetzung(f, 1),
        f"Für die Stellenstufe {zahl(stufe)} sind höchstens {euro(sach_max)} Sachmittel{im_zeitraum} "
        "zuwendungsfähig.",
    )
    return [personal, sach], stellen, stufe


def _zeilen_teil2(a: Teil2, p: Regelparameter, f: list[Festsetzung]) -> list[Bescheidzeile]:
    zeilen = []
    for i, (m, einheiten) in enumerate(zip(a.massnahmen, einheiten_ii_alle(a, p), strict=True)):
        festsetzung = _festsetzung(f, i)
        satz = satz_ii(m, p)
        betrag = NULL if satz is None else einheiten * satz
        beantragt = festsetzung.beantragt
        if beantragt is None:
            beantragt = NULL if satz is None or m.einheiten is None else m.einheiten * satz
        bezeichnung = f"{m.pauschale} {PAUSCHALEN.get(m.pauschale, '')}" + (
            f": {m.bezeichnung}" if m.bezeichnung else ""
        )
        if raumnutzung_zu_gering(m, p):
            regelgrund = (
                f"Der Raum wird zu weniger als {p.teil2.raumnutzung_min} % der Nutzungszeit als "
                "Ankommenstreffpunkt genutzt."
            )
        elif satz is None:
            regelgrund = f"Für {m.pauschale} ist keine Pauschale festgelegt."
        elif m.baustein == "A" and m.einheiten is not None and einheiten < m.einheiten:
            was = "Räume" if m.pauschale == "A1" else "Monate laufende Kosten im Bewilligungszeitraum"
            regelgrund = (
                f"Je Ankommenstreffpunkt werden höchstens {zahl(obergrenze_ii(a, m.pauschale, p) or 0)} {was} "
                f"gefördert; für diese Zeile verbleiben {zahl(einheiten)} × {euro(satz)}."
            )
        else:
            regelgrund = f"Gefördert werden höchstens {zahl(einheiten)} Einheiten × {euro(satz)}."
        zeile = _zeile(bezeichnung, "", beantragt, min(beantragt, betrag), festsetzung, regelgrund)
        bewilligte = ganze_einheiten(zeile.bewilligt, satz)
        if satz is None:
            rechnung = f"{m.einheiten_roh} × –"
        elif bewilligte is not None and bewilligte != einheiten:
            rechnung = f"{zahl(bewilligte)} × {euro(satz)} (beantragt: {zahl(m.einheiten or 0)})"
        else:
            rechnung = f"{zahl(einheiten)} × {euro(satz)}"
        zeilen.append(dataclasses.replace(zeile, rechnung=rechnung, einheiten=bewilligte))
    summe = sum((z.hoechstens for z in zeilen), NULL)
    hoechstbetrag = a.hoechstbetrag.wert
    alle_offen = all(_festsetzung(f, i).bewilligt is None for i in range(len(zeilen)))
    if alle_offen and hoechstbetrag is not None and summe > hoechstbetrag:  # a preview over the cap
        kuerzung = hoechstbetrag - summe
        zeilen.append(
            Bescheidzeile(
                "Kürzung auf den Höchstbetrag",
                f"Höchstbetrag der Kommune: {euro(hoechstbetrag)}",
                NULL,
                kuerzung,
                kuerzung,
                "",
            )
        )
    return zeilen


def _zeilen_teil3(a: Teil3, p: Regelparameter, f: list[Festsetzung]) -> list[Bescheidzeile]:
    zeilen = []
    satz = p.teil3.foerdersatz_max
    for i, m in enumerate(a.massnahmen):
        festsetzung = _festsetzung(f, i)
        zf, abzug = anerkannt_zuwendungsfaehig(m, p, festsetzung.nicht_zuwendungsfaehig)
        grenze = hoechstsatz_betrag(m, p)
        if abzug and satz is not None:  # 90 % of the recognised eligible costs, rounded down
            grenze = cent_abrunden(satz * zf)
        beantragt = m.beantragt.oder_null
        ohne = f" ({euro(zf + abzug)} abzüglich {euro(abzug)} nicht zuwendungsfähig)" if abzug else ""
        rechnung = (
            f"{prozent(satz)} von {euro(zf)} zuwendungsfähigen Ausgaben{ohne}"
            if satz is not None
            else (f"{euro(zf)} zuwendungsfähige Ausgaben{ohne}, Fördersatz nicht festgelegt")
        )
        zeilen.append(
            _zeile(
                m.titel.strip() or f"Maßnahme {i + 1}",
                rechnung,
                beantragt,
                _gedeckelt(beantragt, grenze),
                festsetzung,
                f"Zuwendungsfähig sind höchstens {prozent(satz)} von {euro(zf)}, also {euro(grenze)}.",
                zuwendungsfaehig=zf,
            )
        )
    return zeilen


# --- Parameters a Bewilligung needs ---

# Every parameter the notice or its figures need, with its name in words (never the key).


# Re-exported: callers import these from rules.bescheid as before.
from .bewilligungsparameter import (  # noqa: E402, F401
    PARAMETER_NAMEN,
    PFLEGE_HINWEIS,
    bewilligung_moeglich,
    fehlende_bewilligungsparameter,
    parametername,
)
