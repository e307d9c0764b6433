"""Meine Aufgaben, the Wiedervorlage and the calendar settings (issue 22): axe, reflow at 320 px,
and a keyboard-only journey: the reviewer sets a Wiedervorlage for today and finds it in
Meine Aufgaben, the count in the navigation included.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _befunde(seite, wo: str) -> list[str]:
    befunde = hilfen.axe_verstoesse(seite, wo) + hilfen.struktur_befunde(seite, wo)
    seite.set_viewport_size({"width": 320, "height": 800})
    befunde += hilfen.reflow_befunde(seite, wo)
    seite.set_viewport_size({"width": 1280, "height": 900})
    return befunde


def test_wiedervorlage_setzen_und_finden_nur_mit_tastatur(seite_als, dortmund, pruefung_arnsberg):
    from antraege.models import Antrag
    from tests.factories import make_eingereichter_antrag, make_periode

    antrag = make_eingereichter_antrag(make_periode("I"), dortmund, status=Antrag.Status.FORMALE_PRUEFUNG)
    seite = seite_als(pruefung_arnsberg)
    befunde: list[str] = []
    seite.goto(f"/antraege/{antrag.pk}/pruefung/")
    ablaeufe.knopf_druecken(seite, "Wiedervorlage setzen")
    assert seite.locator("h1").inner_text() == "Wiedervorlage setzen"
    befunde += _befunde(seite, "Wiedervorlage (leer)")
    # Submitted with a day in the past: the message at the field, the note kept, status 200.
    ablaeufe.formular_ausfuellen(seite, {"am": datetime.date(2020, 1, 2), "notiz": "Stellenplan nachfragen"})
    ablaeufe.absenden(seite)
    assert "Vergangenheit" in seite.locator("#fehleruebersicht").inner_text()
    assert seite.locator("input[name=notiz]").input_value() == "Stellenplan nachfragen"
    befunde += _befunde(seite, "Wiedervorlage (Fehler)")
    ablaeufe.formular_ausfuellen(seite, {"am": timezone.localdate()})
    ablaeufe.absenden(seite)
    assert "Wiedervorlage am" in hilfen.statusmeldung(seite)
    ablaeufe.knopf_druecken(seite, "Meine Aufgaben")
    assert seite.locator("h1").inner_text() == "Meine Aufgaben"
    assert "Stellenplan nachfragen" in seite.locator("main").inner_text()
    zeilen = seite.locator("main tbody tr").count()
    assert seite.locator("nav .badge").first.inner_text().split()[0] == str(zeilen)
    befunde += _befunde(seite, "Meine Aufgaben")
    ablaeufe.knopf_druecken(seite, "Erledigt")
    assert "Stellenplan nachfragen" not in seite.locator("main").inner_text()
    assert not befunde, "\n".join(befunde)


def test_kalender_adresse_erzeugen_nur_mit_tastatur(seite_als, ki_dortmund):
    seite = seite_als(ki_dortmund)
    seite.goto("/kalender/")
    befunde = _befunde(seite, "Kalender (ohne Adresse)")
    ablaeufe.knopf_druecken(seite, "Kalender-Adresse erzeugen")
    adresse = seite.locator("#kalender-adresse").input_value()
    assert "/kalender/" in adresse and adresse.endswith(".ics")
    befunde += _befunde(seite, "Kalender (Adresse gezeigt)")
    pfad = "/" + adresse.split("//", 1)[1].split("/", 1)[1]  # SITE_URL is not the live server's
    antwort = seite.request.get(pfad)
    assert antwort.ok and antwort.text().startswith("BEGIN:VCALENDAR")
    assert not befunde, "\n".join(befunde)


def test_viele_aufgaben_je_art_die_dringendsten_und_die_ganze_liste(
    seite_als, dortmund, pruefung_arnsberg, monkeypatch
):
    """Seven deadlines: the overview shows the five most urgent (the overdue one marked) and links
    to the full list, which pages (three per page here) with the queue's paging pattern."""
    from antraege.models import Antrag
    from komman import aufgaben
    from tests.factories import make_eingereichter_antrag, make_periode
    from zuwendungen.models import Frist

    monkeypatch.setattr(aufgaben, "JE_SEITE", 3)
    antrag = make_eingereichter_antrag(make_periode("I"), dortmund, status=Antrag.Status.EINGEREICHT)
    heute = timezone.localdate()
    Frist.objects.bulk_create(
        Frist(
            schluessel=f"b:{t}", art=Frist.Art.NACHFORDERUNG, antrag=antrag, titel="Antwort",
            wer=Frist.Wer.PRUEFUNG, faellig_am=heute + datetime.timedelta(days=t),
        )
        for t in (-3, 1, 2, 4, 8, 9, 12)
    )  # fmt: skip
    seite = seite_als(pruefung_arnsberg)
    seite.goto("/aufgaben/")
    main = seite.locator("main")
    assert main.locator("h2#aufgaben-fristen").inner_text().split()[:2] == ["Fristen", "7"]
    assert main.locator("section[aria-labelledby=aufgaben-fristen] tbody tr").count() == 5
    assert (
        "(überfällig)"
        in main.locator("section[aria-labelledby=aufgaben-fristen] tbody tr").first.inner_text()
    )
    befunde = _befunde(seite, "Meine Aufgaben (Übersicht)")
    ablaeufe.knopf_druecken(seite, "Alle 7 Aufgaben anzeigen")
    assert seite.locator("h1").inner_text() == "Fristen"
    assert "Seite 1 von 3" in main.inner_text() and main.locator("tbody tr").count() == 3
    befunde += _befunde(seite, "Meine Aufgaben: Fristen, Seite 1")
    ablaeufe.knopf_druecken(seite, "Nächste Seite")
    assert "Seite 2 von 3" in seite.locator("main").inner_text()
    assert not befunde, "\n".join(befunde)
