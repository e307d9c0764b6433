"""Query counts of list and detail views do not grow with their rows (DESIGN.md §9, §11).

SEITEN maps every list or detail view (its URL name) to a Fall: the persona that opens it
and a function that creates n rows and returns the URL to open. test_abfragen_konstant
opens each page with 5 and with 50 rows and asserts the same number of queries (and at
most Fall.hoechstens). django-zeal, switched on for all tests in tests/conftest.py, fails
any request that loads a relation row by row on top of that.

A new list or detail view registers in SEITEN; any other new URL name goes into OHNE_ZEILEN
with the reason it shows no rows. test_jede_url_eingeordnet fails on a URL name that is in
neither, so no page escapes the check.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from antraege.models import Antrag, Dokument, Position, Statuswechsel
from komman.models import Organisation
from tests.factories import make_periode

S = Antrag.Status


# --- rows -------------------------------------------------------------------------------------


def _periode(nummer: str, jahr: int = 2026):
    from programmteile.models import Foerderperiode

    periode = Foerderperiode.objects.filter(programmteil__nummer=nummer, foerderjahr=jahr).first()
    return periode or make_periode(nummer, jahr=jahr)


def antraege(
    n: int, *, von, status: str = S.EINGEREICHT, nummer: str = "III", jahr: int = 2026
) -> list[Antrag]:
    """n Anträge of n new Träger (one Antrag per organisation and period), each with history."""
    periode = _periode(nummer, jahr)
    start = Organisation.objects.filter(name__startswith="Abfragen-Träger").count()
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(art=Organisation.Art.TRAEGER, name=f"Abfragen-Träger {start + i:03d} e. V.")
            for i in range(n)
        ]
    )
    jetzt = timezone.now()
    eingereicht = status != S.ENTWURF
    result = Antrag.objects.bulk_create(
        [
            Antrag(
                foerderperiode=periode,
                antragsteller=org,
                status=status,
                aktenzeichen=f"KA-{nummer}-{jahr}-Q{start + i:04d}" if eingereicht else "",
                eingereicht_am=jetzt - datetime.timedelta(minutes=i) if eingereicht else None,
                erstellt_von=von,
                beantragt=Decimal("10000.00"),
            )
            for i, org in enumerate(orgs)
        ]
    )
    if eingereicht:
        Statuswechsel.objects.bulk_create(
            [Statuswechsel(antrag=a, von=S.ENTWURF, nach=S.EINGEREICHT, wer=von) for a in result]
        )
    return result


def akte(antrag: Antrag, n: int, *, von) -> None:
    """n lines, n state changes and n documents on one file."""
    Position.objects.bulk_create(
        [
            Position(
                antrag=antrag, nr=i + 1, baustein="B", pauschale="B1", einheiten=1, betrag=Decimal("150")
            )
            for i in range(n)
        ]
    )
    wechsel = Statuswechsel.objects.bulk_create(
        [Statuswechsel(antrag=antrag, von=S.EINGEREICHT, nach=S.FORMALE_PRUEFUNG, wer=von) for _ in range(n)]
    )
    Dokument.objects.bulk_create(
        [
            Dokument(
                antrag=antrag,
                statuswechsel=w,
                art=Dokument.Art.EINGANGSBESTAETIGUNG,
                daten={"aktenzeichen": antrag.aktenzeichen},
                erstellt_von=von,
            )
            for w in wechsel
        ]
    )


# --- the register -------------------------------------------------------------------------------


@dataclass
class Fall:
    persona: str
    oeffnen: Callable[[int, object], str]  # (rows, user) -> URL
    hoechstens: int = 20


def _start_bezirksregierung(n: int, user) -> str:
    antraege(n, von=user)
    return reverse("start")


def _start_antragsteller(n: int, user) -> str:
    # The start page lists the open periods of the user's organisations, not Anträge;
    # rows that must not change it: Anträge of others and periods of other years.
    antraege(n, von=user)
    return reverse("start")


# --- Verwaltung ---


def _perioden(n: int) -> None:
    """n more Förderperioden, Parts I–III over the years after the newest one."""
    from programmteile.models import Foerderperiode

    jahr = max(Foerderperiode.objects.values_list("foerderjahr", flat=True), default=2026) + 1
    for i in range(n):
        make_periode(("I", "II", "III")[i % 3], jahr=jahr + i // 3)


def _verwaltung_liste(name: str):
    def oeffnen(n: int, user) -> str:
        _perioden(n)
        return reverse(name)

    return oeffnen


def _verwaltung_periode(n: int, user) -> str:
    from programmteile.models import Aenderungsprotokoll

    antraege(n, von=user)  # Part III 2026
    periode = _periode("III")
    Aenderungsprotokoll.schreiben(
        foerderperiode=periode, by=user, grund="Abfragen", aenderungen=[("parameter", "x", "1", "2")] * n
    )
    return reverse("programmteile:verwaltung_periode", args=[periode.pk])


def _verwaltung_bescheidtexte(n: int, user) -> str:
    from programmteile.models import Bescheidtexte

    periode = _periode("II")
    start = Bescheidtexte.objects.filter(foerderperiode=periode).count()
    Bescheidtexte.objects.bulk_create(
        [Bescheidtexte(foerderperiode=periode, version=start + i + 1) for i in range(n)]
    )
    return reverse("programmteile:verwaltung_bescheidtexte", args=[periode.pk])


def _verwaltung_briefkopf(n: int, user) -> str:
    from programmteile.models import Briefkopf

    Briefkopf.objects.bulk_create([Briefkopf(gueltig_ab=datetime.date(2016, 1, 1)) for _ in range(n)])
    return reverse("programmteile:verwaltung_briefkopf")


def _mitglieder(n: int, organisation) -> list:
    from komman.models import Mitgliedschaft, Rolle, User

    start = User.objects.filter(username__startswith="abfragen.").count()
    nutzer = User.objects.bulk_create(
        [User(username=f"abfragen.{start + i}", email=f"abfragen.{start + i}@test.invalid") for i in range(n)]
    )
    Mitgliedschaft.objects.bulk_create(
        [Mitgliedschaft(user=u, organisation=organisation, rolle=Rolle.SACHBEARBEITUNG) for u in nutzer]
    )
    return nutzer


def _verwaltung_organisation(n: int, user) -> str:
    dortmund = Organisation.objects.get(kreisschluessel="05913")
    _mitglieder(n, dortmund)
    return reverse("verwaltung_organisation", args=[dortmund.pk])


def _verwaltung_organisationen(n: int, user) -> str:
    antraege(n, von=user)  # n new Träger
    return reverse("verwaltung_organisationen")


def _verwaltung_benutzer_liste(n: int, user) -> str:
    _mitglieder(n, Organisation.objects.get(kreisschluessel="05913"))
    return reverse("verwaltung_benutzer_liste")


def _verwaltung_benutzer(n: int, user) -> str:
    from komman.models import Mitgliedschaft, Rolle

    for antrag in antraege(n, von=user):  # n new Träger, one role at each
        Mitgliedschaft.objects.create(
            user=user, organisation=antrag.antragsteller, rolle=Rolle.SACHBEARBEITUNG
        )
    return reverse("verwaltung_benutzer", args=[user.pk])


SEITEN: dict[str, list[Fall]] = {
    "start": [
        Fall("pruefung_arnsberg", _start_bezirksregierung),
        Fall("admin", _start_bezirksregierung),
        Fall("ki_dortmund", _start_antragsteller),
    ],
    # --- Verwaltung ---
    "programmteile:verwaltung_perioden": [
        Fall("admin", _verwaltung_liste("programmteile:verwaltung_perioden"))
    ],
    "programmteile:verwaltung_haushalt": [
        Fall("admin", _verwaltung_liste("programmteile:verwaltung_haushalt"))
    ],
    "programmteile:verwaltung_texte": [Fall("admin", _verwaltung_liste("programmteile:verwaltung_texte"))],
    "programmteile:verwaltung_periode": [Fall("admin", _verwaltung_periode)],
    "programmteile:verwaltung_bescheidtexte": [Fall("admin", _verwaltung_bescheidtexte)],
    "programmteile:verwaltung_briefkopf": [Fall("admin", _verwaltung_briefkopf)],
    "verwaltung_organisationen": [Fall("admin", _verwaltung_organisationen)],
    "verwaltung_organisation": [Fall("admin", _verwaltung_organisation)],
    "verwaltung_benutzer_liste": [Fall("admin", _verwaltung_benutzer_liste)],
    "verwaltung_benutzer": [Fall("admin", _verwaltung_benutzer)],
}

# URL names that show no rows of a list or a file, with the reason.
OHNE_ZEILEN: dict[str, str] = {
    "login": "Formular ohne Daten",
    "logout": "nur POST",
    "password_change": "Formular ohne Daten",
    "password_change_done": "feste Seite",
    "password_reset": "Formular ohne Daten",
    "password_reset_done": "feste Seite",
    "password_reset_confirm": "Formular ohne Daten",
    "password_reset_complete": "feste Seite",
    "impressum": "feste Seite",
    "datenschutz": "feste Seite",
    "barrierefreiheit": "feste Seite",
    "leichte_sprache": "feste Seite",
    "programmteile:teil4": "feste Informationsseite",
    # --- Verwaltung ---
    "programmteile:verwaltung_periode_neu": "Formular ohne Zeilen",
    "programmteile:verwaltung_periode_bearbeiten": "Formular ohne Zeilen",
    "programmteile:verwaltung_parameter": "Formular ohne Zeilen (Felder aus den Regelparametern)",
    "programmteile:verwaltung_periode_kopieren": "Formular ohne Zeilen",
    "programmteile:verwaltung_periode_oeffnen": "Bestätigung",
    "programmteile:verwaltung_periode_schliessen": "Bestätigung",
    "programmteile:verwaltung_zuweisungen": "feste Tabelle der 54 Kommunen (test_verwaltung_pages_have_bounded_queries)",
    "programmteile:verwaltung_zuweisungen_vorschlag": "feste Tabelle der 54 Kommunen (ebenso)",
    "programmteile:verwaltung_zuweisungen_export": "CSV der 54 Kommunen in einer Abfrage",
    "programmteile:verwaltung_zuweisungen_import": "Formular ohne Zeilen",
    "verwaltung_einladen": "Formular ohne Zeilen",
    "verwaltung_traeger_neu": "Formular ohne Zeilen",
    "verwaltung_benutzer_aktiv": "Bestätigung",
    "verwaltung_mitgliedschaft_entfernen": "nur POST",
}
# Whole namespaces outside the check: the Django admin is Django's own code.
NAMESPACES_AUSSEN = {"admin"}


def url_namen(resolver=None, prefix: str = "") -> set[str]:
    namen: set[str] = set()
    for eintrag in (resolver or get_resolver()).url_patterns:
        if isinstance(eintrag, URLResolver):
            if eintrag.namespace in NAMESPACES_AUSSEN:
                continue
            ns = f"{prefix}{eintrag.namespace}:" if eintrag.namespace else prefix
            namen |= url_namen(eintrag, ns)
        elif isinstance(eintrag, URLPattern) and eintrag.name:
            namen.add(prefix + eintrag.name)
    return namen


def test_jede_url_eingeordnet():
    offen = sorted(url_namen() - set(SEITEN) - set(OHNE_ZEILEN))
    assert not offen, (
        "Neue URL-Namen ohne Abfragen-Prüfung: "
        + ", ".join(offen)
        + ". Listen und Detailseiten in tests/test_abfragen.py SEITEN eintragen, alles andere "
        "mit Grund in OHNE_ZEILEN."
    )


def test_register_ohne_leichen():
    veraltet = sorted((set(SEITEN) | set(OHNE_ZEILEN)) - url_namen())
    assert not veraltet, f"Eingetragen, aber keine URL mehr: {', '.join(veraltet)}"


FAELLE = [(name, i) for name, faelle in SEITEN.items() for i in range(len(faelle))]


def _zaehlen(client, url: str) -> int:
    with CaptureQueriesContext(connection) as erfasst:
        antwort = client.get(url)
        if getattr(antwort, "streaming", False):
            b"".join(antwort.streaming_content)
    assert antwort.status_code == 200, f"{url}: {antwort.status_code}"
    return len(erfasst)


@pytest.mark.parametrize(("name", "index"), FAELLE, ids=[f"{n}-{SEITEN[n][i].persona}" for n, i in FAELLE])
def test_abfragen_konstant(name, index, client, request):
    fall = SEITEN[name][index]
    user = request.getfixturevalue(fall.persona)
    client.force_login(user)
    url = fall.oeffnen(5, user)
    client.get(url)  # warm-up: ContentTypes, sessions, template loaders
    wenige = _zaehlen(client, url)
    url = fall.oeffnen(50, user)
    viele = _zaehlen(client, url)
    assert wenige == viele, f"{name} als {fall.persona}: {wenige} Abfragen mit 5, {viele} mit 50 Zeilen"
    assert viele <= fall.hoechstens, (
        f"{name} als {fall.persona}: {viele} Abfragen (höchstens {fall.hoechstens})"
    )


def test_n_plus_eins_wird_erkannt(client, pruefung_arnsberg, settings):
    """The guard itself: a view that reads a relation per row fails under django-zeal."""
    from django.http import HttpResponse
    from django.urls import path
    from zeal.errors import NPlusOneError

    antraege(3, von=pruefung_arnsberg)

    def schlecht(request):
        return HttpResponse(", ".join(a.antragsteller.name for a in Antrag.objects.all()))

    import types

    modul = types.ModuleType("abfragen_test_urls")
    modul.urlpatterns = [path("schlecht/", schlecht)]
    settings.ROOT_URLCONF = modul
    client.force_login(pruefung_arnsberg)
    with pytest.raises(NPlusOneError):
        client.get("/schlecht/")
