# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Browser: the Part II form adds rows and sums live (static/js/antrag.js); axe finds no violations."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import pytest

from antraege.models import Position
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.factories import POSITION_GUELTIG, make_antrag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def seite(live_server, client, ki_dortmund):
    import playwright  # noqa: F401 - a missing Playwright fails, it never skips

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Chromium fehlt: bash bin/tests installiert Debians chromium (Browsertests werden nie übersprungen)."
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    client.force_login(ki_dortmund)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="de-DE")
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        page = context.new_page()
        # nothing from outside: every request goes to the live server
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort()
        )
        yield page
        browser.close()


def test_part_ii_add_row_live_sum_and_save(seite, live_server, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["II"], dortmund, erstellt_von=ki_dortmund, positionen=[POSITION_GUELTIG])
    seite.goto(f"{live_server.url}/antraege/{antrag.pk}/bearbeiten/")
    assert "1.000,00 €" in seite.inner_text("#summe")

    seite.click("[data-zeile-hinzufuegen]")
    seite.select_option("select[name='massnahmen-1-pauschale']", "D1")
    assert seite.input_value("select[name='massnahmen-1-baustein']") == "D"
    seite.fill("input[name='massnahmen-1-einheiten']", "600")
    seite.fill("input[name='massnahmen-1-bezeichnung']", "Schulung")
    assert seite.inner_text("#summe") == "61.000,00 €"
    assert "übersteigt den Höchstbetrag um 3.900,00 €" in seite.inner_text("#summe-hinweis")

    from axe_playwright_python.sync_playwright import Axe

    ergebnis = Axe().run(
        seite, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    assert ergebnis.response["violations"] == []

    seite.get_by_role("button", name="Entwurf speichern").click()
    seite.wait_for_url(f"**/antraege/{antrag.pk}/bearbeiten/")
    assert sorted(Position.objects.filter(antrag=antrag).values_list("betrag", flat=True)) == [
        Decimal("1000.00"),
        Decimal("60000.00"),
    ]
    assert "übersteigt den Höchstbetrag" in seite.content()  # II.summe.hoechstbetrag from the server
