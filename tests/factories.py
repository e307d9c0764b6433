"""Plain factories: defaults in view, no hidden state (DESIGN.md §10)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from komman.models import Mitgliedschaft, Organisation, Rolle, User
from programmteile.models import Foerderperiode, Programmteil, Zuweisung

PASSWORT = "komman-test-passwort"


def make_kommune(name: str = "Dortmund", *, kreisschluessel: str = "05913") -> Organisation:
    """The Kommunen come with the data migration; fetch, or create one for odd cases."""
    org, _ = Organisation.objects.get_or_create(
        kreisschluessel=kreisschluessel,
        defaults={
            "name": name,
            "art": Organisation.Art.KOMMUNE,
            "kommunentyp": Organisation.Kommunentyp.KREISFREIE_STADT,
        },
    )
    return org


def make_traeger(name: str = "AWO Unterbezirk Dortmund", **fields) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        art=Organisation.Art.TRAEGER, name=name, defaults={"ort": "Dortmund", "plz": "44135", **fields}
    )
    return org


def bezirksregierung() -> Organisation:
    return Organisation.objects.get(art=Organisation.Art.BEZIRKSREGIERUNG)


def make_user(
    username: str, *, organisation: Organisation | None = None, rolle: str | list[str] | None = None, **fields
) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORT, email=f"{username}@test.invalid", **fields
    )
    rollen = [rolle] if isinstance(rolle, str) else (rolle or [])
    for r in rollen:
        Mitgliedschaft.objects.create(user=user, organisation=organisation, rolle=r)
    return user


def make_periode(
    nummer: str = "I",
    *,
    jahr: int = 2026,
    status: str = Foerderperiode.Status.OFFEN,
    budget: Decimal = Decimal("1000000.00"),
    **fields,
) -> Foerderperiode:
    termine = Foerderperiode.standard_termine(nummer, jahr)
    termine["antragsfrist"] = datetime.date(jahr, 12, 31)
    return Foerderperiode.objects.create(
        programmteil=Programmteil.objects.get(nummer=nummer),
        foerderjahr=jahr,
        status=status,
        budget=budget,
        **{**termine, **fields},
    )


def make_zuweisung(
    periode: Foerderperiode,
    kommune: Organisation,
    *,
    stellen: Decimal | None = None,
    hoechstbetrag: Decimal | None = None,
) -> Zuweisung:
    return Zuweisung.objects.create(
        foerderperiode=periode, kommune=kommune, stellen=stellen, hoechstbetrag=hoechstbetrag
    )


# --- Antragstellung (antrag branch) ---


def make_antrag(
    periode: Foerderperiode,
    organisation: Organisation,
    *,
    erstellt_von: User | None = None,
    status: str = "entwurf",
    teil1: dict | None = None,
    positionen: list[dict] | None = None,
    massnahmen: list[dict] | None = None,
    **fields,
):
    """An Antrag with its lines; a Part I Antrag always gets its AntragTeil1 row."""
    from antraege.models import Antrag, AntragTeil1, Massnahme, Position

    if erstellt_von is None:
        erstellt_von = User.objects.filter(mitgliedschaften__organisation=organisation).first() or make_user(
            f"ersteller.{organisation.pk}.{Antrag.objects.count()}",
            organisation=organisation,
            rolle=Rolle.SACHBEARBEITUNG,
        )
    fields = {"kontakt_name": "Kim Yilmaz", "kontakt_email": "kontakt@test.invalid", **fields}
    antrag = Antrag.objects.create(
        foerderperiode=periode, antragsteller=organisation, erstellt_von=erstellt_von, status=status, **fields
    )
    if periode.programmteil.nummer == "I":
        AntragTeil1.objects.create(antrag=antrag, **(teil1 or {}))
    for nr, p in enumerate(positionen or [], start=1):
        Position.objects.create(antrag=antrag, nr=nr, **p)
    for nr, m in enumerate(massnahmen or [], start=1):
        Massnahme.objects.create(antrag=antrag, nr=nr, **m)
    return antrag


TEIL1_GUELTIG = {
    "konzept": "Koordination der Flüchtlingshilfe im Stadtgebiet",
    "stellen": Decimal("1.5"),
    "personalausgaben": Decimal("85500.00"),
    "sachmittel": Decimal("15000.00"),
}
POSITION_GUELTIG = {
    "baustein": "B",
    "pauschale": "B2",
    "einheiten": 4,
    "bezeichnung": "Sprachcafé",
    "empfaenger": "Verein Beispiel e. V.",
    "empfaenger_rechtsform": "eingetragener Verein",
    "empfaenger_anschrift": "Beispielweg 1, 44135 Dortmund",
    "betrag": Decimal("1000.00"),
}
MASSNAHME_GUELTIG = {
    "titel": "Nachbarschaft stärken",
    "handlungsfeld": "zusammenleben",
    "stellen": Decimal("1.00"),
    "personalausgaben": Decimal("60000.00"),
    "honorarausgaben": Decimal("2000.00"),
    "sachausgaben": Decimal("3000.00"),
    "investitionsausgaben": Decimal("0.00"),
    "beantragt": Decimal("50000.00"),
}


__all__ = [
    "PASSWORT",
    "Rolle",
    "bezirksregierung",
    "MASSNAHME_GUELTIG",
    "POSITION_GUELTIG",
    "TEIL1_GUELTIG",
    "make_antrag",
    "make_kommune",
    "make_periode",
    "make_traeger",
    "make_user",
    "make_zuweisung",
]
