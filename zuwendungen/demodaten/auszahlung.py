"""Demo states of the payouts (issue 18 items 4, 5), built through the public workflow functions.

Runs after bestand_demodaten (registered after it in ZuwendungenConfig.ready()), because
payouts need final grants: Dortmund's grant made final by the waiver gets four calls —
paid, signed (its Auszahlungsanordnung open in the Landeskasse export), released (waiting for
zeichnung.arnsberg) and submitted (waiting for pruefung.arnsberg) — and no draft, so
ki.dortmund can prepare the next one; Bochum's final grant has a draft of ki.bochum. Every demo organisation gets a clearly fake but valid
test IBAN. Idempotent: nothing is created twice.

The demo grants belong to the Förderjahr 2025 (bestand's demo), so their needs fall due in
the last days of that Bewilligungszeitraum; rules.mittelabruf accepts needs within it.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from komman.formate import euro
from komman.models import Organisation, User
from programmteile import rules
from programmteile.models import Foerderperiode
from zuwendungen import workflow
from zuwendungen.models import Bankverbindung, Zuwendung

# Published test IBANs with valid check digits (bank sample accounts); never real customers.
TEST_IBANS = [
    "DE02120300000000202051",
    "DE02500105170137075030",
    "DE89370400440532013000",
    "DE02100100109307118603",
    "DE75512108001245126199",
    "DE12500105170648489890",
]
HAUSHALTSSTELLE = "Kap. 07 050 Tit. 633 10 (Demo)"


def bankverbindungen(admin) -> int:
    """One fake account per organisation with members or a grant, if it has none."""
    organisationen = (
        Organisation.objects.exclude(art=Organisation.Art.BEZIRKSREGIERUNG)
        .filter(Q(mitgliedschaften__isnull=False) | Q(antraege__zuwendungsfall__isnull=False))
        .exclude(bankverbindungen__isnull=False)
        .distinct()
        .order_by("pk")
    )
    neu = [
        Bankverbindung(
            organisation=org, iban=TEST_IBANS[org.pk % len(TEST_IBANS)], kontoinhaber=str(org),
            gueltig_ab=datetime.date(2024, 1, 1), erfasst_von=admin,
        )
        for org in organisationen
    ]  # fmt: skip
    for b in neu:
        b.save()
    return len(neu)


def _bedarf(zuwendung: Zuwendung, heute: datetime.date, tage: int) -> datetime.date:
    """A due date the rules accept: soon, and within the Bewilligungszeitraum."""
    return min(heute + datetime.timedelta(days=tage), zuwendung.bewilligungszeitraum_bis)


def auszahlung_demodaten(*, stdout) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    angelegt = bankverbindungen(admin)
    Foerderperiode.objects.filter(haushaltsstelle="").update(haushaltsstelle=HAUSHALTSSTELLE)
    namen = ("ki.dortmund", "zeichnung.dortmund", "pruefung.arnsberg", "zeichnung.arnsberg")
    nutzer = {u.username: u for u in User.objects.filter(username__in=namen)}
    zuwendung = (
        Zuwendung.objects.filter(antrag__antragsteller__kreisschluessel="05913")
        .select_related("antrag__foerderperiode__programmteil", "antrag__antragsteller")
        .order_by("-bestandskraeftig_am", "-pk")
        .first()
    )
    if zuwendung is None or len(nutzer) < len(namen):
        stdout.write("Demo Auszahlung: keine bestandskräftige Zuwendung der Stadt Dortmund; übersprungen.")
        return
    if zuwendung.mittelabrufe.exists():
        return
    ki, zb, pruefer, zeichner = (nutzer[n] for n in namen)
    heute = timezone.localdate()
    teil = rules.cent_abrunden(zuwendung.bewilligt / 10)
    # (due in days, amount, how far: 4 paid, 3 signed, 2 released, 1 submitted)
    for tage, weit in ((10, 4), (20, 3), (30, 2), (40, 1)):
        daten = workflow.Abrufdaten(auszahlung_am=heute, bedarfe=[(_bedarf(zuwendung, heute, tage), teil)])
        try:
            abruf = workflow.abruf_anlegen(zuwendung=zuwendung, by=ki, daten=daten)
            workflow.abruf_einreichen(abruf=abruf, by=zb)
            if weit >= 2:
                workflow.abruf_freigeben(
                    abruf=abruf, by=pruefer, betrag=teil, pruefvermerk="Bedarf und Fälligkeit plausibel (Demo)."
                )
            if weit >= 3:
                workflow.auszahlung_zeichnen(abruf=abruf, by=zeichner)
            if weit >= 4:
                workflow.als_bezahlt_melden(abruf=abruf, by=pruefer, wertstellung=heute)
        except workflow.WorkflowError as e:
            stdout.write(f"Demo Auszahlung: Mittelabruf nicht möglich ({e}); übersprungen.")
            return
    _entwurf_bochum(heute, teil)
    stdout.write(
        f"Demodaten Auszahlung: {angelegt} Bankverbindungen, vier Mittelabrufe der Stadt Dortmund "
        f"(je {euro(teil)}: ausgezahlt, angeordnet, freigegeben, eingereicht)."
    )


def _entwurf_bochum(heute: datetime.date, betrag) -> None:
    """A draft call of Bochum's final grant (ki.bochum prepared it, nobody has submitted it)."""
    from antraege.models import Antrag

    ki = User.objects.filter(username="ki.bochum").first()
    zuwendung = (
        Zuwendung.objects.filter(antrag__antragsteller__kreisschluessel="05911", mittelabrufe__isnull=True)
        .exclude(antrag__status=Antrag.Status.KLAGE_ANHAENGIG)
        .order_by("pk")
        .first()
    )
    if ki is None or zuwendung is None:
        return
    daten = workflow.Abrufdaten(auszahlung_am=heute, bedarfe=[(_bedarf(zuwendung, heute, 15), betrag)])
    workflow.abruf_anlegen(zuwendung=zuwendung, by=ki, daten=daten)

