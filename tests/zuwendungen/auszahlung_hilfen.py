"""Grants to call funds from, made directly (the Bestandskraft workflow lives on another branch)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from komman.models import Rolle
from tests.factories import bezirksregierung, make_eingereichter_antrag, make_kommune, make_periode, make_user
from zuwendungen.models import Bankverbindung, Finanzierungsart, Zuwendung
from zuwendungen.workflow import Abrufdaten

HEUTE = datetime.date(2026, 3, 2)


def make_zuwendung(
    *,
    teil: str = "III",
    organisation=None,
    bewilligt: Decimal = Decimal("10000.00"),
    bestandskraeftig_am: datetime.date = datetime.date(2026, 2, 1),
    periode=None,
    bank: bool = True,
) -> Zuwendung:
    if periode is None:
        periode = make_periode(teil, haushaltsstelle="Kap. 07 050 Tit. 633 10")
    organisation = organisation or make_kommune("Dortmund", kreisschluessel="05913")
    antrag = make_eingereichter_antrag(
        periode, organisation, status="bewilligt", beantragt=bewilligt, zuwendung=bewilligt
    )
    if bank and not Bankverbindung.objects.filter(organisation=organisation).exists():
        admin = get_user_model().objects.filter(username="bank.admin").first() or make_user(
            "bank.admin", organisation=bezirksregierung(), rolle=Rolle.ADMIN
        )
        Bankverbindung.objects.create(
            organisation=organisation, iban="DE02120300000000202051", kontoinhaber=str(organisation),
            gueltig_ab=datetime.date(2020, 1, 1), erfasst_von=admin,
        )  # fmt: skip
    return Zuwendung.objects.create(
        antrag=antrag, bewilligt=bewilligt, bewilligungszeitraum_von=periode.bewilligungszeitraum_von,
        bewilligungszeitraum_bis=periode.bewilligungszeitraum_bis, finanzierungsart=Finanzierungsart.ANTEIL,
        bestandskraeftig_am=bestandskraeftig_am,
    )  # fmt: skip


def daten(
    betrag: str = "4000.00", *, faellig: datetime.date | None = None, am: datetime.date = HEUTE, **extra
) -> Abrufdaten:
    return Abrufdaten(
        auszahlung_am=am, bedarfe=[(faellig or am + datetime.timedelta(days=20), Decimal(betrag))], **extra
    )
