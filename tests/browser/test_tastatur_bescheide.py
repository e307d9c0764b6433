"""Keyboard-only journeys of issue 17's decision pages: the early-start decision, the letter
previews (Nachforderung, Anhörung, the notice before signing) and the replacement of a letter
sent by mistake (workflow.schreiben_ersetzen). Each page also passes the axe scan.

No mouse events: only Tab/Shift+Tab, typing, Enter and Space (tests/browser/ablaeufe.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _eingereicht(dortmund, ki_dortmund, status="inhaltliche_pruefung", **felder):
    """A submitted Part II Antrag of Dortmund (B2 × 4) in the content review (or ``status``)."""
    from antraege.models import Pruefvermerk
    from tests.factories import make_eingereichter_antrag, make_periode, make_position, make_zuweisung

    periode = make_periode("II")
    make_zuweisung(periode, dortmund, hoechstbetrag=Decimal("50000.00"))
    antrag = make_eingereichter_antrag(
        periode, dortmund, beantragt=Decimal("1000.00"), erstellt_von=ki_dortmund, kontakt_name="Kim Yilmaz",
        status=status, **felder,
    )  # fmt: skip
    Pruefvermerk.objects.create(
        antrag=antrag, vollstaendig=True, unterschrieben=True, antragsberechtigt=True, nicht_begonnen=True
    )
    make_position(antrag, nr=1, pauschale="B2", einheiten=4, bezeichnung="Sprachcafé")
    return antrag


def _pruefansicht(seite, antrag) -> None:
    seite.goto(f"/antraege/{antrag.pk}/pruefung/")
    ablaeufe.zum_inhalt_springen(seite)


def _axe(seite, wo: str) -> None:
    assert hilfen.axe_verstoesse(seite, wo) == []


def _vorschau(seite, text: str) -> str:
    """Tab to a preview button (it opens the PDF in a new tab) and press Space; the answer's
    content type (the new tab shows or downloads the PDF; the form page stays as it is)."""
    hilfen.tab_zu_text(seite, text)
    with seite.context.expect_event("response", predicate=lambda r: r.request.method == "POST") as antwort:
        seite.keyboard.press("Space")
    assert antwort.value.status == 200
    for neu in seite.context.pages[1:]:
        neu.close()
    return antwort.value.header_value("content-type") or ""


def test_vorzeitigen_beginn_entscheiden_nur_mit_tastatur(seite_als, ki_dortmund, dortmund, pruefung_arnsberg):
    """The applicant asked for an early start; the Prüfung decides on its own page (who, when,
    why); only that decision counts."""
    from antraege.models import Antrag

    beginn = datetime.date.today() + datetime.timedelta(days=10)
    antrag = _eingereicht(
        dortmund, ki_dortmund, massnahmebeginn=beginn, vorzeitiger_beginn_beantragt=True,
        vorzeitiger_beginn_begruendung="Die Räume stehen nur ab diesem Tag zur Verfügung.",
    )  # fmt: skip
    pr = seite_als(pruefung_arnsberg)
    _pruefansicht(pr, antrag)
    ablaeufe.knopf_druecken(pr, "Über vorzeitigen Maßnahmebeginn entscheiden")
    _axe(pr, "Vorzeitiger Maßnahmebeginn")
    ablaeufe.zum_inhalt_springen(pr)
    # Without a choice and reason: the errors are announced, the page answers 200.
    ablaeufe.knopf_druecken(pr, "Entscheidung vermerken")
    assert "Bitte wählen Sie, ob der vorzeitige Beginn zugelassen wird." in hilfen.statusmeldung(pr)
    ablaeufe.seite_beginnen(pr)
    f = hilfen.tab_zu_feld(pr, "zugelassen")  # the first radio: "wird zugelassen"
    pr.keyboard.press("Space")
    assert f.tag == "input" and pr.evaluate("() => document.activeElement.checked")
    ablaeufe.formular_ausfuellen(
        pr, {"grund": "Die Maßnahme hängt an der Raumübergabe; ein Aufschub gefährdet sie."}
    )
    ablaeufe.knopf_druecken(pr, "Entscheidung vermerken")
    assert "Die Entscheidung über den vorzeitigen Maßnahmebeginn ist vermerkt." in hilfen.statusmeldung(pr)
    antrag = Antrag.objects.get(pk=antrag.pk)
    assert (
        antrag.vorzeitiger_beginn_zugelassen
        and antrag.vorzeitiger_beginn_entschieden_von == pruefung_arnsberg
    )


def test_vorschau_und_ersetzen_eines_schreibens_nur_mit_tastatur(
    seite_als, ki_dortmund, dortmund, pruefung_arnsberg
):
    """The Nachforderung is previewed (PDF with the watermark) before it is sent; sent by
    mistake, it is withdrawn and replaced, again after a preview of the replacement."""
    from antraege.models import Schreiben

    antrag = _eingereicht(dortmund, ki_dortmund, status="formale_pruefung", bearbeitet_von=pruefung_arnsberg)
    frist = datetime.date.today() + datetime.timedelta(days=14)
    pr = seite_als(pruefung_arnsberg)
    _pruefansicht(pr, antrag)
    ablaeufe.knopf_druecken(pr, "Unterlagen nachfordern")
    _axe(pr, "Nachforderung")
    ablaeufe.zum_inhalt_springen(pr)
    ablaeufe.formular_ausfuellen(pr, {"punkte": "Kooperationsvereinbarung", "frist": frist})
    assert _vorschau(pr, "Vorschau des Schreibens (PDF)") == "application/pdf"
    assert not Schreiben.objects.filter(antrag=antrag).exists()  # a preview saves nothing
    ablaeufe.knopf_druecken(pr, "Nachforderung versenden")
    assert "Die Nachforderung ist versandt" in hilfen.statusmeldung(pr)
    alt = Schreiben.objects.get(antrag=antrag)

    ablaeufe.seite_beginnen(pr)  # back on the Antrag's page, the focus in <main> after the redirect
    ablaeufe.knopf_druecken(pr, "Zurückziehen und ersetzen")
    _axe(pr, "Schreiben ersetzen")
    ablaeufe.zum_inhalt_springen(pr)
    ablaeufe.formular_ausfuellen(
        pr,
        {
            "grund": "Die falsche Unterlage wurde nachgefordert.",
            "punkte": "Aktueller Belegungsplan des Raums",
            "frist": frist + datetime.timedelta(days=7),
        },
    )
    assert _vorschau(pr, "Vorschau des Schreibens (PDF)") == "application/pdf"
    ablaeufe.knopf_druecken(pr, "Zurückziehen und neu versenden")
    assert "Das Schreiben ist zurückgezogen und ersetzt" in hilfen.statusmeldung(pr)
    alt.refresh_from_db()
    neu = Schreiben.objects.exclude(pk=alt.pk).get(antrag=antrag)
    assert alt.zurueckgezogen_am is not None and alt.ersetzt_durch == neu
    assert neu.punkte == ["Aktueller Belegungsplan des Raums"]


def test_bescheid_vorschau_vor_dem_zeichnen_nur_mit_tastatur(
    seite_als, ki_dortmund, dortmund, pruefung_arnsberg, zeichnung_arnsberg
):
    """The signer opens the notice as a draft PDF from the signing page by keyboard."""
    from antraege import workflow

    antrag = _eingereicht(dortmund, ki_dortmund)
    workflow.propose_approval(
        antrag=antrag,
        by=pruefung_arnsberg,
        zeilen={z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)},
    )
    zb = seite_als(zeichnung_arnsberg)
    _pruefansicht(zb, antrag)
    ablaeufe.knopf_druecken(zb, "Zeichnen oder zurückgeben")
    _axe(zb, "Zeichnen")
    ablaeufe.zum_inhalt_springen(zb)
    link = hilfen.tab_zu_text(zb, "Zuwendungsbescheid vor dem Zeichnen ansehen")
    assert link.tag == "a"
    with zb.context.expect_event("response", predicate=lambda r: "bescheid-entwurf" in r.url) as antwort:
        zb.keyboard.press("Enter")
    assert antwort.value.status == 200
    assert antwort.value.header_value("content-type") == "application/pdf"
