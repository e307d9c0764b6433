"""The Berechnung of the Zuwendung per Programmteil; it never exceeds a cap."""

from __future__ import annotations

from decimal import Decimal

from komman.formate import euro, prozent, zahl

from .begriffe import PAUSCHALEN, PAUSCHALEN_JE_BAUSTEIN
from .eingabe import Eingabe, MassnahmeII, MassnahmeIII, Teil1, Teil2, Teil3
from .ergebnis import NULL, Berechnung, Posten, cent, cent_abrunden
from .parameter import Regelparameter
from .zeitraum import monate


def stellen_text(stellen: Decimal, wort: str = "Stelle") -> str:
    """German number of posts: "1 Stelle", "1,5 Stellen"."""
    return f"{zahl(stellen)} {wort}" if stellen == 1 else f"{zahl(stellen)} {wort}n"


def gueltige_pauschale(m: MassnahmeII) -> bool:
    return m.pauschale in PAUSCHALEN_JE_BAUSTEIN[m.baustein]


def massnahme_iii_name(m: MassnahmeIII, i: int) -> str:
    return m.titel.strip() or f"Maßnahme {i + 1}"


def sachpauschale_betrag(m: MassnahmeIII, p: Regelparameter) -> Decimal | None:
    """The Sachausgabenpauschale of one Part III Maßnahme: posts × the period's Pauschale per post;
    ``None`` when the Pauschale is not maintained (then nothing caps the Sachausgaben)."""
    if p.teil3.sachpauschale is None:
        return None
    return cent(m.stellen * p.teil3.sachpauschale)


def zuwendungsfaehig(m: MassnahmeIII, p: Regelparameter) -> Decimal:
    """Eligible costs of one Part III Maßnahme: personnel up to the EG 11 cap, Honorar, Sachausgaben
    up to the Sachausgabenpauschale; investments never. A missing parameter caps nothing."""
    personal, sach = m.personalausgaben.oder_null, m.sachausgaben.oder_null
    if p.teil3.personal_eg11_s5 is not None:
        personal = min(personal, cent(m.stellen * p.teil3.personal_eg11_s5))
    pauschale = sachpauschale_betrag(m, p)
    if pauschale is not None:
        sach = min(sach, pauschale)
    return personal + m.honorarausgaben.oder_null + sach


def anerkannt_zuwendungsfaehig(
    m: MassnahmeIII, p: Regelparameter, nicht_zuwendungsfaehig: Decimal | None = None
) -> tuple[Decimal, Decimal]:
    """(eligible costs the authority recognises, the amount it does not): the rules' eligible costs
    less what the decision declares not eligible, never below 0 (issue 17, Part III)."""
    zf = zuwendungsfaehig(m, p)
    abzug = min(max(nicht_zuwendungsfaehig or NULL, NULL), zf)
    return zf - abzug, abzug


def hoechstsatz_betrag(m: MassnahmeIII, p: Regelparameter) -> Decimal | None:
    """Fördersatz × eligible costs of one Part III Maßnahme, rounded DOWN to the cent ("höchstens
    90 %", DOMAIN.md §4a); ``None`` when the Fördersatz is not maintained."""
    if p.teil3.foerdersatz_max is None:
        return None
    return cent_abrunden(p.teil3.foerdersatz_max * zuwendungsfaehig(m, p))


def zuwendung_massnahme(m: MassnahmeIII, p: Regelparameter) -> Decimal:
    grenze = hoechstsatz_betrag(m, p)
    return m.beantragt.oder_null if grenze is None else min(m.beantragt.oder_null, grenze)


def hoechstgrenze_teil1(stellen_zuweisung: Decimal, p: Regelparameter) -> Decimal | None:
    """The Part I cap of a Stellenzuweisung: posts × Festbetrag per post + the tier's Sachmittel.

    ``None`` when the Festbetrag is not maintained (nothing can be capped); a tier without a
    Sachmittel figure adds 0,00 €."""
    if p.teil1.festbetrag_stelle is None:
        return None
    personal = personal_grenze_teil1(stellen_zuweisung, p)
    return personal + (p.teil1.sachmittel.get(stellen_zuweisung) or NULL)


def personal_grenze_teil1(stellen: Decimal, p: Regelparameter) -> Decimal | None:
    """Posts × Festbetrag per post, half up to the cent; ``None`` without a Festbetrag."""
    if p.teil1.festbetrag_stelle is None:
        return None
    return cent(stellen * p.teil1.festbetrag_stelle)


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
        personal = min(personal, personal_grenze_teil1(stellen, p))
        bezeichnung = f"Personalausgaben ({stellen_text(stellen)} × {euro(festbetrag)})"
    grenze = p.teil1.sachmittel.get(a.stellen_zuweisung)
    if grenze is not None:
        sach = min(sach, grenze)
    summe = personal + sach
    return Berechnung(summe, summe, [Posten(bezeichnung, personal), Posten("Sachmittel", sach)])


def satz_ii(m: MassnahmeII, p: Regelparameter) -> Decimal | None:
    """The Pauschale of a Part II Maßnahme; ``None`` if unknown in its Baustein or not maintained."""
    return p.teil2.pauschalen.get(m.pauschale) if gueltige_pauschale(m) else None


def raumnutzung_zu_gering(m: MassnahmeII, p: Regelparameter) -> bool:
    t = p.teil2
    return (
        m.baustein == "A"
        and t.raumnutzung_min is not None
        and (m.raumnutzung_prozent or 0) < t.raumnutzung_min
    )


def zeitraum_monate(a: Teil2) -> int | None:
    """Calendar months of the notice's Bewilligungszeitraum; None while it is not decided."""
    if a.bewilligung_von is None or a.bewilligung_bis is None:
        return None
    return monate(a.bewilligung_von, a.bewilligung_bis)


def obergrenze_ii(a: Teil2, pauschale: str, p: Regelparameter) -> int | None:
    """The most Einheiten one Ankommenstreffpunkt gets: A1 rooms; A2 months, never more than the
    months of the Bewilligungszeitraum; None for the other Pauschalen (no cap per site)."""
    if pauschale == "A1":
        return p.teil2.a1_max_raeume
    if pauschale == "A2":
        grenzen = [g for g in (p.teil2.a2_max_monate, zeitraum_monate(a)) if g is not None]
        return min(grenzen) if grenzen else None
    return None


def einheiten_ii_alle(a: Teil2, p: Regelparameter) -> list[int]:
    """The Einheiten that count, per line: 0 if unreadable or the room use is too low; A1 rooms and
    A2 months capped per Ankommenstreffpunkt (issue 17), the lines of one site sharing its cap in
    their order (the first lines are granted first)."""
    frei: dict[tuple[str, str], int] = {}
    zaehlen = []
    for m in a.massnahmen:
        maximum = obergrenze_ii(a, m.pauschale, p) if m.baustein == "A" else None
        if m.einheiten is None or raumnutzung_zu_gering(m, p):
            zaehlen.append(0)
        elif maximum is None:
            zaehlen.append(m.einheiten)
        else:
            schluessel = (m.treffpunkt_schluessel, m.pauschale)
            anzahl = min(m.einheiten, frei.setdefault(schluessel, maximum))
            frei[schluessel] -= anzahl
            zaehlen.append(anzahl)
    return zaehlen


def _posten_ii(m: MassnahmeII, einheiten: int, p: Regelparameter) -> Posten:
    satz = satz_ii(m, p)
    bezeichnung = f"{m.pauschale} {PAUSCHALEN.get(m.pauschale, '(unbekannte Pauschale)')}"
    if m.bezeichnung.strip():
        bezeichnung += f" – {m.bezeichnung.strip()}"
    if satz is None or m.einheiten is None:
        return Posten(bezeichnung, NULL)
    return Posten(f"{bezeichnung} ({zahl(einheiten)} × {euro(satz)})", einheiten * satz)


def _berechne_teil2(a: Teil2, p: Regelparameter) -> Berechnung:
    posten = [_posten_ii(m, n, p) for m, n in zip(a.massnahmen, einheiten_ii_alle(a, p), strict=True)]
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


def ganze_einheiten(betrag: Decimal, satz: Decimal | None) -> int | None:
    """``betrag`` as a whole number of Pauschale units of ``satz`` (Part II, VV 2.2.3: a Festbetrag
    is a multiple of a unit amount); None if it is not a whole multiple or there is no rate."""
    if satz is None or satz <= 0 or betrag < 0:
        return None
    anzahl = betrag / satz
    return int(anzahl) if anzahl == anzahl.to_integral_value() else None


def pauschalen_betrag(einheiten: int, satz: Decimal) -> Decimal:
    """The Festbetrag of whole Pauschale units (Part II): Einheiten × Einheitsbetrag, exact to the cent."""
    return cent(einheiten * satz)


def einheiten_text(betrag: Decimal, satz: Decimal) -> str:
    """How a non-whole Part II amount reads, for the reviewer: "9,6 Einheiten zu 250,00 €"."""
    anzahl = (betrag / satz).quantize(Decimal("0.01")).normalize()
    return f"{zahl(anzahl)} Einheiten zu {euro(satz)}"
