"""Mittelabruf and Auszahlung: 1–4 calls per final grant, with Anordnung, Buchung and letters.

Past years: every call paid (Buchung with Wertstellung), together the granted amount. The
current year: earlier calls paid, the last one in any state of the table (entwurf …
bezahlt, abgelehnt), so the Landeskasse export, the Prüfung's and the Zeichnung's lists
have work in them. Every organisation with a grant gets a (published test) bank account.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from komman.models import Organisation
from programmteile import rules
from zuwendungen.demodaten.auszahlung import TEST_IBANS
from zuwendungen.models import (
    Auszahlungsanordnung,
    Bankverbindung,
    Buchung,
    Mittelabruf,
    Zahlungsbrief,
    Zuwendung,
)

A = Mittelabruf.Status
#: How many calls a grant has (weights for 1, 2, 3, 4).
ABRUFE = {1: 30, 2: 35, 3: 20, 4: 15}
#: The state of the current year's last call.
LETZTER = {
    A.ENTWURF: 15,
    A.EINGEREICHT: 20,
    A.FREIGEGEBEN: 10,
    A.ANGEORDNET: 15,
    A.BEZAHLT: 35,
    A.ABGELEHNT: 5,
}
BRIEFE = {
    Zahlungsbrief.Art.ABRUFBESTAETIGUNG: (A.EINGEREICHT, A.FREIGEGEBEN, A.ANGEORDNET, A.BEZAHLT, A.ABGELEHNT),
    Zahlungsbrief.Art.AUSZAHLUNGSANORDNUNG: (A.ANGEORDNET, A.BEZAHLT),
    Zahlungsbrief.Art.ZAHLUNGSBESTAETIGUNG: (A.BEZAHLT,),
}


def _pdf(text: str) -> tuple[bytes, str]:
    pdf = f"%PDF-1.7\n% KOMM-AN NRW bench letter: {text}\n%%EOF\n".encode()
    return pdf, hashlib.sha256(pdf).hexdigest()


def _teile(betrag: Decimal, anzahl: int) -> list[Decimal]:
    """``betrag`` in ``anzahl`` parts, cent-exact (the last takes the remainder)."""
    teil = rules.cent_abrunden(betrag / anzahl)
    return [teil] * (anzahl - 1) + [betrag - teil * (anzahl - 1)]


@prozess("bankverbindungen")
def bankverbindungen(k: Kontext) -> int:
    admin = k.users["bench.admin"]
    organisationen = (
        Organisation.objects.filter(antraege__in=k.antraege.filter(zuwendungsfall__isnull=False))
        .exclude(bankverbindungen__isnull=False)
        .values_list("pk", "name")
        .distinct()
        .order_by("pk")
    )

    def block(zeilen) -> int:
        return len(
            schreiben(
                Bankverbindung,
                [
                    Bankverbindung(
                        organisation_id=pk, iban=TEST_IBANS[pk % len(TEST_IBANS)], kontoinhaber=name,
                        gueltig_ab=datetime.date(2016, 1, 1), erfasst_von=admin,
                        erfasst_am=zeitpunkt(datetime.date(2016, 1, 1)),
                    )
                    for pk, name in zeilen
                ],
            )
        )  # fmt: skip

    return in_bloecken(k, "bankverbindungen", organisationen.iterator(), block)


@prozess("mittelabrufe")
def mittelabrufe(k: Kontext) -> int:
    ki, traeger = k.users["bench.ki"], k.users["bench.traeger"]
    pruefung, zeichnung = k.users["bench.pruefung"], k.users["bench.zeichnung"]
    zuwendungen = (
        Zuwendung.objects.filter(antrag__in=k.antraege)
        .values_list(
            "pk", "bewilligt", "bestandskraeftig_am", "bewilligungszeitraum_bis",
            "antrag__aktenzeichen", "antrag__foerderperiode__foerderjahr", "antrag__antragsteller__art",
        )
        .order_by("pk")
        .iterator(chunk_size=5000)
    )  # fmt: skip

    def block(zeilen) -> int:
        abrufe, plan = [], []
        for pk, bewilligt, final, bis, az, jahr, art in zeilen:
            anzahl = k.rng.choices(list(ABRUFE), weights=list(ABRUFE.values()))[0]
            aktuell = jahr == k.aktuelles_jahr
            ende = min(bis, k.heute - datetime.timedelta(days=10)) if aktuell else bis
            spanne = max((ende - final).days, anzahl)
            betraege = _teile(bewilligt * Decimal("0.6") if aktuell else bewilligt, anzahl)
            wer = ki if art == Organisation.Art.KOMMUNE else traeger
            for nr, betrag in enumerate(betraege, start=1):
                status = A.BEZAHLT
                if aktuell and nr == anzahl:
                    status = k.rng.choices(list(LETZTER), weights=list(LETZTER.values()))[0]
                am = final + datetime.timedelta(days=spanne * nr // (anzahl + 1))
                eingereicht = zeitpunkt(am - datetime.timedelta(days=10)) if status != A.ENTWURF else None
                freigegeben = status in (A.FREIGEGEBEN, A.ANGEORDNET, A.BEZAHLT)
                gezeichnet = status in (A.ANGEORDNET, A.BEZAHLT)
                abrufe.append(
                    Mittelabruf(
                        zuwendung_id=pk,
                        nummer=nr,
                        status=status,
                        auszahlung_am=am,
                        bedarfe=[{"faellig": am.isoformat(), "betrag": str(betrag)}],
                        betrag=betrag,
                        verwendung_bisher="Bench: Personal und Sachmittel wie geplant." if nr > 1 else "",
                        erstellt_von=wer,
                        erstellt_am=zeitpunkt(am - datetime.timedelta(days=14)),
                        eingereicht_von=wer if eingereicht else None,
                        eingereicht_am=eingereicht,
                        pruefvermerk="Bench: geprüft." if freigegeben else "",
                        freigegeben=betrag if freigegeben else None,
                        begruendung="Bench: Bedarf nicht belegt." if status == A.ABGELEHNT else "",
                        freigegeben_von=pruefung if freigegeben else None,
                        freigegeben_am=zeitpunkt(am - datetime.timedelta(days=6)) if freigegeben else None,
                        gezeichnet_von=zeichnung if gezeichnet else None,
                        gezeichnet_am=zeitpunkt(am - datetime.timedelta(days=4)) if gezeichnet else None,
                    )
                )
                plan.append((pk, az or str(pk)))
        schreiben(Mittelabruf, abrufe)

        anordnungen, buchungen, briefe = [], [], []
        for abruf, (zuwendung_pk, az) in zip(abrufe, plan, strict=True):
            for art, stati in BRIEFE.items():
                if abruf.status in stati:
                    tag = {
                        "abrufbestaetigung": abruf.eingereicht_am,
                        "auszahlungsanordnung": abruf.gezeichnet_am,
                    }
                    datum = tag.get(art) or zeitpunkt(abruf.auszahlung_am + datetime.timedelta(days=3))
                    pdf, sha = _pdf(f"{art} {az} Nr. {abruf.nummer}")
                    daten = {"schema": 1, "art": str(art), "datum": datum.date().isoformat(), "aktenzeichen": az,
                             "betrag": str(abruf.betrag), "nummer": abruf.nummer}  # fmt: skip
                    briefe.append(
                        Zahlungsbrief(
                            mittelabruf=abruf, art=art, daten=daten, pdf=pdf, sha256=sha, erstellt_am=datum
                        )
                    )
            if abruf.status not in (A.ANGEORDNET, A.BEZAHLT):
                continue
            gebucht = abruf.gezeichnet_am.date()
            anordnung = Auszahlungsanordnung(
                mittelabruf=abruf, nummer=f"{az}-A{abruf.nummer}", betrag=abruf.betrag,
                daten={"betrag": str(abruf.betrag), "aktenzeichen": az, "faellig": abruf.auszahlung_am.isoformat(),
                       "angeordnet_am": gebucht.isoformat(), "verwendungszweck": f"{az} Abruf {abruf.nummer}"},
                erstellt_am=abruf.gezeichnet_am,
            )  # fmt: skip
            anordnungen.append(anordnung)
            buchungen.append(
                Buchung(
                    zuwendung_id=zuwendung_pk, art=Buchung.Art.AUSZAHLUNG, betrag=abruf.betrag, gebucht_am=gebucht,
                    wertstellung=abruf.auszahlung_am if abruf.status == A.BEZAHLT else None, anordnung=anordnung,
                    text=f"Auszahlung Mittelabruf {abruf.nummer}", wer=zeichnung, erfasst_am=abruf.gezeichnet_am,
                )
            )  # fmt: skip
        schreiben(Auszahlungsanordnung, anordnungen)
        for b in buchungen:
            b.anordnung_id = b.anordnung.pk
        schreiben(Buchung, buchungen)
        for b in briefe:
            b.mittelabruf_id = b.mittelabruf.pk
        schreiben(Zahlungsbrief, briefe)
        return len(abrufe) + len(anordnungen) + len(buchungen) + len(briefe)

    return in_bloecken(k, "mittelabrufe", zuwendungen, block)
