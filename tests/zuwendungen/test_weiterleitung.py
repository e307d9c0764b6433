"""Issue 18 item 6: Weiterleitung (Part II) — recorded per line, capped by the grant, contract draft."""

from __future__ import annotations

import datetime
import io
import threading
from decimal import Decimal

import pikepdf
import pypdf
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from antraege.models import Position
from komman.models import Rolle
from tests.factories import bezirksregierung, make_kommune, make_periode, make_user
from tests.zuwendungen.hilfen import entschieden
from zuwendungen import workflow
from zuwendungen.bescheide import weiterleitungsvertrag
from zuwendungen.models import Weiterleitung, Zuwendung

D = datetime.date


def teil2_zuwendung(kommune, zeichner) -> Zuwendung:
    periode = make_periode("II", jahr=2026)
    antrag = entschieden(periode, kommune, zeichner, betrag="3000.00")
    for nr, (empfaenger, bewilligt) in enumerate([("Verein A e. V.", "2000.00"), ("", "1000.00")], start=1):
        Position.objects.create(
            antrag=antrag, nr=nr, baustein="B", pauschale="B2", einheiten=4, bezeichnung=f"Maßnahme {nr}",
            empfaenger=empfaenger, empfaenger_rechtsform="verein" if empfaenger else "",
            betrag=Decimal(bewilligt), bewilligt=Decimal(bewilligt),
        )  # fmt: skip
    return workflow.zuwendung_anlegen(antrag, bestandskraeftig_am=D(2026, 3, 1))


def erfassen(z, by, position, betrag, **kw):
    return workflow.weiterleitung_erfassen(
        zuwendung=z, by=by, position=position, form="vertrag", datum_vertrag=D(2026, 3, 2), einheiten=kw.get("einheiten", 2),
        betrag=Decimal(betrag), anbest_p=True, pruefrecht=True, erstattung_mit_zinsen=True,
    )  # fmt: skip


def test_forwarding_is_capped_per_line(dortmund, ki_dortmund, zeichnung_arnsberg):
    z = teil2_zuwendung(dortmund, zeichnung_arnsberg)
    p1, p2 = Position.objects.filter(antrag=z.antrag).order_by("nr")
    assert z.finanzierungsart == "pauschalen"
    erfassen(z, ki_dortmund, p1, "1500.00")
    erfassen(z, ki_dortmund, p1, "500.00")
    with pytest.raises(workflow.WeiterleitungFehler) as e:
        erfassen(z, ki_dortmund, p1, "0.01")
    assert e.value.feld == "betrag" and "höchstens 0,00 €" in str(e.value)
    w = erfassen(z, ki_dortmund, p2, "1000.00")
    assert w.letztempfaenger == "Kommune selbst"
    assert workflow.weitergeleitet_je_zeile(z) == {p1.pk: Decimal("2000.00"), p2.pk: Decimal("1000.00")}


def test_the_database_refuses_a_forwarding_above_the_line(dortmund, ki_dortmund, zeichnung_arnsberg):
    from django.db import DatabaseError, transaction

    z = teil2_zuwendung(dortmund, zeichnung_arnsberg)
    p1 = Position.objects.filter(antrag=z.antrag).order_by("nr").first()  # 2.000,00 € granted
    erfassen(z, ki_dortmund, p1, "1999.99")
    with pytest.raises(DatabaseError), transaction.atomic():
        Weiterleitung.objects.create(
            zuwendung=z, position=p1, letztempfaenger="x", datum=D(2026, 3, 2), einheiten=1, betrag=Decimal("0.02"),
            anbest_p=True, pruefrecht=True, erstattung_mit_zinsen=True, erfasst_von=ki_dortmund,
        )  # fmt: skip
    Weiterleitung.objects.create(
        zuwendung=z, position=p1, letztempfaenger="x", datum=D(2026, 3, 2), einheiten=1, betrag=Decimal("0.01"),
        anbest_p=True, pruefrecht=True, erstattung_mit_zinsen=True, erfasst_von=ki_dortmund,
    )  # fmt: skip
    assert workflow.weitergeleitet_je_zeile(z)[p1.pk] == Decimal("2000.00")


def test_forwarding_needs_the_three_clauses_and_the_kommune(
    dortmund, ki_dortmund, zeichnung_arnsberg, pruefung_arnsberg
):
    z = teil2_zuwendung(dortmund, zeichnung_arnsberg)
    p1 = Position.objects.filter(antrag=z.antrag).first()
    with pytest.raises(workflow.WeiterleitungFehler, match="ANBest-P"):
        workflow.weiterleitung_erfassen(
            zuwendung=z, by=ki_dortmund, position=p1, form="vertrag", datum_vertrag=D(2026, 3, 2), einheiten=1,
            betrag=Decimal("1"), anbest_p=True, pruefrecht=False, erstattung_mit_zinsen=True,
        )  # fmt: skip
    with pytest.raises(workflow.WorkflowError, match="erfasst die Kommune"):
        erfassen(z, pruefung_arnsberg, p1, "1.00")
    assert not Weiterleitung.objects.exists()


def test_forwarding_page_and_contract_draft(
    client, dortmund, ki_dortmund, zeichnung_arnsberg, bochum, ki_bochum
):
    z = teil2_zuwendung(dortmund, zeichnung_arnsberg)
    p1 = Position.objects.filter(antrag=z.antrag).order_by("nr").first()
    client.force_login(ki_dortmund)
    url = reverse("zuwendungen:weiterleitung_neu", args=[z.pk])
    daten = {
        "position": str(p1.pk), "form": "vertrag", "datum": "2026-03-02", "einheiten": "2", "betrag": "2.500,00",
        "anbest_p": "on", "pruefrecht": "on", "erstattung_mit_zinsen": "on",
    }  # fmt: skip
    antwort = client.post(url, daten)
    assert antwort.status_code == 200 and "höchstens 2.000,00 €" in antwort.content.decode()
    assert 'value="2.500,00"' in antwort.content.decode()  # typed input kept
    antwort = client.post(url, {**daten, "betrag": "1.234,56"})
    assert antwort.status_code == 302
    w = Weiterleitung.objects.get()
    pdf = client.get(reverse("zuwendungen:weiterleitung_entwurf", args=[z.pk, w.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    inhalt = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = " ".join(" ".join(s.extract_text() for s in pypdf.PdfReader(io.BytesIO(inhalt)).pages).split())
    assert "Entwurf – von der Kommune zu unterzeichnen" in text
    assert "1.234,56 €" in text and "Verein A e. V." in text and z.antrag.aktenzeichen in text
    assert "ANBest-P" in text and "Landesrechnungshof" in text and "mit 5 Prozentpunkten über dem Basiszinssatz" in text
    with pikepdf.open(io.BytesIO(inhalt)) as p:
        meta = p.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"  # tagged PDF/A-3a like every letter
    assert weiterleitungsvertrag.daten(w)["massnahme"]["betrag"] == Decimal("1234.56")
    # another Kommune: the Zuwendung does not exist for it
    client.force_login(ki_bochum)
    assert client.get(reverse("zuwendungen:detail", args=[z.pk])).status_code == 404
    assert client.get(url).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_forwardings_at_once_never_exceed_the_line():
    zeichner = make_user("zeichnung.wl", organisation=bezirksregierung(), rolle=Rolle.ZEICHNUNG)
    kommune = make_kommune("Wettlauf", kreisschluessel="05999")
    ki = make_user("ki.wl", organisation=kommune, rolle=Rolle.SACHBEARBEITUNG)
    z = teil2_zuwendung(kommune, zeichner)
    p1 = Position.objects.filter(antrag=z.antrag).order_by("nr").first()  # 2.000,00 € granted
    anzahl = 10
    schranke = threading.Barrier(anzahl)
    ergebnisse = []
    sperre = threading.Lock()

    def weiterleiten():
        try:
            schranke.wait()
            try:
                erfassen(Zuwendung.objects.get(pk=z.pk), ki, Position.objects.get(pk=p1.pk), "600.00")
                ergebnis = "ok"
            except workflow.WorkflowError as e:
                ergebnis = str(e)
            with sperre:
                ergebnisse.append(ergebnis)
        finally:
            connection.close()

    threads = [threading.Thread(target=weiterleiten) for _ in range(anzahl)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(ergebnisse) == anzahl and ergebnisse.count("ok") == 3
    assert workflow.weitergeleitet_je_zeile(z)[p1.pk] == Decimal("1800.00")
    assert timezone.now()
