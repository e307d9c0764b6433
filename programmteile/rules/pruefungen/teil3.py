"""Part III checks: Handlungsfeld, investments, EG 11 cap, Sachausgabenpauschale, 90 %, minimum, Bagatellgrenze."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_UP, Decimal

from komman.formate import euro, prozent

from ..begriffe import HANDLUNGSFELDER
from ..berechnung import (
    berechne,
    hoechstsatz_betrag,
    massnahme_iii_name,
    stellen_text,
    zuwendung_massnahme,
    zuwendungsfaehig,
)
from ..eingabe import Teil3
from ..ergebnis import Befund, befund, cent
from ..finanzierungsplan import finanzierungsplan
from ..parameter import Regelparameter
from .gemeinsam import aufzaehlung, fehlt


def pruefe_handlungsfeld(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    for i, m in enumerate(a.massnahmen):
        if m.handlungsfeld not in HANDLUNGSFELDER:
            felder = aufzaehlung([f"„{name}“" for name in HANDLUNGSFELDER.values()], "und")
            yield befund(
                "III.handlungsfeld.unbekannt",
                f"massnahmen.{i}.handlungsfeld",
                f"„{m.handlungsfeld}“ ist kein Handlungsfeld von Programmteil III. Zulässig sind {felder}.",
            )


def pruefe_investitionen(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    for i, m in enumerate(a.massnahmen):
        if m.investitionsausgaben.oder_null > 0:
            yield befund(
                "III.investition",
                f"massnahmen.{i}.investitionsausgaben",
                f"Es sind Investitionsausgaben ({euro(m.investitionsausgaben.wert)}) angegeben. In Programmteil III "
                "sind nur Personal-, Honorar- und Sachausgaben zuwendungsfähig, Investitionen nicht.",
            )


def pruefe_personal_iii(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    eg11 = p.teil3.personal_eg11_s5
    if eg11 is None:
        if a.massnahmen:
            yield fehlt(a, "III.personal_eg11_s5", "III.personal.hoechstbetrag")
        return
    for i, m in enumerate(a.massnahmen):
        grenze = cent(m.stellen * eg11)
        if m.personalausgaben.wert is not None and m.personalausgaben.wert > grenze:
            yield befund(
                "III.personal.hoechstbetrag",
                f"massnahmen.{i}.personalausgaben",
                f"Die Personalausgaben für „{massnahme_iii_name(m, i)}“ ({euro(m.personalausgaben.wert)}) "
                f"übersteigen die Obergrenze. Zuwendungsfähig sind höchstens {euro(grenze)} "
                f"({stellen_text(m.stellen, 'Vollzeitstelle')} × {euro(eg11)} nach TV-L EG 11 Stufe 5).",
            )


def pruefe_sachpauschale(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    pauschale = p.teil3.sachpauschale
    if pauschale is None:
        if a.massnahmen:
            yield fehlt(a, "III.sachpauschale", "III.sachpauschale")
        return
    for i, m in enumerate(a.massnahmen):
        grenze = cent(m.stellen * pauschale)
        if m.sachausgaben.wert is not None and m.sachausgaben.wert > grenze:
            yield befund(
                "III.sachpauschale",
                f"massnahmen.{i}.sachausgaben",
                f"Die Sachausgabenpauschale ({euro(m.sachausgaben.wert)}) ist zu hoch. Für "
                f"{stellen_text(m.stellen, 'Vollzeitstelle')} sind höchstens {euro(grenze)} zuwendungsfähig "
                f"({euro(pauschale)} je Vollzeitstelle und Jahr).",
            )


def pruefe_hoechstsatz(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    satz = p.teil3.foerdersatz_max
    if satz is None:
        if a.massnahmen:
            yield fehlt(a, "III.foerdersatz_max", "III.anteil.hoechstsatz")
        return
    for i, m in enumerate(a.massnahmen):
        basis = zuwendungsfaehig(m, p)
        grenze = hoechstsatz_betrag(m, p)
        if m.beantragt.wert is None or m.beantragt.wert <= grenze:
            continue
        if basis > 0:  # rounded up, so an excess never shows as exactly the maximum
            ist = prozent((m.beantragt.wert / basis).quantize(Decimal("0.0001"), ROUND_UP))
            verhaeltnis = f"entspricht {ist} der zuwendungsfähigen Ausgaben"
        else:
            verhaeltnis = "steht keinen zuwendungsfähigen Ausgaben gegenüber"
        yield befund(
            "III.anteil.hoechstsatz",
            f"massnahmen.{i}.beantragt",
            f"Die beantragte Zuwendung ({euro(m.beantragt.wert)}) {verhaeltnis}. "
            f"Zulässig sind höchstens {prozent(satz)}, also {euro(grenze)}.",
        )


def pruefe_mindestbetrag(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    minimum = p.teil3.mindestbetrag
    if minimum is None:
        if a.massnahmen:
            yield fehlt(a, "III.mindestbetrag", "III.mindestbetrag")
        return
    for i, m in enumerate(a.massnahmen):
        zuwendung = zuwendung_massnahme(m, p)
        if m.beantragt.wert is not None and zuwendung < minimum:
            yield befund(
                "III.mindestbetrag",
                f"massnahmen.{i}.beantragt",
                f"Die Zuwendung für „{massnahme_iii_name(m, i)}“ beträgt {euro(zuwendung)}. Je Maßnahme beträgt "
                f"die Zuwendung mindestens {euro(minimum)}.",
            )


def pruefe_bagatellgrenze(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    grenze = p.allgemein.bagatellgrenze_nichtkommunal
    if grenze is None:
        yield fehlt(a, "bagatellgrenze.nichtkommunal", "zuwendung.bagatellgrenze")
        return
    zuwendung = berechne(a, p).zuwendung
    if zuwendung <= grenze:
        yield befund(
            "zuwendung.bagatellgrenze",
            "",
            f"Die Zuwendung ({euro(zuwendung)}) liegt nicht über der Bagatellgrenze. Zuwendungen an "
            f"nichtkommunale Empfänger sollen {euro(grenze)} übersteigen.",
        )


def pruefe_finanzierungsplan(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    """VV 1.2: the plan balances; no cost funded twice; the own share a 90 % rate implies."""
    if a.eigenanteil is None or not a.massnahmen:
        return
    plan = finanzierungsplan(a, p)
    quellen = (
        f"Zuwendung {euro(plan.zuwendung)} + Eigenanteil {euro(plan.eigenanteil)} + Drittmittel "
        f"{euro(plan.drittmittel)} = {euro(plan.finanzierung)}"
    )
    if plan.differenz > 0:
        yield befund(
            "III.finanzierungsplan.fehlbetrag",
            "eigenanteil",
            f"Der Finanzierungsplan ist nicht ausgeglichen: Den Gesamtausgaben von {euro(plan.gesamtkosten)} "
            f"stehen {quellen} gegenüber; es fehlen {euro(plan.differenz)}.",
        )
    elif plan.differenz < 0:
        yield befund(
            "III.finanzierungsplan.doppelt",
            "drittmittel",
            f"Der Finanzierungsplan übersteigt die Gesamtausgaben von {euro(plan.gesamtkosten)}: {quellen}. "
            f"{euro(-plan.differenz)} wären doppelt finanziert; keine Ausgabe darf aus mehreren Quellen "
            "gefördert werden.",
        )
    eigen = plan.eigenanteil + plan.drittmittel
    if eigen < plan.mindest_eigen:
        yield befund(
            "III.eigenanteil",
            "eigenanteil",
            f"Bei einem Fördersatz von höchstens {prozent(p.teil3.foerdersatz_max)} tragen Eigenanteil und "
            f"Drittmittel mindestens {euro(plan.mindest_eigen)} der zuwendungsfähigen Ausgaben "
            f"({euro(plan.zuwendungsfaehig)}); angegeben sind {euro(eigen)}.",
        )
