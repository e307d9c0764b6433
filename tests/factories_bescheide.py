"""Factories for the Bescheide tests: Anträge as the workflow leaves them, with lines and letters."""

from __future__ import annotations

import datetime
from decimal import Decimal

from komman.models import Organisation, User
from programmteile.models import Foerderperiode
from tests.factories import make_user


def make_antrag(
    antragsteller: Organisation,
    periode: Foerderperiode,
    *,
    status: str = "eingereicht",
    erstellt_von: User | None = None,
    aktenzeichen: str | None = None,
    **fields,
):
    """An Antrag as the workflow would leave it; submitted ones get an Aktenzeichen and a date."""
    from django.utils import timezone

    from antraege.models import Antrag

    erstellt_von = erstellt_von or make_user(f"antrag-{Antrag.objects.count() + 1}-{antragsteller.pk}")
    if status != Antrag.Status.ENTWURF:
        if aktenzeichen is None:
            aktenzeichen = (
                f"36.{periode.programmteil.nummer}-{periode.foerderjahr}-{Antrag.objects.count() + 1:04d}"
            )
        fields.setdefault(
            "eingereicht_am", timezone.make_aware(datetime.datetime(periode.foerderjahr - 1, 11, 20, 10))
        )
    return Antrag.objects.create(
        foerderperiode=periode,
        antragsteller=antragsteller,
        status=status,
        erstellt_von=erstellt_von,
        aktenzeichen=aktenzeichen or "",
        **fields,
    )


def make_teil1(antrag, *, stellen="1.5", personalausgaben="85500.00", sachmittel="15000.00", **fields):
    from antraege.models import AntragTeil1

    return AntragTeil1.objects.create(
        antrag=antrag,
        stellen=Decimal(stellen),
        personalausgaben=Decimal(personalausgaben),
        sachmittel=Decimal(sachmittel),
        **fields,
    )


def make_position(antrag, *, pauschale="B1", einheiten=10, nr=1, bewilligt=None, **fields):
    from antraege.models import Position

    betrag = fields.pop("betrag", None)
    if betrag is None:
        satz = Decimal(str(antrag.foerderperiode.regelparameter.get(f"II.pauschale.{pauschale}", "0")))
        betrag = satz * einheiten
    fields.setdefault("empfaenger", "Verein Beispiel e. V.")
    fields.setdefault("bezeichnung", f"Maßnahme {nr}")
    return Position.objects.create(
        antrag=antrag,
        nr=nr,
        baustein=pauschale[0],
        pauschale=pauschale,
        einheiten=einheiten,
        betrag=Decimal(betrag),
        bewilligt=None if bewilligt is None else Decimal(bewilligt),
        **fields,
    )


def make_massnahme(
    antrag, *, nr=1, titel="Nachbarschaft im Quartier", beantragt="70000.00", bewilligt=None, **fields
):
    from antraege.models import Massnahme

    defaults = {
        "handlungsfeld": "zusammenleben",
        "stellen": Decimal("1.0"),
        "personalausgaben": Decimal("70000.00"),
        "honorarausgaben": Decimal("5000.00"),
        "sachausgaben": Decimal("3000.00"),
        "investitionsausgaben": Decimal("0.00"),
    }
    return Massnahme.objects.create(
        antrag=antrag,
        nr=nr,
        titel=titel,
        beantragt=Decimal(beantragt),
        bewilligt=None if bewilligt is None else Decimal(bewilligt),
        **{**defaults, **fields},
    )


def make_statuswechsel(antrag, *, nach: str, wer: User, von: str | None = None, betrag=None, grund: str = ""):
    """A Statuswechsel as _change() writes it, and the Antrag moved to its new status."""
    from antraege.models import Antrag, Statuswechsel

    wechsel = Statuswechsel.objects.create(
        antrag=antrag,
        von=antrag.status if von is None else von,
        nach=nach,
        wer=wer,
        betrag=None if betrag is None else Decimal(betrag),
        grund=grund,
    )
    Antrag.objects.filter(pk=antrag.pk).update(status=nach)
    antrag.status = nach
    return wechsel


def make_schreiben(
    antrag, *, art: str, von: User, text: str = "", punkte=None, frist=None, beabsichtigter_betrag=None
):
    from antraege.models import Schreiben

    return Schreiben.objects.create(
        antrag=antrag,
        art=art,
        text=text,
        punkte=punkte or [],
        frist=frist or datetime.date(antrag.foerderperiode.foerderjahr, 3, 15),
        beabsichtigter_betrag=None if beabsichtigter_betrag is None else Decimal(beabsichtigter_betrag),
        erstellt_von=von,
    )
