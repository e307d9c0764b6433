"""The checks: one function per rule, each yielding its Befunde; the registry PRUEFUNGEN."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import ROUND_UP, Decimal
from typing import Any

from komman.formate import datum, euro, prozent, zahl

from .begriffe import HANDLUNGSFELDER, PAUSCHALEN_JE_BAUSTEIN, feldname
from .berechnung import (
    berechne,
    gueltige_pauschale,
    massnahme_iii_name,
    stellen_text,
    zuwendung_massnahme,
    zuwendungsfaehig,
)
from .eingabe import EINHEITEN_MAX, Antragskopf, Betrag, Eingabe, MassnahmeII, Teil1, Teil2, Teil3
from .ergebnis import NULL, Befund, befund, cent
from .parameter import PAUSCHALE_PRAEFIX, SACHMITTEL_PRAEFIX, Regelparameter, stufe_text

Pruefung = Callable[[Any, Regelparameter], Iterator[Befund]]


def _fehlt(a: Antragskopf, parameter: str, code: str) -> Befund:
    return befund(
        "parameter.fehlt",
        "",
        f"Für {a.foerderjahr} ist der Parameter „{parameter}“ nicht gepflegt; die Prüfung {code} wurde nicht ausgeführt.",
    )


def _sind(anzahl: Decimal) -> str:
    return "ist" if anzahl == 1 else "sind"


def _aufzaehlung(teile: list[str], wort: str = "oder") -> str:
    return teile[0] if len(teile) == 1 else f"{', '.join(teile[:-1])} {wort} {teile[-1]}"


_BETRAG_MELDUNG = {
    "keine_zahl": "„{wert}“ im Feld „{feld}“ ist kein gültiger Betrag. Bitte einen Eurobetrag eingeben, z. B. 1.234,56.",
    "negativ": "Der Betrag im Feld „{feld}“ ist negativ. Zulässig sind Beträge ab 0,00 €.",
    "nachkommastellen": "Der Betrag im Feld „{feld}“ hat mehr als zwei Nachkommastellen. Zulässig sind höchstens zwei (Cent).",
    "zu_gross": "Der Betrag im Feld „{feld}“ ist zu groß. Zulässig sind Beträge unter 10.000.000.000,00 €.",
}


def _betraege(wert: object) -> Iterator[Betrag]:
    """Every amount field of an input, in input order."""
    if isinstance(wert, Betrag):
        yield wert
    elif isinstance(wert, tuple):
        for w in wert:
            yield from _betraege(w)
    elif dataclasses.is_dataclass(wert):
        for f in dataclasses.fields(wert):
            yield from _betraege(getattr(wert, f.name))


def pruefe_betraege(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    for b in _betraege(a):
        if b.mangel:
            wert = b.roh if len(b.roh) <= 40 else b.roh[:39] + "…"
            yield befund(
                "betrag.ungueltig", b.feld, _BETRAG_MELDUNG[b.mangel].format(feld=feldname(b.feld), wert=wert)
            )


def pruefe_frist(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    if a.antragsfrist and a.eingang and a.eingang > a.antragsfrist:
        yield befund(
            "frist.versaeumt",
            "",
            "Der Antrag wird nach Ablauf der Antragsfrist eingereicht. Fristgerecht ist eine Einreichung bis "
            f"{datum(a.antragsfrist)}; über verspätete Anträge entscheidet die Bewilligungsbehörde.",
        )


def pruefe_beginn(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    if a.vorzeitiger_beginn_zugelassen or a.fortfuehrung:
        return
    if a.massnahmebeginn and a.massnahmebeginn < a.stichtag:
        yield befund(
            "beginn.vorzeitig",
            "massnahmebeginn",
            f"Die Maßnahme hat am {datum(a.massnahmebeginn)} vor der Bewilligung begonnen. Gefördert werden nur "
            "Maßnahmen, die noch nicht begonnen haben, außer bei zugelassenem vorzeitigem Maßnahmebeginn oder "
            "unveränderter Fortführung einer im Vorjahr geförderten ganzjährigen Maßnahme.",
        )


def pruefe_lrh_kopie(a: Eingabe, p: Regelparameter) -> Iterator[Befund]:
    schwelle = p.allgemein.lrh_schwelle
    if schwelle is None:
        yield _fehlt(a, "lrh.schwelle", "bescheid.lrh_kopie")
        return
    zuwendung = berechne(a, p).zuwendung
    if zuwendung > schwelle:
        yield befund(
            "bescheid.lrh_kopie",
            "",
            f"Die Zuwendung ({euro(zuwendung)}) übersteigt {euro(schwelle)}. Eine Ausfertigung des Bescheids "
            "ist dem Landesrechnungshof zu übersenden.",
        )


# Part I ------------------------------------------------------------------------------------


def pruefe_stellen_stufe(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    stufen = p.teil1.stellenstufen
    if stufen is None:
        yield _fehlt(a, "I.stellenstufen", "I.stellen.stufe")
    elif a.stellen not in stufen:
        yield befund(
            "I.stellen.stufe",
            "stellen",
            f"{stellen_text(a.stellen)} {_sind(a.stellen)} keine zulässige Stellenstufe. "
            f"Zulässig sind {_aufzaehlung([zahl(s) for s in stufen])} Stellen.",
        )


def pruefe_stellen_zuweisung(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    if a.stellen > a.stellen_zuweisung:
        yield befund(
            "I.stellen.zuweisung",
            "stellen",
            f"Beantragt {_sind(a.stellen)} {stellen_text(a.stellen)}, zugewiesen {_sind(a.stellen_zuweisung)} der "
            f"Kommune für {a.foerderjahr} {stellen_text(a.stellen_zuweisung)}. Es "
            f"{'kann' if a.stellen_zuweisung == 1 else 'können'} höchstens {stellen_text(a.stellen_zuweisung)} "
            "beantragt werden.",
        )


def pruefe_personal(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    festbetrag = p.teil1.festbetrag_stelle
    if festbetrag is None:
        yield _fehlt(a, "I.festbetrag_stelle", "I.personal.hoechstbetrag")
        return
    grenze = cent(a.stellen * festbetrag)
    if a.personalausgaben.wert is not None and a.personalausgaben.wert > grenze:
        yield befund(
            "I.personal.hoechstbetrag",
            "personalausgaben",
            f"Die Personalausgaben ({euro(a.personalausgaben.wert)}) übersteigen den Festbetrag. "
            f"Für {stellen_text(a.stellen)} sind höchstens {euro(grenze)} zuwendungsfähig "
            f"({euro(festbetrag)} je Vollzeitstelle).",
        )


def pruefe_sachmittel(a: Teil1, p: Regelparameter) -> Iterator[Befund]:
    # The tier follows the Stellenzuweisung, not the posts applied for (DOMAIN.md §9 no. 18).
    grenze = p.teil1.sachmittel.get(a.stellen_zuweisung)
    if grenze is None:
        yield _fehlt(a, SACHMITTEL_PRAEFIX + stufe_text(a.stellen_zuweisung), "I.sachmittel.hoechstbetrag")
    elif a.sachmittel.wert is not None and a.sachmittel.wert > grenze:
        yield befund(
            "I.sachmittel.hoechstbetrag",
            "sachmittel",
            f"Die Sachmittel ({euro(a.sachmittel.wert)}) übersteigen den Höchstbetrag. Für "
            f"{stellen_text(a.stellen_zuweisung)} sind höchstens {euro(grenze)} Sachmittel zuwendungsfähig.",
        )


# Part II -----------------------------------------------------------------------------------


def _massnahme_ii_name(m: MassnahmeII, i: int) -> str:
    return m.bezeichnung.strip() or f"Maßnahme {i + 1} ({m.pauschale})"


def pruefe_pauschalen(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    for i, m in enumerate(a.massnahmen):
        if not gueltige_pauschale(m):
            yield befund(
                "II.pauschale.unbekannt",
                f"massnahmen.{i}.pauschale",
                f"Die Pauschale „{m.pauschale}“ gibt es im Baustein {m.baustein} nicht. "
                f"Zulässig sind: {', '.join(PAUSCHALEN_JE_BAUSTEIN[m.baustein])}.",
            )


def pruefe_einheiten(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    for i, m in enumerate(a.massnahmen):
        if m.einheiten is None:
            zu_gross = m.einheiten_ganz is not None and m.einheiten_ganz > EINHEITEN_MAX
            erlaubt = f"von 1 bis {zahl(EINHEITEN_MAX)}" if zu_gross else "ab 1"
            yield befund(
                "II.einheiten.ungueltig",
                f"massnahmen.{i}.einheiten",
                f"Die Anzahl „{m.einheiten_roh}“ für {m.pauschale} ist ungültig. Zulässig ist eine ganze Zahl {erlaubt}.",
            )


def pruefe_ankommenstreffpunkt(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    t = p.teil2
    for i, m in enumerate(a.massnahmen):
        if m.baustein != "A":
            continue
        if t.raumnutzung_min is None:
            yield _fehlt(a, "II.A.raumnutzung_min", "II.A.raumnutzung")
        elif m.raumnutzung_prozent is not None and m.raumnutzung_prozent < t.raumnutzung_min:
            drittel = " (einem Drittel)" if t.raumnutzung_min == 33 else ""
            yield befund(
                "II.A.raumnutzung",
                f"massnahmen.{i}.raumnutzung_prozent",
                f"Der Raum wird zu {m.raumnutzung_prozent} % der Nutzungszeit als Ankommenstreffpunkt genutzt. "
                f"Gefördert wird nur bei mindestens {t.raumnutzung_min} %{drittel}, nachgewiesen durch einen "
                "Belegungsplan.",
            )
        if m.pauschale == "A1":
            yield from _pruefe_a1(a, p, m, i)
        elif m.pauschale == "A2":
            yield from _pruefe_a2(a, p, m, i)


def _je(pauschale: Decimal | None) -> str:
    return f" mit je {euro(pauschale)}" if pauschale is not None else ""


def _pruefe_a1(a: Teil2, p: Regelparameter, m: MassnahmeII, i: int) -> Iterator[Befund]:
    maximum, pauschale = p.teil2.a1_max_raeume, p.teil2.pauschalen.get("A1")
    if maximum is None:
        yield _fehlt(a, "II.A1.max_raeume", "II.A1.raeume")
    elif m.einheiten is not None and m.einheiten > maximum:
        yield befund(
            "II.A1.raeume",
            f"massnahmen.{i}.einheiten",
            f"Für A1 sind {m.einheiten} Räume angegeben. Je Ankommenstreffpunkt werden höchstens "
            f"{maximum} {'Raum' if maximum == 1 else 'Räume'}{_je(pauschale)} gefördert.",
        )
    if pauschale is None:
        yield _fehlt(a, "II.pauschale.A1", "II.A1.kosten")
    elif (
        m.geplante_kosten is not None
        and m.geplante_kosten.wert is not None
        and m.geplante_kosten.wert <= pauschale
    ):
        yield befund(
            "II.A1.kosten",
            f"massnahmen.{i}.geplante_kosten",
            f"Die geplanten Kosten für Renovierung/Ausstattung ({euro(m.geplante_kosten.wert)}) liegen nicht über "
            f"{euro(pauschale)}. Die Pauschale A1 setzt geplante Kosten von mehr als {euro(pauschale)} voraus.",
        )


def _pruefe_a2(a: Teil2, p: Regelparameter, m: MassnahmeII, i: int) -> Iterator[Befund]:
    maximum = p.teil2.a2_max_monate
    if maximum is None:
        yield _fehlt(a, "II.A2.max_monate", "II.A2.monate")
    elif m.einheiten is not None and m.einheiten > maximum:
        yield befund(
            "II.A2.monate",
            f"massnahmen.{i}.einheiten",
            f"Für A2 sind {m.einheiten} Monate angegeben. Laufende Kosten werden für höchstens {maximum} "
            f"{'Monat' if maximum == 1 else 'Monate'} im Förderjahr{_je(p.teil2.pauschalen.get('A2'))} gefördert.",
        )


def pruefe_empfaenger(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    for i, m in enumerate(a.massnahmen):
        if not m.empfaenger.strip():
            yield befund(
                "II.empfaenger.fehlt",
                f"massnahmen.{i}.empfaenger",
                f"Für die Maßnahme „{_massnahme_ii_name(m, i)}“ ist kein Letztempfänger angegeben. Jede Maßnahme "
                "braucht einen Letztempfänger mit Name, Rechtsform und Anschrift.",
            )


def pruefe_summe(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    gezaehlt = [m for m in a.massnahmen if gueltige_pauschale(m) and m.einheiten is not None]
    fehlend = sorted({m.pauschale for m in gezaehlt if p.teil2.pauschalen.get(m.pauschale) is None})
    for code in fehlend:
        yield _fehlt(a, PAUSCHALE_PRAEFIX + code, "II.summe.hoechstbetrag")
    if fehlend or a.hoechstbetrag.wert is None:
        return
    summe = sum((m.einheiten * p.teil2.pauschalen.get(m.pauschale, NULL) for m in gezaehlt), NULL)
    if summe > a.hoechstbetrag.wert:
        yield befund(
            "II.summe.hoechstbetrag",
            "",
            f"Die Summe der Pauschalen ({euro(summe)}) übersteigt den Höchstbetrag der Kommune für "
            f"{a.foerderjahr}. Zulässig sind höchstens {euro(a.hoechstbetrag.wert)}.",
        )


# Part III ----------------------------------------------------------------------------------


def pruefe_handlungsfeld(a: Teil3, p: Regelparameter) -> Iterator[Befund]:
    for i, m in enumerate(a.massnahmen):
        if m.handlungsfeld not in HANDLUNGSFELDER:
            felder = _aufzaehlung([f"„{name}“" for name in HANDLUNGSFELDER.values()], "und")
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
            yield _fehlt(a, "III.personal_eg11_s5", "III.personal.hoechstbetrag")
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
            yield _fehlt(a, "III.sachpauschale", "III.sachpauschale")
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
            yield _fehlt(a, "III.foerdersatz_max", "III.anteil.hoechstsatz")
        return
    for i, m in enumerate(a.massnahmen):
        basis = zuwendungsfaehig(m, p)
        grenze = cent(satz * basis)
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
            yield _fehlt(a, "III.mindestbetrag", "III.mindestbetrag")
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
        yield _fehlt(a, "bagatellgrenze.nichtkommunal", "zuwendung.bagatellgrenze")
        return
    zuwendung = berechne(a, p).zuwendung
    if zuwendung <= grenze:
        yield befund(
            "zuwendung.bagatellgrenze",
            "",
            f"Die Zuwendung ({euro(zuwendung)}) liegt nicht über der Bagatellgrenze. Zuwendungen an "
            f"nichtkommunale Empfänger sollen {euro(grenze)} übersteigen.",
        )


_ALLE = (pruefe_frist, pruefe_beginn, pruefe_lrh_kopie)
PRUEFUNGEN: dict[str, tuple[Pruefung, ...]] = {
    "I": (
        pruefe_betraege,
        pruefe_stellen_stufe,
        pruefe_stellen_zuweisung,
        pruefe_personal,
        pruefe_sachmittel,
        *_ALLE,
    ),
    "II": (
        pruefe_betraege,
        pruefe_pauschalen,
        pruefe_einheiten,
        pruefe_ankommenstreffpunkt,
        pruefe_empfaenger,
        pruefe_summe,
        *_ALLE,
    ),
    "III": (
        pruefe_betraege,
        pruefe_handlungsfeld,
        pruefe_investitionen,
        pruefe_personal_iii,
        pruefe_sachpauschale,
        pruefe_hoechstsatz,
        pruefe_mindestbetrag,
        pruefe_bagatellgrenze,
        *_ALLE,
    ),
}
