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


__all__ = [
    "PASSWORT",
    "Rolle",
    "bezirksregierung",
    "make_kommune",
    "make_periode",
    "make_traeger",
    "make_user",
    "make_zuweisung",
]
