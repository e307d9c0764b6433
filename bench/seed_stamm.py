"""Master data of the bench: users, Träger, Förderperioden 2016–2026, Zuweisungen, the
(period, organisation) slots the Anträge fill."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from antraege.models import Antrag
from bench.seed_daten import AKTUELLES_JAHR, BATCH, BENCH_PASSWORT, JAHRE, TRAEGER_NAME
from komman.models import Mitgliedschaft, Organisation, Rolle, User
from programmteile.models import Foerderperiode, Programmteil, Zuweisung


def standardparameter() -> dict:
    try:
        from programmteile import rules
    except ImportError:  # rules.py not merged yet: periods keep empty parameters
        return {}
    return rules.Regelparameter.standard().als_dict()


def nutzer(kommune: Organisation, traeger: Organisation) -> dict[str, User]:
    br = Organisation.objects.get(art=Organisation.Art.BEZIRKSREGIERUNG)
    passwort = make_password(BENCH_PASSWORT)
    spec = {
        "bench.pruefung": (br, [Rolle.PRUEFUNG]),
        "bench.zeichnung": (br, [Rolle.ZEICHNUNG]),
        "bench.admin": (br, [Rolle.ADMIN]),
        "bench.ki": (kommune, [Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT]),
        "bench.traeger": (traeger, [Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT]),
    }
    result = {}
    for username, (org, rollen) in spec.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "password": passwort,
                "first_name": "Bench",
                "last_name": username.split(".")[1].title(),
                "email": f"{username}@bench.invalid",
            },
        )
        for rolle in rollen:
            Mitgliedschaft.objects.get_or_create(user=user, organisation=org, rolle=rolle)
        result[username] = user
    return result


def traeger_anlegen(anzahl: int) -> list[Organisation]:
    namen = [TRAEGER_NAME.format(i) for i in range(1, anzahl + 1)]
    vorhanden = set(
        Organisation.objects.filter(art=Organisation.Art.TRAEGER, name__in=namen).values_list(
            "name", flat=True
        )
    )
    neu = [
        Organisation(
            art=Organisation.Art.TRAEGER,
            name=name,
            strasse=f"Benchstraße {i}",
            plz="44135",
            ort="Dortmund",
            verwaltungsgericht="Gelsenkirchen",
        )
        for i, name in enumerate(namen, start=1)
        if name not in vorhanden
    ]
    for start in range(0, len(neu), BATCH):
        with transaction.atomic():
            Organisation.objects.bulk_create(neu[start : start + BATCH])
    nach_name = {o.name: o for o in Organisation.objects.filter(art=Organisation.Art.TRAEGER, name__in=namen)}
    return [nach_name[n] for n in namen]


def perioden_anlegen() -> dict[tuple[str, int], Foerderperiode]:
    parameter = standardparameter()
    teile = {t.nummer: t for t in Programmteil.objects.filter(nummer__in=["I", "II", "III"])}
    result = {}
    for jahr in JAHRE:
        for nummer, teil in teile.items():
            termine = Foerderperiode.standard_termine(nummer, jahr)
            if jahr == AKTUELLES_JAHR:
                termine["antragsfrist"] = datetime.date(jahr, 12, 15)
            periode, _ = Foerderperiode.objects.get_or_create(
                programmteil=teil,
                foerderjahr=jahr,
                defaults={
                    **termine,
                    "status": Foerderperiode.Status.OFFEN
                    if jahr == AKTUELLES_JAHR
                    else Foerderperiode.Status.GESCHLOSSEN,
                    "budget": Decimal("0.00"),
                    "regelparameter": parameter,
                },
            )
            if parameter and not periode.regelparameter:  # seeded before rules.py was there
                Foerderperiode.objects.filter(pk=periode.pk).update(regelparameter=parameter)
                periode.regelparameter = parameter
            periode.programmteil = teil  # cached: the Anträge loop reads it per row
            result[(nummer, jahr)] = periode
    return result


def zuweisungen_anlegen(perioden, kommunen: list[Organisation], rng: random.Random) -> None:
    zeilen = []
    for (nummer, _jahr), periode in perioden.items():
        if nummer == "III":
            continue
        for kommune in kommunen:
            if nummer == "I":
                zeilen.append(
                    Zuweisung(
                        foerderperiode=periode,
                        kommune=kommune,
                        stellen=rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2")]),
                        anmerkung="Bench",
                    )
                )
            else:
                zeilen.append(
                    Zuweisung(
                        foerderperiode=periode,
                        kommune=kommune,
                        hoechstbetrag=Decimal(rng.randrange(40, 400)) * 1000,
                        anmerkung="Bench",
                    )
                )
    with transaction.atomic():
        Zuweisung.objects.bulk_create(zeilen, ignore_conflicts=True)


def slots_fuer(anzahl: int, perioden, kommunen, traeger) -> list:
    kommune_slots = [
        (perioden[(nummer, jahr)], k) for jahr in JAHRE for k in kommunen for nummer in ("I", "II")
    ]
    traeger_slots = [(perioden[("III", jahr)], t) for t in traeger for jahr in JAHRE]
    slots = (kommune_slots + traeger_slots)[:anzahl]
    belegt = set(
        Antrag.objects.filter(foerderperiode__in=perioden.values()).values_list(
            "foerderperiode_id", "antragsteller_id"
        )
    )
    return [(p, o) for p, o in slots if (p.pk, o.pk) not in belegt]
