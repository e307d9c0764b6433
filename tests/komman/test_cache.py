"""CACHES from CACHE_URL: local memory by default, the database cache shared by all workers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from komman.settings import cache_aus_url


def test_default_is_local_memory():
    assert cache_aus_url("locmem://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert "default" in settings.CACHES


def test_database_cache_with_default_and_named_table():
    assert cache_aus_url("db://") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "komman_cache",
    }
    assert cache_aus_url("db://portal_cache")["LOCATION"] == "portal_cache"


@pytest.mark.parametrize("url", ["redis://localhost", "memcached", "datenbank"])
def test_unknown_cache_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_aus_url(url)


@pytest.mark.django_db
def test_database_cache_is_shared_between_processes_reading_the_same_table(settings):
    """Two cache connections on the table see each other's writes (as two workers would).
    The table is created inside the test's transaction and goes with its rollback."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = {**settings.CACHES, "geteilt": cache_aus_url("db://komman_cache_test")}
    call_command("createcachetable", "komman_cache_test", verbosity=0)
    erster, zweiter = caches.create_connection("geteilt"), caches.create_connection("geteilt")
    erster.set("komman:stammdaten:version", 7)
    assert zweiter.get("komman:stammdaten:version") == 7
