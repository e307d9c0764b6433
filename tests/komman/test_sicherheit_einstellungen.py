"""Issue 24, finding 12: secure by default; DEBUG in the usual spellings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.komman.test_sicherheit import BASE_DIR

NUR_PFLICHT = {"SECRET_KEY": "prod-test-" + "k7Qz!x9#Lm2@vB4$" * 4, "ALLOWED_HOSTS": "portal.example"}
SCHALTER = (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "HTTPS_DURCH_PROXY",
    "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "BEHIND_PROXY",
)  # fmt: skip


def _laufen(args, **env):
    umgebung = {k: v for k, v in __import__("os").environ.items() if k not in SCHALTER}
    umgebung.update(NUR_PFLICHT, DJANGO_SETTINGS_MODULE="komman.settings", **env)
    return subprocess.run(args, cwd=BASE_DIR, env=umgebung, capture_output=True, text=True, timeout=120)


def _werte(**env):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS]))"
    )
    ergebnis = _laufen([sys.executable, "-c", code], **env)
    return ergebnis.returncode, ergebnis.stdout, ergebnis.stderr


def test_check_deploy_clean_with_only_the_required_variables():
    ergebnis = _laufen([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr


def test_https_switches_default_on_without_debug_and_off_behind_a_tls_proxy():
    rc, aus, fehler = _werte()
    assert rc == 0, fehler
    assert json.loads(aus) == [False, True, True, 31536000]
    rc, aus, fehler = _werte(HTTPS_DURCH_PROXY="yes")
    assert json.loads(aus) == [False, False, False, 0]
    rc, aus, fehler = _werte(DEBUG="on")
    assert json.loads(aus) == [True, False, False, 0]


@pytest.mark.parametrize(
    "wert,erwartet",
    [("True", True), ("true", True), ("1", True), ("YES", True), ("On", True),
     ("False", False), ("0", False), ("no", False), ("OFF", False)],
)  # fmt: skip
def test_debug_accepts_the_usual_spellings(wert, erwartet):
    rc, aus, fehler = _werte(DEBUG=wert)
    assert rc == 0, fehler
    assert json.loads(aus)[0] is erwartet


def test_debug_refuses_anything_else_with_a_clear_message():
    rc, _, fehler = _werte(DEBUG="vielleicht")
    assert rc != 0
    assert "DEBUG='vielleicht'" in fehler and "yes/no" in fehler
