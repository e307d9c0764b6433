"""Browser: review and sign an Antrag in Chromium, the last step by keyboard only; axe finds nothing."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import pytest
from django.test import Client

from antraege.models import Antrag
from tests.factories import make_eingereichter_antrag, make_massnahme, make_periode, parameter_mit_eg11

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def browser():
    import playwright  # noqa: F401 - a missing Playwright fails, it never skips

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Chromium fehlt: bash bin/tests installiert Debians chromium (Browsertests werden nie übersprungen)."
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _seite(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="de-DE")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
    return page


def _axe(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]


def test_review_propose_and_sign_by_keyboard(
    browser, live_server, awo, pruefung_arnsberg, zeichnung_arnsberg
):
    # A Part III Bewilligung needs the EG 11 cap maintained (issue 15).
    periode = make_periode("III", regelparameter=parameter_mit_eg11())
    antrag = make_eingereichter_antrag(periode, awo, beantragt=Decimal("10000.00"))
    make_massnahme(antrag, beantragt=Decimal("10000.00"))

    pr = _seite(browser, live_server, pruefung_arnsberg)
    pr.goto(f"{live_server.url}/antraege/pruefung/")
    assert _axe(pr) == []
    pr.click(f"a:has-text('{antrag.aktenzeichen}')")
    pr.click("button:has-text('Formale Prüfung beginnen')")
    for feld in ("vollstaendig", "unterschrieben", "antragsberechtigt", "nicht_begonnen"):
        pr.check(f"#id_{feld}")
    pr.click("button:has-text('Prüfvermerk speichern')")
    pr.click("button:has-text('Formale Prüfung abschließen')")
    assert "inhaltlichen Prüfung" in pr.inner_text(".meldungen")
    assert _axe(pr) == []
    pr.click("a:has-text('Bewilligung vorschlagen')")
    pr.fill("input[name^=betrag_]", "12.000,00")  # more than requested: refused at the field
    pr.click("button:has-text('Bewilligung zur Zeichnung vorschlagen')")
    assert "höchstens der beantragte Betrag" in pr.inner_text("#fehleruebersicht")
    assert _axe(pr) == []
    assert pr.input_value("input[name^=betrag_]") == "12.000,00"  # what was typed stays
    pr.fill("input[name^=betrag_]", "10.000,00")
    pr.click("button:has-text('Bewilligung zur Zeichnung vorschlagen')")
    assert "wartet auf die Zeichnung" in pr.inner_text(".meldungen")

    z = _seite(browser, live_server, zeichnung_arnsberg)
    z.goto(f"{live_server.url}/antraege/{antrag.pk}/zeichnen/")
    assert _axe(z) == []
    knopf = z.locator("button:has-text('Bewilligung über 10.000,00 € zeichnen')")
    for _ in range(200):  # Tab until the sign button has the focus, then Enter
        z.keyboard.press("Tab")
        if knopf.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Der Zeichnen-Knopf ist mit der Tastatur nicht erreichbar.")
    z.keyboard.press("Enter")
    z.wait_for_url(f"**/antraege/{antrag.pk}/pruefung/")
    assert Antrag.objects.get(pk=antrag.pk).status == Antrag.Status.BEWILLIGT
