"""Personas matching the demo logins, test settings, markers (DESIGN.md §10)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.factories import bezirksregierung, make_kommune, make_traeger, make_user


def pytest_configure(config):
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018 - empty raises
    except ImproperlyConfigured:
        settings.SECRET_KEY = os.environ.get("SECRET_KEY") or "test-only-not-secret"

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # --- Hintergrund: tasks run at once in the test's process (mails land in mail.outbox when
    # the transaction commits); tests of the worker switch to the database backend. ---
    from django.test.signals import setting_changed

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    # Tests run with DEBUG off, where HTTPS is on by default: the test client and the browser
    # tests' live server speak plain HTTP (tests/komman/test_sicherheit.py checks the defaults).
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "sessionid", "csrftoken"
    # Uploads and PDFs of a test run never land in the project's private/ folder.
    settings.PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="komman-test-private-"))
    _flush_darf_protokoll_leeren()

    # --- Leistung: django-zeal fails any request that loads a relation row by row (N+1) ---
    # Tests only, production never loads it. pytest-django has already run django.setup(),
    # so do what zeal's AppConfig.ready() would do instead of adding it to INSTALLED_APPS.
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch as zeal_patch

    initialize_app_registry()
    zeal_patch()
    settings.MIDDLEWARE = ["zeal.middleware.zeal_middleware", *settings.MIDDLEWARE]
    settings.ZEAL_RAISE = True
    # Django's model formsets look up each posted row's pk with its own .get() (ModelChoiceField);
    # that is Django's design for bound formsets, not an N+1 of ours.
    settings.ZEAL_ALLOWLIST = [
        {"model": model, "field": "get()"}
        for model in ("antraege.Position", "antraege.Massnahme", "programmteile.Zuweisung")
    ] + [
        # A transition may open several deadlines (zuwendungen.fristen.setzen: get_or_create by key,
        # e.g. the Anhörung's answer and the Widerruf's one-year limit): one row each, no list.
        {"model": "zuwendungen.Frist", "field": "get()"}
    ]
    # Remembered counts (komman/seiten.py) off: each test sees its own rows at once.
    settings.KOMMAN_ZAEHLUNG_SEKUNDEN = 0
    # --- end Leistung ---


# --- Sicherheit: 2FA off by default, test flush may empty the audit log ---


def _flush_darf_protokoll_leeren():
    """Transactional tests flush the database; on SQLite the audit log's trigger allows only that."""
    from django.core.management.commands import flush

    from komman import audit

    original = flush.Command.handle
    if getattr(original, "_komman", False):
        return

    def handle(self, *args, **options):
        audit._leeren_erlaubt = True
        try:
            return original(self, *args, **options)
        finally:
            audit._leeren_erlaubt = False

    handle._komman = True
    flush.Command.handle = handle


@pytest.fixture(autouse=True)
def _zwei_faktor_aus(settings):
    """force_login works for reviewers; tests of the second factor switch KOMMAN_2FA_PFLICHT on."""
    settings.KOMMAN_2FA_PFLICHT = False
    # Rate limits (komman/drossel.py) off: the tests of the limits switch them on.
    settings.KOMMAN_DROSSEL = False

    # --- Ende Sicherheit ---


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable sort (non-transactional first)
def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    # Longest first, so that the workers of pytest-xdist (bin/tests: --dist load) end together:
    # the persona scans with the demo data take minutes each, other browser tests seconds.
    # pytest-django sorts after this, stably: its order (database tests in a transaction, then
    # transactional ones, then the rest) stays, this one holds within each of its groups.
    items.sort(key=_laufzeitklasse)


def _laufzeitklasse(item) -> int:
    if "test_jede_seite_barrierefrei" in item.nodeid:
        return 0 if "-demo]" in item.nodeid else 1
    return 2 if item.get_closest_marker("browser") else 3


@pytest.fixture
def dortmund(db):
    return make_kommune("Dortmund", kreisschluessel="05913")


@pytest.fixture
def bochum(db):
    return make_kommune("Bochum", kreisschluessel="05911")


@pytest.fixture
def awo(db):
    return make_traeger("AWO Unterbezirk Dortmund")


@pytest.fixture
def ki_dortmund(dortmund):
    from komman.models import Rolle

    return make_user("ki.dortmund", organisation=dortmund, rolle=Rolle.SACHBEARBEITUNG)


@pytest.fixture
def zeichnung_dortmund(dortmund):
    from komman.models import Rolle

    return make_user("zeichnung.dortmund", organisation=dortmund, rolle=Rolle.ZEICHNUNGSBERECHTIGT)


@pytest.fixture
def ki_bochum(bochum):
    from komman.models import Rolle

    return make_user("ki.bochum", organisation=bochum, rolle=Rolle.SACHBEARBEITUNG)


@pytest.fixture
def traeger_awo(awo):
    from komman.models import Rolle

    return make_user(
        "traeger.awo", organisation=awo, rolle=[Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT]
    )


@pytest.fixture
def pruefung_arnsberg(db):
    from komman.models import Rolle

    return make_user("pruefung.arnsberg", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG)


@pytest.fixture
def zeichnung_arnsberg(db):
    from komman.models import Rolle

    return make_user("zeichnung.arnsberg", organisation=bezirksregierung(), rolle=Rolle.ZEICHNUNG)


@pytest.fixture
def admin(db):
    from komman.models import Rolle

    return make_user(
        "admin", organisation=bezirksregierung(), rolle=Rolle.ADMIN, is_staff=True, is_superuser=True
    )


PERSONAS = [
    "ki_dortmund",
    "zeichnung_dortmund",
    "ki_bochum",
    "traeger_awo",
    "pruefung_arnsberg",
    "zeichnung_arnsberg",
    "admin",
]


@pytest.fixture(params=PERSONAS)
def persona(request):
    """Each persona in turn (parametrised)."""
    return request.getfixturevalue(request.param)
