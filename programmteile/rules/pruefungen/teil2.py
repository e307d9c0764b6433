"""Part II checks: Pauschalen per Baustein, Einheiten, Ankommenstreffpunkte, Letztempfänger, Höchstbetrag."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from komman.formate import datum, euro, zahl

from ..begriffe import PAUSCHALEN_JE_BAUSTEIN, RECHTSFORMEN_LETZTEMPFAENGER
from ..berechnung import einheiten_ii_alle, gueltige_pauschale, obergrenze_ii
from ..eingabe import EINHEITEN_MAX, MassnahmeII, Teil2
from ..ergebnis import NULL, Befund, befund
from ..parameter import PAUSCHALE_PRAEFIX, Regelparameter
from .gemeinsam import aufzaehlung, fehlt


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
            yield from _pruefe_a1_kosten(a, p, m, i)
    yield from _pruefe_je_treffpunkt(a, p)


def _je(pauschale: Decimal | None) -> str:
    return f" mit je {euro(pauschale)}" if pauschale is not None else ""


def _pruefe_a1_kosten(a: Teil2, p: Regelparameter, m: MassnahmeII, i: int) -> Iterator[Befund]:
    """A1 needs planned costs above the Pauschale for every room (S17): rooms × Pauschale."""
    pauschale = p.teil2.pauschalen.get("A1")
    if pauschale is None:
        yield fehlt(a, "II.pauschale.A1", "II.A1.kosten")
        return
    if m.geplante_kosten is None or m.geplante_kosten.wert is None or m.einheiten is None:
        return
    grenze = m.einheiten * pauschale
    if m.geplante_kosten.wert <= grenze:
        raeume = "1 Raum" if m.einheiten == 1 else f"{zahl(m.einheiten)} Räume"
        yield befund(
            "II.A1.kosten",
            f"massnahmen.{i}.geplante_kosten",
            f"Die geplanten Kosten für Renovierung/Ausstattung ({euro(m.geplante_kosten.wert)}) liegen nicht über "
            f"{euro(grenze)} ({raeume} × {euro(pauschale)}). Die Pauschale A1 setzt geplante Kosten von mehr als "
            f"{euro(pauschale)} je Raum voraus.",
        )


def _pruefe_je_treffpunkt(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    """A1 rooms and A2 months per Ankommenstreffpunkt, not per line (issue 17): the lines of one
    site add up; the Befund stands at the line where the sum first exceeds the cap."""
    gruppen: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(a.massnahmen):
        if m.baustein == "A" and m.pauschale in ("A1", "A2") and m.einheiten is not None:
            gruppen.setdefault((m.treffpunkt_schluessel, m.pauschale), []).append(i)
    fehlend = set()
    for (_, code), zeilen in gruppen.items():
        maximum = obergrenze_ii(a, code, p)
        if maximum is None:
            fehlend.add(code)
            continue
        summe = 0
        for i in zeilen:
            summe += a.massnahmen[i].einheiten
            if summe > maximum:
                yield _zu_viele(a, p, code, zeilen, i, summe, maximum)
                break
    if "A1" in fehlend:
        yield fehlt(a, "II.A1.max_raeume", "II.A1.raeume")
    if "A2" in fehlend:
        yield fehlt(a, "II.A2.max_monate", "II.A2.monate")


def _zu_viele(
    a: Teil2, p: Regelparameter, code: str, zeilen: list[int], i: int, summe: int, maximum: int
) -> Befund:
    m = a.massnahmen[i]
    ort = ""
    if len(zeilen) > 1:
        name = (m.treffpunkt or m.empfaenger).strip()
        nummern = aufzaehlung([str(z + 1) for z in zeilen], "und")
        ort = f" am Ankommenstreffpunkt „{name}“ insgesamt" + f" (Maßnahmen {nummern})"
    je = _je(p.teil2.pauschalen.get(code))
    if code == "A1":
        return befund(
            "II.A1.raeume",
            f"massnahmen.{i}.einheiten",
            f"Für A1 sind{ort} {summe} Räume angegeben. Je Ankommenstreffpunkt werden höchstens "
            f"{maximum} {'Raum' if maximum == 1 else 'Räume'}{je} gefördert.",
        )
    monate_max = p.teil2.a2_max_monate
    if monate_max is not None and maximum < monate_max:
        grenze = (
            f"Der Bewilligungszeitraum ({datum(a.bewilligung_von)} bis {datum(a.bewilligung_bis)}) umfasst "
            f"{maximum} {'Monat' if maximum == 1 else 'Monate'}; laufende Kosten werden je Ankommenstreffpunkt "
            f"höchstens für diese Monate{je} gefördert."
        )
    else:
        grenze = (
            f"Laufende Kosten werden für höchstens {maximum} {'Monat' if maximum == 1 else 'Monate'} im "
            f"Förderjahr{je} gefördert."
        )
    return befund(
        "II.A2.monate", f"massnahmen.{i}.einheiten", f"Für A2 sind{ort} {summe} Monate angegeben. {grenze}"
    )


def pruefe_empfaenger(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    """Every Maßnahme names its Letztempfänger with name, legal form and address (S22; S29), and
    the legal form is one that may receive forwarded money (S5; S18; S22; S30)."""
    for i, m in enumerate(a.massnahmen):
        teile = (
            ("empfaenger", "Name", m.empfaenger),
            ("empfaenger_rechtsform", "Rechtsform", m.empfaenger_rechtsform),
            ("empfaenger_anschrift", "Anschrift", m.empfaenger_anschrift),
        )
        fehlend = [(feld, was) for feld, was, wert in teile if not wert.strip()]
        if fehlend:
            name = m.empfaenger.strip()
            was = aufzaehlung([w for _, w in fehlend], "und")
            if not name:
                anfang = f"Für die Maßnahme „{_massnahme_ii_name(m, i)}“ ist kein Letztempfänger angegeben."
                if len(fehlend) < len(teile):
                    anfang = (
                        f"Für die Maßnahme „{_massnahme_ii_name(m, i)}“ fehlt beim Letztempfänger: {was}."
                    )
            else:
                anfang = f"Für die Maßnahme „{_massnahme_ii_name(m, i)}“ fehlt beim Letztempfänger „{name}“: {was}."
            yield befund(
                "II.empfaenger.fehlt",
                f"massnahmen.{i}.{fehlend[0][0]}",
                f"{anfang} Jede Maßnahme braucht einen Letztempfänger mit Name, Rechtsform und Anschrift.",
            )
        rechtsform = m.empfaenger_rechtsform.strip()
        if rechtsform and rechtsform not in RECHTSFORMEN_LETZTEMPFAENGER:
            erlaubt = "; ".join(RECHTSFORMEN_LETZTEMPFAENGER.values())
            yield befund(
                "II.empfaenger.rechtsform",
                f"massnahmen.{i}.empfaenger_rechtsform",
                f"„{rechtsform}“ kann nicht Letztempfänger der Maßnahme „{_massnahme_ii_name(m, i)}“ sein. "
                f"Weitergeleitet werden darf nur an: {erlaubt}.",
            )


def pruefe_summe(a: Teil2, p: Regelparameter) -> Iterator[Befund]:
    gezaehlt = [m for m in a.massnahmen if gueltige_pauschale(m) and m.einheiten is not None]
    fehlend = sorted({m.pauschale for m in gezaehlt if p.teil2.pauschalen.get(m.pauschale) is None})
    for code in fehlend:
        yield fehlt(a, PAUSCHALE_PRAEFIX + code, "II.summe.hoechstbetrag")
    if fehlend or a.hoechstbetrag.wert is None:
        return
    # only what is eligible counts (issue 17): A1/A2 cut to their maxima per Ankommenstreffpunkt,
    # Baustein A rooms below the minimum use at 0 – the same Einheiten the calculation and the
    # notice use
    summe = sum(
        (
            n * p.teil2.pauschalen.get(m.pauschale, NULL)
            for m, n in zip(a.massnahmen, einheiten_ii_alle(a, p), strict=True)
            if m in gezaehlt
        ),
        NULL,
    )
    if summe > a.hoechstbetrag.wert:
        yield befund(
            "II.summe.hoechstbetrag",
            "",
            f"Die Summe der Pauschalen ({euro(summe)}) übersteigt den Höchstbetrag der Kommune für "
            f"{a.foerderjahr}. Zulässig sind höchstens {euro(a.hoechstbetrag.wert)}.",
        )
