#!/usr/bin/env python
"""Fill a bench database with N Anträge across Programmteil I–III, 2016–2026.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/komman_bench python bench/seed.py --anzahl 100000

What it creates (deterministic, random.Random(42)):

- Förderperioden I, II and III for every year 2016–2026 (2026 open, earlier closed), with
  Zuweisungen (Part I Stellen, Part II Höchstbetrag) for the 54 Kommunen of the data migration.
- Anträge: one per organisation × period (the unique constraint). The 54 Kommunen give only
  54 × 11 years × 2 parts = 1,188 slots, so the rest are Part III Anträge of bench Träger
  ("Bench-Träger 0001 e. V." …), each applying every year: 100,000 Anträge need 8,983 Träger,
  10,000 need 802. This is the one unrealistic choice (NRW has a few hundred Träger); it
  keeps the Anträge table, the history and the documents at the size asked for.
- Past years are decided (bewilligt, abgelehnt, zurückgezogen); 2026 spreads over every state.
- Per Antrag: AntragTeil1 (I), 2–4 Positionen (II) or 1–2 Maßnahmen (III); one Statuswechsel
  per step of its path; a Schreiben (with Frist) per Nachforderung and Anhörung; Dokument rows (Eingangsbestätigung, Nachforderung, Zuwendungs- or
  Ablehnungsbescheid) with `daten` and a tiny fake PDF with its real SHA-256, so nothing is
  left for `dokumente_nachholen`.
- Users bench.pruefung, bench.zeichnung, bench.admin (Bezirksregierung), bench.ki (Stadt
  Dortmund) and bench.traeger (Bench-Träger 0001), password BENCH_PASSWORT.

It refuses to run against a database with users other than bench.* unless --force (then it
only adds and removes bench rows). Rows are written with COPY (PostgreSQL; bulk_create elsewhere), one transaction per
batch. A second run with the same --anzahl does nothing; another --anzahl replaces the
bench Anträge.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib
import math
import os
import random
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402

from antraege.models import (  # noqa: E402
    Antrag,
    AntragTeil1,
    Dokument,
    Massnahme,
    Position,
    Schreiben,
    Statuswechsel,
)
from bench import leben  # noqa: E402
from komman.models import Mitgliedschaft, Organisation, Rolle, User  # noqa: E402
from programmteile.models import Foerderperiode, Programmteil, Zuweisung  # noqa: E402

JAHRE = range(2016, 2027)
AKTUELLES_JAHR = 2026
#: The bench's today: 3 December of the current year (the data does not move with the clock).
HEUTE = datetime.datetime(AKTUELLES_JAHR, 12, 3, tzinfo=datetime.UTC)
BENCH_PREFIX = "bench."
BENCH_PASSWORT = "bench-passwort-komman"
TRAEGER_NAME = "Bench-Träger {:04d} e. V."
BATCH = 2000

S = Antrag.Status
# The path of each end state through the wave-1 lifecycle (DOMAIN.md §5).
PFADE: dict[str, list[str]] = {
    S.ENTWURF: [],
    S.EINGEREICHT: [S.EINGEREICHT],
    S.FORMALE_PRUEFUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG],
    S.NACHFORDERUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.NACHFORDERUNG],
    S.INHALTLICHE_PRUEFUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG],
    S.ANHOERUNG: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG],
    S.BEWILLIGUNG_VORGESCHLAGEN: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.BEWILLIGUNG_VORGESCHLAGEN,
    ],
    S.ABLEHNUNG_VORGESCHLAGEN: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.ANHOERUNG,
        S.ABLEHNUNG_VORGESCHLAGEN,
    ],
    S.BEWILLIGT: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.BEWILLIGUNG_VORGESCHLAGEN,
        S.BEWILLIGT,
    ],
    S.ABGELEHNT: [
        S.EINGEREICHT,
        S.FORMALE_PRUEFUNG,
        S.INHALTLICHE_PRUEFUNG,
        S.ANHOERUNG,
        S.ABLEHNUNG_VORGESCHLAGEN,
        S.ABGELEHNT,
    ],
    S.ZURUECKGEZOGEN: [S.EINGEREICHT, S.FORMALE_PRUEFUNG, S.ZURUECKGEZOGEN],
}
# Wave 2: the notice becomes final (bench/leben/bestand.py writes Bekanntgabe and Zuwendung).
PFADE[S.BESTANDSKRAEFTIG] = [*PFADE[S.BEWILLIGT], S.BESTANDSKRAEFTIG]
PFADE[S.ABLEHNUNG_BESTANDSKRAEFTIG] = [*PFADE[S.ABGELEHNT], S.ABLEHNUNG_BESTANDSKRAEFTIG]
BESTANDSKRAFT = {S.BESTANDSKRAEFTIG: S.BEWILLIGT, S.ABLEHNUNG_BESTANDSKRAEFTIG: S.ABGELEHNT}
#: Days from the signature to the Statuswechsel "bestandskräftig" (Bekanntgabe + Klagefrist).
TAGE_BIS_BESTANDSKRAFT = 45
VERTEILUNG_VERGANGEN = {S.BESTANDSKRAEFTIG: 82, S.ABLEHNUNG_BESTANDSKRAEFTIG: 9, S.ZURUECKGEZOGEN: 9}
VERTEILUNG_AKTUELL = {
    S.ENTWURF: 14,
    S.EINGEREICHT: 14,
    S.FORMALE_PRUEFUNG: 14,
    S.NACHFORDERUNG: 8,
    S.INHALTLICHE_PRUEFUNG: 14,
    S.ANHOERUNG: 4,
    S.BEWILLIGUNG_VORGESCHLAGEN: 8,
    S.ABLEHNUNG_VORGESCHLAGEN: 2,
    S.BEWILLIGT: 5,
    S.BESTANDSKRAEFTIG: 9,
    S.ABGELEHNT: 4,
    S.ZURUECKGEZOGEN: 4,
}
DOKUMENT_BEI = {
    S.EINGEREICHT: Dokument.Art.EINGANGSBESTAETIGUNG,
    S.NACHFORDERUNG: Dokument.Art.NACHFORDERUNG,
    S.ANHOERUNG: Dokument.Art.ANHOERUNG,
    S.BEWILLIGT: Dokument.Art.ZUWENDUNGSBESCHEID,
    S.ABGELEHNT: Dokument.Art.ABLEHNUNGSBESCHEID,
}
PAUSCHALEN = {
    "A1": Decimal("1000.00"),
    "A2": Decimal("2500.00"),
    "B1": Decimal("150.00"),
    "B2": Decimal("400.00"),
    "C1": Decimal("150.00"),
    "C2": Decimal("400.00"),
    "D1": Decimal("200.00"),
    "D2": Decimal("500.00"),
}
TZ = datetime.UTC


def log(text: str) -> None:
    print(text, flush=True)


@contextmanager
def historische_zeitstempel():
    """Let bulk_create write the timestamps we give instead of now() (auto_now/auto_now_add)."""
    felder = [
        Antrag._meta.get_field("erstellt_am"),
        Antrag._meta.get_field("geaendert_am"),
        Statuswechsel._meta.get_field("wann"),
        Dokument._meta.get_field("erstellt_am"),
        Schreiben._meta.get_field("erstellt_am"),
    ]
    alt = [(f, f.auto_now, f.auto_now_add) for f in felder]
    for f in felder:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in alt:
            f.auto_now, f.auto_now_add = now, now_add


def standardparameter() -> dict:
    try:
        from programmteile import rules
    except ImportError:  # rules.py not merged yet: periods keep empty parameters
        return {}
    return rules.Regelparameter.standard().als_dict()


def fremde_nutzer() -> int:
    return User.objects.exclude(username__startswith=BENCH_PREFIX).count()


def bench_nutzer_ids() -> list[int]:
    return list(User.objects.filter(username__startswith=BENCH_PREFIX).values_list("pk", flat=True))


def bench_antraege_zahl() -> int:
    return Antrag.objects.filter(erstellt_von_id__in=bench_nutzer_ids()).count()


@contextmanager
def ohne_dokumentschutz():
    """Bench data only: lets loeschen()/entwuerfe_sicherstellen() remove bench documents and Statuswechsel.

    Issued documents are immutable in the database (antraege migration 0003: a trigger
    refuses DELETE on PostgreSQL and silently skips it on SQLite). The bench removes its own
    rows, never real ones (fremde_nutzer() guards that), so it switches the triggers off
    inside one transaction and puts them back before it ends.
    """
    migrationen = [
        importlib.import_module("antraege.migrations.0003_dokument_unveraenderlich"),
        # Statuswechsel are append-only the same way (migration 0005).
        importlib.import_module("antraege.migrations.0005_statuswechsel_unveraenderlich"),
        # Buchungen are append-only too (zuwendungen migration 0005).
        importlib.import_module("zuwendungen.migrations.0005_buchung_unveraenderlich"),
    ]
    pg_trigger = [
        ("antraege_dokument", "antraege_dokument_unveraenderlich"),
        ("antraege_statuswechsel", "antraege_statuswechsel_unveraenderlich"),
        ("zuwendungen_buchung", "zuwendungen_buchung_unveraenderlich"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys checked per statement, as outside this transaction: loeschen() retries
            # a table whose rows are still referenced (inside its own savepoint).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for tabelle, trigger in pg_trigger:
                cursor.execute(f"ALTER TABLE {tabelle} DISABLE TRIGGER {trigger}")
        else:
            for migration in migrationen:
                for sql in migration.SQLITE_REVERSE:
                    cursor.execute(sql)
        yield
        if connection.vendor == "postgresql":
            for tabelle, trigger in pg_trigger:
                cursor.execute(f"ALTER TABLE {tabelle} ENABLE TRIGGER {trigger}")
        else:
            for migration in migrationen:
                for sql in migration.SQLITE:
                    cursor.execute(sql)


def loeschen() -> None:
    """Remove the bench Anträge and everything on their file (only rows created by bench users),
    following the foreign keys: whatever a wave-2 process hangs off an Antrag goes too."""
    ids = bench_nutzer_ids()
    if ids:
        leben.loeschen_unter(Antrag, Antrag.objects.filter(erstellt_von_id__in=ids))


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


def fake_pdf(text: str) -> tuple[bytes, str]:
    pdf = f"%PDF-1.7\n% KOMM-AN NRW bench document: {text}\n%%EOF\n".encode()
    return pdf, hashlib.sha256(pdf).hexdigest()


def zeitpunkt(rng: random.Random, von: datetime.date, bis: datetime.date) -> datetime.datetime:
    tage = max((bis - von).days, 0)
    tag = von + datetime.timedelta(days=rng.randint(0, tage))
    return datetime.datetime(tag.year, tag.month, tag.day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=TZ)


def antraege_anlegen(slots, users, rng: random.Random) -> None:
    zaehler: dict[int, int] = {}
    ki, traeger_user = users["bench.ki"], users["bench.traeger"]
    pruefung, zeichnung = users["bench.pruefung"], users["bench.zeichnung"]
    gesamt = len(slots)
    start_zeit = time.monotonic()
    for start in range(0, gesamt, BATCH):
        teil = slots[start : start + BATCH]
        with transaction.atomic(), historische_zeitstempel():
            antraege, pfade = [], []
            for periode, org in teil:
                nummer, jahr = periode.programmteil.nummer, periode.foerderjahr
                verteilung = VERTEILUNG_AKTUELL if jahr == AKTUELLES_JAHR else VERTEILUNG_VERGANGEN
                status = rng.choices(list(verteilung), weights=list(verteilung.values()))[0]
                eingang = zeitpunkt(rng, periode.antragsbeginn, periode.antragsfrist)
                ende = eingang + datetime.timedelta(days=14 * len(PFADE[status]))
                if status in BESTANDSKRAFT and ende + datetime.timedelta(days=TAGE_BIS_BESTANDSKRAFT) > HEUTE:
                    status = BESTANDSKRAFT[status]  # this year's notice still in its Klagefrist
                pfad = PFADE[status]
                erstellt = eingang - datetime.timedelta(days=rng.randint(1, 30))
                if nummer == "I":
                    beantragt = Decimal(rng.choice([57000, 85500, 114000])) + Decimal(
                        rng.choice([10000, 15000, 20000])
                    )
                elif nummer == "II":
                    beantragt = Decimal(rng.randrange(20, 300)) * 500
                else:
                    beantragt = Decimal(rng.randrange(10, 160)) * 1000
                az = ""
                if pfad:
                    zaehler[periode.pk] = zaehler.get(periode.pk, 0) + 1
                    az = f"KA-{nummer}-{jahr}-{zaehler[periode.pk]:04d}"
                entschieden = status in S.ENTSCHIEDEN
                vorgeschlagen = status in (*S.VORGESCHLAGEN, *S.ENTSCHIEDEN)
                # The last step of the wave-1 path: the signature (bestandskräftig comes later).
                ende = eingang + datetime.timedelta(days=14 * (len(pfad) - (status in BESTANDSKRAFT)))
                antraege.append(
                    Antrag(
                        foerderperiode=periode,
                        antragsteller=org,
                        status=status,
                        aktenzeichen=az,
                        eingereicht_am=eingang if pfad else None,
                        erstellt_von=ki if org.art == Organisation.Art.KOMMUNE else traeger_user,
                        erstellt_am=erstellt,
                        geaendert_am=ende if pfad else erstellt,
                        kontakt_name=f"Bench Kontakt {start}",
                        kontakt_email="kontakt@bench.invalid",
                        kontakt_telefon="0231 000000",
                        massnahmebeginn=datetime.date(jahr, 1, 1),
                        beantragt=beantragt,
                        zuwendungsfaehig=beantragt,
                        zuwendung=(
                            beantragt if status not in (S.ABGELEHNT, S.ABLEHNUNG_BESTANDSKRAEFTIG) else None
                        )
                        if vorgeschlagen
                        else None,
                        begruendung="Bench-Begründung." if vorgeschlagen else "",
                        bearbeitet_von=pruefung if len(pfad) >= 2 else None,
                        vorgeschlagen_von=pruefung if vorgeschlagen else None,
                        vorgeschlagen_am=ende - datetime.timedelta(days=7) if vorgeschlagen else None,
                        gezeichnet_von=zeichnung if entschieden else None,
                        gezeichnet_am=ende if entschieden else None,
                    )
                )
                pfade.append((pfad, eingang))
            leben.schreiben(Antrag, antraege)

            teil1, positionen, massnahmen, wechsel = [], [], [], []
            for antrag, (pfad, eingang) in zip(antraege, pfade, strict=True):
                nummer = antrag.foerderperiode.programmteil.nummer
                if nummer == "I":
                    stellen = rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2")])
                    teil1.append(
                        AntragTeil1(
                            antrag=antrag,
                            stellen=stellen,
                            personalausgaben=stellen * 57000,
                            sachmittel=Decimal("15000.00"),
                            fachkraft="Bench Fachkraft",
                            entgeltgruppe="EG 11 TVöD",
                            konzept="Koordination, Vernetzung, Ehrenamt.",
                        )
                    )
                elif nummer == "II":
                    for nr in range(1, rng.randint(2, 4) + 1):
                        code = rng.choice(list(PAUSCHALEN))
                        einheiten = rng.randint(1, 10)
                        positionen.append(
                            Position(
                                antrag=antrag,
                                nr=nr,
                                baustein=code[0],
                                pauschale=code,
                                einheiten=einheiten,
                                bezeichnung=f"Bench-Maßnahme {nr}",
                                raumnutzung_prozent=40 if code[0] == "A" else None,
                                empfaenger=f"Bench-Verein {nr} e. V.",
                                betrag=PAUSCHALEN[code] * einheiten,
                            )
                        )
                else:
                    for nr in range(1, rng.randint(1, 2) + 1):
                        massnahmen.append(
                            Massnahme(
                                antrag=antrag,
                                nr=nr,
                                titel=f"Bench-Maßnahme {nr}",
                                handlungsfeld=rng.choice(["zusammenleben", "antidiskriminierung"]),
                                stellen=Decimal("1.00"),
                                personalausgaben=Decimal("70000.00"),
                                honorarausgaben=Decimal("5000.00"),
                                sachausgaben=Decimal("3000.00"),
                                investitionsausgaben=Decimal("0.00"),
                                beantragt=Decimal("70000.00"),
                            )
                        )
                von = S.ENTWURF
                for i, nach in enumerate(pfad):
                    wechsel.append(
                        Statuswechsel(
                            antrag=antrag,
                            von=von,
                            nach=nach,
                            wer=antrag.erstellt_von
                            if nach in (S.EINGEREICHT, S.ZURUECKGEZOGEN)
                            else (zeichnung if nach in (S.BEWILLIGT, S.ABGELEHNT) else pruefung),
                            wann=eingang + datetime.timedelta(days=14 * i)
                            if nach not in BESTANDSKRAFT
                            else antrag.gezeichnet_am + datetime.timedelta(days=TAGE_BIS_BESTANDSKRAFT),
                            grund="" if nach == S.EINGEREICHT else "Bench-Vermerk.",
                            betrag=antrag.zuwendung if nach in (S.BEWILLIGT, S.BESTANDSKRAEFTIG) else None,
                        )
                    )
                    von = nach
            leben.schreiben(AntragTeil1, teil1)
            leben.schreiben(Position, positionen)
            leben.schreiben(Massnahme, massnahmen)
            leben.schreiben(Statuswechsel, wechsel)

            dokumente = []
            for w in wechsel:
                art = DOKUMENT_BEI.get(w.nach)
                if art is None:
                    continue
                antrag = w.antrag
                daten = {
                    "aktenzeichen": antrag.aktenzeichen,
                    "antragsteller": antrag.antragsteller.name,
                    "programmteil": antrag.foerderperiode.programmteil.nummer,
                    "foerderjahr": antrag.foerderperiode.foerderjahr,
                    "datum": w.wann.date().isoformat(),
                    "betrag": str(antrag.zuwendung or antrag.beantragt),
                }
                if art == Dokument.Art.ZUWENDUNGSBESCHEID:  # what Bestandskraft reads (zuwendung_anlegen)
                    periode = antrag.foerderperiode
                    daten["zeitraum"] = {
                        "bewilligung_von": periode.bewilligungszeitraum_von.isoformat(),
                        "bewilligung_bis": periode.bewilligungszeitraum_bis.isoformat(),
                    }
                pdf, sha = fake_pdf(f"{art} {antrag.aktenzeichen}")
                dokumente.append(
                    Dokument(
                        antrag=antrag,
                        statuswechsel=w,
                        art=art,
                        daten=daten,
                        pdf=pdf,
                        sha256=sha,
                        erstellt_von=w.wer,
                        erstellt_am=w.wann,
                    )
                )
            leben.schreiben(Dokument, dokumente)

            # Nachforderung and Anhörung letters with their deadline, answered once the file moved on.
            schreiben = []
            for i, w in enumerate(wechsel):
                if w.nach not in (S.NACHFORDERUNG, S.ANHOERUNG):
                    continue
                weiter = i + 1 < len(wechsel) and wechsel[i + 1].antrag is w.antrag
                schreiben.append(
                    Schreiben(
                        antrag=w.antrag,
                        art=w.nach,
                        text="Bench: bitte reichen Sie die fehlenden Unterlagen nach.",
                        punkte=["Finanzierungsplan"],
                        frist=(w.wann + datetime.timedelta(days=14)).date(),
                        erstellt_von=pruefung,
                        erstellt_am=w.wann,
                        antwort="Bench-Antwort." if weiter else "",
                        beantwortet_von=w.antrag.erstellt_von if weiter else None,
                        beantwortet_am=w.wann + datetime.timedelta(days=10) if weiter else None,
                    )
                )
            leben.schreiben(Schreiben, schreiben)
        fertig = min(start + BATCH, gesamt)
        if fertig % (BATCH * 10) == 0 or fertig == gesamt:
            log(f"  {fertig:>7} / {gesamt} Anträge ({time.monotonic() - start_zeit:.0f} s)")

    # Period figures that follow from the Anträge: counters, committed money, a budget above it.
    for periode in Foerderperiode.objects.filter(pk__in={p.pk for p, _ in slots}):
        gebunden = Antrag.objects.filter(
            foerderperiode=periode, status__in=(S.BEWILLIGT, S.BESTANDSKRAEFTIG)
        ).aggregate(s=Sum("zuwendung"))["s"] or Decimal("0.00")
        Foerderperiode.objects.filter(pk=periode.pk).update(
            gebunden=gebunden,
            budget=max((gebunden * Decimal("1.25")).quantize(Decimal("1")), Decimal("1000000")),
            aktenzeichen_zaehler=zaehler.get(periode.pk, 0),
        )


def entwuerfe_sicherstellen() -> None:
    """The edit form needs a draft of bench.ki (Dortmund, 2026 I and II) and bench.traeger (2026 III)."""
    for username in ("bench.ki", "bench.traeger"):
        user = User.objects.get(username=username)
        for antrag in Antrag.objects.filter(
            antragsteller__mitgliedschaften__user=user,
            foerderperiode__foerderjahr=AKTUELLES_JAHR,
            erstellt_von_id__in=bench_nutzer_ids(),  # bench rows only, even with --force
        ).exclude(status=S.ENTWURF):
            Dokument.objects.filter(antrag=antrag)._raw_delete(connection.alias)
            Schreiben.objects.filter(antrag=antrag)._raw_delete(connection.alias)
            Statuswechsel.objects.filter(antrag=antrag)._raw_delete(connection.alias)
            Antrag.objects.filter(pk=antrag.pk).update(
                status=S.ENTWURF,
                aktenzeichen="",
                eingereicht_am=None,
                zuwendung=None,
                begruendung="",
                bearbeitet_von=None,
                vorgeschlagen_von=None,
                vorgeschlagen_am=None,
                gezeichnet_von=None,
                gezeichnet_am=None,
            )


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anzahl", type=int, default=10_000, help="Anträge (10000 oder 100000)")
    parser.add_argument("--force", action="store_true", help="auch mit Nicht-Bench-Nutzern in der Datenbank")
    parser.add_argument("--neu", action="store_true", help="auch bei gleicher Anzahl neu anlegen")
    args = parser.parse_args(argv)

    t0 = time.monotonic()
    db = connection.settings_dict
    log(f"Datenbank: {connection.vendor} {db.get('NAME')}")
    call_command("migrate", verbosity=0)
    if fremde_nutzer() and not args.force:
        log(
            f"Abbruch: die Datenbank hat {fremde_nutzer()} Nutzer außerhalb von bench.*. "
            "Bench-Daten gehören in eine eigene Datenbank (oder --force)."
        )
        return 2
    if bench_antraege_zahl() == args.anzahl and not args.neu:
        perioden_anlegen()
        with ohne_dokumentschutz():
            entwuerfe_sicherstellen()
        log(f"{args.anzahl} Bench-Anträge sind schon da: nichts zu tun.")
        return 0

    rng = random.Random(42)
    kommunen = list(Organisation.objects.kommunen().order_by("kreisschluessel"))
    kommune_slots = len(kommunen) * len(JAHRE) * 2
    traeger_zahl = max(1, math.ceil(max(0, args.anzahl - kommune_slots) / len(JAHRE)))
    log(f"Lösche alte Bench-Anträge … ({bench_antraege_zahl()})")
    with ohne_dokumentschutz():
        loeschen()
    log(f"Lege {traeger_zahl} Bench-Träger, Perioden 2016–2026 und Zuweisungen an …")
    traeger = traeger_anlegen(traeger_zahl)
    dortmund = Organisation.objects.get(kreisschluessel="05913")
    users = nutzer(dortmund, traeger[0])
    perioden = perioden_anlegen()
    zuweisungen_anlegen(perioden, kommunen, rng)
    slots = slots_fuer(args.anzahl, perioden, kommunen, traeger)
    log(f"Lege {len(slots)} Anträge mit Positionen, Verlauf und Dokumenten an …")
    antraege_anlegen(slots, users, rng)
    with ohne_dokumentschutz():
        entwuerfe_sicherstellen()
    log("Lege das Leben nach der Bewilligung an (bench/leben/) …")
    leben.anlegen(
        leben.Kontext(
            users=users,
            heute=HEUTE.date(),
            antraege=Antrag.objects.filter(erstellt_von_id__in=bench_nutzer_ids()),
            aktuelles_jahr=AKTUELLES_JAHR,
            log=log,
        )
    )
    with connection.cursor() as cursor:
        # Planner statistics and (PostgreSQL) visibility maps, as autovacuum would give later:
        # without them counts cannot use index-only scans.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log(
        f"Fertig: {bench_antraege_zahl()} Anträge, {Statuswechsel.objects.count()} Statuswechsel, "
        f"{Dokument.objects.count()} Dokumente in {time.monotonic() - t0:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
