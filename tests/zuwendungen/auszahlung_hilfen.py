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


# --- rows for the query-count guard (tests/test_abfragen.py) --------------------------------------


def zuwendungen_mit_abrufen(n: int, *, von, status: str = "angeordnet", antraege=None) -> list:
    """n grants (on n Anträge of n Träger), each with one call in `status`; signed ones with their
    Auszahlungsanordnung and Buchung. Rows made in bulk."""
    from tests.test_abfragen import antraege as _antraege
    from zuwendungen.models import Auszahlungsanordnung, Buchung, Mittelabruf

    antraege = antraege if antraege is not None else _antraege(n, von=von, status="bewilligt")
    zuwendungen = Zuwendung.objects.bulk_create(
        Zuwendung(
            antrag=a, bewilligt=Decimal("10000.00"), bewilligungszeitraum_von=datetime.date(2026, 1, 1),
            bewilligungszeitraum_bis=datetime.date(2026, 12, 31), finanzierungsart=Finanzierungsart.ANTEIL,
            bestandskraeftig_am=datetime.date(2026, 2, 1),
        )
        for a in antraege
    )  # fmt: skip
    abrufe = Mittelabruf.objects.bulk_create(
        Mittelabruf(
            zuwendung=z, nummer=1, status=status, auszahlung_am=datetime.date(2026, 3, 1), betrag=Decimal("1000.00"),
            bedarfe=[{"faellig": "2026-03-15", "betrag": "1000.00"}], erstellt_von=von,
            freigegeben=Decimal("1000.00") if status in ("freigegeben", "angeordnet", "bezahlt") else None,
        )
        for z in zuwendungen
    )  # fmt: skip
    if status in ("angeordnet", "bezahlt"):
        anordnungen = Auszahlungsanordnung.objects.bulk_create(
            Auszahlungsanordnung(
                mittelabruf=a, nummer=f"AA-{a.pk}", betrag=a.betrag,
                daten={"empfaenger": "Träger", "bank": {"iban": "DE02 1203 0000 0000 2020 51", "kontoinhaber": "T", "bic": ""},
                       "faellig": "2026-03-01", "angeordnet_am": "2026-03-01", "verwendungszweck": "KOMM-AN",
                       "aktenzeichen": "KA", "haushaltsstelle": "Kap.", "gezeichnet_von": "Z"},
            )
            for a in abrufe
        )  # fmt: skip
        Buchung.objects.bulk_create(
            Buchung(
                zuwendung_id=a.mittelabruf.zuwendung_id, art="auszahlung", betrag=a.betrag, gebucht_am=datetime.date(2026, 3, 1),
                wertstellung=datetime.date(2026, 3, 3) if status == "bezahlt" else None, anordnung=a, wer=von,
            )
            for a in anordnungen
        )  # fmt: skip
    return zuwendungen


def eine_zuwendung_mit_abrufen(n: int, user) -> Zuwendung:
    """One grant of the user's organisation with n calls (the grant page lists them all)."""
    from zuwendungen.models import Mittelabruf

    organisation = user.mitgliedschaften.first().organisation
    z = Zuwendung.objects.filter(antrag__antragsteller=organisation).first() or make_zuwendung(organisation=organisation)
    start = z.mittelabrufe.count()
    Mittelabruf.objects.bulk_create(
        Mittelabruf(
            zuwendung=z, nummer=start + i + 1, status="zurueckgezogen", auszahlung_am=datetime.date(2026, 3, 1),
            betrag=Decimal("10.00"), bedarfe=[{"faellig": "2026-03-15", "betrag": "10.00"}], erstellt_von=user,
        )
        for i in range(n - start)
    )  # fmt: skip
    return z


def bankverbindungen(n: int, user) -> None:
    from komman.models import Organisation

    start = Organisation.objects.filter(name__startswith="Bank-Träger").count()
    orgs = Organisation.objects.bulk_create(
        Organisation(art=Organisation.Art.TRAEGER, name=f"Bank-Träger {start + i:03d}") for i in range(n - start)
    )
    Bankverbindung.objects.bulk_create(
        Bankverbindung(organisation=o, iban="DE02120300000000202051", kontoinhaber=o.name,
                       gueltig_ab=datetime.date(2026, 1, 1), erfasst_von=user)
        for o in orgs
    )  # fmt: skip
