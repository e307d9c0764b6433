"""Änderungsanträge of the final grants (zuwendungen Aenderungsantrag, AenderungSchritt,
Aenderungsbescheid), written before the calls so the calls add up to the changed grant.

- one grant in eight asks for a change: an extension of the Bewilligungszeitraum (60 %) or a
  partial waiver (Verzicht, 40 %); Part-specific changes (units, posts, costs) need the lines
  of the Finanzierungsplan and are left to the tests of the change workflow;
- past years: decided and final (90 %, the Zuwendung carries the new amount or end date, as
  ``Zuwendung.bewilligt`` is the grant valid today) or withdrawn (10 %);
- the current year: every state of the table, from the draft to bestandskräftig;
- one Schritt per step (the file of the change), four eyes (bench.pruefung proposes,
  bench.zeichnung signs), an Änderungsbescheid with a tiny fake PDF once signed.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from decimal import Decimal

from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from programmteile import rules
from zuwendungen.models import Aenderungsantrag, Aenderungsbescheid, AenderungSchritt, Zuwendung

St = Aenderungsantrag.Status
ANTEIL = 8  # one change in ANTEIL grants
ART = {Aenderungsantrag.Art.VERLAENGERUNG: 60, Aenderungsantrag.Art.VERZICHT: 40}
VERGANGEN = {St.BESTANDSKRAEFTIG: 90, St.ZURUECKGEZOGEN: 10}
AKTUELL = {
    St.ENTWURF: 15, St.EINGEREICHT: 20, St.IN_PRUEFUNG: 20, St.ANHOERUNG: 5, St.VORGESCHLAGEN: 10,
    St.BESCHIEDEN: 10, St.BESTANDSKRAEFTIG: 15, St.ZURUECKGEZOGEN: 5,
}  # fmt: skip
ERGEBNIS = {Aenderungsantrag.Ergebnis.VOLL: 75, Aenderungsantrag.Ergebnis.TEILWEISE: 15,
            Aenderungsantrag.Ergebnis.ABGELEHNT: 10}  # fmt: skip
_VORSCHLAG = [St.EINGEREICHT, St.IN_PRUEFUNG, St.VORGESCHLAGEN]
PFADE = {
    St.ENTWURF: [],
    St.EINGEREICHT: [St.EINGEREICHT],
    St.IN_PRUEFUNG: [St.EINGEREICHT, St.IN_PRUEFUNG],
    St.ANHOERUNG: [St.EINGEREICHT, St.IN_PRUEFUNG, St.ANHOERUNG],
    St.VORGESCHLAGEN: _VORSCHLAG,
    St.BESCHIEDEN: [*_VORSCHLAG, St.BESCHIEDEN],
    St.BESTANDSKRAEFTIG: [*_VORSCHLAG, St.BESCHIEDEN, St.BESTANDSKRAEFTIG],
    St.ZURUECKGEZOGEN: [St.EINGEREICHT, St.ZURUECKGEZOGEN],
}
TAGE = 10  # between two steps
ENTSCHIEDEN = (St.VORGESCHLAGEN, St.BESCHIEDEN, St.BESTANDSKRAEFTIG)


@functools.cache
def _final_ab(bekanntgabe: datetime.date) -> datetime.date:
    return rules.bestandskraft(bekanntgabe, klagefrist_monate=1).bestandskraeftig_ab


def _pdf(text: str) -> tuple[bytes, str]:
    pdf = f"%PDF-1.7\n% KOMM-AN NRW bench Änderungsbescheid: {text}\n%%EOF\n".encode()
    return pdf, hashlib.sha256(pdf).hexdigest()


def _beginn(k: Kontext, final: datetime.date, bis: datetime.date, schritte: int) -> datetime.date | None:
    """The day the change was drafted: after the grant became final, before its period ends, and
    (this year) early enough that every step lies before today."""
    spaetestens = min(
        bis - datetime.timedelta(days=20), k.heute - datetime.timedelta(days=TAGE * schritte + 2)
    )
    frueh = final + datetime.timedelta(days=14)
    if spaetestens < frueh:
        return None
    return frueh + datetime.timedelta(days=k.rng.randint(0, min((spaetestens - frueh).days, 150)))


def _aenderung(k: Kontext, pk, bewilligt, bis, final, jahr) -> tuple | None:
    """One change with its steps (unsaved), and the grant's new figures if it became final."""
    verteilung = AKTUELL if jahr == k.aktuelles_jahr else VERGANGEN
    status = k.rng.choices(list(verteilung), weights=list(verteilung.values()))[0]
    pfad = PFADE[status]
    tag = _beginn(k, final, bis, len(pfad) + 4)
    if tag is None:
        return None
    art = k.rng.choices(list(ART), weights=list(ART.values()))[0]
    pruefung, zeichnung, ki = k.users["bench.pruefung"], k.users["bench.zeichnung"], k.users["bench.ki"]
    if art == Aenderungsantrag.Art.VERLAENGERUNG:
        neu_bis, neu_betrag = rules.plus_monate(bis, 3), None
        angaben = {"bis": neu_bis.isoformat()}
        begruendung = "Bench: die Maßnahme war wegen eines Raumwechsels unterbrochen."
    else:
        neu_bis, neu_betrag = None, rules.cent(bewilligt * Decimal(k.rng.randint(85, 97)) / 100)
        angaben = {"betrag": str(neu_betrag)}
        begruendung = "Bench: ein Teil der Mittel wird nicht benötigt."
    a = Aenderungsantrag(
        zuwendung_id=pk, nummer=1, art=art, status=status, angaben=angaben, begruendung=begruendung,
        bewilligt_vorher=bewilligt, bis_vorher=bis, beantragt_neu=neu_betrag, bis_beantragt=neu_bis,
        erstellt_von=ki, erstellt_am=zeitpunkt(tag, 9), version=len(pfad) + 1,
    )  # fmt: skip
    schritte = [AenderungSchritt(aenderung=a, von="", nach=St.ENTWURF, wer=ki, wann=zeitpunkt(tag, 9),
                                 grund="Entwurf angelegt.")]  # fmt: skip
    von, neu = St.ENTWURF, None
    for i, nach in enumerate(pfad, start=1):
        wann = zeitpunkt(tag + datetime.timedelta(days=TAGE * i), 10 + i % 6)
        wer = ki if nach in (St.EINGEREICHT, St.ZURUECKGEZOGEN) else pruefung
        if nach == St.EINGEREICHT:
            a.eingereicht_von, a.eingereicht_am = ki, wann
        elif nach == St.ANHOERUNG:
            a.anhoerung_text = "Bench: wir beabsichtigen, nur einen Teil der Änderung zu bewilligen."
            a.anhoerung_betrag, a.anhoerung_frist = neu_betrag, wann.date() + datetime.timedelta(days=14)
        elif nach == St.VORGESCHLAGEN:
            ergebnis = k.rng.choices(list(ERGEBNIS), weights=list(ERGEBNIS.values()))[0]
            if art == Aenderungsantrag.Art.VERZICHT:
                ergebnis = Aenderungsantrag.Ergebnis.VOLL  # a waiver is always accepted
            a.ergebnis, a.vorgeschlagen_von, a.vorgeschlagen_am = ergebnis, pruefung, wann
            a.entscheidungsgruende = "Bench: die Gründe sind nachvollziehbar."
            if ergebnis != Aenderungsantrag.Ergebnis.ABGELEHNT:
                a.neu_bewilligt = neu_betrag if neu_betrag is not None else bewilligt
                # as the workflow decides: the end date always set (a waiver keeps the old one)
                a.neu_bis = (
                    bis if neu_bis is None else (neu_bis if ergebnis == "voll" else rules.plus_monate(bis, 2))
                )
        elif nach == St.BESCHIEDEN:
            wer, a.gezeichnet_von, a.gezeichnet_am, a.bescheid_am = zeichnung, zeichnung, wann, wann.date()
            a.bekanntgegeben_am = rules.bekanntgabe_abruf(wann.date() + datetime.timedelta(days=2))
            a.abgerufen_am = wann + datetime.timedelta(days=2)
        elif nach == St.BESTANDSKRAEFTIG:
            if _final_ab(a.bekanntgegeben_am) > k.heute:  # still in its Klagefrist
                a.status = St.BESCHIEDEN
                break
            a.bestandskraeftig_am = _final_ab(a.bekanntgegeben_am)
            wann = zeitpunkt(min(a.bestandskraeftig_am, k.heute), 1)
            if a.neu_bewilligt is not None:
                neu = (pk, a.neu_bewilligt, a.neu_bis or bis)
        schritte.append(AenderungSchritt(aenderung=a, von=von, nach=nach, wer=wer, wann=wann, grund="Bench-Vermerk.",
                                         betrag=a.neu_bewilligt if nach in ENTSCHIEDEN else None))  # fmt: skip
        von = nach
    return a, schritte, neu


@prozess("aenderungen")
def aenderungen(k: Kontext) -> int:
    zuwendungen = (
        Zuwendung.objects.filter(antrag__in=k.antraege)
        .values_list(
            "pk",
            "bewilligt",
            "bewilligungszeitraum_bis",
            "bestandskraeftig_am",
            "antrag__foerderperiode__foerderjahr",
        )  # fmt: skip
        .order_by("pk")
        .iterator(chunk_size=5000)
    )

    def block(zeilen) -> int:
        antraege, schritte, neu = [], [], []
        for zeile in zeilen:
            if k.rng.randrange(ANTEIL):
                continue
            ergebnis = _aenderung(k, *zeile)
            if ergebnis is None:
                continue
            antraege.append(ergebnis[0])
            schritte += ergebnis[1]
            if ergebnis[2]:
                neu.append(ergebnis[2])
        schreiben(Aenderungsantrag, antraege)
        for s in schritte:
            s.aenderung_id = s.aenderung.pk
        schreiben(AenderungSchritt, schritte)
        bescheide = []
        for a in antraege:
            if a.status in (St.BESCHIEDEN, St.BESTANDSKRAEFTIG):
                pdf, sha = _pdf(f"{a.zuwendung_id}/{a.nummer}")
                daten = {"nummer": a.nummer, "art": a.art, "ergebnis": a.ergebnis, "bescheid_am": str(a.bescheid_am),
                         "neu_bewilligt": str(a.neu_bewilligt), "neu_bis": str(a.neu_bis or "")}  # fmt: skip
                bescheide.append(Aenderungsbescheid(aenderung=a, daten=daten, pdf=pdf, sha256=sha,
                                                    erstellt_am=a.gezeichnet_am))  # fmt: skip
        schreiben(Aenderungsbescheid, bescheide)
        objekte = [
            Zuwendung(pk=pk, bewilligt=betrag, bewilligungszeitraum_bis=bis) for pk, betrag, bis in neu
        ]
        Zuwendung.objects.bulk_update(objekte, ["bewilligt", "bewilligungszeitraum_bis"], batch_size=1000)
        return len(antraege) + len(schritte) + len(bescheide)

    return in_bloecken(k, "aenderungen", zuwendungen, block)
