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
    if not org.strasse:  # a letter needs the postal address (issue 17); the data migration has none
        org.strasse, org.plz, org.ort = "Friedensplatz 1", "44135", org.ort or org.name
        org.save(update_fields=["strasse", "plz", "ort"])
    return org


def make_traeger(name: str = "AWO Unterbezirk Dortmund", **fields) -> Organisation:
    if "kreis" not in fields:  # the seat decides the court (issue 17): Dortmund, as the address says
        fields["kreis"] = Organisation.objects.kommunen().filter(kreisschluessel="05913").first()
    org, _ = Organisation.objects.get_or_create(
        art=Organisation.Art.TRAEGER,
        name=name,
        defaults={"strasse": "Musterstraße 1", "ort": "Dortmund", "plz": "44135", **fields},
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


# The test year: one whose notices can still be issued and become final today (issue 17: a
# notice must become final inside its Bewilligungszeitraum), as the demo year.
_HEUTE = datetime.date.today()
JAHR = _HEUTE.year + (1 if _HEUTE.month >= 10 else 0)


def make_periode(
    nummer: str = "I",
    *,
    jahr: int | None = None,
    status: str = Foerderperiode.Status.OFFEN,
    budget: Decimal = Decimal("1000000.00"),
    **fields,
) -> Foerderperiode:
    jahr = JAHR if jahr is None else jahr
    anlagen_in_kraft()
    termine = Foerderperiode.standard_termine(nummer, jahr)
    termine["antragsfrist"] = datetime.date(jahr, 12, 31)
    return Foerderperiode.objects.create(
        programmteil=Programmteil.objects.get(nummer=nummer),
        foerderjahr=jahr,
        status=status,
        budget=budget,
        **{**termine, **fields},
    )


def anlagen_in_kraft() -> None:
    """A notice names each Anlage with its Fassung and is not issued without one (issue 17): every
    test period comes with an old test Fassung of each (newer ones in a test take precedence)."""
    from programmteile.models import Anlage

    vorhanden = set(Anlage.objects.values_list("art", flat=True).distinct())
    for art in Anlage.Art.values:
        if art not in vorhanden:
            Anlage.objects.create(
                art=art, fassung=datetime.date(1999, 1, 1), quelle="Testfassung", muster=True,
                dateiname=f"{art}-test.pdf", pdf=b"%PDF-1.4 test",
            )  # fmt: skip


def plan_ausgleichen(antrag) -> None:
    """A balanced Part III Finanzierungsplan (VV 1.2): own share = costs - Zuwendung - Drittmittel."""
    from django.db.models import Sum

    s = antrag.massnahmen.aggregate(
        p=Sum("personalausgaben"), h=Sum("honorarausgaben"), s=Sum("sachausgaben"),
        i=Sum("investitionsausgaben"), b=Sum("beantragt"),
    )  # fmt: skip
    kosten = sum((s[k] or Decimal("0") for k in "phsi"), Decimal("0"))
    antrag.eigenanteil = max(kosten - (s["b"] or 0) - (antrag.drittmittel or 0), Decimal("0.00"))
    antrag.save(update_fields=["eigenanteil"])


# A Part III Bewilligung needs the EG 11 Stufe 5 cap, which has no shipped default (DOMAIN.md §3):
# periods whose Anträge are approved in a test maintain this (test) figure.
EG11_TEST = "70000.00"


def parameter_mit_eg11() -> dict:
    from programmteile import rules

    return {**rules.standardwerte(), "III.personal_eg11_s5": EG11_TEST}


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
    if massnahmen and "eigenanteil" not in fields:
        plan_ausgleichen(antrag)
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
    "empfaenger_rechtsform": "verein",
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


# --- Prüfung und Entscheidung: submitted Anträge without the Antragstellung forms ---

_AKTENZEICHEN = iter(range(1, 10**9))


def make_eingereichter_antrag(
    periode: Foerderperiode | None = None,
    antragsteller: Organisation | None = None,
    *,
    status: str = "eingereicht",
    beantragt: Decimal = Decimal("10000.00"),
    erstellt_von: User | None = None,
    **fields,
):
    """A submitted Antrag (status, Aktenzeichen, Eingang set directly), without lines.

    Named apart from the Antragstellung's make_antrag (drafts with lines) so both can live here.
    """
    from django.utils import timezone

    from antraege.models import Antrag

    if periode is None:
        periode = Foerderperiode.objects.filter(programmteil__nummer="III").first() or make_periode("III")
    if antragsteller is None:
        antragsteller = make_traeger() if periode.programmteil.nummer == "III" else make_kommune()
    if erstellt_von is None:
        erstellt_von = User.objects.filter(username="factory.antragsteller").first() or make_user(
            "factory.antragsteller"
        )
    if status != "entwurf":
        fields.setdefault(
            "aktenzeichen",
            f"KA-{periode.programmteil.nummer}-{periode.foerderjahr}-T{next(_AKTENZEICHEN):05d}",
        )
        fields.setdefault("eingereicht_am", timezone.now())
    return Antrag.objects.create(
        foerderperiode=periode,
        antragsteller=antragsteller,
        status=status,
        beantragt=beantragt,
        erstellt_von=erstellt_von,
        **fields,
    )


def make_massnahme(
    antrag, *, nr: int = 1, beantragt: Decimal = Decimal("10000.00"), ausgleichen: bool = True, **fields
):
    """A Part III Maßnahme; the amounts fit 90 % of eligible costs by default, and the Antrag's
    Finanzierungsplan is balanced afterwards unless ``ausgleichen=False``."""
    from antraege.models import Massnahme

    defaults = {
        "titel": f"Maßnahme {nr}",
        "handlungsfeld": "zusammenleben",
        "stellen": Decimal("0.50"),
        "personalausgaben": beantragt * 2,
        "honorarausgaben": Decimal("0.00"),
        "sachausgaben": Decimal("0.00"),
        "investitionsausgaben": Decimal("0.00"),
    }
    massnahme = Massnahme.objects.create(antrag=antrag, nr=nr, beantragt=beantragt, **{**defaults, **fields})
    if ausgleichen:
        plan_ausgleichen(antrag)
    return massnahme


def make_position(antrag, *, nr: int = 1, pauschale: str = "B2", einheiten: int = 10, betrag=None, **fields):
    """A Part II Position (Pauschale × Einheiten at the default rates unless betrag is given)."""
    from antraege.models import Position
    from programmteile import rules

    if betrag is None:
        betrag = rules.Regelparameter.standard().teil2.pauschalen[pauschale] * einheiten
    defaults = {
        "bezeichnung": f"Maßnahme {nr}",
        "empfaenger": "Verein Beispiel e. V.",
        "empfaenger_rechtsform": "verein",
        "empfaenger_anschrift": "Beispielweg 1, 44135 Dortmund",
    }
    return Position.objects.create(
        antrag=antrag,
        nr=nr,
        baustein=pauschale[0],
        pauschale=pauschale,
        einheiten=einheiten,
        betrag=betrag,
        **{**defaults, **fields},
    )


def make_teil1(
    antrag, *, stellen=Decimal("1.5"), personalausgaben=Decimal("85500.00"), sachmittel=Decimal("15000.00")
):
    from antraege.models import AntragTeil1

    teil1, _ = AntragTeil1.objects.update_or_create(
        antrag=antrag,
        defaults={"stellen": stellen, "personalausgaben": personalausgaben, "sachmittel": sachmittel},
    )
    return teil1


# --- Bescheide: Statuswechsel and Schreiben as the workflow writes them ---


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
        # default: a deadline that has passed (the letter's answer period is over)
        frist=frist or datetime.date.today() - datetime.timedelta(days=1),
        beabsichtigter_betrag=None if beabsichtigter_betrag is None else Decimal(beabsichtigter_betrag),
        erstellt_von=von,
    )


__all__ = [
    "PASSWORT",
    "Rolle",
    "bezirksregierung",
    "MASSNAHME_GUELTIG",
    "POSITION_GUELTIG",
    "TEIL1_GUELTIG",
    "make_antrag",
    "make_eingereichter_antrag",
    "make_schreiben",
    "make_statuswechsel",
    "make_kommune",
    "make_periode",
    "make_traeger",
    "make_user",
    "make_zuweisung",
]
