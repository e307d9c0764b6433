"""Part III Finanzierungsplan (VV 1.2): total costs = Zuwendung + Eigenanteil + Drittmittel.

Pure functions. The plan of an Antrag: the Maßnahmen's total costs (Personal, Honorar, Sach-
and Investitionsausgaben), the requested Zuwendung, the applicant's own share and third-party
money. It balances when the three sources cover the costs exactly: a gap (Fehlbetrag) leaves
costs unfinanced, a surplus means some cost is funded twice. With an Anteilfinanzierung of
90 % the own share (Eigenanteil + Drittmittel) is at least the part of the eligible costs the
Fördersatz leaves open (zuwendungsfähige Ausgaben − the 90 % rounded down).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .berechnung import anerkannt_zuwendungsfaehig, hoechstsatz_betrag
from .eingabe import Teil3
from .ergebnis import NULL, cent_abrunden
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


def finanzierungsplan(
    a: Teil3,
    p: Regelparameter,
    *,
    zuwendung: Decimal | None = None,
    nicht_zuwendungsfaehig: Sequence[Decimal | None] = (),
) -> Finanzierungsplan:
    """The plan of an Antrag; with the decided ``zuwendung`` and the amounts the decision does not
    recognise as eligible per Maßnahme (``nicht_zuwendungsfaehig``) the plan of the notice."""
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
    abzuege = list(nicht_zuwendungsfaehig) + [None] * (len(a.massnahmen) - len(nicht_zuwendungsfaehig))
    anerkannt = [anerkannt_zuwendungsfaehig(m, p, x)[0] for m, x in zip(a.massnahmen, abzuege, strict=False)]
    zf = sum(anerkannt, NULL)
    if p.teil3.foerdersatz_max is None:
        grenze = NULL
    else:
        grenze = sum(
            (
                hoechstsatz_betrag(m, p) if not x else cent_abrunden(p.teil3.foerdersatz_max * z)
                for m, x, z in zip(a.massnahmen, abzuege, anerkannt, strict=False)
            ),
            NULL,
        )
    return Finanzierungsplan(
        gesamtkosten=gesamt,
        zuwendung=zuwendung,
        eigenanteil=a.eigenanteil.oder_null if a.eigenanteil else NULL,
        drittmittel=a.drittmittel.oder_null if a.drittmittel else NULL,
        zuwendungsfaehig=zf,
        mindest_eigen=max(zf - grenze, NULL) if p.teil3.foerdersatz_max is not None else NULL,
    )
