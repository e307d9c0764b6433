"""Bescheide benchmark: render time of a Zuwendungsbescheid against a bare WeasyPrint page, and
the rate of the bulk command. Prints figures, asserts nothing (DESIGN.md §11).

    python bench/bescheide.py                    # 20 renders each, bulk run over 100 notices
    python bench/bescheide.py --anzahl 1000      # the 1.000-notice figure of docs/leistung.md

Uses its own SQLite file (or DATABASE_URL if set, e.g. a separate PostgreSQL database), never
the development database: the file is recreated on every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import timeit
from decimal import Decimal
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
DB = Path(os.environ.get("TMPDIR", "/tmp")) / "komman-bench-bescheide.sqlite3"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komman.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    if "DATABASE_URL" not in os.environ:
        DB.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def daten_anlegen(anzahl: int, *, ab_jahr: int = 2026, traeger: str = "Bench-Träger"):
    """`anzahl` signed Bewilligungen with their (unrendered) Zuwendungsbescheid: Parts I, II, III mixed.

    Förderjahre from `ab_jahr` on and Träger named `traeger`: bench/warteschlange.py puts its
    notices beside a seeded bench database (years 2016–2026, "Bench-Träger 0001 e. V." …).
    """
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from antraege import bescheide
    from antraege.models import Antrag, AntragTeil1, Dokument, Massnahme, Position, Statuswechsel
    from komman.models import Mitgliedschaft, Organisation, Rolle, User
    from programmteile.models import Foerderperiode, Programmteil, Zuweisung

    br = Organisation.objects.get(art=Organisation.Art.BEZIRKSREGIERUNG)
    pruefer = User.objects.filter(username="bench.pruefung").first() or User.objects.create_user(
        "bench.pruefung", first_name="Petra", last_name="Hoffmann"
    )
    zeichner = User.objects.filter(username="bench.zeichnung").first() or User.objects.create_user(
        "bench.zeichnung", first_name="Markus", last_name="Lange"
    )
    Mitgliedschaft.objects.get_or_create(user=pruefer, organisation=br, rolle=Rolle.PRUEFUNG)
    Mitgliedschaft.objects.get_or_create(user=zeichner, organisation=br, rolle=Rolle.ZEICHNUNG)
    kommunen = list(Organisation.objects.kommunen().order_by("kreisschluessel"))
    # A letter needs the recipient's address (issue 17): the Rathaus stands in for every Kommune.
    Organisation.objects.kommunen().filter(strasse="").update(
        strasse="Rathausplatz 1", plz="44135", ort="Bench"
    )
    kommunen = list(Organisation.objects.kommunen().order_by("kreisschluessel"))
    dortmund = Organisation.objects.get(kreisschluessel="05913")
    perioden = {}

    def periode(teil: str, jahr: int) -> Foerderperiode:
        if (teil, jahr) not in perioden:
            termine = Foerderperiode.standard_termine(teil, jahr)
            perioden[teil, jahr] = Foerderperiode.objects.create(
                programmteil=Programmteil.objects.get(nummer=teil),
                foerderjahr=jahr,
                status=Foerderperiode.Status.OFFEN,
                budget=Decimal("100000000.00"),
                **termine,
            )
        return perioden[teil, jahr]

    dokumente = []
    with transaction.atomic():
        for i in range(anzahl):
            teil = ("I", "II", "III")[i % 3]
            jahr = ab_jahr + i // (3 * len(kommunen))
            p = periode(teil, jahr)
            if teil == "III":
                org = Organisation.objects.create(
                    art=Organisation.Art.TRAEGER,
                    name=f"{traeger} {i} e. V.",
                    strasse="Kronenstraße 1",
                    plz="44139",
                    ort="Dortmund",
                    kreis=dortmund,  # the seat decides the court (Gelsenkirchen)
                )
            else:
                org = kommunen[(i // 3) % len(kommunen)]
            antrag = Antrag.objects.create(
                foerderperiode=p,
                antragsteller=org,
                status=Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN,
                erstellt_von=pruefer,
                aktenzeichen=f"36.{teil}-{jahr}-{i + 1:05d}",
                eingereicht_am=timezone.make_aware(datetime.datetime(jahr - 1, 11, 20, 10)),
                bearbeitet_von=pruefer,
                vorgeschlagen_von=pruefer,
            )
            if teil == "I":
                Zuweisung.objects.get_or_create(
                    foerderperiode=p, kommune=org, defaults={"stellen": Decimal("2")}
                )
                AntragTeil1.objects.create(
                    antrag=antrag,
                    stellen=Decimal("2"),
                    personalausgaben=Decimal("114000.00"),
                    sachmittel=Decimal("20000.00"),
                )
                summe = Decimal("134000.00")
            elif teil == "II":
                summe = Decimal("0.00")
                for nr, (code, einheiten, satz) in enumerate(
                    [("A1", 2, 1000), ("A2", 12, 400), ("B1", 40, 35), ("B2", 6, 250), ("C1", 4, 500),
                     ("C2", 30, 50), ("D1", 20, 100), ("D2", 8, 50)],
                    start=1,
                ):  # fmt: skip
                    betrag = Decimal(satz * einheiten)
                    summe += betrag
                    Position.objects.create(
                        antrag=antrag, nr=nr, baustein=code[0], pauschale=code, einheiten=einheiten,
                        betrag=betrag, bezeichnung=f"Maßnahme {nr}", empfaenger=f"Verein {nr} e. V.",
                        # Baustein A: the room use and the planned costs the rules read (33 % rule, A1 cap)
                        raumnutzung_prozent=50 if code[0] == "A" else None,
                        geplante_kosten=betrag if code == "A1" else None,
                    )  # fmt: skip
            else:
                summe = Decimal("0.00")
                for nr in (1, 2):
                    Massnahme.objects.create(
                        antrag=antrag, nr=nr, titel=f"Maßnahme {nr}", handlungsfeld="zusammenleben",
                        stellen=Decimal("1"), personalausgaben=Decimal("70000.00"),
                        honorarausgaben=Decimal("5000.00"), sachausgaben=Decimal("3000.00"),
                        beantragt=Decimal("70000.00"),
                    )  # fmt: skip
                    summe += Decimal("70000.00")
            Antrag.objects.filter(pk=antrag.pk).update(beantragt=summe, zuwendung=summe)
            antrag.refresh_from_db()
            wechsel = Statuswechsel.objects.create(
                antrag=antrag, von=antrag.status, nach=Antrag.Status.BEWILLIGT, wer=zeichner, betrag=summe
            )
            Antrag.objects.filter(pk=antrag.pk).update(status=Antrag.Status.BEWILLIGT)
            dokumente.append(
                bescheide.anlegen(statuswechsel=wechsel, art=Dokument.Art.ZUWENDUNGSBESCHEID, by=zeichner)
            )
    return dokumente, perioden


def messen(label: str, call, n: int, base: tuple[float, float] | None = None) -> tuple[float, float]:
    """Wall-clock p50/p95 and CPU p50 (process time: what a shared, loaded machine does not distort)."""
    call()  # warm-up
    t = sorted(timeit.repeat(call, number=1, repeat=n))
    cpu = sorted(timeit.repeat(call, number=1, repeat=max(3, n // 2), timer=time.process_time))
    median, p95, cpu_median = t[n // 2], t[min(n - 1, int(n * 0.95))], cpu[len(cpu) // 2]
    faktor = f"{median / base[0]:5.1f}× {cpu_median / base[1]:5.1f}×" if base else "  1,0×   1,0×"
    print(f"{label:<42} {median * 1e3:7.1f} {p95 * 1e3:7.1f} {cpu_median * 1e3:7.1f} ms  {faktor}")
    return median, cpu_median


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--anzahl", type=int, default=100, help="Bescheide für den Massenlauf (Standard 100)")
    parser.add_argument("--wiederholungen", type=int, default=20, help="Renderläufe je Messung (Standard 20)")
    args = parser.parse_args()

    setup()
    from django.core.management import call_command
    from weasyprint import HTML

    from antraege import bescheide
    from antraege.bescheide.pdf import PDF_VARIANT
    from antraege.models import Dokument

    dokumente, perioden = daten_anlegen(max(args.anzahl, 3))
    n = args.wiederholungen
    print(f"{'':<42} {'p50':>7} {'p95':>7} {'CPU p50':>7}     Faktor (Zeit, CPU)")

    def bare():
        HTML(string='<html lang="de"><title>Eine Zeile</title><p>Eine Zeile.</p></html>').write_pdf(
            pdf_variant=PDF_VARIANT
        )

    base = messen("WeasyPrint, eine Zeile (PDF/A-3a, getaggt)", bare, n)
    for dok in dokumente[:3]:
        daten = Dokument.objects.get(pk=dok.pk).daten
        seiten = len(
            __import__("pypdf").PdfReader(__import__("io").BytesIO(bescheide.pdf_aus_daten(daten))).pages
        )
        messen(
            f"Zuwendungsbescheid Teil {daten['programmteil']} ({seiten} Seiten)",
            lambda daten=daten: bescheide.pdf_aus_daten(daten),
            n,
            base,
        )

    start, start_cpu = time.perf_counter(), time.process_time()
    call_command("dokumente_nachholen", verbosity=0)
    dauer, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    fertig = Dokument.objects.exclude(sha256="").count()
    rate = fertig / dauer
    print(
        f"\nMassenlauf dokumente_nachholen: {fertig} Bescheide in {dauer:.1f} s = {rate:.2f}/s "
        f"(CPU {cpu:.1f} s = {fertig / cpu:.2f}/s); 1.000 Bescheide ≈ {1000 / rate / 60:.1f} min, "
        f"bei freiem Kern ≈ {1000 / (fertig / cpu) / 60:.1f} min (ein Prozess)"
    )
    print(
        f"Last während der Messung (loadavg): {' '.join(f'{x:.1f}' for x in os.getloadavg())} auf {os.cpu_count()} Kernen"
    )
    groessen = [len(bytes(p)) for p in Dokument.objects.values_list("pdf", flat=True)]
    print(
        f"PDF-Größe: Median {statistics.median(groessen) / 1024:.0f} KiB, max {max(groessen) / 1024:.0f} KiB"
    )
    print(f"Perioden: {len(perioden)}, Datenbank: {os.environ['DATABASE_URL'].split('@')[-1]}")


if __name__ == "__main__":
    main()
