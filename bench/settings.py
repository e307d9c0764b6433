"""Bench-only settings: the portal's settings plus the reference views of bench/urls.py.

Never used in production. DEBUG is off (as in production), the SECRET_KEY is a bench
value, and the second factor is switched off so the benchmark can log in with a password
(KOMMAN_2FA_PFLICHT = False; the production default comes from komman/settings.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-3f9c1e7a")
# Plain HTTP on loopback: no redirect to HTTPS, no HSTS, no Secure/__Host- cookies (the
# production defaults follow DEBUG in komman/settings.py; this switch turns them off as behind
# a TLS-terminating front server).
os.environ.setdefault("HTTPS_DURCH_PROXY", "True")

from komman.settings import *  # noqa: E402,F403
from komman.settings import STORAGES  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"

# Password login without a second factor, for the benchmark only.
KOMMAN_2FA_PFLICHT = False

# Plain static storage: the manifest needs collectstatic first; a {% static %} lookup in the
# manifest costs a dict access, not worth a build step here.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

