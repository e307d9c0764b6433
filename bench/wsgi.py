"""WSGI entry point for the benchmark: the portal, plus a handler without middleware.

gunicorn bench.wsgi:application serves /bench/l0-http/ through a Django handler whose
middleware chain is empty (the L0-http reference) and everything else through the
portal's normal handler with its full middleware.
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


bare = OhneMiddleware()
BARE_PREFIX = "/bench/l0-http/"


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith(BARE_PREFIX):
        return bare(environ, start_response)
    return portal(environ, start_response)
