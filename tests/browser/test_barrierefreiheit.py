"""axe-core and our own checks on every page, for every persona that can see it.

Pages come from the URLconf (tests/browser/seiten.py); each is checked
- as loaded (empty form, list with or without rows, depending on the data set),
- after submitting its form empty (validation errors), if it has required fields,
- at 320 CSS px width (reflow, WCAG 1.4.10) and with WCAG 1.4.12 text spacing.
A test collects every finding of every page and fails once with the complete list.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import hilfen
from tests.browser.seiten import (
    AUSLASSEN,
    BENUTZERNAMEN,
    LUECKEN_DEMODATEN,
    SCAN_NUTZER,
    WEITERE_DEMO_NUTZER,
    alle_muster,
    alle_seiten,
    fehlende_registrierungen,
    sichtbare_seiten,
    veraltete_registrierungen,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERSONEN = ["anonym", *BENUTZERNAMEN]
# (persona, data set): every persona with both data sets; further demo logins with the demo data.
FAELLE = [(p, d) for p in PERSONEN for d in ("leer", "demo")] + [(u, "demo") for u in WEITERE_DEMO_NUTZER]
# KOMMAN_SCREENSHOTS=/tmp/dir saves a full-page screenshot of every page at 320 px.
SCREENSHOTS = os.environ.get("KOMMAN_SCREENSHOTS", "")

_PFLICHTFORMULAR_JS = """
() => [...document.querySelectorAll('main form')].findIndex((f) =>
  (f.method || '').toLowerCase() === 'post' &&
  [...f.elements].some((e) => (e.required || e.getAttribute('aria-required') === 'true') && e.type !== 'hidden'))
"""

_LEEREN_UND_ABSENDEN_JS = """
(i) => {
  const form = [...document.querySelectorAll('main form')][i];
  for (const e of form.elements) {
    if (['hidden', 'submit', 'button'].includes(e.type)) continue;
    if (e.type === 'checkbox' || e.type === 'radio') e.checked = false;
    else if (e.tagName === 'SELECT') e.selectedIndex = [...e.options].findIndex((o) => o.value === '');
    else if (e.type !== 'file') e.value = '';
  }
  form.requestSubmit();
}
"""


def _beobachte(page, befunde: list[str], herkunft: str) -> None:
    """Console errors (CSP violations, missing files) and blocked outside requests are findings."""
    page.on(
        "console",
        lambda msg: befunde.append(f"{page.url}: Konsole: {msg.text}") if msg.type == "error" else None,
    )

    def fehlgeschlagen(req):
        # Navigating on aborts what is still loading (the favicon, say): not a finding.
        if req.failure != "net::ERR_ABORTED" or not req.url.startswith(herkunft):
            befunde.append(f"{page.url}: Anfrage fehlgeschlagen ({req.failure}): {req.url}")

    page.on("requestfailed", fehlgeschlagen)


def _pruefe_seite(page, wo: str, *, layout: bool) -> list[str]:
    befunde = hilfen.axe_verstoesse(page, wo) + hilfen.struktur_befunde(page, wo)
    if not layout:
        return befunde
    page.set_viewport_size({"width": 320, "height": 800})
    # komman.js's ResizeObserver runs before the next frame is painted.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    befunde += hilfen.reflow_befunde(page, wo)
    befunde += hilfen.axe_verstoesse(page, f"{wo} bei 320 px", regeln=hilfen.AXE_REGELN_SCHMAL)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        datei = "".join(c if c.isalnum() else "-" for c in wo)[:120]
        page.screenshot(path=f"{SCREENSHOTS}/{datei}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    befunde += hilfen.textabstand_befunde(page, wo)  # modifies the page: last check
    return befunde


# Public pages look the same for every logged-in persona but for the navigation, which
# every other page of that persona shows too: scanned anonymously and as this persona only.
PERSONA_FUER_OEFFENTLICHE_SEITEN = "ki_dortmund"


@pytest.mark.parametrize(("persona", "daten"), FAELLE)
def test_jede_seite_barrierefrei(persona, daten, request, client, kontext, seite_als, live_server):
    """Every page this persona gets as HTML: axe, structure, forms submitted empty; with
    the demo data also reflow at 320 px and text spacing."""
    if daten == "demo":
        request.getfixturevalue("demodaten")
    if persona in WEITERE_DEMO_NUTZER:
        from komman.models import User

        user = User.objects.filter(username=persona).first()
        if user is None:
            pytest.skip(f"Die Demodaten legen {persona} (noch) nicht an")
    else:
        user = None if persona == "anonym" else request.getfixturevalue(persona)
    seiten = sichtbare_seiten(client, user)
    assert seiten, f"{persona} sieht keine einzige Seite"
    if user is not None and persona != PERSONA_FUER_OEFFENTLICHE_SEITEN:
        oeffentlich = {s.url for s in sichtbare_seiten(client, None)}
        seiten = [s for s in seiten if s.url not in oeffentlich]
    page = kontext.new_page() if user is None else seite_als(user)
    befunde: list[str] = []
    _beobachte(page, befunde, live_server.url)
    layout_geprueft: set[str] = set()

    for s in seiten:
        wo = f"{s.url} ({s.name}) als {persona}, Daten {daten}"
        # Layout (reflow, text spacing) depends on the template, not on each object: with the
        # demo data once per URL name and persona; axe and structure on every URL.
        layout = daten == "demo" and s.name not in layout_geprueft
        layout_geprueft.add(s.name)
        page.goto(s.url)
        formular = page.evaluate(_PFLICHTFORMULAR_JS)
        if formular < 0:
            befunde += _pruefe_seite(page, wo, layout=layout)
            continue
        befunde += _pruefe_seite(page, wo, layout=False)
        with page.expect_navigation():
            page.evaluate(_LEEREN_UND_ABSENDEN_JS, formular)
        wo = f"{wo}, leer abgesendet"
        if not page.locator("#fehleruebersicht").count():
            befunde.append(f"{wo}: keine Fehlerübersicht (#fehleruebersicht) nach leerem Absenden")
        befunde += _pruefe_seite(page, wo, layout=layout)

    assert not befunde, f"{len(befunde)} Befunde auf {len(seiten)} Seiten:\n" + "\n".join(befunde)


# --- Coverage of the scan: no test database browser needed -----------------------------


@pytest.mark.django_db(transaction=False)
def test_jedes_url_muster_ist_fuer_den_scan_registriert():
    fehlend = fehlende_registrierungen()
    assert not fehlend, (
        "Diese URL-Muster kann der Barrierefreiheits-Scan nicht bauen "
        "(siehe docs/barrierefreiheit.md, „Eine Seite in den Scan aufnehmen“):\n" + "\n".join(fehlend)
    )
    assert not veraltete_registrierungen(), (
        f"In tests/browser/seiten.py registriert, aber nicht (mehr) im URLconf: {veraltete_registrierungen()}"
    )


@pytest.mark.django_db(transaction=False)
def test_jede_seite_wird_von_jemandem_gesehen(demodaten, client):
    """With the demo data every page is a 200 HTML page for at least one persona (or anonymous).

    Catches URL_ARGUMENTE entries that build nothing and pages nobody reaches, which the
    scan would otherwise skip silently.
    """
    from komman.models import User

    alle = alle_seiten()
    gesehen: set[str] = set()
    for username in [None, *User.objects.filter(username__in=SCAN_NUTZER).values_list("username", flat=True)]:
        user = User.objects.get(username=username) if username else None
        gesehen |= {s.url for s in sichtbare_seiten(client, user, alle)}
    nie = [f"{s.url} ({s.name})" for s in alle if s.url not in gesehen and s.name not in LUECKEN_DEMODATEN]
    gebaut = {s.name for s in alle}
    ohne_url = [m.name for m in alle_muster() if m.name and m.name not in gebaut and m.name not in AUSLASSEN]
    assert not ohne_url, f"Mit den Demodaten baut URL_ARGUMENTE keine URL für: {ohne_url}"
    assert not nie, "Diese Seiten sieht keine Persona als HTML-Seite (200):\n" + "\n".join(nie)


def test_statische_dateien_und_nur_eigener_server(seite, live_server):
    """CSS loads from live_server (not a CDN) and an outside request is aborted."""
    angefragt: list[str] = []
    seite.on("request", lambda r: angefragt.append(r.url))
    seite.goto("/anmelden/")
    stil = seite.evaluate(
        "() => [getComputedStyle(document.querySelector('.skip-link')).position,"
        " getComputedStyle(document.querySelector('.btn-primary')).display]"
    )
    assert stil == ["absolute", "inline-flex"], "komman.css oder Bootstrap nicht geladen"
    assert all(url.startswith(live_server.url) for url in angefragt), angefragt
    antwort = seite.evaluate("() => fetch('https://example.org/').then(() => 'geladen', () => 'blockiert')")
    assert antwort == "blockiert"
