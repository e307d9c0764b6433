"""The bench Anträge with their lines, history, documents and letters, written by COPY in
batches (bench/seed.py calls antraege_anlegen)."""

from __future__ import annotations

import datetime
import random
import time
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from antraege.models import Antrag, AntragTeil1, Dokument, Massnahme, Position, Schreiben, Statuswechsel
from bench import leben
from bench.seed_daten import (
    AKTUELLES_JAHR,
    BATCH,
    BESTANDSKRAFT,
    DOKUMENT_BEI,
    HEUTE,
    PAUSCHALEN,
    PFADE,
    TAGE_BIS_BESTANDSKRAFT,
    VERTEILUNG_AKTUELL,
    VERTEILUNG_VERGANGEN,
    S,
    fake_pdf,
    log,
    zeitpunkt,
)
from komman.models import Organisation
from programmteile.models import Foerderperiode


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
