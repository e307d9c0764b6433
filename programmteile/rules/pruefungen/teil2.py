"""Part II checks: Pauschalen per Baustein, Einheiten, Ankommenstreffpunkte, Letztempfänger, Höchstbetrag."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from komman.formate import euro, zahl

from ..begriffe import PAUSCHALEN_JE_BAUSTEIN
from ..berechnung import einheiten_ii, gueltige_pauschale
from ..eingabe import EINHEITEN_MAX, MassnahmeII, Teil2
from ..ergebnis import NULL, Befund, befund
from ..parameter import PAUSCHALE_PRAEFIX, Regelparameter
from .gemeinsam import fehlt


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
            yield fehlt(a, "II.A.raumnutzung_min", "II.A.raumnutzung")
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
        yield fehlt(a, "II.A1.max_raeume", "II.A1.raeume")
    elif m.einheiten is not None and m.einheiten > maximum:
        yield befund(
            "II.A1.raeume",
            f"massnahmen.{i}.einheiten",
            f"Für A1 sind {m.einheiten} Räume angegeben. Je Ankommenstreffpunkt werden höchstens "
            f"{maximum} {'Raum' if maximum == 1 else 'Räume'}{_je(pauschale)} gefördert.",
        )
    if pauschale is None:
        yield fehlt(a, "II.pauschale.A1", "II.A1.kosten")
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
        yield fehlt(a, "II.A2.max_monate", "II.A2.monate")
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
        yield fehlt(a, PAUSCHALE_PRAEFIX + code, "II.summe.hoechstbetrag")
    if fehlend or a.hoechstbetrag.wert is None:
        return
    # only what is eligible counts (issue 17): A1/A2 cut to their maxima, Baustein A rooms below
    # the minimum use at 0 – the same Einheiten the calculation and the notice use
    summe = sum((einheiten_ii(m, p) * p.teil2.pauschalen.get(m.pauschale, NULL) for m in gezaehlt), NULL)
    if summe > a.hoechstbetrag.wert:
        yield befund(
            "II.summe.hoechstbetrag",
            "",
            f"Die Summe der Pauschalen ({euro(summe)}) übersteigt den Höchstbetrag der Kommune für "
            f"{a.foerderjahr}. Zulässig sind höchstens {euro(a.hoechstbetrag.wert)}.",
        )
