"""Grants whose Bewilligungszeitraum has ended, with their payouts booked, for the VN tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from komman.models import Rolle
from tests.factories import (
    bezirksregierung,
    make_eingereichter_antrag,
    make_periode,
    make_position,
    make_user,
)
from zuwendungen.models import Buchung, Finanzierungsart, Verwendungsnachweis, Zuwendung

JAHR = 2025
# The Part II example: (Pauschale, units granted, units delivered, Letztempfänger)
BEISPIEL_II = (
    ("B1", 40, 31, "Verein Brücke e. V."),
    ("A2", 12, 10, "Caritas Bochum"),
    ("C2", 30, 36, "Verein Brücke e. V."),
)


def _system():
    User = get_user_model()
    return User.objects.filter(username="vn.kasse").first() or make_user(
        "vn.kasse", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG
    )


def auszahlen(zuwendung: Zuwendung, betrag: Decimal, am: datetime.date = datetime.date(JAHR, 3, 1)) -> None:
    Buchung.objects.create(
        zuwendung=zuwendung, art=Buchung.Art.AUSZAHLUNG, betrag=betrag, gebucht_am=am, wertstellung=am, wer=_system()
    )


def zuwendung_teil2(organisation, *, periode=None, ausgezahlt: Decimal | None = Decimal("7700.00")) -> Zuwendung:
    """The issue's example: B1 40 × 35, A2 12 × 400, C2 30 × 50 = 7.700,00 €, all paid."""
    from programmteile import rules

    periode = periode or make_periode("II", jahr=JAHR)
    satz = rules.Regelparameter.standard().teil2.pauschalen
    bewilligt = sum((satz[p] * n for p, n, _, _ in BEISPIEL_II), Decimal("0.00"))
    antrag = make_eingereichter_antrag(periode, organisation, status="bestandskraeftig", beantragt=bewilligt, zuwendung=bewilligt)
    for i, (p, n, _, empfaenger) in enumerate(BEISPIEL_II, start=1):
        make_position(antrag, nr=i, pauschale=p, einheiten=n, bewilligt=satz[p] * n, empfaenger=empfaenger,
                      bezeichnung=f"Maßnahme {p}")  # fmt: skip
    z = Zuwendung.objects.create(
        antrag=antrag, bewilligt=bewilligt, bewilligungszeitraum_von=datetime.date(JAHR, 1, 1),
        bewilligungszeitraum_bis=datetime.date(JAHR, 12, 31), finanzierungsart=Finanzierungsart.PAUSCHALEN,
        bestandskraeftig_am=datetime.date(JAHR, 2, 1),
    )  # fmt: skip
    if ausgezahlt:
        auszahlen(z, ausgezahlt)
    return z


def sachbericht(**extra) -> dict:
    return {
        "taetigkeiten": "Sprachcafés und Begleitung", "beginn": datetime.date(JAHR, 1, 1),
        "ende": datetime.date(JAHR, 12, 31), "personal": "Ehrenamtliche", "ergebnisse": "Ziele erreicht",
        "abweichungen": "Weniger Teilnehmende als geplant.", "erklaerung": True, "kommune_bestaetigt": True, **extra,
    }  # fmt: skip


def zahlen_teil2(zuwendung: Zuwendung) -> dict:
    positionen = list(zuwendung.antrag.positionen.order_by("nr"))
    return {
        "einnahmen": {"eigenanteil": "0", "dritte": "0", "oeffentlich": "0"},
        "teil2": {
            "erbracht": {str(p.pk): n for p, (_, _, n, _) in zip(positionen, BEISPIEL_II, strict=True)},
            "empfaenger": {
                "Verein Brücke e. V.": {"erhalten": "2900.00", "verwendet": "2585.00", "erstattet": "0"},
                "Caritas Bochum": {"erhalten": "4800.00", "verwendet": "4000.00", "erstattet": "0"},
            },
        },
    }


# --- rows for the query-count guard (tests/test_abfragen.py) --------------------------------------


def vn_mit_zeilen(n: int, user, *, status: str = "eingereicht") -> Verwendungsnachweis:
    """One Part II VN of the user's organisation (or a new Kommune) with n lines, n Belege, n letters."""
    from antraege.models import Position
    from komman.models import Organisation
    from tests.factories import make_kommune
    from zuwendungen.models import Beleg, VnFrage, VnSchreiben

    mitglied = user.mitgliedschaften.exclude(organisation__art=Organisation.Art.BEZIRKSREGIERUNG).first()
    organisation = mitglied.organisation if mitglied else (
        Organisation.objects.filter(name="Abfragen-Kommune").first() or make_kommune("Abfragen-Kommune", kreisschluessel="05999")
    )  # fmt: skip
    vn = Verwendungsnachweis.objects.filter(zuwendung__antrag__antragsteller=organisation).first()
    if vn is None:
        z = zuwendung_teil2(organisation)
        vn = Verwendungsnachweis.objects.create(zuwendung=z, status=status)
    z = vn.zuwendung
    start = Position.objects.filter(antrag=z.antrag).count()
    Position.objects.bulk_create(
        Position(antrag=z.antrag, nr=start + i + 1, baustein="B", pauschale="B1", einheiten=2, betrag=Decimal("70"),
                 bewilligt=Decimal("70"), empfaenger=f"Verein {start + i}")
        for i in range(max(n - start, 0))
    )  # fmt: skip
    Beleg.objects.bulk_create(
        Beleg(verwendungsnachweis=vn, nr=vn.belege.count() + i + 1, datum=datetime.date(JAHR, 5, 1), empfaenger="Firma",
              grund="Miete", betrag=Decimal("10.00"))
        for i in range(max(n - vn.belege.count(), 0))
    )  # fmt: skip
    VnFrage.objects.bulk_create(
        VnFrage(verwendungsnachweis=vn, frage=f"Frage {i}", frist=datetime.date(JAHR + 1, 1, 1), antwort="ja")
        for i in range(max(n - vn.fragen.count(), 0))
    )
    nummer = VnSchreiben.objects.filter(zuwendung=z).count()
    VnSchreiben.objects.bulk_create(
        VnSchreiben(zuwendung=z, art=VnSchreiben.Art.NACHFORDERUNG, nummer=nummer + i + 1, daten={}, sha256="x")
        for i in range(max(n - nummer, 0))
    )
    return vn


def nachweise(n: int, user) -> None:
    """n submitted VNs of n Kommunen (the queue)."""
    from komman.models import Organisation

    start = Organisation.objects.filter(name__startswith="VN-Kommune").count()
    periode = make_periode("II", jahr=JAHR) if not start else Zuwendung.objects.filter(
        antrag__antragsteller__name__startswith="VN-Kommune").first().antrag.foerderperiode  # fmt: skip
    for i in range(start, n):
        org = Organisation.objects.create(art=Organisation.Art.TRAEGER, name=f"VN-Kommune {i:03d}")
        z = zuwendung_teil2(org, periode=periode, ausgezahlt=None)
        Verwendungsnachweis.objects.create(zuwendung=z, status="eingereicht")
