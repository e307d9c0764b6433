"""Grants to change: Part I (2 posts, 134.000 €), Part II (two lines), Part III (one Maßnahme), and the people."""

from __future__ import annotations

import datetime
from decimal import Decimal

from komman.models import Rolle
from programmteile import rules
from tests.factories import (
    JAHR,
    bezirksregierung,
    make_eingereichter_antrag,
    make_kommune,
    make_massnahme,
    make_periode,
    make_position,
    make_teil1,
    make_traeger,
    make_user,
    make_zuweisung,
    parameter_mit_eg11,
)
from zuwendungen.models import Finanzierungsart, Zuwendung


class Leute:
    def __init__(self, org):
        self.ki = make_user(f"ki.{org.pk}", organisation=org, rolle=Rolle.SACHBEARBEITUNG)
        self.zb = make_user(f"zb.{org.pk}", organisation=org, rolle=Rolle.ZEICHNUNGSBERECHTIGT)
        br = bezirksregierung()
        self.pruefer = make_user(f"pruefer.{org.pk}", organisation=br, rolle=Rolle.PRUEFUNG)
        self.pruefer2 = make_user(
            f"pruefer2.{org.pk}", organisation=br, rolle=[Rolle.PRUEFUNG, Rolle.ZEICHNUNG]
        )
        self.zeichner = make_user(f"zeichner.{org.pk}", organisation=br, rolle=Rolle.ZEICHNUNG)


def _zuwendung(antrag, periode, bewilligt: Decimal) -> Zuwendung:
    periode.gebunden = bewilligt
    periode.save(update_fields=["gebunden"])
    return Zuwendung.objects.create(
        antrag=antrag, bewilligt=bewilligt, bewilligungszeitraum_von=periode.bewilligungszeitraum_von,
        bewilligungszeitraum_bis=periode.bewilligungszeitraum_bis,
        finanzierungsart=Finanzierungsart(rules.finanzierungsart(periode.programmteil.nummer)),
        bestandskraeftig_am=periode.bewilligungszeitraum_von,
    )  # fmt: skip


def teil1(*, budget: Decimal = Decimal("1000000.00"), org=None) -> tuple[Zuwendung, Leute]:
    """Dortmund, 2 posts: 2 × 57.000,00 € + 20.000,00 € Sachmittel = 134.000,00 €."""
    periode = make_periode("I", jahr=JAHR, budget=budget)
    org = org or make_kommune("Dortmund", kreisschluessel="05913")
    make_zuweisung(periode, org, stellen=Decimal("2"))
    bewilligt = Decimal("134000.00")
    antrag = make_eingereichter_antrag(
        periode, org, status="bestandskraeftig", beantragt=bewilligt, zuwendung=bewilligt
    )
    make_teil1(
        antrag, stellen=Decimal("2"), personalausgaben=Decimal("114000.00"), sachmittel=Decimal("20000.00")
    )
    return _zuwendung(antrag, periode, bewilligt), Leute(org)


def teil2(*, org=None) -> tuple[Zuwendung, Leute]:
    """Two lines: B2 × 12 (3.000,00 €) and C1 × 8 (4.000,00 €) = 7.000,00 €; Höchstbetrag 10.000,00 €."""
    periode = make_periode("II", jahr=JAHR)
    org = org or make_kommune("Dortmund", kreisschluessel="05913")
    make_zuweisung(periode, org, hoechstbetrag=Decimal("10000.00"))
    antrag = make_eingereichter_antrag(
        periode, org, status="bestandskraeftig", beantragt=Decimal("7000.00"), zuwendung=Decimal("7000.00"),
        massnahmebeginn=periode.bewilligungszeitraum_von,
    )  # fmt: skip
    make_position(antrag, nr=1, pauschale="B2", einheiten=12, empfaenger="Verein A e. V.")
    make_position(antrag, nr=2, pauschale="C1", einheiten=8, empfaenger="Verein A e. V.")
    return _zuwendung(antrag, periode, Decimal("7000.00")), Leute(org)


def teil3(*, org=None) -> tuple[Zuwendung, Leute]:
    periode = make_periode("III", jahr=JAHR, regelparameter=parameter_mit_eg11())
    org = org or make_traeger()
    antrag = make_eingereichter_antrag(
        periode, org, status="bestandskraeftig", beantragt=Decimal("10000.00"), zuwendung=Decimal("10000.00"),
        massnahmebeginn=periode.bewilligungszeitraum_von,
    )  # fmt: skip
    make_massnahme(antrag, beantragt=Decimal("10000.00"))
    return _zuwendung(antrag, periode, Decimal("10000.00")), Leute(org)


def besetzt_ab(zuwendung: Zuwendung, monat: int) -> dict:
    return {
        "unbesetzt": [
            {
                "stellen": "1.0",
                "besetzt_ab": datetime.date(zuwendung.bewilligungszeitraum_von.year, monat, 1).isoformat(),
            }
        ]
    }
