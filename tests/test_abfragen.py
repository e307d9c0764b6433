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

from antraege.models import Antrag, Dokument, Massnahme, Position, Statuswechsel
from komman.models import Organisation
from tests.auswertung import abfragen_faelle as _auswertung
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


def _eigene_organisation(user) -> Organisation:
    return Organisation.objects.filter(mitgliedschaften__user=user).exclude(art="bezirksregierung").first()


_ENTWURF: dict[int, Antrag] = {}


def _entwurf_mit_massnahmen(n: int, user) -> Antrag:
    """A Part III draft of the persona's Träger; the second call adds Maßnahmen to the same draft."""
    from tests.factories import MASSNAHME_GUELTIG, make_antrag

    antrag = Antrag.objects.filter(antragsteller=_eigene_organisation(user), status=S.ENTWURF).first()
    if antrag is None:
        antrag = make_antrag(_periode("III"), _eigene_organisation(user), erstellt_von=user)
    Massnahme.objects.bulk_create(
        [
            Massnahme(antrag=antrag, nr=antrag.massnahmen.count() + i + 1, **MASSNAHME_GUELTIG)
            for i in range(n)
        ]
    )
    return antrag


def _akte(n: int, user) -> Antrag:
    """A submitted file (a new one per call) with n lines, state changes and documents."""
    antrag = antraege(1, von=user)[0]
    akte(antrag, n, von=user)
    return antrag


def _queue(n: int, user) -> str:
    antraege(n, von=user)
    return reverse("antraege:pruefung")


def _queue_letzte_seite(n: int, user) -> str:
    antraege(n, von=user)
    return reverse("antraege:pruefung") + "?seite=2"


def _export(n: int, user) -> str:
    antraege(n, von=user)
    return reverse("antraege:pruefung_export")


def _perioden(n: int, user) -> str:
    from programmteile.models import Foerderperiode

    jahr = 2030 + Foerderperiode.objects.filter(foerderjahr__gte=2030).count()
    for i in range(n):
        make_periode("III", jahr=jahr + i)
    return reverse("programmteile:verwaltung_perioden")


def _benutzer(n: int, user) -> str:
    from tests.factories import make_user

    start = Organisation.objects.count()
    org = Organisation.objects.create(art=Organisation.Art.TRAEGER, name=f"Benutzer-Träger {start}")
    for i in range(n):
        make_user(f"abfragen.{start}.{i}", organisation=org, rolle="sachbearbeitung")
    return reverse("verwaltung_benutzer_liste")


def _freigaben(n: int, user) -> str:
    """n open and n decided Rollenfreigaben (Bezirksregierung roles waiting for four eyes)."""
    from django.utils import timezone

    from komman.models import Rolle, Rollenfreigabe
    from tests.factories import bezirksregierung, make_user

    start = Rollenfreigabe.objects.count()
    br = bezirksregierung()
    zweit = make_user(f"freigabe.admin.{start}", organisation=br, rolle="admin")
    for i in range(n):
        person = make_user(f"freigabe.{start}.{i}")
        Rollenfreigabe.objects.create(user=person, organisation=br, rolle=Rolle.PRUEFUNG, beantragt_von=zweit)
        Rollenfreigabe.objects.create(
            user=person, organisation=br, rolle=Rolle.ZEICHNUNG, beantragt_von=zweit, entschieden_von=user,
            entschieden_am=timezone.now(), stand=Rollenfreigabe.Stand.BESTAETIGT,
        )  # fmt: skip
    return reverse("verwaltung_freigaben")


def _anlagen(n: int, user) -> str:
    """n Anlagen of the persona's draft; the second call adds to the same draft."""
    from antraege.models import Anlage

    antrag = _entwurf_mit_massnahmen(0, user)
    Anlage.objects.bulk_create(
        [
            Anlage(
                antrag=antrag,
                dateiname=f"anlage-{i}.pdf",
                pfad=f"anlagen/{antrag.pk}/anlage-{i}.pdf",
                content_type="application/pdf",
                groesse=1024 * (i + 1),
                sha256="0" * 64,
                hochgeladen_von=user,
            )
            for i in range(n)
        ]
    )
    return reverse("antraege:anlagen", args=[antrag.pk])


def _barrierefreiheitsmeldungen(n: int, user) -> str:
    from komman.models import Barrierefreiheitsmeldung

    Barrierefreiheitsmeldung.objects.bulk_create(
        [
            Barrierefreiheitsmeldung(nachricht=f"Schaltfläche {i} nicht erreichbar", seite="/", name=f"N {i}")
            for i in range(n)
        ]
    )
    return reverse("barrierefreiheitsmeldungen")


def _postausgang(n: int, user) -> str:
    from django.utils import timezone

    from komman.models import Mail

    jetzt = timezone.now()
    Mail.objects.bulk_create(
        [
            Mail(vorlage="einladung", an=[f"p{i}@x.invalid"], betreff=f"B {i}", text="T", aufgeben_ab=jetzt)
            for i in range(n)
        ]
    )
    return reverse("postausgang")


def _bestellungen(n: int, user) -> str:
    from programmteile.models import Broschuerenbestellung

    kommunen = list(Organisation.objects.kommunen().order_by("pk")[:3])
    Broschuerenbestellung.objects.bulk_create(
        [
            Broschuerenbestellung(
                organisation=kommunen[i % len(kommunen)],
                bestellt_von=user,
                deutsch=10,
                arabisch=i,
                empfaenger=f"KI {i}",
                strasse="Beispielweg 1",
                plz="44135",
                ort="Dortmund",
            )
            for i in range(n)
        ]
    )
    return reverse("programmteile:teil4_bestellungen")


def _neue_kommunen(n: int) -> None:
    start = Organisation.objects.filter(name__startswith="Abfragen-Kommune").count()
    Organisation.objects.bulk_create(
        [
            Organisation(
                art=Organisation.Art.KOMMUNE,
                kommunentyp=Organisation.Kommunentyp.KREIS,
                name=f"Abfragen-Kommune {start + i:03d}",
                kreisschluessel=f"99{start + i:03d}",
            )
            for i in range(n)
        ]
    )


def _periode_mit_zuweisungen(n: int, user, nummer: str):
    """A new period of Part I or II with a Zuweisung for every Kommune, n of them new ones.

    Every Kommune gets its row here, so the page's GET has none to add (that insert would
    differ between the two calls).
    """
    from programmteile.models import Foerderperiode, Zuweisung

    _neue_kommunen(n)
    jahr = 2040 + Foerderperiode.objects.filter(programmteil__nummer=nummer, foerderjahr__gte=2040).count()
    periode = make_periode(nummer, jahr=jahr)
    Zuweisung.objects.bulk_create(
        [
            Zuweisung(
                foerderperiode=periode,
                kommune=k,
                stellen=Decimal("1.0") if nummer == "I" else None,
                hoechstbetrag=Decimal("20000.00") if nummer == "II" else None,
            )
            for k in Organisation.objects.kommunen()
        ]
    )
    return periode


def _zuweisungen(nummer: str) -> Callable[[int, object], str]:
    def oeffnen(n: int, user) -> str:
        periode = _periode_mit_zuweisungen(n, user, nummer)
        return reverse("programmteile:verwaltung_zuweisungen", args=[periode.pk])

    return oeffnen


def _periode_detail(n: int, user) -> str:
    """A Part II period with n new Zuweisungen (summed) and n Änderungsprotokoll entries."""
    from programmteile.models import Aenderungsprotokoll

    periode = _periode_mit_zuweisungen(n, user, "II")
    Aenderungsprotokoll.objects.bulk_create(
        [
            Aenderungsprotokoll(
                foerderperiode=periode,
                geaendert_von=user,
                bereich=Aenderungsprotokoll.Bereich.ZUWEISUNG,
                schluessel=f"Kommune {i}: Höchstbetrag",
                alter_wert="10.000,00 €",
                neuer_wert="20.000,00 €",
                grund="Nachberechnung",
            )
            for i in range(n)
        ]
    )
    return reverse("programmteile:verwaltung_periode", args=[periode.pk])


def _organisation(n: int, user) -> str:
    """A Träger with n members (one Mitgliedschaft each)."""
    from komman.models import Mitgliedschaft, Rolle, User

    start = Organisation.objects.count()
    org = Organisation.objects.create(art=Organisation.Art.TRAEGER, name=f"Mitglieder-Träger {start}")
    personen = User.objects.bulk_create(
        [
            User(username=f"mitglied.{start}.{i}", email=f"mitglied.{start}.{i}@test.invalid", password="!")
            for i in range(n)
        ]
    )
    Mitgliedschaft.objects.bulk_create(
        [Mitgliedschaft(user=p, organisation=org, rolle=Rolle.SACHBEARBEITUNG) for p in personen]
    )
    return reverse("verwaltung_organisation", args=[org.pk])


def _bescheid_anlagen(n: int, user) -> str:
    """n Fassungen of the Anlagen zum Bescheid (the PDF bytes are never loaded for the list)."""
    import datetime as dt

    from programmteile.models import Anlage

    start = Anlage.objects.count()
    for i in range(start, start + n):
        Anlage.objects.create(
            art=Anlage.Art.ANBEST_P, fassung=dt.date(2000, 1, 1) + dt.timedelta(days=i), quelle="Test",
            dateiname="a.pdf", pdf=b"%PDF-1.7 test",
        )  # fmt: skip
    return reverse("programmteile:verwaltung_anlagen")


def _person(n: int, user) -> str:
    """A new person with n Mitgliedschaften, at n new Träger."""
    from komman.models import Mitgliedschaft, Rolle
    from tests.factories import make_user

    start = Organisation.objects.count()
    person = make_user(f"viele.rollen.{start}")
    orgs = Organisation.objects.bulk_create(
        [Organisation(art=Organisation.Art.TRAEGER, name=f"Rollen-Träger {start + i}") for i in range(n)]
    )
    Mitgliedschaft.objects.bulk_create(
        [Mitgliedschaft(user=person, organisation=o, rolle=Rolle.SACHBEARBEITUNG) for o in orgs]
    )
    return reverse("verwaltung_benutzer", args=[person.pk])


def _zwei_faktor(n: int, user) -> str:
    """n active people with a confirmed TOTP device, each a member of a Träger."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from komman.models import Mitgliedschaft, Rolle, User

    start = Organisation.objects.count()
    org = Organisation.objects.create(art=Organisation.Art.TRAEGER, name=f"TOTP-Träger {start}")
    personen = User.objects.bulk_create([User(username=f"totp.{start}.{i}", password="!") for i in range(n)])
    Mitgliedschaft.objects.bulk_create(
        [Mitgliedschaft(user=p, organisation=org, rolle=Rolle.SACHBEARBEITUNG) for p in personen]
    )
    TOTPDevice.objects.bulk_create([TOTPDevice(user=p, name="Handy", confirmed=True) for p in personen])
    return reverse("zwei_faktor:verwaltung")


def _basiszinssaetze_anlegen(n: int) -> None:
    """n more half-years of Basiszinssatz after the last one."""
    from programmteile.models import Basiszins

    letzter = Basiszins.objects.order_by("-gueltig_ab").first().gueltig_ab
    neu = []
    for _ in range(n):
        letzter = datetime.date(letzter.year + (letzter.month == 7), 1 if letzter.month == 7 else 7, 1)
        neu.append(Basiszins(gueltig_ab=letzter, satz=Decimal("1.00") + len(neu) % 3))
    Basiszins.objects.bulk_create(neu)


def _basiszinssaetze(n: int, user) -> str:
    _basiszinssaetze_anlegen(n)
    return reverse("programmteile:verwaltung_basiszins")


def _rechner(n: int, user) -> str:
    """Interest across every rate of the table: one section per rate, no query per section."""
    from programmteile.models import Basiszins

    _basiszinssaetze_anlegen(n)
    letzter = Basiszins.objects.order_by("-gueltig_ab").first().gueltig_ab
    return reverse("programmteile:rechner") + (
        f"?rechnung=zinsen&betrag=1000&von=01.01.2015&bis={letzter:%d.%m.%Y}&aufschlag=5"
    )


def _protokoll(n: int, user) -> str:
    from komman.models import Protokolleintrag

    Protokolleintrag.objects.bulk_create(
        [
            Protokolleintrag(
                wer=user,
                wer_name=user.username,
                aktion=Protokolleintrag.Aktion.BETRAG_GEAENDERT,
                objekt_typ="antraege.antrag",
                objekt_id=str(i),
                details={"felder": {"beantragt": {"alt": "1000", "neu": "2000"}}, "grund": "Korrektur"},
                ip="127.0.0.1",
            )
            for i in range(n)
        ]
    )
    return reverse("protokoll")


def _zuwendungen(n: int, user) -> str:
    """n final grants of n Träger (issue 18): the list computes every figure in SQL."""
    from zuwendungen.models import Zuwendung

    Zuwendung.objects.bulk_create(
        [
            Zuwendung(
                antrag=a, bewilligt=Decimal("10000.00"), bewilligungszeitraum_von=datetime.date(2026, 1, 1),
                bewilligungszeitraum_bis=datetime.date(2026, 12, 31), finanzierungsart="anteil",
                bestandskraeftig_am=datetime.date(2026, 3, 1),
            )
            for a in antraege(n, von=user, status=S.BESTANDSKRAEFTIG)
        ]
    )  # fmt: skip
    return reverse("zuwendungen:liste")


def _zuwendung_teil2(n: int, user) -> str:
    """The persona's Part II grant with n more lines and n forwardings (issue 18)."""
    from zuwendungen.models import Weiterleitung, Zuwendung

    org = _eigene_organisation(user)
    zuwendung = Zuwendung.objects.filter(antrag__antragsteller=org).first()
    if zuwendung is None:
        antrag = Antrag.objects.create(
            foerderperiode=_periode("II"), antragsteller=org, status=S.BESTANDSKRAEFTIG, aktenzeichen="KA-II-Z",
            eingereicht_am=timezone.now(), erstellt_von=user, zuwendung=Decimal("100000.00"),
        )  # fmt: skip
        zuwendung = Zuwendung.objects.create(
            antrag=antrag, bewilligt=Decimal("100000.00"), bewilligungszeitraum_von=datetime.date(2026, 1, 1),
            bewilligungszeitraum_bis=datetime.date(2026, 12, 31), finanzierungsart="pauschalen",
            bestandskraeftig_am=datetime.date(2026, 3, 1),
        )  # fmt: skip
    start = Position.objects.filter(antrag=zuwendung.antrag).count()
    positionen = Position.objects.bulk_create(
        [
            Position(antrag=zuwendung.antrag, nr=start + i + 1, baustein="B", pauschale="B1", einheiten=2,
                     betrag=Decimal("300"), bewilligt=Decimal("300"), empfaenger=f"Verein {i}")
            for i in range(n)
        ]
    )  # fmt: skip
    Weiterleitung.objects.bulk_create(
        [
            Weiterleitung(zuwendung=zuwendung, position=p, letztempfaenger=p.empfaenger, datum=datetime.date(2026, 3, 2),
                          einheiten=1, betrag=Decimal("150"), anbest_p=True, pruefrecht=True,
                          erstattung_mit_zinsen=True, erfasst_von=user)
            for p in positionen
        ]
    )  # fmt: skip
    return reverse("zuwendungen:detail", args=[zuwendung.pk])


def _bestand(n: int, user) -> str:
    """A granted file with n steps after the decision (issue 18)."""
    antrag = antraege(1, von=user)[0]
    Statuswechsel.objects.bulk_create(
        [Statuswechsel(antrag=antrag, von=S.BEWILLIGT, nach=S.BEWILLIGT, wer=user, grund="Schritt") for _ in range(n)]
    )
    Antrag.objects.filter(pk=antrag.pk).update(status=S.BEWILLIGT)
    return reverse("zuwendungen:bestand", args=[antrag.pk])


def _fristen_und_aufgaben(n: int, user) -> None:
    """n queue items, n running deadlines of the reviewer and n Wiedervorlagen due today."""
    from zuwendungen.models import Frist

    heute = timezone.localdate()
    zeilen = []
    for a in antraege(n, von=user):
        for art, person in ((Frist.Art.ANHOERUNG, None), (Frist.Art.WIEDERVORLAGE, user)):
            zeilen.append(
                Frist(
                    schluessel=f"abfragen:{art}:{a.pk}", art=art, antrag=a, titel="Abfragen", faellig_am=heute,
                    wer=Frist.Wer.PRUEFUNG, person=person,
                )
            )
    Frist.objects.bulk_create(zeilen)


def _aufgaben(n: int, user) -> str:
    _fristen_und_aufgaben(n, user)
    return reverse("aufgaben")


def _aufgaben_liste(quelle: str, seite: str = "1"):
    """One source's full list, paged (Meine Aufgaben, "Alle … anzeigen")."""

    def oeffnen(n: int, user) -> str:
        _fristen_und_aufgaben(n, user)
        return f"{reverse('aufgaben')}?quelle={quelle}&seite={seite}"

    return oeffnen


def _kalender_feed(n: int, user) -> str:
    from komman import kalender

    _fristen_und_aufgaben(n, user)
    if not hasattr(user, "kalender_token"):  # one address for both counts (the first call stamps it)
        user.kalender_token = kalender.erneuern(user)
    return reverse("kalender_feed", args=[user.kalender_token])
def _zuwendung_mit_aenderungen(n: int, user) -> str:
    """The persona's grant with n more final changes and n payouts (issue 19: the section's timeline)."""
    from zuwendungen.models import Aenderungsantrag, Buchung, Zuwendung

    url = _zuwendung_teil2(0, user)
    zuwendung = Zuwendung.objects.filter(antrag__antragsteller=_eigene_organisation(user)).first()
    start = zuwendung.aenderungen.count()
    tag = datetime.date(2026, 5, 1)
    Aenderungsantrag.objects.bulk_create(
        Aenderungsantrag(
            zuwendung=zuwendung, nummer=start + i + 1, art="verzicht", status="bestandskraeftig",
            bewilligt_vorher=Decimal("100000.00"), bis_vorher=datetime.date(2026, 12, 31), ergebnis="voll",
            neu_bewilligt=Decimal("99000.00"), neu_bis=datetime.date(2026, 12, 31), bescheid_am=tag,
            bestandskraeftig_am=tag, erstellt_von=user,
        )
        for i in range(n - start)
    )  # fmt: skip
    Buchung.objects.bulk_create(
        Buchung(zuwendung=zuwendung, art="auszahlung", betrag=Decimal("10.00"), gebucht_am=tag, wer=user)
        for _ in range(n - start)
    )
    return url


def _aenderung_seite(n: int, user) -> str:
    """One change of the persona's grant with n steps on its file (issue 19)."""
    from zuwendungen.models import Aenderungsantrag, AenderungSchritt, Zuwendung

    _zuwendung_teil2(0, user)
    zuwendung = Zuwendung.objects.filter(antrag__antragsteller=_eigene_organisation(user)).first()
    a = zuwendung.aenderungen.filter(nummer=1).first() or Aenderungsantrag.objects.create(
        zuwendung=zuwendung, nummer=1, art="verzicht", status="eingereicht", angaben={"betrag": "90000.00"},
        bewilligt_vorher=Decimal("100000.00"), bis_vorher=datetime.date(2026, 12, 31), erstellt_von=user,
    )  # fmt: skip
    AenderungSchritt.objects.bulk_create(
        AenderungSchritt(aenderung=a, von="entwurf", nach="eingereicht", wer=user, grund="Schritt")
        for _ in range(n - a.schritte.count())
    )
    return reverse("zuwendungen:aenderung", args=[a.pk])


SEITEN: dict[str, list[Fall]] = {
    "aufgaben": [
        Fall("pruefung_arnsberg", _aufgaben),
        Fall("ki_dortmund", _aufgaben),
        Fall("pruefung_arnsberg", _aufgaben_liste("fristen")),
        Fall("pruefung_arnsberg", _aufgaben_liste("pruefung", "2")),
        Fall("pruefung_arnsberg", _aufgaben_liste("wiedervorlagen", "2")),
    ],
    "kalender_feed": [Fall("pruefung_arnsberg", _kalender_feed)],
    "start": [
        Fall("pruefung_arnsberg", _start_bezirksregierung),
        Fall("admin", _start_bezirksregierung),
        Fall("ki_dortmund", _start_antragsteller),
    ],
    "antraege:pruefung": [Fall("pruefung_arnsberg", _queue), Fall("pruefung_arnsberg", _queue_letzte_seite)],
    "antraege:pruefung_export": [Fall("pruefung_arnsberg", _export)],
    "antraege:pruefung_detail": [
        Fall("pruefung_arnsberg", lambda n, u: reverse("antraege:pruefung_detail", args=[_akte(n, u).pk]), 40)
    ],
    "antraege:verlauf": [
        Fall("pruefung_arnsberg", lambda n, u: reverse("antraege:verlauf", args=[_akte(n, u).pk]))
    ],
    "antraege:stand": [
        Fall("pruefung_arnsberg", lambda n, u: reverse("antraege:stand", args=[_akte(n, u).pk]))
    ],
    "antraege:detail": [
        Fall(
            "traeger_awo",
            lambda n, u: reverse("antraege:detail", args=[_entwurf_mit_massnahmen(n, u).pk]),
            30,
        )
    ],
    "antraege:bearbeiten": [
        Fall(
            "traeger_awo",
            lambda n, u: reverse("antraege:bearbeiten", args=[_entwurf_mit_massnahmen(n, u).pk]),
            30,
        )
    ],
    "programmteile:verwaltung_haushalt": [
        Fall("admin", lambda n, u: antraege(n, von=u) and reverse("programmteile:verwaltung_haushalt"))
    ],
    "programmteile:verwaltung_perioden": [Fall("admin", _perioden)],
    "zuwendungen:kasse": [Fall("pruefung_arnsberg", lambda n, u: _auszahlung.zuwendungen_mit_abrufen(n - _bisher(), von=u) and reverse("zuwendungen:kasse"))],
    "zuwendungen:kasse_csv": [Fall("pruefung_arnsberg", lambda n, u: _auszahlung.zuwendungen_mit_abrufen(n - _bisher(), von=u) and reverse("zuwendungen:kasse_csv"))],
    "zuwendungen:kasse_xlsx": [Fall("pruefung_arnsberg", lambda n, u: _auszahlung.zuwendungen_mit_abrufen(n - _bisher(), von=u) and reverse("zuwendungen:kasse_xlsx"))],
    "zuwendungen:auszahlungen": [Fall("ki_dortmund", lambda n, u: reverse("zuwendungen:auszahlungen", args=[_auszahlung.eine_zuwendung_mit_abrufen(n, u).pk]))],
    "zuwendungen:abruf": [Fall("pruefung_arnsberg", lambda n, u: reverse("zuwendungen:abruf", args=[_auszahlung.zuwendungen_mit_abrufen(n - _bisher(), von=u, status="eingereicht")[0].mittelabrufe.get().pk]), 30)],
    "zuwendungen:bankverbindungen": [Fall("admin", lambda n, u: _auszahlung.bankverbindungen(n, u) or reverse("zuwendungen:bankverbindungen"))],
    "verwaltung_organisationen": [
        Fall("admin", lambda n, u: antraege(n, von=u) and reverse("verwaltung_organisationen"))
    ],
    "verwaltung_benutzer_liste": [Fall("admin", _benutzer)],
    "verwaltung_freigaben": [Fall("admin", _freigaben)],
    "antraege:anlagen": [Fall("traeger_awo", _anlagen)],
    "barrierefreiheitsmeldungen": [Fall("admin", _barrierefreiheitsmeldungen)],
    "programmteile:teil4_bestellungen": [Fall("admin", _bestellungen)],
    "programmteile:verwaltung_periode": [Fall("admin", _periode_detail)],
    "programmteile:verwaltung_zuweisungen": [
        Fall("admin", _zuweisungen("I")),
        Fall("admin", _zuweisungen("II")),
    ],
    "verwaltung_organisation": [Fall("admin", _organisation)],
    "programmteile:verwaltung_anlagen": [Fall("admin", _bescheid_anlagen)],
    "verwaltung_benutzer": [Fall("admin", _person)],
    "zwei_faktor:verwaltung": [Fall("admin", _zwei_faktor)],
    "protokoll": [Fall("admin", _protokoll)],
    "postausgang": [Fall("admin", _postausgang)],
    "programmteile:verwaltung_basiszins": [Fall("admin", _basiszinssaetze)],
    "programmteile:rechner": [Fall("pruefung_arnsberg", _rechner)],
    "zuwendungen:aenderung": [Fall("ki_dortmund", _aenderung_seite)],
    # Issue 26: 50 claims a page; also the last of three pages (read from the other end) and filtered.
    "zuwendungen:rueckforderungen": [
        Fall("pruefung_arnsberg", lambda n, u: _widerruf.forderungen_liste(n, u) or reverse("zuwendungen:rueckforderungen")),
        Fall("pruefung_arnsberg", lambda n, u: _widerruf.forderungen_liste(3 * n, u) or reverse("zuwendungen:rueckforderungen") + "?seite=3"),
        Fall("pruefung_arnsberg", lambda n, u: _widerruf.forderungen_liste(3 * n, u) or reverse("zuwendungen:rueckforderungen") + "?status=beschieden&seite=3"),
        Fall("pruefung_arnsberg", lambda n, u: _widerruf.forderungen_liste(n, u) or reverse("zuwendungen:rueckforderungen") + "?ueberfaellig=1"),
    ],
    "zuwendungen:rueckforderung": [Fall("pruefung_arnsberg", lambda n, u: reverse("zuwendungen:rueckforderung", args=[_widerruf.forderung_mit_zahlungen(n, u).pk]))],
    "zuwendungen:liste": [
        Fall("pruefung_arnsberg", _zuwendungen),
        # Three pages with 150 grants: the last one is read from the other end (Seiten).
        Fall("pruefung_arnsberg", lambda n, u: _zuwendungen(3 * n, u) + "?seite=3"),
    ],
    # The grant's page carries a section per process (Änderung, VN, Rückforderung, Fristen):
    # a constant count, bounded at 30.
    "zuwendungen:detail": [
        Fall("ki_dortmund", _zuwendung_teil2, 30),
        Fall("ki_dortmund", lambda n, u: _zuwendung_mit_leben(n, u), 30),
        Fall("pruefung_arnsberg", lambda n, u: _zuwendung_mit_leben(n, u), 30),
        Fall("ki_dortmund", _zuwendung_mit_aenderungen, 30),
        Fall("pruefung_arnsberg", lambda n, u: reverse("zuwendungen:detail", args=[_widerruf.zuwendung_mit_forderungen(n, u).pk]), 30),
    ],
    "zuwendungen:weiterleitung_neu": [Fall("ki_dortmund", lambda n, u: _zuwendung_teil2(n, u) + "weiterleitung/")],
    "zuwendungen:bestand": [Fall("pruefung_arnsberg", _bestand)],
    # Verwendungsnachweis (issue 20)
    "zuwendungen:vn": [Fall("ki_dortmund", lambda n, u: reverse("zuwendungen:vn", args=[_vn.vn_mit_zeilen(n, u).zuwendung_id]))],
    "zuwendungen:vn_seite": [
        Fall("ki_dortmund", lambda n, u: reverse("zuwendungen:vn_seite", args=[_vn.vn_mit_zeilen(n, u).pk]), 30),
        Fall("pruefung_arnsberg", lambda n, u: reverse("zuwendungen:vn_seite", args=[_vn.vn_mit_zeilen(n, u).pk]), 30),
    ],
    "zuwendungen:vn_bearbeiten": [Fall("ki_dortmund", lambda n, u: reverse("zuwendungen:vn_bearbeiten", args=[_vn.vn_mit_zeilen(n, u, status="entwurf").pk]), 30)],
    "zuwendungen:vn_pruefung": [Fall("pruefung_arnsberg", lambda n, u: reverse("zuwendungen:vn_pruefung", args=[_vn.vn_mit_zeilen(n, u).pk]))],
    "zuwendungen:vn_belege_csv": [Fall("ki_dortmund", lambda n, u: reverse("zuwendungen:vn_belege_csv", args=[_vn.vn_mit_zeilen(n, u).pk]))],
    # Issue 26: 50 VNs a page; also the last of three pages (read from the other end).
    "zuwendungen:vn_warteschlange": [
        Fall("pruefung_arnsberg", lambda n, u: _vn.nachweise(n, u) or reverse("zuwendungen:vn_warteschlange")),
        Fall("pruefung_arnsberg", lambda n, u: _vn.nachweise(3 * n, u) or reverse("zuwendungen:vn_warteschlange") + "?status=offen&seite=3"),
    ],
    "auswertung:uebersicht": [Fall("admin", _auswertung.uebersicht, hoechstens=30)],
    "auswertung:liste": [Fall("zeichnung_arnsberg", _auswertung.liste)],
    "auswertung:transparenz": [Fall("admin", _auswertung.transparenz)],
}

# URL names that show no rows of a list or a file, with the reason.
from tests.zuwendungen import auszahlung_hilfen as _auszahlung  # noqa: E402
from tests.zuwendungen import vn_hilfen as _vn  # noqa: E402
from tests.zuwendungen import widerruf_hilfen as _widerruf  # noqa: E402


def _zuwendung_mit_leben(n: int, user) -> str:
    """Dortmund's grant with n calls, n payouts and refunds, n deadlines and n refund claims
    (the wave-2 rows the bench seeds; issue 26): every section of the grant's page."""
    from komman.models import User
    from zuwendungen.models import Buchung, Frist, Rueckforderung

    dortmund = Organisation.objects.filter(kreisschluessel="05913").first()
    ki = User.objects.filter(mitgliedschaften__organisation=dortmund).first() if dortmund else None
    z = _auszahlung.eine_zuwendung_mit_abrufen(n, ki or user)
    start = Frist.objects.filter(zuwendung=z).count()
    heute = datetime.date(2026, 12, 3)
    Frist.objects.bulk_create(
        Frist(schluessel=f"abfragen:{z.pk}:{start + i}", art=Frist.Art.WIEDERVORLAGE, antrag=z.antrag, zuwendung=z,
              titel=f"Wiedervorlage {i}", faellig_am=heute + datetime.timedelta(days=i), wer=Frist.Wer.PRUEFUNG)
        for i in range(n - start)
    )  # fmt: skip
    Rueckforderung.objects.bulk_create(
        Rueckforderung(zuwendung=z, anlass=Rueckforderung.Anlass.FREIWILLIG, quelle=f"abfragen:{z.pk}:{start + i}",
                       betrag=Decimal("1.00"), entstanden_am=heute, erfasst_von=user)
        for i in range(n - start)
    )  # fmt: skip
    Buchung.objects.bulk_create(
        Buchung(zuwendung=z, art=Buchung.Art.ERSTATTUNG, betrag=Decimal("1.00"), gebucht_am=heute, wer=user)
        for _ in range(n - start)
    )  # fmt: skip
    return reverse("zuwendungen:detail", args=[z.pk])


def _bisher() -> int:
    from zuwendungen.models import Zuwendung

    return Zuwendung.objects.count()


OHNE_ZEILEN: dict[str, str] = {
    "kalender": "Formular (eine Zeile je Person)",
    "zuwendungen:wiedervorlage": "Formular",
    "zuwendungen:wiedervorlage_erledigt": "nur POST",
    "zuwendungen:abruf_neu": "Formular",
    "zuwendungen:abruf_bearbeiten": "Formular",
    "zuwendungen:abruf_einreichen": "nur POST",
    "zuwendungen:abruf_zurueckziehen": "nur POST",
    "zuwendungen:abruf_freigeben": "nur POST",
    "zuwendungen:abruf_ablehnen": "nur POST",
    "zuwendungen:abruf_zurueckgeben": "nur POST",
    "zuwendungen:auszahlung_zeichnen": "nur POST",
    "zuwendungen:als_bezahlt_melden": "nur POST",
    "zuwendungen:brief": "eine Datei",
    "zuwendungen:kasse_import": "Formular",
    "zuwendungen:bankverbindung": "Verlauf einer Organisation (wenige Zeilen) und Formular",
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
    "barrierefreiheit": "Formular und feste Seite",
    "leichte_sprache": "feste Seite",
    "sicherheit": "feste Seite",
    "security_txt": "feste Textdatei",
    "programmteile:teil4": "feste Informationsseite",
    "programmteile:teil4_bestellen": "Bestellformular",
    "programmteile:verwaltung_periode_neu": "Formular",
    "programmteile:verwaltung_periode_bearbeiten": "Formular einer Periode",
    "programmteile:verwaltung_parameter": "Formular einer Periode",
    "programmteile:verwaltung_periode_kopieren": "Bestätigung einer Aktion",
    "programmteile:verwaltung_periode_oeffnen": "Bestätigung einer Aktion",
    "programmteile:verwaltung_periode_schliessen": "Bestätigung einer Aktion",
    "programmteile:verwaltung_zuweisungen_vorschlag": "Vorschlag für die 54 Kommunen (feste Zahl)",
    "programmteile:verwaltung_zuweisungen_export": "CSV der 54 Kommunen (feste Zahl)",
    "programmteile:verwaltung_zuweisungen_import": "Upload-Formular",
    "programmteile:verwaltung_bescheidtexte": "Formular einer Periode",
    "programmteile:verwaltung_pflichtanlagen": "Formular einer Periode",
    "programmteile:verwaltung_texte": "Formular",
    "programmteile:verwaltung_briefkopf": "Formular",
    "programmteile:verwaltung_basiszins_neu": "Formular",
    "programmteile:verwaltung_basiszins_bearbeiten": "Formular eines Satzes",
    "programmteile:verwaltung_basiszins_import": "Upload-Formular",
    "antraege:neu": "Formular für einen neuen Antrag",
    "antraege:einreichen": "Bestätigung einer Aktion",
    "antraege:eingang": "ein Dokument",
    "antraege:zurueckziehen": "Bestätigung einer Aktion",
    "antraege:vorlegen": "Bestätigung einer Aktion",
    "antraege:anlage_herunterladen": "eine Datei",
    "antraege:anlage_entfernen": "Bestätigung einer Aktion",
    "antraege:uebernehmen": "nur POST",
    "antraege:formale_pruefung": "Aktion",
    "antraege:formale_pruefung_abschliessen": "Aktion",
    "antraege:pruefvermerk": "Formular",
    "antraege:vermerk": "Formular",
    "antraege:nachforderung": "Formular",
    "antraege:anhoerung": "Formular",
    "antraege:vorschlag": "Formular",
    "antraege:ablehnung": "Formular",
    "antraege:zeichnen": "Bestätigung einer Aktion",
    "antraege:antworten": "Formular",
    "antraege:vorzeitiger_beginn": "Formular",
    "antraege:schreiben_ersetzen": "Formular",
    "antraege:dokument": "eine Datei",
    "antraege:dokument_stand": "JSON eines Dokuments",
    "postausgang_erneut": "nur POST",
    "gesundheit": "JSON mit Zählungen",
    "sitzung_stand": "JSON: Sekunden bis zum Ablauf",
    "sitzung_verlaengern": "nur POST (Dialog vor dem Ablauf)",
    "antraege:dokument_anlage": "eine Datei (Anlage zum Bescheid)",
    "antraege:bescheid_vorschau": "ein PDF (bench/bescheide.py misst es)",
    "verwaltung_traeger_neu": "Formular",
    "verwaltung_einladen": "Formular",
    "verwaltung_organisation_bearbeiten": "Formular",
    "verwaltung_benutzer_aktiv": "Bestätigung einer Aktion",
    "verwaltung_mitgliedschaft_entfernen": "Bestätigung einer Aktion",
    "verwaltung_freigabe_entscheiden": "nur POST",
    "zwei_faktor:pruefen": "Formular",
    "zwei_faktor:uebersicht": "eigene Geräte (höchstens zwei)",
    "zwei_faktor:einrichten": "Formular",
    "zwei_faktor:ersatzcodes": "eigene Ersatzcodes (feste Zahl)",
    "zwei_faktor:entfernen": "Bestätigung einer Aktion",
    "zwei_faktor:zuruecksetzen": "Bestätigung einer Aktion",
    "zuwendungen:bestand_verzicht": "nur POST",
    "zuwendungen:verzicht_herunterladen": "eine Datei",
    "zuwendungen:bestand_post": "nur POST",
    "zuwendungen:bestand_klage": "nur POST",
    "zuwendungen:bestand_klage_entschieden": "nur POST",
    "zuwendungen:weiterleitung_entwurf": "ein PDF",
    "zuwendungen:aenderung_neu": "ein Formular (Zeilen: die des Antrags, wie beim Antrag)",
    "zuwendungen:aenderung_bearbeiten": "ein Formular (Zeilen: die des Antrags, wie beim Antrag)",
    "zuwendungen:aenderungsbescheid": "ein PDF",
    "zuwendungen:aenderung_aktion": "nur POST",
    "zuwendungen:vn_anlegen": "nur POST",
    "zuwendungen:vn_zurueckhalten": "nur POST",
    "zuwendungen:vn_einreichen": "nur POST",
    "zuwendungen:vn_antworten": "nur POST",
    "zuwendungen:vn_frage": "nur POST",
    "zuwendungen:vn_vorschlagen": "nur POST",
    "zuwendungen:vn_zurueckgeben": "nur POST",
    "zuwendungen:vn_zeichnen": "nur POST",
    "zuwendungen:vn_stichprobe": "nur POST",
    "zuwendungen:vn_schreiben": "eine Datei",
    "zuwendungen:vn_belege": "Formular (der Zeilenbericht zeigt nur die Fehler des Uploads)",
    "zuwendungen:rueckforderung_brief": "eine Datei",
    "zuwendungen:rueckforderung_neu": "Formular",
    "zuwendungen:rueckzahlung": "Formular",
    "zuwendungen:verwendungszinsen": "Formular",
    "zuwendungen:zinsentscheidung": "Formular",
    "zuwendungen:abschliessen": "Bestätigung einer Aktion",
    "auswertung:export": "eine Datei (dieselben Abfragen wie die Übersicht)",
    "auswertung:liste_export": "eine Datei (eine Abfrage, in Blöcken gelesen)",
    "auswertung:bericht_xlsx": "eine Datei (dieselben Abfragen wie die Übersicht)",
    "auswertung:bericht_pdf": "ein PDF (dieselben Abfragen wie die Übersicht)",
    "auswertung:transparenz_csv": "eine Datei (dieselbe Abfrage wie die Transparenzseite)",
    "auswertung:transparenz_json": "eine Datei (dieselbe Abfrage wie die Transparenzseite)",
    "auswertung:transparenz_schalten": "Formular und die letzten 50 Schaltungen",
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


@pytest.mark.django_db
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


def test_seitenaufruf_schreibt_sitzung_nicht_jedes_mal(client, ki_dortmund):
    """komman.middleware.Sitzungsablauf writes the activity stamp at most once a minute."""
    client.force_login(ki_dortmund)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as erfasst:
        assert client.get(reverse("start")).status_code == 200
    schreiben = [q["sql"] for q in erfasst.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert not schreiben, schreiben
