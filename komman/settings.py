"""The one settings file of the KOMM-AN NRW portal.

Everything that differs between machines comes from environment variables through
strict helpers (DESIGN.md §3). SQLite is the embedded default; DATABASE_URL selects
PostgreSQL in production.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


JA = ("true", "1", "yes", "on")
NEIN = ("false", "0", "no", "off")


def envbool(name: str, default: str | bool) -> bool:
    """True/False, 1/0, yes/no, on/off in any case; empty or unset is the default."""
    value = os.getenv(name, "").strip()
    if value == "":
        return default if isinstance(default, bool) else str(default).lower() in JA
    if value.lower() in JA:
        return True
    if value.lower() in NEIN:
        return False
    raise ImproperlyConfigured(
        f"Unexpected value {name}={value!r}: use True/False, 1/0, yes/no or on/off (any case)"
    )


def envint(name: str, default: int) -> int:
    value = os.getenv(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use a whole number") from e


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
# Required with DEBUG off: wsgi.py refuses to start without it; pure commands
# (regelpruefung) still run.
SECRET_KEY = os.getenv("SECRET_KEY") or ("dev-only-not-secret" if DEBUG else "")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "komman",
    "programmteile",
    "antraege",
    "zuwendungen",
    "auswertung",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "js_lib_bootstrap5",
    # --- Sicherheit: lockout, second factor, Content-Security-Policy (docs/sicherheit.md) ---
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # --- Hintergrund: task queue in the portal's database (docs/betrieb.md) ---
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # --- Sicherheit (komman/middleware.py, docs/sicherheit.md) ---
    "komman.middleware.Anfragegroesse",  # 413 for a body over ANFRAGE_MAX_BYTES, before it is read
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "komman.middleware.Sitzungsablauf",  # idle and absolute session limits
    "komman.middleware.ZweiFaktorPflicht",  # TOTP before any page for Bezirksregierung roles
    "komman.middleware.Protokollkontext",  # who acts, for the audit log of money changes
    "komman.middleware.Sicherheitskoepfe",  # Permissions-Policy; no caching of personal pages
    "axes.middleware.AxesMiddleware",  # turns a lockout into the German page
    "komman.middleware.DeutscheFehlerseite",  # the German 404 with DEBUG on too (demo)
]

ROOT_URLCONF = "komman.urls"
WSGI_APPLICATION = "komman.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "komman.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it compiled for 1.3 s before the budget overview's 0.4 s aggregate over 100,000
    # Anträge (docs/leistung.md); a web request's queries never win it back.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when two requests write.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20



def cache_aus_url(url: str) -> dict:
    """CACHE_URL -> Django's CACHES["default"].

    locmem://           each worker process its own cache in memory (the default)
    db://[tabelle]      Django's DatabaseCache in the portal's database, shared by every
                        worker and machine (table komman_cache unless named; create it
                        with `manage.py createcachetable`)
    """
    schema, trenner, rest = url.partition("://")
    if not trenner or schema not in ("locmem", "db"):
        raise ImproperlyConfigured(f"Unexpected value CACHE_URL={url}, use locmem:// or db://[table]")
    if schema == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or "komman_cache",
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "komman"}


# Remembered counts and the queue's master data (komman/seiten.py, antraege/pruefliste.py) are
# dropped by signals in the process that saw the change. With several workers or machines only
# a shared cache (db://) lets that reach all of them at once (docs/betrieb.md).
CACHES = {"default": cache_aus_url(os.getenv("CACHE_URL", "") or "locmem://")}

# --- Hintergrund: task queue (django-tasks, database backend; docs/betrieb.md) ---
# Tasks are rows in the portal's own database (SQLite or PostgreSQL), run by
# `manage.py worker` processes on any number of machines. AUFGABEN=sofort runs each task
# in the process that queues it (no worker needed; the tests do this).
AUFGABEN = os.getenv("AUFGABEN", "datenbank")
if AUFGABEN not in ("datenbank", "sofort"):
    raise ImproperlyConfigured(f"Unexpected value AUFGABEN={AUFGABEN}, use 'datenbank' or 'sofort'")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if AUFGABEN == "datenbank"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Outbox (komman/hintergrund): a mail that cannot be delivered is retried with growing
# pauses and given up after this many hours, with an alert to the Administration.
MAIL_AUFGEBEN_NACH = datetime.timedelta(hours=envint("MAIL_AUFGEBEN_NACH_STUNDEN", 48))
# Health endpoint /gesundheit/: open to this token (header or ?token=) or to anyone when
# empty, at most GESUNDHEIT_PRO_MINUTE answers a minute per address either way.
GESUNDHEIT_TOKEN = os.getenv("GESUNDHEIT_TOKEN", "")
# --- Ende Hintergrund ---

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "komman.User"
# --- Sicherheit: authentication backends ---
# Axes first: it refuses a locked-out username/IP pair before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de-de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Off on purpose: on, Django prints ids and years as 12.345 and 2.026. Amounts are
# grouped only by |euro and |zahl.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads and PDFs live outside the web root and are served only through views that
# check permissions.
PRIVATE_ROOT = Path(os.getenv("PRIVATE_ROOT", str(BASE_DIR / "private")))
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body: one upload plus the form around it (komman.middleware.Anfragegroesse).
ANFRAGE_MAX_BYTES = UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
# Attachments per Antrag: at most this much and this many (antraege.workflow.anlage_hinzufuegen).
ANLAGEN_MAX_BYTES = envint("ANLAGEN_MAX_MB", 100) * 1024 * 1024
ANLAGEN_MAX_ANZAHL = envint("ANLAGEN_MAX_ANZAHL", 50)
# A Part II Antrag allows 200 positions and 50 Maßnahmen of about a dozen fields each; Django's
# default of 1000 fields refused it from about 90 lines (issue 24.9).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
CRISPY_FAIL_SILENTLY = not DEBUG

# Mail: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "KOMM-AN NRW Förderportal <noreply@komm-an.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production switches: on by default with DEBUG off (secure by default, issue 24.12), off with
# DEBUG on so the portal runs on http://127.0.0.1:8000. HTTPS_DURCH_PROXY=True turns their
# defaults off where a TLS-terminating front server redirects, sends HSTS and guards cookies
# itself; each switch can still be set on its own (docs/betrieb.md).
_HTTPS_STANDARD = not DEBUG and not envbool("HTTPS_DURCH_PROXY", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", _HTTPS_STANDARD)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "False") else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if _HTTPS_STANDARD else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", _HTTPS_STANDARD)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # __Host- cookies are bound to this exact host and path, never to a subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Sicherheit: headers, login protection, second factor, sessions (docs/sicherheit.md) ---
# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere. Only the
# QR code of the 2FA set-up is a data: image. The Django admin needs no exception (checked
# in Chromium, tests/komman/test_sicherheit.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Sent by komman.middleware.Sicherheitskoepfe.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Login lockout (django-axes): 5 failures for the same username from the same address lock
# that pair for 15 minutes; the page says so in German (templates/axes/gesperrt.html).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "axes/gesperrt.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "komman.audit.client_ip"
AXES_USERNAME_CALLABLE = "komman.eingaben.axes_benutzername"
AXES_VERBOSE = False

# Second factor (TOTP, django-otp): mandatory for Prüfung, Zeichnung and Administration.
KOMMAN_2FA_PFLICHT = envbool("ZWEI_FAKTOR_PFLICHT", "True")
OTP_TOTP_ISSUER = "KOMM-AN NRW"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Sessions: 30 minutes idle, 12 hours at most from login (komman.middleware.Sitzungsablauf).
SESSION_LEERLAUF = datetime.timedelta(minutes=envint("SESSION_LEERLAUF_MINUTEN", 30))
SESSION_HOECHSTDAUER = datetime.timedelta(hours=12)
# --- Ende Sicherheit ---

# Who runs the portal: shown on Impressum, Datenschutz and Barrierefreiheit.
BETREIBER = {
    "behoerde": os.getenv("BETREIBER_BEHOERDE", "Bezirksregierung Arnsberg"),
    "dezernat": os.getenv("BETREIBER_DEZERNAT", "Dezernat 36 – Kompetenzzentrum für Integration"),
    "anschrift": os.getenv("BETREIBER_ANSCHRIFT", "Seibertzstraße 1, 59821 Arnsberg"),
    "vertreten_durch": os.getenv(
        "BETREIBER_VERTRETEN", "den Regierungspräsidenten bzw. die Regierungspräsidentin"
    ),
    "email": os.getenv("BETREIBER_EMAIL", "komm-an@bra.nrw.invalid"),
    "telefon": os.getenv("BETREIBER_TELEFON", "02931 82-0"),
    "datenschutz_email": os.getenv("BETREIBER_DATENSCHUTZ_EMAIL", "datenschutz@bra.nrw.invalid"),
    "barrierefreiheit_email": os.getenv(
        "BETREIBER_BARRIEREFREIHEIT_EMAIL", "barrierefreiheit@bra.nrw.invalid"
    ),
    # Sicherheit: contact in /.well-known/security.txt (falls back to BETREIBER_EMAIL)
    "sicherheit_email": os.getenv("BETREIBER_SICHERHEIT_EMAIL", ""),
}

# The Land's account for refunds (Erstattungsbescheid, GiroCode). The defaults are placeholders
# for the demo: set the Landeskasse's real account in production.
LANDESKASSE_KONTO = {
    "name": os.getenv("LANDESKASSE_NAME", "Landeskasse Nordrhein-Westfalen"),
    "iban": os.getenv("LANDESKASSE_IBAN", "DE59300500000001683515"),
    "bic": os.getenv("LANDESKASSE_BIC", "WELADEDDXXX"),
    "bank": os.getenv("LANDESKASSE_BANK", "Landesbank Hessen-Thüringen"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
