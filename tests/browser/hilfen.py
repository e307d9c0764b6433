"""Reusable checks for browser tests: axe-core, form structure, reflow, text spacing, keyboard.

Everything here takes a Playwright page and returns a list of German/English findings
(strings) instead of asserting, so a scan can collect all findings of all pages and fail
once with the complete list.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# WCAG 2.0–2.2 A/AA (BITV 2.0 / EN 301 549 require 2.1 AA; we aim at 2.2 AA).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules outside those tags that we hold ourselves to: 2.5.8 target size, landmarks and
# headings (DESIGN.md §9: one h1, ordered headings, everything inside a landmark).
AXE_ZUSATZREGELN = [
    "target-size",
    "region",
    "landmark-one-main",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "page-has-heading-one",
    "heading-order",
    "empty-heading",
    "empty-table-header",
    "skip-link",
]
AXE_OPTIONEN = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {regel: {"enabled": True} for regel in AXE_ZUSATZREGELN},
    "resultTypes": ["violations"],
}

# At 320 px what changes with the layout: scroll containers (tables) must be reachable by
# keyboard, targets may shrink, text may overlap.
AXE_REGELN_SCHMAL = ["scrollable-region-focusable", "target-size", "color-contrast", "meta-viewport"]

_AXE_SKRIPT = Axe().axe_script


def axe_verstoesse(page, wo: str, *, regeln: list[str] | None = None) -> list[str]:
    """Run axe-core (bundled with axe-playwright-python, no CDN) and describe each violation.

    `regeln` restricts the run to these rule ids; default: AXE_OPTIONEN (WCAG 2.0–2.2 A/AA
    plus AXE_ZUSATZREGELN).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE_SKRIPT)
    optionen = (
        {"runOnly": {"type": "rule", "values": regeln}, "resultTypes": ["violations"]}
        if regeln
        else AXE_OPTIONEN
    )
    ergebnis = page.evaluate("(optionen) => axe.run(document, optionen)", optionen)
    meldungen = []
    for verstoss in ergebnis["violations"]:
        for knoten in verstoss["nodes"]:
            ziel = " ".join(str(t) for t in knoten["target"])
            html = " ".join(knoten["html"].split())[:240]
            meldungen.append(
                f"{wo}: [{verstoss['id']}, {verstoss['impact']}] {verstoss['help']}\n"
                f"    Element: {ziel}\n    HTML: {html}\n    {knoten.get('failureSummary', '').strip()}"
            )
    return meldungen


# Checks axe does not make: our own conventions (DESIGN.md §9).
_STRUKTUR_JS = """
() => {
  const befunde = [];
  const sichtbar = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const h1 = document.querySelectorAll('h1');
  if (h1.length !== 1) befunde.push(`${h1.length} h1-Überschriften statt genau einer`);
  for (const feld of document.querySelectorAll('main input, main select, main textarea')) {
    if (['hidden', 'submit', 'button', 'reset'].includes(feld.type) || !sichtbar(feld)) continue;
    const id = feld.id || feld.name;
    // Visible label: <label for>, a wrapping <label>, or a fieldset legend for radios/checkboxes.
    const label = (feld.id && document.querySelector(`label[for="${CSS.escape(feld.id)}"]`)) || feld.closest('label');
    if (!label || !sichtbar(label) || !label.textContent.trim()) {
      befunde.push(`Feld ${id}: kein sichtbares Label`);
      continue;
    }
    // WCAG 1.3.5: personal fields say what they are (autocomplete), so browsers and
    // assistive tools can fill them in. "off" is an explicit decision and allowed.
    const persoenlich = ['email', 'tel'].includes(feld.type) ||
      /^(username|first_name|last_name|vorname|nachname|telefon|e_?mail)$/.test(feld.name.replace(/^.*-/, ''));
    if (persoenlich && !feld.getAttribute('autocomplete')) befunde.push(`Feld ${id}: persönliche Angabe ohne autocomplete-Attribut`);
    if (feld.required || feld.getAttribute('aria-required') === 'true') {
      const gruppe = feld.closest('fieldset');
      // In a table of inputs the visible label is the column header.
      const zelle = feld.closest('td');
      const kopf = zelle && zelle.closest('table').querySelector(`thead tr > :nth-child(${zelle.cellIndex + 1})`);
      const text = label.textContent + (gruppe && gruppe.querySelector('legend') ? gruppe.querySelector('legend').textContent : '') +
        (kopf ? kopf.textContent : '');
      if (!/Pflichtfeld/.test(text)) befunde.push(`Feld ${id}: Pflichtfeld nicht in Worten gekennzeichnet („Pflichtfeld“ im Label)`);
    }
    if (feld.getAttribute('aria-invalid') === 'true') {
      // On the field, or on its fieldset (radio buttons and checkbox lists, Django 5.2).
      const beschrieben = feld.getAttribute('aria-describedby') ? feld : feld.closest('fieldset[aria-describedby]');
      const ids = ((beschrieben && beschrieben.getAttribute('aria-describedby')) || '').split(/\\s+/).filter(Boolean);
      // An error text, not only the help text: id …_error (Django, crispy) or an error class.
      const texte = ids.map((i) => document.getElementById(i)).filter((e) => e && e.textContent.trim() &&
        (e.id.endsWith('_error') || e.matches('.invalid-feedback, .errorlist, .feld-fehlertext')));
      if (!texte.length) befunde.push(`Feld ${id}: Fehler nicht per aria-describedby am Feld angegeben`);
    }
  }
  const fehlerhaft = [...document.querySelectorAll('main [aria-invalid="true"]')].filter(sichtbar);
  if (fehlerhaft.length) {
    const uebersicht = document.querySelector('#fehleruebersicht');
    if (!uebersicht) befunde.push('Fehlerhafte Felder, aber keine Fehlerübersicht (#fehleruebersicht) oben auf der Seite');
    else {
      for (const link of uebersicht.querySelectorAll('a[href^="#"]')) {
        const ziel = decodeURIComponent(link.getAttribute('href').slice(1));
        if (ziel && !document.getElementById(ziel)) befunde.push(`Fehlerübersicht verlinkt #${ziel}, das es nicht gibt`);
      }
      if (fehlerhaft[0].compareDocumentPosition(uebersicht) & Node.DOCUMENT_POSITION_FOLLOWING)
        befunde.push('Fehlerübersicht steht nicht vor dem ersten fehlerhaften Feld');
    }
  }
  for (const tabelle of document.querySelectorAll('main table')) {
    if (!tabelle.querySelector('caption') && !tabelle.getAttribute('aria-labelledby') && !tabelle.getAttribute('aria-label'))
      befunde.push('Tabelle ohne <caption>');
    for (const th of tabelle.querySelectorAll('th')) {
      if (!th.getAttribute('scope') && !th.id) { befunde.push('Tabelle mit <th> ohne scope'); break; }
    }
  }
  if (document.documentElement.lang !== 'de') befunde.push(`<html lang="${document.documentElement.lang}"> statt "de"`);
  return befunde;
}
"""


def struktur_befunde(page, wo: str) -> list[str]:
    return [f"{wo}: {b}" for b in page.evaluate(_STRUKTUR_JS)]


def reflow_befunde(page, wo: str) -> list[str]:
    """WCAG 1.4.10: at 320 CSS px nothing may need horizontal scrolling (the page as a whole)."""
    breite = page.evaluate("() => document.documentElement.scrollWidth")
    fenster = page.evaluate("() => document.documentElement.clientWidth")
    if breite > fenster:
        breiteste = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
                 .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-responsive'))
                 .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                   (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))""",
            fenster,
        )
        return [
            f"{wo}: bei {fenster} px Breite {breite} px breit (waagerechtes Scrollen): {', '.join(breiteste)}"
        ]
    return []


# WCAG 1.4.12 text spacing, as in the W3C/Steve Faulkner bookmarklet.
TEXTABSTAND_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

_ABGESCHNITTEN_JS = """
() => {
  const befunde = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetWidth && !el.offsetHeight) continue;
    const stil = getComputedStyle(el);
    const versteckt = ['hidden', 'clip'].includes(stil.overflowX) || ['hidden', 'clip'].includes(stil.overflowY);
    if (!versteckt || el.classList.contains('visually-hidden') || el.closest('.visually-hidden, .skip-link')) continue;
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      if (el.textContent.trim()) befunde.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}: Text abgeschnitten`);
    }
  }
  return befunde.slice(0, 10);
}
"""


def textabstand_befunde(page, wo: str) -> list[str]:
    # A constructed style sheet, not a <style> tag: the CSP (style-src 'self') blocks inline styles.
    page.evaluate(
        "(css) => { const s = new CSSStyleSheet(); s.replaceSync(css);"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; }",
        TEXTABSTAND_CSS,
    )
    wortabstand = page.evaluate("() => getComputedStyle(document.body).wordSpacing")
    assert wortabstand not in ("0px", "normal"), f"Textabstands-CSS wirkt nicht ({wortabstand})"
    return [f"{wo} (Textabstände 1.4.12): {b}" for b in page.evaluate(_ABGESCHNITTEN_JS)]


# --- Keyboard ----------------------------------------------------------------------------

_FOKUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const schatten = s.boxShadow && s.boxShadow !== 'none';
  // Chromium moves focus into the date/time input's own segments; the host then sometimes
  // matches neither :focus nor :focus-visible, while Chromium highlights the focused segment
  // itself (our CSS rings the host whenever it does match :focus).
  const segment = ['date', 'time', 'datetime-local'].includes(el.type) && document.hasFocus();
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
    href: el.getAttribute('href') || '', sichtbar: outline || schatten || segment,
    stil: `outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}, :focus-visible ${el.matches(':focus-visible')}, :focus ${el.matches(':focus')}, hasFocus ${document.hasFocus()}, type ${el.type}`,
    imBild: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}
"""


_IM_BILD_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return true;
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
}
"""


@dataclass
class Fokus:
    tag: str
    id: str
    name: str
    text: str
    href: str
    sichtbar: bool
    imBild: bool
    stil: str = ""

    def __str__(self) -> str:
        return f"<{self.tag}{' #' + self.id if self.id else ''}> {self.text!r}"


def fokus(page) -> Fokus | None:
    daten = page.evaluate(_FOKUS_JS)
    return Fokus(**daten) if daten else None


def tab(page, *, zurueck: bool = False) -> Fokus:
    """Press Tab (or Shift+Tab) and assert the newly focused element shows a visible focus."""
    f = _tab_schritt(page, zurueck=zurueck)
    assert f is not None, "Nach Tab liegt der Fokus auf keinem Element der Seite"
    return f


def _tab_schritt(page, *, zurueck: bool = False) -> Fokus | None:
    page.keyboard.press("Shift+Tab" if zurueck else "Tab")
    # Bootstrap scrolls smoothly (scroll-behavior: smooth): give the scroll time to finish.
    # Bootstrap's focus box-shadow has a 0.15 s transition: wait for the indicator, then judge.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(_IM_BILD_JS, timeout=1500)
        page.wait_for_function(
            f"() => {{ const f = ({_FOKUS_JS})(); return !f || f.sichtbar; }}", timeout=1000
        )
    f = fokus(page)
    if (
        f is not None
        and not (f.sichtbar and f.imBild)
        and not page.evaluate("() => document.hasFocus() && !document.hidden")
    ):
        # Another page of the shared browser took the window focus (headless Chromium gives it
        # to one page only); then nothing matches :focus, and a page in the background does
        # not finish its smooth scroll to the focused element. Bring it back and judge again.
        page.bring_to_front()
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(_IM_BILD_JS, timeout=1500)
            page.wait_for_function(
                f"() => {{ const f = ({_FOKUS_JS})(); return !f || f.sichtbar; }}", timeout=1000
            )
        f = fokus(page)
    if f is not None:
        assert f.sichtbar, f"Fokus auf {f} ist nicht sichtbar (kein outline ≥ 2px, kein box-shadow): {f.stil}"
        assert f.imBild, f"Fokus auf {f} liegt außerhalb des sichtbaren Bereichs"
    return f


def tab_bis(page, passt, *, max_schritte: int = 80, beschreibung: str = "", zurueck: bool = False) -> Fokus:
    """Tab forward (Shift+Tab back) until `passt(fokus)` is true; every step must show a visible focus."""
    besucht = []
    for _ in range(max_schritte):
        f = _tab_schritt(page, zurueck=zurueck)
        if f is None:
            break  # past the last element: the focus left the page
        besucht.append(str(f))
        if passt(f):
            return f
    raise AssertionError(f"Mit Tab nicht erreichbar: {beschreibung}. Besucht: " + " → ".join(besucht[-15:]))


def tab_zu_feld(page, name: str) -> Fokus:
    return tab_bis(page, lambda f: f.name == name, beschreibung=f"Feld name={name}")


def tab_zu_text(page, text: str, *, zurueck: bool = False) -> Fokus:
    return tab_bis(page, lambda f: text in f.text, beschreibung=f"Element mit Text {text!r}", zurueck=zurueck)


def tippe_in_feld(page, name: str, wert: str) -> None:
    """Tab to a field, select what is in it, type the new value (keyboard only)."""
    tab_zu_feld(page, name)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(wert)


def tab_und_enter(page, text: str) -> None:
    """Tab to a link or button by its text and activate it with Enter; waits for the new page."""
    tab_zu_text(page, text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def statusmeldung(page) -> str:
    """The text of the live region announcing the result (role=status/alert or aria-live)."""
    region = page.locator('[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]')
    assert region.count() > 0, "Keine Statusmeldung mit role=status/alert oder aria-live auf der Seite"
    return " ".join(region.all_inner_texts())
