"""Browser test harness: Debian's Chromium through Playwright against pytest-django's live_server.

One browser per test session, one context (cookies, viewport) per test. Every request that
does not go to the live server is aborted, so a page that loads anything from outside (CDN,
fonts, analytics) breaks visibly. Static files come from live_server's StaticFilesHandler
(django.contrib.staticfiles is installed), so Bootstrap and komman.css load as in production.

Every browser test module starts with
    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
live_server needs committed data; serialized_rollback restores what the data migrations
loaded (54 Kommunen, Programmteile, Bezirksregierung) after each flush.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from tests.browser.seiten import BENUTZERNAMEN

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a running loop unless told that this is fine (it is: tests are sequential).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def _grunddaten_snapshot(django_db_setup, django_db_blocker) -> str:
    """What the data migrations loaded, serialised once at the start of the session."""
    from django.db import connection

    with django_db_blocker.unblock():
        return (
            getattr(connection, "_test_serialized_contents", None)
            or connection.creation.serialize_db_to_string()
        )


@pytest.fixture(autouse=True)
def _grunddaten(request, _grunddaten_snapshot):
    """Restore Kommunen, Programmteile and the Bezirksregierung if a flush removed them.

    serialized_rollback should do this, but Playwright's sync API runs Django inside a
    greenlet with its own context, where Django may hand out a fresh connection wrapper
    without the serialised contents; then the restore is silently skipped.

    The same wrapper makes the flush after the test run post_migrate; see
    pytest_runtest_teardown below.
    """
    if "live_server" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from programmteile.models import Programmteil

    if not Programmteil.objects.exists():
        # The flush's post_migrate recreated content types and permissions with other
        # primary keys; the snapshot brings the original ones.
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(_grunddaten_snapshot)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a browser test's flush, leave the database empty, as serialized rollback expects.

    The flush ran post_migrate (see _grunddaten), which recreated content types and
    permissions; the next serialized_rollback test outside this directory (e.g.
    tests/test_bench_seed.py) would then fail to load its snapshot over them. This runs after
    all fixtures of the test are torn down, the flush included.
    """
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if nextitem is None:
        # The last test of this process (with pytest-xdist, of this worker): the session's
        # fixtures are gone too, the test database included; no next test needs it empty.
        return
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from pytest_django.plugin import blocking_manager_key

    from programmteile.models import Programmteil

    with item.config.stash[blocking_manager_key].unblock():
        if not Programmteil.objects.exists():
            Permission.objects.all().delete()
            ContentType.objects.all().delete()
            ContentType.objects.clear_cache()


def chromium_pfad() -> str:
    pfad = shutil.which("chromium")
    if not pfad:
        pytest.fail(
            "Chromium fehlt: Die Browsertests brauchen Debians Chromium (`chromium` im PATH). "
            "`bash bin/tests` installiert es per apt (bin/setup, EXTRA_DEBIAN_PACKAGES=chromium).",
            pytrace=False,
        )
    return pfad


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium per test module (about a second to start).

    Not per session: Playwright's sync API refuses to start a second instance in the same
    thread, and a test elsewhere that starts its own sync_playwright() must not meet ours.
    """
    from playwright.sync_api import sync_playwright

    pfad = chromium_pfad()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pfad, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def kontext(browser, live_server):
    """A fresh browser context per test; only the live_server origin is reachable."""
    # reduced_motion: Bootstrap then scrolls to a focused element at once instead of smoothly;
    # a smooth scroll in a page the headless browser keeps in the background sometimes did not
    # finish, and the focus check judged an element still outside the viewport (flaky).
    ctx = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
    )
    erlaubt = urlsplit(live_server.url).netloc

    def nur_live_server(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == erlaubt:
            route.continue_()
        else:
            route.abort()

    ctx.route("**/*", nur_live_server)
    # File choosers are intercepted from the page's start: Playwright switches interception on
    # asynchronously when a test starts waiting for one, and a key pressed at once could open the
    # (headless, invisible) native dialog instead; the test then waited in vain.
    ctx.on("page", lambda page: page.on("filechooser", lambda _auswahl: None))
    # Generous: on a loaded CI machine a navigation or a file chooser has taken over 10 s (a
    # failing wait only reports later; nothing passes that would fail with a shorter one).
    ctx.set_default_timeout(30_000)
    yield ctx
    # Let the live server finish what the pages asked for before the database is flushed:
    # with in-memory SQLite it shares its connection with the test thread.
    for page in ctx.pages:
        with contextlib.suppress(Exception):  # a page that never settles is no reason to fail
            page.wait_for_load_state("networkidle", timeout=3000)
    ctx.close()


@pytest.fixture
def seite(kontext):
    """A page of the test's context, not logged in."""
    return kontext.new_page()


def session_cookie(client, user, live_server_url: str) -> dict:
    from django.conf import settings

    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server_url,
    }


@pytest.fixture
def seite_als(request, kontext, client, live_server) -> Callable:
    """seite_als("ki_dortmund") or seite_als(user): a page logged in as that persona.

    The session cookie comes from client.force_login (fast, no form); the login form itself
    is covered by the keyboard test. Each call logs the one context in as that user.
    """

    def anmelden(persona):
        user = request.getfixturevalue(persona) if isinstance(persona, str) else persona
        kontext.clear_cookies()
        kontext.add_cookies([session_cookie(client, user, live_server.url)])
        page = kontext.new_page()
        page.bring_to_front()  # the earlier pages of the test stay open, in the background
        return page

    return anmelden


# The demo data as built once per test process and database (serialised JSON): building it
# renders every letter and takes most of a persona scan's time; restoring takes a few seconds.
_DEMO_STAND: dict[str, str] = {}


@pytest.fixture
def demodaten(settings, request):
    """The demo data set (periods, Zuweisungen, Träger, Anträge in every state others add).

    The personas are created first so their fixtures keep working; demodaten finds them
    by username and only adds what is missing. The first transactional test of a process runs
    the command; later ones restore what it built (the database emptied first, the sequences
    moved past the restored keys, the persona objects of the test pointed at their restored
    rows). Tests of the command itself call it, not this.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from komman.models import User

    personen = [request.getfixturevalue(persona) for persona in BENUTZERNAMEN]
    # Only a transactional test commits, so only there did the demo's on_commit work run (mails
    # sent, PDFs rendered): a copy taken inside a test transaction would lack it.
    marker = request.node.get_closest_marker("django_db")
    festgeschrieben = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    schluessel = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    stand = _DEMO_STAND.get(schluessel) if festgeschrieben else None
    if stand is None:
        # --force instead of DEBUG=True: the command refuses to run in production by default.
        call_command("demodaten", force=True, stdout=io.StringIO())
        if festgeschrieben:
            _DEMO_STAND[schluessel] = connection.creation.serialize_db_to_string()
        return
    call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(stand)
    # As loaddata does: the sequences continue after the restored primary keys (PostgreSQL).
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
    ids = dict(User.objects.filter(username__in=[p.username for p in personen]).values_list("username", "pk"))
    for person in personen:
        person.pk = ids[person.username]
        person.refresh_from_db()
