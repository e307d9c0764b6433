"""WSGI entry point for the benchmark: the portal, plus two reference handlers.

gunicorn bench.wsgi:application serves
- /bench/l0-http/ through a Django handler whose middleware chain is empty (L0-http),
- /bench/l0-stack/ through Django's stock middleware, the list `startproject` writes (L0-stack,
  as issue 11 defines it: "a constant view with Django's stock middleware"),
- everything else through the portal's normal handler with its full middleware (including
  /bench/l0-portal/, the same constant view behind the portal's own middleware).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.core.handlers.exception import convert_exception_to_response  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

portal = get_wsgi_application()


class OhneMiddleware(WSGIHandler):
    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


# What django-admin startproject writes into settings.MIDDLEWARE (Django 5.2).
STOCK_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


class StockMiddleware(WSGIHandler):
    def load_middleware(self, is_async=False):
        from django.test.utils import override_settings

        with override_settings(MIDDLEWARE=STOCK_MIDDLEWARE):
            super().load_middleware(is_async)


bare = OhneMiddleware()
stock = StockMiddleware()
BARE_PREFIX = "/bench/l0-http/"
STOCK_PREFIX = "/bench/l0-stack/"


def application(environ, start_response):
    pfad = environ.get("PATH_INFO", "")
    if pfad.startswith(BARE_PREFIX):
        return bare(environ, start_response)
    if pfad.startswith(STOCK_PREFIX):
        return stock(environ, start_response)
    return portal(environ, start_response)
