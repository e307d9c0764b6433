"""The Berechnung of the Zuwendung per Programmteil; it never exceeds a cap."""

from __future__ import annotations

from decimal import Decimal

from komman.formate import euro, prozent, zahl

from .begriffe import PAUSCHALEN, PAUSCHALEN_JE_BAUSTEIN
from .eingabe import Eingabe, MassnahmeII, MassnahmeIII, Teil1, Teil2, Teil3
from .ergebnis import NULL, Berechnung, Posten, cent
from .parameter import Regelparameter


def stellen_text(stellen: Decimal, wort: str = "Stelle") -> str:
    """German number of posts: "1 Stelle", "1,5 Stellen"."""
    return f"{zahl(stellen)} {wort}" if stellen == 1 else f"{zahl(stellen)} {wort}n"


def gueltige_pauschale(m: MassnahmeII) -> bool:
    return m.pauschale in PAUSCHALEN_JE_BAUSTEIN[m.baustein]


def massnahme_iii_name(m: MassnahmeIII, i: int) -> str:
    return m.titel.strip() or f"Maßnahme {i + 1}"


def zuwendungsfaehig(m: MassnahmeIII, p: Regelparameter) -> Decimal:
    """Eligible costs of one Part III Maßnahme: personnel up to the EG 11 cap, Honorar, Sachausgaben
    up to the Sachausgabenpauschale; investments never. A missing parameter caps nothing."""
    personal, sach = m.personalausgaben.oder_null, m.sachausgaben.oder_null
    if p.teil3.personal_eg11_s5 is not None:
        personal = min(personal, cent(m.stellen * p.teil3.personal_eg11_s5))
    if p.teil3.sachpauschale is not None:
        sach = min(sach, cent(m.stellen * p.teil3.sachpauschale))
    return personal + m.honorarausgaben.oder_null + sach


def zuwendung_massnahme(m: MassnahmeIII, p: Regelparameter) -> Decimal:
    if p.teil3.foerdersatz_max is None:
        return m.beantragt.oder_null
    return min(m.beantragt.oder_null, cent(p.teil3.foerdersatz_max * zuwendungsfaehig(m, p)))


def hoechstgrenze_teil1(stellen_zuweisung: Decimal, p: Regelparameter) -> Decimal | None:
    """The Part I cap of a Stellenzuweisung: posts × Festbetrag per post + the tier's Sachmittel.

    ``None`` when the Festbetrag is not maintained (nothing can be capped); a tier without a
    Sachmittel figure adds 0,00 €."""
    if p.teil1.festbetrag_stelle is None:
        return None
    return cent(stellen_zuweisung * p.teil1.festbetrag_stelle + (p.teil1.sachmittel.get(stellen_zuweisung) or NULL))


def berechne(a: Eingabe, p: Regelparameter) -> Berechnung:
    if isinstance(a, Teil1):
        return _berechne_teil1(a, p)
    if isinstance(a, Teil2):
        return _berechne_teil2(a, p)
    return _berechne_teil3(a, p)


def _berechne_teil1(a: Teil1, p: Regelparameter) -> Berechnung:
    personal, sach = a.personalausgaben.oder_null, a.sachmittel.oder_null
    bezeichnung = "Personalausgaben"
    festbetrag = p.teil1.festbetrag_stelle
    if festbetrag is not None:
        stellen = min(a.stellen, a.stellen_zuweisung)
        personal = min(personal, cent(stellen * festbetrag))
        bezeichnung = f"Personalausgaben ({stellen_text(stellen)} × {euro(festbetrag)})"
    grenze = p.teil1.sachmittel.get(a.stellen_zuweisung)
    if grenze is not None:
        sach = min(sach, grenze)
    summe = personal + sach
    return Berechnung(summe, summe, [Posten(bezeichnung, personal), Posten("Sachmittel", sach)])


def _posten_ii(m: MassnahmeII, p: Regelparameter) -> Posten:
    t = p.teil2
    satz = t.pauschalen.get(m.pauschale) if gueltige_pauschale(m) else None
    bezeichnung = f"{m.pauschale} {PAUSCHALEN.get(m.pauschale, '(unbekannte Pauschale)')}"
    if m.bezeichnung.strip():
        bezeichnung += f" – {m.bezeichnung.strip()}"
    if satz is None or m.einheiten is None:
        return Posten(bezeichnung, NULL)
    einheiten = m.einheiten
    maximum = {"A1": t.a1_max_raeume, "A2": t.a2_max_monate}.get(m.pauschale)
    if maximum is not None:
        einheiten = min(einheiten, maximum)
    raumnutzung_zu_gering = (
        m.baustein == "A"
        and t.raumnutzung_min is not None
        and (m.raumnutzung_prozent or 0) < t.raumnutzung_min
    )
    if raumnutzung_zu_gering:
        einheiten = 0
    return Posten(f"{bezeichnung} ({zahl(einheiten)} × {euro(satz)})", einheiten * satz)


def _berechne_teil2(a: Teil2, p: Regelparameter) -> Berechnung:
    posten = [_posten_ii(m, p) for m in a.massnahmen]
    summe = sum((x.betrag for x in posten), NULL)
    zuwendung = min(summe, a.hoechstbetrag.oder_null)
    if zuwendung < summe:
        posten.append(Posten("Kürzung auf den Höchstbetrag", zuwendung - summe))
    return Berechnung(summe, zuwendung, posten)


def _berechne_teil3(a: Teil3, p: Regelparameter) -> Berechnung:
    posten, basis = [], NULL
    for i, m in enumerate(a.massnahmen):
        zf = zuwendungsfaehig(m, p)
        basis += zf
        satz = f"{prozent(p.teil3.foerdersatz_max)} von " if p.teil3.foerdersatz_max is not None else ""
        bezeichnung = f"{massnahme_iii_name(m, i)} ({satz}{euro(zf)} zuwendungsfähigen Ausgaben)"
        posten.append(Posten(bezeichnung, zuwendung_massnahme(m, p)))
    return Berechnung(basis, sum((x.betrag for x in posten), NULL), posten)
