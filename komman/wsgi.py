"""WSGI entry point; refuses to start without a SECRET_KEY when DEBUG is off."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komman.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if not settings.SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is not set: the portal does not start without it (DEBUG is off).")
