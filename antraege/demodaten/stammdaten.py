"""Demo master data: the Förderperioden of the demo year, Zuweisungen and Träger."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from komman.models import Organisation
from programmteile import rules
from programmteile.models import Foerderperiode, Programmteil, Zuweisung

# The demo year of the Anträge: the coming Förderjahr, whose notices can be issued on any day
# of this one (a notice must become final inside its Bewilligungszeitraum, rules.zeitraum).
# The current year carries the demo grants after the notice (zuwendungen.demodaten.bestand),
# so the two never share a period.
_HEUTE = datetime.date.today()
JAHR = _HEUTE.year + 1

# Known Part II Höchstbeträge (DOMAIN.md §2.2), the latest figure per Kommune.
BEKANNTE_HOECHSTBETRAEGE = {
    "05315": (Decimal("390000.00"), "Köln 2018 (S15)"),
    "05162": (Decimal("172450.00"), "Rhein-Kreis Neuss 2019 (S23)"),
    "05362": (Decimal("181000.00"), "Rhein-Erft-Kreis 2016 (S24)"),
    "05166": (Decimal("120000.00"), "Viersen 2016/17 (S21)"),
    "05762": (Decimal("70289.82"), "Höxter 2016–2021 (S18)"),
    "05916": (Decimal("57100.00"), "Herne 2019 (S31)"),
}
# Demo proposal for every other Kommune: a pot of 7,2 Mio € split by population share
# (DOMAIN.md §2.2 hypothesis, area share left out), rounded to 50 €. Not official.
TOPF_TEIL2 = Decimal("7200000.00")
# Wuppertal has no Zensus figure in the data; the Fortschreibung 31.12.2023 stands in.
ERSATZ_EINWOHNER = {"05124": 358938}

TRAEGER = [
    # (name, Spitzenverband or None, Straße, PLZ, Ort)
    (
        "Arbeiterwohlfahrt Bezirksverband Westliches Westfalen e. V.",
        None,
        "Kronenstraße 63–69",
        "44139",
        "Dortmund",
    ),
    ("Caritasverband für das Erzbistum Paderborn e. V.", None, "Am Stadelhof 15", "33098", "Paderborn"),
    ("Diakonie Rheinland-Westfalen-Lippe e. V.", None, "Lenaustraße 41", "40470", "Düsseldorf"),
    (
        "Deutsches Rotes Kreuz Landesverband Westfalen-Lippe e. V.",
        None,
        "Sperlichstraße 25",
        "48151",
        "Münster",
    ),
    ("Der Paritätische NRW e. V.", None, "Loher Straße 7", "42283", "Wuppertal"),
    (
        "AWO Unterbezirk Dortmund",
        "Arbeiterwohlfahrt Bezirksverband Westliches Westfalen e. V.",
        "Klosterstraße 8–10",
        "44135",
        "Dortmund",
    ),
    (
        "Caritasverband Bochum e. V.",
        "Caritasverband für das Erzbistum Paderborn e. V.",
        "Huestraße 15",
        "44787",
        "Bochum",
    ),
]


def teil1_betraege(stellen: Decimal, parameter: rules.Regelparameter) -> tuple[Decimal, Decimal]:
    """Personalausgaben and Sachmittel that exhaust a Stellenzuweisung: its Part I cap
    (rules.hoechstgrenze_teil1) split into the tier's Sachmittel and the rest for posts."""
    sachmittel = parameter.teil1.sachmittel.get(stellen) or Decimal("0.00")
    return rules.hoechstgrenze_teil1(stellen, parameter) - sachmittel, sachmittel


def perioden() -> dict[str, Foerderperiode]:
    result = {}
    budgets = {"I": None, "II": TOPF_TEIL2, "III": Decimal("3000000.00")}
    for nummer in ("I", "II", "III"):
        teil = Programmteil.objects.get(nummer=nummer)
        termine = Foerderperiode.standard_termine(nummer, JAHR)
        # Demo only: the deadline lies after today so the portal can be tried without
        # every draft showing "Frist versäumt"; real periods use the defaults above.
        termine["antragsfrist"] = max(termine["antragsfrist"], datetime.date(JAHR, 12, 15))
        periode, _ = Foerderperiode.objects.get_or_create(
            programmteil=teil,
            foerderjahr=JAHR,
            defaults={
                **termine,
                "status": Foerderperiode.Status.OFFEN,
                "budget": budgets[nummer] or Decimal("0.00"),
                # EG 11 Stufe 5 has no shipped default and a Part III Bewilligung needs it: a demo figure
                "regelparameter": rules.Regelparameter.standard().als_dict() | {"III.personal_eg11_s5": "70000.00"},
            },
        )
        result[nummer] = periode
    return result


def pflichtanlagen(perioden: dict[str, Foerderperiode]) -> None:
    """The standard Pflichtanlagen (Stellenbeschreibung, Belegungsplan for Baustein A,
    signed Finanzierungsplan) for each demo period that has none yet (issue 25)."""
    from programmteile.models import Pflichtanlage

    for periode in perioden.values():
        Pflichtanlage.standard_anlegen(periode)


def zuweisungen(perioden: dict[str, Foerderperiode]) -> None:
    """Part I Stellenzuweisungen from the population share, Part II Höchstbeträge (known or a share of the pot)."""
    kommunen = list(Organisation.objects.kommunen().order_by("kreisschluessel"))
    parameter = rules.Regelparameter.standard()
    basis = parameter.teil1.rechner_basis
    schwellen = parameter.teil1.rechner_schwellen
    einwohner = {
        k.pk: k.einwohner_2011 or k.einwohner_2022 or ERSATZ_EINWOHNER.get(k.kreisschluessel)
        for k in kommunen
    }
    summe_einwohner = sum(v for v in einwohner.values() if v)
    teil1_summe = Decimal("0.00")
    for kommune in kommunen:
        stufe = rules.stufe_vorschlag(einwohner[kommune.pk], gesamt=basis, schwellen=schwellen) or Decimal("1")
        z, _ = Zuweisung.objects.get_or_create(
            foerderperiode=perioden["I"],
            kommune=kommune,
            defaults={
                "stellen": stufe,
                "anmerkung": "Demo: Vorschlag aus dem Bevölkerungsanteil, nicht amtlich.",
            },
        )
        teil1_summe += rules.hoechstgrenze_teil1(z.stellen, parameter)
        if kommune.kreisschluessel in BEKANNTE_HOECHSTBETRAEGE:
            betrag, quelle = BEKANNTE_HOECHSTBETRAEGE[kommune.kreisschluessel]
            anmerkung = f"Demo: bekannter Betrag {quelle}."
        elif einwohner[kommune.pk]:
            anteil = Decimal(einwohner[kommune.pk]) / Decimal(summe_einwohner)
            betrag = (TOPF_TEIL2 * anteil / 50).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 50
            anmerkung = "Demo: Anteil an 7,2 Mio € nach Bevölkerung, nicht amtlich."
        else:
            betrag = Decimal("60000.00")
            anmerkung = "Demo: keine Einwohnerzahl bekannt, Pauschalwert, nicht amtlich."
        Zuweisung.objects.get_or_create(
            foerderperiode=perioden["II"],
            kommune=kommune,
            defaults={"hoechstbetrag": betrag, "anmerkung": anmerkung},
        )
    if perioden["I"].budget == 0:
        perioden["I"].budget = teil1_summe
        perioden["I"].save(update_fields=["budget"])


def traeger() -> None:
    for name, verband, strasse, plz, ort in TRAEGER:
        org, _ = Organisation.objects.get_or_create(
            art=Organisation.Art.TRAEGER,
            name=name,
            defaults={
                "spitzenverband": Organisation.objects.get(name=verband) if verband else None,
                "strasse": strasse,
                "plz": plz,
                "ort": ort,
            },
        )
        if not org.regierungsbezirk:
            # The Regierungsbezirk of the seat, from the Kommunen's data file (the Auswertung's filter).
            sitz = Organisation.objects.kommunen().filter(name=ort).exclude(regierungsbezirk="").first()
            if sitz is not None:
                Organisation.objects.filter(pk=org.pk).update(regierungsbezirk=sitz.regierungsbezirk)


def organisation(schluessel: str) -> Organisation | None:
    """A Kommune by Kreisschlüssel, a Träger by name."""
    if schluessel.isdigit():
        return Organisation.objects.filter(kreisschluessel=schluessel).first()
    return Organisation.objects.filter(name=schluessel).first()
