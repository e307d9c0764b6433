"""The Übersicht: every figure per Förderperiode and per Regierungsbezirk, with the budget.

Constant queries: the periods with their budget figures (one query, programmteile's
``mit_budgetzahlen``), one aggregate query per model and grouping, one per process check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from antraege.filters import REGIERUNGSBEZIRKE
from antraege.models import Antrag, AntragStatus
from auswertung import prozesse
from auswertung.kennzahlen import KENNZAHLEN, berechnen, leer
from programmteile.models import Foerderperiode

BUDGET = ("budget", "gebunden", "summe_vorgeschlagen", "summe_frei")
BUDGET_TITEL = {
    "budget": "Haushaltsmittel",
    "gebunden": "Gebunden",
    "summe_vorgeschlagen": "Vorgeschlagen",
    "summe_frei": "Frei",
}
OHNE_BEZIRK = "ohne Angabe"


@dataclass
class Zeile:
    titel: str
    werte: dict
    periode: Foerderperiode | None = None
    bezirk: str | None = None
    budget: dict = field(default_factory=dict)


@dataclass
class Uebersicht:
    auswahl: object
    erfasst: dict
    perioden: list[Zeile]
    bezirke: list[Zeile]
    summe: Zeile

    @property
    def fehlende_prozesse(self) -> list[str]:
        return [prozesse.TITEL[p] for p, da in self.erfasst.items() if p and not da]


def _summe(zeilen: list[Zeile], erfasst: dict) -> Zeile:
    werte = leer(erfasst=erfasst)
    for z in zeilen:
        for name, wert in z.werte.items():
            if wert is not None and werte[name] is not None:
                werte[name] += wert
    budget = {name: sum((z.budget[name] for z in zeilen), Decimal("0.00")) for name in BUDGET}
    return Zeile("Summe", werte, budget=budget)


def perioden(auswahl):
    """The periods with their budget figures as the Haushalt overview defines them
    (``Foerderperiode.mit_budgetzahlen``): Haushaltsmittel and gebunden are fields, vorgeschlagen
    the Zuwendung of Anträge in Bewilligung vorgeschlagen, frei what is left. Vorgeschlagen comes
    from one grouped query on the status index instead of a join of every Antrag of the period."""
    liste = list(
        Foerderperiode.objects.filter(auswahl.perioden_q(), programmteil__antragsteller_art__gt="")
        .select_related("programmteil")
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )
    vorgeschlagen = dict(
        Antrag.objects.filter(status=AntragStatus.BEWILLIGUNG_VORGESCHLAGEN, foerderperiode__in=[p.pk for p in liste])
        .order_by().values("foerderperiode").annotate(s=Sum("zuwendung")).values_list("foerderperiode", "s")
    )  # fmt: skip
    for p in liste:
        p.summe_vorgeschlagen = vorgeschlagen.get(p.pk) or Decimal("0.00")
        p.summe_frei = p.budget - p.gebunden - p.summe_vorgeschlagen
    return liste


def berechne(auswahl) -> Uebersicht:
    erfasst = prozesse.erfasst()
    je_periode = berechnen(auswahl, nach="foerderperiode", erfasst=erfasst)
    je_bezirk = berechnen(auswahl, nach="regierungsbezirk", erfasst=erfasst)
    zeilen = [
        Zeile(
            f"{p.programmteil.nummer} – {p.foerderjahr}",
            je_periode.get(p.pk) or leer(erfasst=erfasst),
            periode=p,
            budget={name: getattr(p, name) for name in BUDGET},
        )
        for p in perioden(auswahl)
    ]
    bezirke = [b for b, _ in REGIERUNGSBEZIRKE]
    if auswahl.bezirk:
        bezirke = [auswahl.bezirk]
    bezirk_zeilen = [Zeile(b, je_bezirk.get(b) or leer(erfasst=erfasst), bezirk=b) for b in bezirke]
    for rest in sorted(set(je_bezirk) - set(bezirke), key=str):
        bezirk_zeilen.append(Zeile(rest or OHNE_BEZIRK, je_bezirk[rest], bezirk=rest or ""))
    return Uebersicht(auswahl, erfasst, zeilen, bezirk_zeilen, _summe(zeilen, erfasst))


SPALTEN_ANZAHL = [k for k in KENNZAHLEN.values() if not k.ist_betrag]
SPALTEN_BETRAG = [KENNZAHLEN[n] for n in ("beantragt", "bewilligt", "abgerufen", "ausgezahlt", "anerkannt",
                                          "zurueckgefordert", "erstattet", "zinsen")]  # fmt: skip
