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
    zum_inhalt_springen(page)


def formular_ausfuellen(page, werte: dict[str, str]) -> None:
    """Tab from field to field in document order and type each value (fields by name)."""
    for name, wert in werte.items():
        f = hilfen.tab_zu_feld(page, name)
        if f.tag == "select":
            # Keyboard selection: type the option's text to jump to it.
            page.keyboard.type(wert)
        else:
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(wert)


def absenden(page) -> None:
    """Enter in a text field submits its form (implicit submission); waits for the answer."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def knopf_druecken(page, text: str) -> None:
    """Tab to a button (or link) by its visible text and press Space (Enter for links)."""
    f = hilfen.tab_zu_text(page, text)
    with page.expect_navigation():
        page.keyboard.press("Enter" if f.tag == "a" else "Space")


def anmelden(page, benutzername: str, passwort: str) -> None:
    """The login form by keyboard: skip link, then the form."""
    page.goto("/anmelden/")
    zum_inhalt_springen(page)
    formular_ausfuellen(page, {"username": benutzername, "password": passwort})
    absenden(page)
