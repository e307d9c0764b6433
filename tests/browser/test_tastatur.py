"""Keyboard-only journeys: login, wrong password, password change.

No mouse events: only Tab/Shift+Tab, typing, Enter and Space (tests/browser/ablaeufe.py).
Each Tab asserts a visible focus indicator; results must be announced in a live region.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from tests.browser import ablaeufe, hilfen
from tests.factories import PASSWORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_anmelden_nur_mit_tastatur(seite, ki_dortmund):
    ablaeufe.anmelden(seite, "ki.dortmund", PASSWORT)
    assert urlsplit(seite.url).path == "/", seite.url
    assert "Willkommen" in seite.locator("h1").inner_text()
    assert "Dortmund" in seite.locator("header").inner_text()


def test_falsches_passwort_fehler_angesagt_und_fokussiert(seite, ki_dortmund):
    ablaeufe.anmelden(seite, "ki.dortmund", "falsch-falsch-falsch")
    uebersicht = seite.locator("#fehleruebersicht")
    assert uebersicht.get_attribute("role") == "alert"
    assert "Benutzername oder Passwort sind nicht richtig" in uebersicht.inner_text()
    # komman.js moved the focus to the summary; it must be visibly focused for sighted users.
    f = hilfen.fokus(seite)
    assert f.id == "fehleruebersicht" and f.sichtbar, f
    # What was typed stays (the username), the password does not.
    assert seite.locator("#id_username").input_value() == "ki.dortmund"
    ablaeufe.formular_ausfuellen(seite, {"password": PASSWORT})
    ablaeufe.absenden(seite)
    assert "Willkommen" in seite.locator("h1").inner_text()


def test_passwort_aendern_nur_mit_tastatur(seite_als, ki_dortmund):
    seite = seite_als(ki_dortmund)
    seite.goto("/passwort/aendern/")
    ablaeufe.zum_inhalt_springen(seite)
    neu = "Neues-Passwort-fuer-Dortmund-2026"
    ablaeufe.formular_ausfuellen(
        seite, {"old_password": PASSWORT, "new_password1": neu, "new_password2": neu}
    )
    ablaeufe.absenden(seite)
    assert seite.locator("h1").inner_text() == "Passwort geändert"
    assert "Ihr Passwort wurde geändert." in hilfen.statusmeldung(seite)
    ki_dortmund.refresh_from_db()
    assert ki_dortmund.check_password(neu)


def test_passwort_aendern_fehler_per_tastatur_zum_feld(seite_als, ki_dortmund):
    """From the error summary, Tab reaches the link, Enter moves the focus to the field."""
    seite = seite_als(ki_dortmund)
    seite.goto("/passwort/aendern/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.formular_ausfuellen(seite, {"old_password": "falsch"})
    ablaeufe.absenden(seite)
    assert hilfen.fokus(seite).id == "fehleruebersicht"
    hilfen.tab_zu_text(seite, "Altes Passwort")
    seite.keyboard.press("Enter")
    f = hilfen.fokus(seite)
    assert f.name == "old_password" and f.sichtbar, f
    ki_dortmund.refresh_from_db()
    assert ki_dortmund.check_password(PASSWORT)


def test_sprunglink_ist_erster_tab_stopp_auf_jeder_oeffentlichen_seite(seite):
    for url in ("/anmelden/", "/impressum/", "/barrierefreiheit/", "/leichte-sprache/"):
        seite.goto(url)
        ablaeufe.zum_inhalt_springen(seite)


def test_rueckmeldung_barrierefreiheit_nur_mit_tastatur(seite):
    from komman.models import Barrierefreiheitsmeldung

    seite.goto("/barrierefreiheit/?seite=/antraege/")
    ablaeufe.zum_inhalt_springen(seite)
    ablaeufe.formular_ausfuellen(seite, {"nachricht": "Die Tabelle ist mit Screenreader schwer zu lesen."})
    ablaeufe.knopf_druecken(seite, "Rückmeldung senden")
    assert "Vielen Dank!" in hilfen.statusmeldung(seite)
    meldung = Barrierefreiheitsmeldung.objects.get()
    assert meldung.seite == "/antraege/"


def test_ki_legt_antrag_teil1_an_und_speichert_nur_mit_tastatur(seite_als, ki_dortmund, dortmund):
    """Part I: create the draft, fill in every field by Tab and typing, save with Space."""
    from antraege.models import Antrag
    from programmteile import rules
    from tests.factories import make_periode, make_zuweisung

    periode = make_periode("I")
    make_zuweisung(periode, dortmund, stellen=Decimal("1.5"))
    parameter = rules.Regelparameter.standard()
    personal = Decimal("1.5") * parameter.teil1.festbetrag_stelle
    sachmittel = parameter.teil1.sachmittel[Decimal("1.5")]

    seite = seite_als(ki_dortmund)
    ablaeufe.entwurf_anlegen(seite, periode)

    ablaeufe.seite_beginnen(seite)
    ablaeufe.formular_ausfuellen(
        seite,
        {
            "stellen": "1,5",  # a select: typing the option text picks it
            "personalausgaben": euro_eingabe(personal),
            "sachmittel": euro_eingabe(sachmittel),
            "fachkraft": "noch offen",
            "entgeltgruppe": "EG 11 TVöD",
            "konzept": "Beratung Neuzugewanderter und Netzwerkarbeit im Stadtgebiet.",
            "kontakt_name": "Kim Yilmaz",
            "kontakt_email": "kim.yilmaz@dortmund.example",
            "kontakt_telefon": "0231 50-12345",
        },
    )
    ablaeufe.knopf_druecken(seite, "Entwurf speichern")
    assert "Der Entwurf ist gespeichert." in hilfen.statusmeldung(seite)

    antrag = Antrag.objects.select_related("teil1").get(antragsteller=dortmund, foerderperiode=periode)
    assert (antrag.teil1.stellen, antrag.teil1.personalausgaben, antrag.teil1.sachmittel) == (
        Decimal("1.5"),
        personal,
        sachmittel,
    )
    assert (antrag.kontakt_name, antrag.kontakt_telefon) == ("Kim Yilmaz", "0231 50-12345")


def euro_eingabe(betrag: Decimal) -> str:
    """How a person types an amount: 85.500,00."""
    from komman.formate import euro

    return euro(betrag).removesuffix(" €")
