"""The change process through its pages: form errors at the field (200), the steps of both sides,
the Änderungsbescheid PDF with every reference and the rules' figures, the grant page's history."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from komman.formate import euro
from programmteile import rules
from tests.zuwendungen import aenderung_hilfen as h
from zuwendungen.models import Aenderungsantrag, AenderungStatus
from zuwendungen.workflow import aenderung as wf

pytestmark = pytest.mark.django_db
St = AenderungStatus


def _post(client, user, url, daten=None):
    client.force_login(user)
    return client.post(url, daten or {})


def test_journey_through_the_pages_and_the_letter(client, django_capture_on_commit_callbacks):
    z, leute = h.teil1()
    client.force_login(leute.ki)
    neu = reverse("zuwendungen:aenderung_neu", args=[z.pk])
    assert client.get(neu).status_code == 200
    assert "Stellen unbesetzt" in client.get(neu).content.decode()
    url = f"{neu}?art=unbesetzt"
    antwort = client.post(url, {"stellen_0": "abc", "besetzt_ab_0": "", "begruendung": ""})
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "Bitte eine Zahl eingeben" in inhalt and 'value="abc"' in inhalt and "aria-invalid" in inhalt
    jahr = z.bewilligungszeitraum_von.year
    antwort = client.post(url, {"stellen_0": "1", "besetzt_ab_0": f"01.04.{jahr}", "begruendung": "Später besetzt."})
    a = Aenderungsantrag.objects.get(zuwendung=z)
    assert antwort.status_code == 302 and antwort["Location"] == reverse("zuwendungen:aenderung", args=[a.pk])
    seite = client.get(antwort["Location"]).content.decode()
    assert "119.750,00 €" in seite and "Entwurf bearbeiten" in seite
    aktion = lambda name: reverse("zuwendungen:aenderung_aktion", args=[a.pk, name])  # noqa: E731
    # Sachbearbeitung may not submit: refused with the reason
    assert _post(client, leute.ki, aktion("einreichen")).status_code == 403
    assert _post(client, leute.zb, aktion("einreichen")).status_code == 302
    assert _post(client, leute.pruefer, aktion("uebernehmen")).status_code == 302
    # a partial proposal below the request without an Anhörung: the message at the form, 200
    antwort = _post(client, leute.pruefer, aktion("vorschlagen"), {
        "vorschlagen-ergebnis": "teilweise", "vorschlagen-betrag": "100.000,00",
        "vorschlagen-bis": f"{jahr}-12-31", "vorschlagen-gruende": "Weniger.",
    })  # fmt: skip
    assert antwort.status_code == 200 and "angehört werden" in antwort.content.decode()
    assert _post(client, leute.pruefer, aktion("vorschlagen"), {"vorschlagen-ergebnis": "voll"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, leute.zeichner, aktion("zeichnen")).status_code == 302
    a.refresh_from_db()
    assert a.status == St.BESCHIEDEN and a.bescheid.fertig and a.bescheid.pruefsumme_stimmt()
    # the recipient's first download makes it known (next day)
    client.force_login(leute.zb)
    pdf = client.get(reverse("zuwendungen:aenderungsbescheid", args=[a.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    a.refresh_from_db()
    assert a.bekanntgegeben_am is not None
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    p = z.antrag.foerderperiode.parameter()
    erwartet = rules.aenderung(
        bewilligt=Decimal("134000.00"), ausgezahlt=Decimal("0.00"),
        unbesetzt=[rules.Unbesetzt(Decimal("1"), 3, p.teil1.festbetrag_stelle)], lrh_schwelle=p.allgemein.lrh_schwelle,
    )  # fmt: skip
    for teil in (
        euro(erwartet.neu_bewilligt), "134.000,00 €", "14.250,00 €", z.antrag.aktenzeichen, "Im Übrigen bleibt",
        "Rechtsbehelfsbelehrung", "Landesrechnungshof", "einhundertneunzehntausendsiebenhundertfünfzig Euro",
        "Zuwendungszweck",
    ):  # fmt: skip
        assert teil in text.replace("\n", " "), teil
    # waiver, then the grant page shows the timeline and the new figures
    # a waiver before the Bekanntgabe (the day after the download) is refused; on that day it works
    assert _post(client, leute.zb, aktion("verzichten")).status_code == 302
    a.refresh_from_db()
    assert a.status == St.BESCHIEDEN
    wf.verzichten(aenderung=a, by=leute.zb, heute=a.bekanntgegeben_am)
    client.force_login(leute.ki)
    detail = client.get(reverse("zuwendungen:detail", args=[z.pk])).content.decode()
    assert "Änderungsbescheid Nr. 1" in detail and "119.750,00 €" in detail
    a.refresh_from_db()
    seite = reverse("zuwendungen:detail", args=[z.pk])
    vorher = client.get(f"{seite}?stand_am={a.bestandskraeftig_am - datetime.timedelta(days=1)}").content.decode()
    assert "galt: Zuwendungsbescheid" in vorher and "134.000,00 €" in vorher
    danach = client.get(f"{seite}?stand_am={a.bestandskraeftig_am}").content.decode()
    assert "galt: Änderungsbescheid Nr. 1" in danach
