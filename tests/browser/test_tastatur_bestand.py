"""Keyboard-only journey after the notice (issue 18): zeichnung.dortmund uploads the signed
Rechtsbehelfsverzicht and sees the grant become final and the Zuwendung appear.

No mouse events: only Tab, Enter and Space (the file chooser opens with Space on the field).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import ablaeufe, hilfen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_verzicht_hochladen_nur_mit_tastatur(
    seite_als, dortmund, zeichnung_dortmund, zeichnung_arnsberg, tmp_path, settings
):
    from antraege.models import Antrag
    from tests.factories import make_periode
    from tests.zuwendungen.hilfen import bekanntgegeben, entschieden, pdf_bytes
    from zuwendungen.models import Zuwendung

    settings.PRIVATE_ROOT = tmp_path / "private"
    antrag = entschieden(make_periode("I", jahr=2025), dortmund, zeichnung_arnsberg, betrag="100500.00")
    bekanntgegeben(antrag, timezone.localdate() - datetime.timedelta(days=2), von=zeichnung_dortmund)
    datei = tmp_path / "Verzicht_unterschrieben.pdf"
    datei.write_bytes(pdf_bytes())

    seite = seite_als(zeichnung_dortmund)
    seite.goto(f"/antraege/{antrag.pk}/")
    ablaeufe.knopf_druecken(seite, "Bekanntgabe, Bestandskraft und Rechtsbehelfsverzicht")
    assert seite.locator("h1").inner_text() == "Bekanntgabe und Bestandskraft"
    hilfen.tab_zu_feld(seite, "datei")
    with seite.expect_file_chooser() as auswahl:
        seite.keyboard.press("Space")
    auswahl.value.set_files(str(datei))
    ablaeufe.knopf_druecken(seite, "Verzicht hochladen und einreichen")
    assert "bestandskräftig" in hilfen.statusmeldung(seite)
    assert Antrag.objects.get(pk=antrag.pk).status == Antrag.Status.BESTANDSKRAEFTIG
    assert Zuwendung.objects.get(antrag=antrag).bestandskraeftig_am == timezone.localdate()
    ablaeufe.knopf_druecken(seite, "Zur Zuwendung")
    assert "100.500,00 €" in seite.locator("main").inner_text()
