"""Verwendungsnachweis in the browser (issue 20): axe on every VN page (both sides, empty form
submitted too) and a keyboard-only journey: ki.bochum fills in the Part II proof with fewer
units than granted, zeichnung.bochum submits it, pruefung.arnsberg asks a question, ki.bochum
answers, the Prüfung ticks the checklist and proposes the result, zeichnung.arnsberg signs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def zeichnung_bochum(bochum):
    from komman.models import Rolle
    from tests.factories import make_user

    return make_user("zeichnung.bochum", organisation=bochum, rolle=Rolle.ZEICHNUNGSBERECHTIGT)


def _axe(seite, wo: str) -> list[str]:
    return hilfen.axe_verstoesse(seite, wo) + hilfen.reflow_befunde(seite, wo)


def test_vn_nur_mit_tastatur_und_axe(seite_als, bochum, ki_bochum, zeichnung_bochum, pruefung_arnsberg, zeichnung_arnsberg):
    from decimal import Decimal

    from tests.zuwendungen.vn_hilfen import zuwendung_teil2
    from zuwendungen.models import Rueckforderung, Verwendungsnachweis

    z = zuwendung_teil2(bochum)
    befunde = []
    seite = seite_als(ki_bochum)
    seite.goto(reverse("zuwendungen:vn", args=[z.pk]))
    befunde += _axe(seite, "VN-Übersicht")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Verwendungsnachweis erstellen")
    befunde += _axe(seite, "VN-Formular")
    vn = Verwendungsnachweis.objects.get()
    positionen = list(z.antrag.positionen.order_by("nr"))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(seite, {
        "taetigkeiten": "Sprachcafés und Treffpunkt", "personal": "Ehrenamtliche", "ergebnisse": "Ziele erreicht",
        "abweichungen": "Neun Termine entfielen.",
        f"p{positionen[0].pk}_erbracht": "31", f"p{positionen[1].pk}_erbracht": "10", f"p{positionen[2].pk}_erbracht": "36",
        "le0_erhalten": "2900,00", "le0_verwendet": "2585,00", "le1_erhalten": "4800,00", "le1_verwendet": "4000,00",
    })  # fmt: skip
    ablaeufe.absenden(seite)
    befunde += _axe(seite, "VN-Formular mit Hinweisen")
    vn.refresh_from_db()
    assert vn.zahlen["teil2"]["erbracht"][str(positionen[0].pk)] == 31
    import datetime

    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(seite, {"beginn": datetime.date(2025, 1, 1), "ende": datetime.date(2025, 12, 31)})
    ablaeufe.ankreuzen(seite, "kommune_bestaetigt")
    ablaeufe.ankreuzen(seite, "erklaerung")
    ablaeufe.knopf_druecken(seite, "Entwurf speichern")
    assert "vollständig" in hilfen.statusmeldung(seite)
    befunde += _axe(seite, "VN-Seite (Entwurf)")

    seite = seite_als(zeichnung_bochum)
    seite.goto(reverse("zuwendungen:vn_seite", args=[vn.pk]))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Einreichen")
    assert "eingereicht" in hilfen.statusmeldung(seite)

    seite = seite_als(pruefung_arnsberg)
    seite.goto(reverse("zuwendungen:vn_warteschlange"))
    befunde += _axe(seite, "Warteschlange")
    seite.goto(reverse("zuwendungen:vn_seite", args=[vn.pk]))
    befunde += _axe(seite, "VN-Seite (Prüfung)")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(seite, {"frage-frage": "Warum nur 31 Termine?"})
    ablaeufe.knopf_druecken(seite, "Rückfrage stellen")
    assert "Rückfrage ist gestellt" in hilfen.statusmeldung(seite)

    seite = seite_als(ki_bochum)
    seite.goto(reverse("zuwendungen:vn_seite", args=[vn.pk]))
    befunde += _axe(seite, "VN-Seite (Rückfrage)")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(seite, {"antwort": "Neun Termine fielen wegen Krankheit aus."})
    ablaeufe.knopf_druecken(seite, "Antwort senden")
    assert "übermittelt" in hilfen.statusmeldung(seite)

    seite = seite_als(pruefung_arnsberg)
    seite.goto(reverse("zuwendungen:vn_pruefung", args=[vn.pk]))
    befunde += _axe(seite, "Prüfvermerk")
    ablaeufe.seite_beginnen(seite)
    for name in ("fristgerecht", "vollstaendig", "zweck", "finanzierungsplan", "einnahmen", "belege", "letztempfaenger"):
        ablaeufe.ankreuzen(seite, f"c_{name}")
    ablaeufe.knopf_druecken(seite, "Prüfvermerk speichern")
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Ergebnis zur Zeichnung vorlegen")
    assert "zur Zeichnung vorgelegt" in hilfen.statusmeldung(seite)

    seite = seite_als(zeichnung_arnsberg)
    seite.goto(reverse("zuwendungen:vn_seite", args=[vn.pk]))
    ablaeufe.seite_beginnen(seite)
    ablaeufe.knopf_druecken(seite, "Ergebnis zeichnen")
    assert "gezeichnet" in hilfen.statusmeldung(seite)
    assert "6.585,00 €" in seite.locator("main").inner_text()
    r = Rueckforderung.objects.get()
    assert r.betrag == Decimal("1115.00")
    seite.goto(reverse("zuwendungen:vn", args=[z.pk]))
    befunde += _axe(seite, "VN-Übersicht mit Rückforderung")
    assert "Caritas Bochum: 800,00 €" in seite.locator("main").inner_text()
    assert not befunde, "\n".join(befunde)


def test_belegliste_fehler_axe(seite_als, bochum, ki_bochum, tmp_path):
    from tests.zuwendungen.vn_hilfen import zuwendung_teil2
    from zuwendungen.workflow import vn as wf

    vn = wf.vn_anlegen(zuwendung=zuwendung_teil2(bochum), by=ki_bochum)
    datei = tmp_path / "belege.csv"
    datei.write_text("Nr.;Datum;Zahlungsempfänger;Grund der Zahlung;Ausgabenart;Betrag\n1;31.02.2025;;Miete;;x\n", encoding="utf-8")
    seite = seite_als(ki_bochum)
    seite.goto(reverse("zuwendungen:vn_belege", args=[vn.pk]))
    befunde = _axe(seite, "Belegliste")
    ablaeufe.seite_beginnen(seite)
    hilfen.tab_zu_feld(seite, "datei")
    with seite.expect_file_chooser() as auswahl:
        seite.keyboard.press("Space")
    auswahl.value.set_files(str(datei))
    ablaeufe.knopf_druecken(seite, "Hochladen und prüfen")
    assert "Zeilenbericht" in seite.locator("main").inner_text()
    befunde += _axe(seite, "Belegliste mit Zeilenbericht")
    assert not befunde, "\n".join(befunde)
