"""The figures of a change, always from ``programmteile.rules`` (DOMAIN.md §4a "Änderung").

``angaben`` of an Änderungsantrag by Art:

- unbesetzt (Part I): ``{"unbesetzt": [{"stellen": "1.0", "besetzt_ab": "2026-04-01", "monate": 3}]}``;
  the months come from ``rules.unbesetzte_monate`` and the cut from ``rules.aenderung``
  (posts × Festbetrag per post × months / 12).
- einheiten (Part II) and kosten (Part III): the changed lines in the rules' input shape
  (``{"massnahmen": [...]}``, Part III also ``eigenanteil``/``drittmittel``); the new grant is
  computed by ``rules.pruefe(...).berechnung`` on the changed lines — the changed Antrag is
  checked exactly like a new one (caps, Pauschalen, 90 %, Höchstbetrag, Zuweisung), its Befunde
  are shown at the field; the grant moves by the difference of the rules' amounts before and
  after the change (a cut of the notice stays) and never exceeds the rules' amount.
- verlaengerung: ``{"bis": "2027-06-30"}``; verzicht: ``{"betrag": "100000.00"}``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from antraege.models import AntragTeil1
from antraege.regeln import regel_eingabe
from programmteile import rules
from programmteile.rules import aenderungsrechnung as ar
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.models import Aenderungsantrag, AenderungStatus, Zuwendung

Art = Aenderungsantrag.Art
#: Which Art fits which Programmteil (extension and waiver fit every part).
ARTEN_JE_TEIL = {
    "I": (Art.UNBESETZT, Art.VERLAENGERUNG, Art.VERZICHT),
    "II": (Art.EINHEITEN, Art.VERLAENGERUNG, Art.VERZICHT),
    "III": (Art.KOSTEN, Art.VERLAENGERUNG, Art.VERZICHT),
}


@dataclass
class Rechnung:
    neu_bewilligt: Decimal
    neu_bis: datetime.date
    neufestsetzung: ar.Neufestsetzung
    befunde: list = field(default_factory=list)
    eingabe: dict | None = None  # the changed Antrag as the rules read it (Part II/III)
    berechnet: Decimal | None = None  # Part II/III: the rules' amount of the changed lines

    @property
    def zulaessig(self) -> bool:
        return not any(b.schwere == "fehler" for b in self.befunde)

    def befunde_je_feld(self) -> dict[str, list[str]]:
        felder: dict[str, list[str]] = {}
        for b in self.befunde:
            felder.setdefault(b.feld, []).append(b.meldung)
        return felder


def _dezimal(wert, standard: Decimal | None = None) -> Decimal | None:
    try:
        return Decimal(str(wert).replace(",", ".")) if wert not in (None, "") else standard
    except InvalidOperation:
        return standard


def _datum(wert) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(wert) if wert else None
    except (TypeError, ValueError):
        return None


def letzte_zeilen(zuwendung: Zuwendung) -> dict:
    """The lines in force: the Antrag as granted, changed by the latest final change of the lines."""
    eingabe = regel_eingabe(zuwendung.antrag)
    letzte = (
        zuwendung.aenderungen.filter(
            status=AenderungStatus.BESTANDSKRAEFTIG, art__in=(Art.EINHEITEN, Art.KOSTEN)
        )
        .exclude(ergebnis=Aenderungsantrag.Ergebnis.ABGELEHNT)
        .order_by("-nummer")
        .values_list("angaben", flat=True)
        .first()
    )
    return eingabe | (letzte or {})


def stellen_bewilligt(zuwendung: Zuwendung) -> Decimal:
    return AntragTeil1.objects.filter(antrag=zuwendung.antrag).values_list(
        "stellen", flat=True
    ).first() or Decimal("0")


def unbesetzt_zeilen(zuwendung: Zuwendung, angaben: dict) -> list[tuple[Decimal, int]]:
    """(Stellen, whole vacant months) per line; months from the day the post was filled if given."""
    zeilen = []
    for z in angaben.get("unbesetzt") or []:
        stellen = _dezimal(z.get("stellen"), Decimal("0")) or Decimal("0")
        besetzt_ab = _datum(z.get("besetzt_ab"))
        if besetzt_ab is not None:
            monate = ar.unbesetzte_monate(zuwendung.bewilligungszeitraum_von, besetzt_ab)
        else:
            try:
                monate = int(z.get("monate") or 0)
            except (TypeError, ValueError):
                monate = 0
        zeilen.append((stellen, monate))
    return zeilen


def berechnen(
    zuwendung: Zuwendung,
    art: str,
    angaben: dict,
    *,
    bewilligt_vorher: Decimal | None = None,
    bis_vorher: datetime.date | None = None,
    basis: dict | None = None,
) -> Rechnung:
    """What the change asks for, computed by the rules (never raises; problems are Befunde).
    ``basis``: the lines in force (``letzte_zeilen``) if the caller has read them already."""
    antrag = zuwendung.antrag
    p = antrag.foerderperiode.parameter()
    vorher = zuwendung.bewilligt if bewilligt_vorher is None else bewilligt_vorher
    bis = bis_vorher or zuwendung.bewilligungszeitraum_bis
    ausgezahlt = abrufstand(zuwendung).ausgezahlt
    neu, neu_bis, befunde, eingabe, berechnet = vorher, bis, [], None, None
    if art == Art.UNBESETZT:
        zeilen = unbesetzt_zeilen(zuwendung, angaben)
        zeitraum = ar.unbesetzte_monate(zuwendung.bewilligungszeitraum_von, bis + datetime.timedelta(days=1))
        befunde = ar.unbesetzt_pruefen(
            stellen_bewilligt=stellen_bewilligt(zuwendung), zeilen=zeilen, monate_zeitraum=zeitraum
        )
        festbetrag = p.teil1.festbetrag_stelle or Decimal("0.00")
        ergebnis = rules.aenderung(
            bewilligt=vorher,
            ausgezahlt=ausgezahlt,
            unbesetzt=[rules.Unbesetzt(s, m, festbetrag) for s, m in zeilen if s > 0 and m > 0],
            lrh_schwelle=p.allgemein.lrh_schwelle or vorher,
        )
        neu = ergebnis.neu_bewilligt
    elif art in (Art.EINHEITEN, Art.KOSTEN):
        basis = basis if basis is not None else letzte_zeilen(zuwendung)
        eingabe = basis | {k: v for k, v in angaben.items() if k in ("massnahmen", "eigenanteil", "drittmittel")}
        heute = timezone.localdate()
        ergebnis = rules.pruefe(eingabe, p, heute=heute)
        befunde = [b for b in ergebnis.befunde if b.schwere == "fehler" or b.feld.startswith("massnahmen")]
        # A cut the notice made stays: the grant moves by the change of the rules' amount, and
        # never above what the rules allow for the changed lines.
        vorher_berechnet = rules.pruefe(basis, p, heute=heute).berechnung.zuwendung
        berechnet = ergebnis.berechnung.zuwendung
        neu = min(berechnet, max(vorher + berechnet - vorher_berechnet, Decimal("0.00")))
    elif art == Art.VERLAENGERUNG:
        neu_bis = _datum(angaben.get("bis")) or bis
        befunde = ar.verlaengerung_pruefen(bis_vorher=bis, bis_neu=_datum(angaben.get("bis")))
    elif art == Art.VERZICHT:
        betrag = _dezimal(angaben.get("betrag"))
        befunde = ar.verzicht_pruefen(bewilligt=vorher, neu=betrag)
        neu = betrag if not befunde else vorher
    festsetzung = ar.neufestsetzung(
        bewilligt_vorher=vorher,
        neu_bewilligt=neu,
        ausgezahlt=ausgezahlt,
        urspruenglich_bewilligt=antrag.zuwendung or vorher,
        lrh_schwelle=p.allgemein.lrh_schwelle,
    )
    return Rechnung(
        festsetzung.neu_bewilligt, neu_bis, festsetzung, list(befunde) + festsetzung.befunde, eingabe, berechnet
    )


def entscheidung(
    aenderung: Aenderungsantrag, *, neu_bewilligt: Decimal, neu_bis: datetime.date
) -> ar.Neufestsetzung:
    """The consequences of the decided figures (the proposal, the letter, the Bestandskraft)."""
    zuwendung = aenderung.zuwendung
    p = zuwendung.antrag.foerderperiode.parameter()
    return ar.neufestsetzung(
        bewilligt_vorher=zuwendung.bewilligt,
        neu_bewilligt=neu_bewilligt,
        ausgezahlt=abrufstand(zuwendung).ausgezahlt,
        urspruenglich_bewilligt=zuwendung.antrag.zuwendung or zuwendung.bewilligt,
        lrh_schwelle=p.allgemein.lrh_schwelle,
    )
