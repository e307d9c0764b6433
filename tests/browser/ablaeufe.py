"""Keyboard-only journeys as small reusable steps (no mouse events, no page.click/fill).

Every step goes through hilfen.tab(), which asserts that the focused element shows a
visible focus indicator and lies in the viewport. Build new journeys from these:

    zum_inhalt_springen(page)
    formular_ausfuellen(page, {"stellen": "1,5", "personalausgaben": "85.500,00"})
    absenden(page)                       # Enter in the last field, waits for the new page
    knopf_druecken(page, "Einreichen")   # Tab to a button by its text, press Space
    assert "gespeichert" in hilfen.statusmeldung(page)
"""

from __future__ import annotations

import datetime

from tests.browser import hilfen


def zum_inhalt_springen(page) -> None:
    """The first Tab on a freshly loaded page reaches the skip link; Enter moves the focus
    into <main>. Fails on autofocus: it skips the skip link and the page's context."""
    vorher = hilfen.fokus(page)
    assert vorher is None, f"Beim Laden hat schon {vorher} den Fokus (autofocus?)"
    f = hilfen.tab(page)
    assert f.href == "#inhalt" and "Zum Inhalt springen" in f.text, (
        f"Erster Tab-Stopp ist nicht der Sprunglink: {f}"
    )
    page.keyboard.press("Enter")
    aktiv = page.evaluate("() => document.activeElement.id")
    assert aktiv == "inhalt", f"Nach dem Sprunglink liegt der Fokus auf #{aktiv}, nicht auf <main id=inhalt>"


def seite_beginnen(page) -> None:
    """Where a keyboard user starts on a loaded page: on the error summary if komman.js put
    the focus there (after a failed submit, or rule findings on a form), else via the
    skip link into <main>."""
    f = hilfen.fokus(page)
    if f is not None and f.id == "fehleruebersicht":
        assert f.sichtbar, f"Die fokussierte Fehlerübersicht zeigt keinen sichtbaren Fokus: {f}"
        return
    if f is not None and f.id == "inhalt":
        # Reached through a redirect after the skip link (the URL keeps #inhalt): the browser
        # already put the focus into <main>, where the skip link would have put it.
        return
    zum_inhalt_springen(page)


def formular_ausfuellen(page, werte: dict[str, str | datetime.date]) -> None:
    """Tab from field to field in document order and type each value (fields by name).

    A datetime.date goes into a date input segment by segment (datum_tippen)."""
    for name, wert in werte.items():
        f = hilfen.tab_zu_feld(page, name)
        if isinstance(wert, datetime.date):
            datum_tippen(page, wert)
        elif f.tag == "select":
            # Keyboard selection: type the option's text to jump to it.
            page.keyboard.type(wert)
        else:
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(wert)


# Chromium's date input orders its segments by the browser's own locale, which headless
# Chromium takes from the system (C: month/day/year), not from the page's lang or the
# context's locale. Probed once per page with an input of its own, then typed in that order.
_SEGMENTFOLGE_JS = """
() => {
  const probe = document.createElement('input');
  probe.type = 'date';
  probe.setAttribute('aria-hidden', 'true');
  document.body.appendChild(probe);
  return probe;
}
"""


def _segmentfolge(page) -> str:
    """'dmy' or 'mdy': the order in which the focused date input takes day, month and year."""
    if not hasattr(page, "_komman_segmentfolge"):
        vorher = page.evaluate_handle("() => document.activeElement")
        probe = page.evaluate_handle(_SEGMENTFOLGE_JS)
        probe.evaluate("(p) => p.focus()")
        page.keyboard.type("01022003")
        wert = probe.evaluate("(p) => { const w = p.value; p.remove(); return w; }")
        vorher.evaluate("(e) => e && e.focus && e.focus()")
        assert wert in ("2003-02-01", "2003-01-02"), f"Datumsfeld nimmt Ziffern nicht an: {wert!r}"
        page._komman_segmentfolge = "dmy" if wert == "2003-02-01" else "mdy"
    return page._komman_segmentfolge


def datum_tippen(page, datum: datetime.date) -> None:
    """Type a date into the focused date input (digits only; the segments advance by themselves)."""
    name = hilfen.fokus(page).name
    folge = _segmentfolge(page)
    ziffern = {"d": f"{datum.day:02d}", "m": f"{datum.month:02d}", "y": f"{datum.year:04d}"}
    page.keyboard.type("".join(ziffern[s] for s in folge))
    wert = page.evaluate("() => document.activeElement.value")
    assert wert == datum.isoformat(), f"Datumsfeld {name}: {wert!r} statt {datum.isoformat()}"


def ankreuzen(page, name: str) -> None:
    """Tab to a checkbox by name and tick it with Space."""
    f = hilfen.tab_zu_feld(page, name)
    assert f.tag == "input", f"{name} ist kein Kontrollkästchen: {f}"
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked"), (
        f"{name} ist nach der Leertaste nicht angekreuzt"
    )


def absenden(page) -> None:
    """Enter in a text field submits its form (implicit submission); waits for the answer."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def knopf_druecken(page, text: str, *, zurueck: bool = False) -> None:
    """Tab (Shift+Tab with zurueck) to a button or link by its visible text and press Space
    (Enter for links); waits for the new page."""
    f = hilfen.tab_zu_text(page, text, zurueck=zurueck)
    with page.expect_navigation():
        page.keyboard.press("Enter" if f.tag == "a" else "Space")


def knopf_auf_der_seite(page, text: str) -> None:
    """Tab to a button that acts on the page itself (no new page) and press Space."""
    hilfen.tab_zu_text(page, text)
    page.keyboard.press("Space")


def herunterladen(page, text: str):
    """Tab to a download link by its text, press Enter; returns the Playwright Download."""
    f = hilfen.tab_zu_text(page, text)
    assert f.tag == "a", f"{text!r} ist kein Link: {f}"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return download.value


def entwurf_anlegen(page, periode) -> None:
    """From the period's start page, create the Antrag draft; the page announces it."""
    page.goto(f"/antraege/neu/{periode.pk}/")
    zum_inhalt_springen(page)
    knopf_druecken(page, "Antrag für")
    assert "ist angelegt" in hilfen.statusmeldung(page)


ERKLAERUNGEN = ("richtigkeit", "nicht_begonnen", "mitteilungspflicht")


def erklaerungen_ankreuzen(page) -> None:
    """The three declarations of the submit page, each ticked with Space."""
    for name in ERKLAERUNGEN:
        ankreuzen(page, name)


def schreiben_versenden(page, oeffnen: str, werte: dict, versenden: str, meldung: str) -> None:
    """On the reviewer's page: open a letter form (Nachforderung, Anhörung), fill it in, send
    it, and check the announcement."""
    zum_inhalt_springen(page)
    knopf_druecken(page, oeffnen)
    zum_inhalt_springen(page)
    formular_ausfuellen(page, werte)
    knopf_druecken(page, versenden)
    assert meldung in hilfen.statusmeldung(page)


def anmelden(page, benutzername: str, passwort: str) -> None:
    """The login form by keyboard: skip link, then the form."""
    page.goto("/anmelden/")
    zum_inhalt_springen(page)
    formular_ausfuellen(page, {"username": benutzername, "password": passwort})
    absenden(page)
