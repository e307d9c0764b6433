"""Part III Finanzierungsplan (VV 1.2): total costs = Zuwendung + Eigenanteil + Drittmittel.

Pure functions. The plan of an Antrag: the Maßnahmen's total costs (Personal, Honorar, Sach-
and Investitionsausgaben), the requested Zuwendung, the applicant's own share and third-party
money. It balances when the three sources cover the costs exactly: a gap (Fehlbetrag) leaves
costs unfinanced, a surplus means some cost is funded twice. With an Anteilfinanzierung of
90 % the own share (Eigenanteil + Drittmittel) is at least the part of the eligible costs the
Fördersatz leaves open (zuwendungsfähige Ausgaben − the 90 % rounded down).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .berechnung import hoechstsatz_betrag, zuwendungsfaehig
from .eingabe import Teil3
from .ergebnis import NULL
from .parameter import Regelparameter


@dataclass(frozen=True)
class Finanzierungsplan:
    gesamtkosten: Decimal
    zuwendung: Decimal  # requested (or decided) Zuwendung
    eigenanteil: Decimal
    drittmittel: Decimal
    zuwendungsfaehig: Decimal
    mindest_eigen: Decimal  # the part of the eligible costs the Fördersatz leaves to the applicant

    @property
    def finanzierung(self) -> Decimal:
        return self.zuwendung + self.eigenanteil + self.drittmittel

    @property
    def differenz(self) -> Decimal:
        """> 0: costs not financed (Fehlbetrag); < 0: more money than costs (funded twice)."""
        return self.gesamtkosten - self.finanzierung

    @property
    def ausgeglichen(self) -> bool:
        return self.differenz == 0


def finanzierungsplan(a: Teil3, p: Regelparameter, *, zuwendung: Decimal | None = None) -> Finanzierungsplan:
    gesamt = sum(
        (
            x.oder_null
            for m in a.massnahmen
            for x in (m.personalausgaben, m.honorarausgaben, m.sachausgaben, m.investitionsausgaben)
        ),
        NULL,
    )
    if zuwendung is None:
        zuwendung = sum((m.beantragt.oder_null for m in a.massnahmen), NULL)
    zf = sum((zuwendungsfaehig(m, p) for m in a.massnahmen), NULL)
    grenze = sum((hoechstsatz_betrag(m, p) for m in a.massnahmen), NULL)
    return Finanzierungsplan(
        gesamtkosten=gesamt,
        zuwendung=zuwendung,
        eigenanteil=a.eigenanteil.oder_null if a.eigenanteil else NULL,
        drittmittel=a.drittmittel.oder_null if a.drittmittel else NULL,
        zuwendungsfaehig=zf,
        mindest_eigen=max(zf - grenze, NULL) if p.teil3.foerdersatz_max is not None else NULL,
    )
