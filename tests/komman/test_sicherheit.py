"""Security promises, each with its proof: headers, lockout, enumeration, passwords, sessions,
audit log, uploads, security.txt (docs/sicherheit.md lists which test proves what)."""

from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pikepdf
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from komman import ablage, audit, uploads
from komman.middleware import ANGEMELDET_SEIT, LETZTE_AKTIVITAET
from komman.models import Protokolleintrag
from tests.factories import PASSWORT, make_periode

BASE_DIR = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "SECRET_KEY": "prod-test-" + "k7Qz!x9#Lm2@vB4$" * 4,
    "ALLOWED_HOSTS": "portal.example",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_COOKIES": "True",
    "SECURE_HSTS_SECONDS": "31536000",
    "DEBUG": "False",
}


def _env(**extra):
    # Not the test run's switches (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE), not its database.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(PROD_ENV, **extra)
    return env


# --- 1. Production settings and headers ------------------------------------------------------


def test_check_deploy_clean_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_secure_host_cookies():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_DOMAIN, s.KOMMAN_2FA_PFLICHT]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_env(DJANGO_SETTINGS_MODULE="komman.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '["__Host-sessionid", "__Host-csrftoken", true, true, true, 31536000, true, true, null, true]'
    )


def _csp(response) -> dict[str, str]:
    return {
        teil.split()[0]: " ".join(teil.split()[1:])
        for teil in response["Content-Security-Policy"].split(";")
        if teil.strip()
    }


@pytest.mark.django_db
def test_security_headers_on_a_real_page(client, ki_dortmund, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    client.force_login(ki_dortmund)
    response = client.get(reverse("start"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert _csp(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_page_has_csp_but_may_be_cached(client):
    response = client.get(reverse("impressum"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_session_cookie_flags_on_login(client, ki_dortmund, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    response = client.post(reverse("login"), {"username": "ki.dortmund", "password": PASSWORT}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]  # __Host- cookies must not name a domain


# Inline code would break under the CSP (and is what an injection looks like): none in our templates.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute (onclick=…)"),
    (re.compile(r"\sstyle\s*=", re.I), 'style="" attribute'),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _projekt_templates():
    for ordner in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]:
        if ".venv" in ordner.parts:
            continue
        for datei in ordner.rglob("*.html"):
            # PDF templates are rendered by WeasyPrint, never served to a browser.
            if "bescheide" not in datei.parts:
                yield datei


def test_templates_have_no_inline_script_or_style():
    fehler = []
    for datei in _projekt_templates():
        text = datei.read_text(encoding="utf-8")
        for muster, was in INLINE:
            for treffer in muster.finditer(text):
                zeile = text.count("\n", 0, treffer.start()) + 1
                fehler.append(f"{datei.relative_to(BASE_DIR)}:{zeile}: {was}")
    assert not fehler, "Forbidden by the Content-Security-Policy:\n" + "\n".join(fehler)


@pytest.mark.django_db
def test_django_admin_pages_need_no_inline_code(client, admin, dortmund):
    """Django 5.2's admin loads scripts from files; so the CSP needs no exception for it."""
    client.force_login(admin)
    for url in (
        reverse("admin:index"),
        reverse("admin:komman_organisation_changelist"),
        reverse("admin:komman_organisation_change", args=[dortmund.pk]),
        reverse("admin:komman_organisation_add"),
        reverse("admin:komman_user_change", args=[admin.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for muster, was in INLINE[:2]:
            assert not muster.search(html), f"{url}: {was}"
        assert "unsafe-inline" not in response["Content-Security-Policy"]


# --- 2. Login protection ---------------------------------------------------------------------


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_lockout_after_five_failures_per_username_and_ip(client, ki_dortmund):
    for _ in range(4):
        assert _login(client, "ki.dortmund", "falsch").status_code == 200
    assert _login(client, "ki.dortmund", "falsch").status_code == 429  # the fifth failure locks
    response = _login(client, "ki.dortmund", PASSWORT)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "15 Minuten" in html
    assert "_auth_user_id" not in client.session
    # Another address is not locked (a colleague behind another router), another user neither.
    assert _login(client, "ki.dortmund", PASSWORT, ip="10.0.0.2").status_code == 302
    assert Protokolleintrag.objects.filter(aktion="sperre").exists()


@pytest.mark.django_db
def test_lockout_ends_after_fifteen_minutes(client, ki_dortmund):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "ki.dortmund", "falsch")
    assert _login(client, "ki.dortmund", PASSWORT).status_code == 429
    vorher = django_now() - datetime.timedelta(minutes=15, seconds=1)
    AccessAttempt.objects.filter(username="ki.dortmund").update(attempt_time=vorher)
    assert _login(client, "ki.dortmund", PASSWORT).status_code == 302
    assert not AccessAttempt.objects.filter(username="ki.dortmund").exists()  # reset on success


def django_now():
    from django.utils import timezone

    return timezone.now()


@pytest.mark.django_db
def test_lockout_looks_the_same_for_unknown_usernames(client, ki_dortmund):
    for name in ("ki.dortmund", "gibt.es.nicht"):
        for _ in range(5):
            _login(client, name, "falsch")
    bekannt = _login(client, "ki.dortmund", "falsch")
    unbekannt = _login(client, "gibt.es.nicht", "falsch")
    assert bekannt.status_code == unbekannt.status_code == 429
    assert _ohne_variablen(bekannt, "ki.dortmund") == _ohne_variablen(unbekannt, "gibt.es.nicht")


def _ohne_variablen(response, username: str) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(username, "NAME")


@pytest.mark.django_db
def test_login_failure_same_message_and_same_hashing_for_unknown_user(client, ki_dortmund):
    from django.contrib.auth.hashers import MD5PasswordHasher

    ergebnisse = []
    for name in ("ki.dortmund", "gibt.es.nicht"):
        with mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as h:
            response = _login(client, name, "falsches-passwort", ip=f"10.1.0.{len(ergebnisse) + 1}")
        ergebnisse.append((response.status_code, _ohne_variablen(response, name), h.call_count))
    assert ergebnisse[0] == ergebnisse[1]
    assert ergebnisse[0][2] == 1  # the unknown user costs one hash too: no timing difference
    assert "Benutzername oder Passwort sind nicht richtig" in ergebnisse[0][1]


@pytest.mark.django_db
def test_inactive_user_gets_the_same_message(client, ki_dortmund):
    ki_dortmund.is_active = False
    ki_dortmund.save()
    inaktiv = _login(client, "ki.dortmund", PASSWORT, ip="10.2.0.1")
    falsch = _login(client, "ki.dortmund", "falsch", ip="10.2.0.2")
    assert _ohne_variablen(inaktiv, "ki.dortmund") == _ohne_variablen(falsch, "ki.dortmund")


@pytest.mark.django_db
def test_password_reset_does_not_reveal_accounts(
    client, ki_dortmund, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        bekannt = client.post(reverse("password_reset"), {"email": ki_dortmund.email})
        unbekannt = client.post(reverse("password_reset"), {"email": "niemand@test.invalid"})
    assert (bekannt.status_code, bekannt["Location"]) == (unbekannt.status_code, unbekannt["Location"])
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("passwort", "meldung"),
    [
        ("kurz-1234", "mindestens 12 Zeichen"),
        ("123456789012", "numerisch"),
        ("password1234", "zu üblich"),
    ],
)
@pytest.mark.django_db
def test_password_rules(passwort, meldung):
    with pytest.raises(ValidationError) as exc:
        validate_password(passwort)
    assert any(meldung in m for m in exc.value.messages), exc.value.messages


@pytest.mark.django_db
def test_password_similar_to_username_refused(ki_dortmund):
    with pytest.raises(ValidationError):
        validate_password("ki.dortmund.2026", user=ki_dortmund)
    validate_password("Rhein-Ruhr-Antrag-2026!", user=ki_dortmund)


# --- 4. Sessions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_gives_a_new_session_key(client, ki_dortmund):
    session = client.session
    session["vorher"] = "anonym"
    session.save()
    alt = session.session_key
    client.cookies[django_settings.SESSION_COOKIE_NAME] = alt
    response = _login(client, "ki.dortmund", PASSWORT)
    assert response.status_code == 302
    neu = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert neu and neu != alt
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=alt).exists()


@pytest.mark.django_db
def test_idle_timeout_after_thirty_minutes(client, ki_dortmund):
    _login(client, "ki.dortmund", PASSWORT)
    jetzt = time.time()
    with mock.patch("komman.middleware.time.time", return_value=jetzt + 29 * 60):
        assert client.get(reverse("start")).status_code == 200
    with mock.patch("komman.middleware.time.time", return_value=jetzt + 29 * 60 + 30 * 60 + 1):
        response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    folgeseite = client.get(response["Location"])
    assert "ohne Aktivität automatisch abgemeldet" in folgeseite.content.decode()
    assert client.get(reverse("start")).status_code == 302  # really logged out


@pytest.mark.django_db
def test_absolute_limit_twelve_hours_even_when_active(client, ki_dortmund):
    _login(client, "ki.dortmund", PASSWORT)
    beginn = client.session[ANGEMELDET_SEIT]
    t = beginn
    while t < beginn + 12 * 3600 - 20 * 60:
        t += 20 * 60
        with mock.patch("komman.middleware.time.time", return_value=t):
            assert client.get(reverse("start")).status_code == 200
    with mock.patch("komman.middleware.time.time", return_value=beginn + 12 * 3600 + 1):
        response = client.get(reverse("start"))
    assert response.status_code == 302
    assert "länger als 12 Stunden" in client.get(response["Location"]).content.decode()
    assert LETZTE_AKTIVITAET not in client.session


# --- 7. Audit log ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_protokolliere_records_who_what_ip(rf, ki_dortmund, dortmund):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    eintrag = audit.protokolliere(
        wer=ki_dortmund, aktion="angesehen", objekt=dortmund, details={"seite": 1}, request=request
    )
    eintrag.refresh_from_db()
    assert (eintrag.wer, eintrag.wer_name, eintrag.aktion) == (ki_dortmund, "ki.dortmund", "angesehen")
    assert (eintrag.objekt_typ, eintrag.objekt_id) == ("komman.organisation", str(dortmund.pk))
    assert eintrag.ip == "192.0.2.7" and eintrag.details == {"seite": 1}
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.protokolliere(wer=ki_dortmund, aktion="erfunden")


@pytest.mark.django_db
def test_audit_log_refuses_change_and_delete_in_python(ki_dortmund):
    eintrag = audit.protokolliere(wer=ki_dortmund, aktion="angesehen", objekt=("antraege.antrag", 1))
    eintrag.aktion = "heruntergeladen"
    with pytest.raises(ValueError):
        eintrag.save()
    with pytest.raises(ValueError):
        eintrag.delete()
    with pytest.raises(ValueError):
        Protokolleintrag.objects.filter(pk=eintrag.pk).update(aktion="heruntergeladen")
    with pytest.raises(ValueError):
        Protokolleintrag.objects.all().delete()
    assert Protokolleintrag.objects.get(pk=eintrag.pk).aktion == "angesehen"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE komman_protokolleintrag SET aktion = 'heruntergeladen'",
        "DELETE FROM komman_protokolleintrag",
    ],
)
def test_audit_log_refuses_change_and_delete_in_the_database(ki_dortmund, sql):
    eintrag = audit.protokolliere(wer=ki_dortmund, aktion="angesehen", objekt=("antraege.antrag", 1))
    with pytest.raises(DatabaseError, match="unveränderlich"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert Protokolleintrag.objects.get(pk=eintrag.pk).aktion == "angesehen"


@pytest.mark.django_db
def test_money_changes_are_recorded_with_actor(rf, ki_dortmund, admin):
    periode = make_periode("I", budget=Decimal("1000000.00"))
    request = rf.post("/", REMOTE_ADDR="192.0.2.9")
    request.user = admin
    token = audit.aktuelle_anfrage.set(request)
    try:
        periode.budget = Decimal("1250000.50")
        periode.save()
        periode.save(update_fields=["budget"])  # unchanged amount: no entry
    finally:
        audit.aktuelle_anfrage.reset(token)
    eintraege = Protokolleintrag.objects.filter(aktion="betrag_geaendert", objekt_id=str(periode.pk))
    angelegt, geaendert = eintraege.order_by("id")
    assert angelegt.details == {
        "felder": {"budget": {"alt": None, "neu": "1000000.00"}},
        "neu_angelegt": True,
    }
    assert angelegt.wer is None  # created outside a request (command, test set-up)
    e = geaendert
    assert e.wer == admin and e.ip == "192.0.2.9"
    assert e.objekt_typ == "programmteile.foerderperiode"
    assert e.details["felder"]["budget"] == {"alt": "1000000.00", "neu": "1250000.50"}
    assert e.objekt_anzeige == f"Förderperiode {periode.pk}"
    assert e.details_zeilen() == ["Haushaltsmittel: 1.000.000,00 € → 1.250.000,50 €"]


@pytest.mark.django_db
def test_logins_and_failures_are_recorded_without_password(client, ki_dortmund):
    _login(client, "ki.dortmund", "geheim-falsch")
    _login(client, "ki.dortmund", PASSWORT)
    fehl = Protokolleintrag.objects.get(aktion="anmeldung_fehlgeschlagen")
    assert fehl.wer is None and fehl.wer_name == "ki.dortmund" and fehl.ip == "10.0.0.1"
    assert "geheim-falsch" not in str(fehl.details)
    assert Protokolleintrag.objects.filter(aktion="anmeldung", wer=ki_dortmund).count() == 1


@pytest.mark.django_db
def test_audit_search_for_administration_only(client, admin, pruefung_arnsberg, ki_dortmund):
    for i in range(60):
        audit.protokolliere(wer=ki_dortmund, aktion="angesehen", objekt=("antraege.antrag", i))
    audit.protokolliere(wer=pruefung_arnsberg, aktion="heruntergeladen", objekt=("antraege.anlage", 5))
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("protokoll")).status_code == 403
    client.force_login(admin)
    response = client.get(reverse("protokoll"))
    assert response.status_code == 200
    assert "Seite 1 von 2" in response.content.decode()
    response = client.get(
        reverse("protokoll"), {"wer": "pruefung.arnsberg", "aktion": "heruntergeladen", "objekt_id": "5"}
    )
    html = response.content.decode()
    assert "Anlage 5</td>" in html and "Antrag 1</td>" not in html
    heute = datetime.date.today()
    response = client.get(reverse("protokoll"), {"von": heute + datetime.timedelta(days=1)})
    assert "Keine Einträge gefunden" in response.content.decode()
    response = client.get(reverse("protokoll"), {"von": "gestern", "bis": "2026-01-01"})
    assert response.status_code == 200 and "Bitte ein Datum" in response.content.decode()
    assert Protokolleintrag.objects.filter(aktion="protokoll_durchsucht", wer=admin).exists()


@pytest.mark.django_db
def test_audit_log_read_only_in_django_admin(client, admin, ki_dortmund):
    eintrag = audit.protokolliere(wer=ki_dortmund, aktion="angesehen", objekt=("antraege.antrag", 1))
    client.force_login(admin)
    assert client.get(reverse("admin:komman_protokolleintrag_changelist")).status_code == 200
    assert client.get(reverse("admin:komman_protokolleintrag_add")).status_code == 403
    url = reverse("admin:komman_protokolleintrag_change", args=[eintrag.pk])
    client.post(url, {"aktion": "heruntergeladen"})
    assert client.get(reverse("admin:komman_protokolleintrag_delete", args=[eintrag.pk])).status_code == 403
    assert Protokolleintrag.objects.get(pk=eintrag.pk).aktion == "angesehen"
    # 2FA secrets are not in the admin at all.
    assert client.get("/verwaltung/django/otp_totp/totpdevice/").status_code in (403, 404, 302)


# --- 6. Uploads ------------------------------------------------------------------------------


def pdf_bytes(*, javascript: bool = False, verschluesselt: bool = False) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if javascript:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    out = io.BytesIO()
    if verschluesselt:
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    else:
        pdf.save(out)
    return out.getvalue()


def office_bytes(teil: str = "word", *, makro: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        typ = "macroEnabled" if makro else "document"
        z.writestr(
            "[Content_Types].xml", f'<?xml version="1.0"?><Types><Override ContentType="{typ}"/></Types>'
        )
        z.writestr("word/document.xml" if teil == "word" else "xl/workbook.xml", "<x/>")
        if makro:
            z.writestr(f"{teil}/vbaProject.bin", b"\x00\x01")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"


@pytest.mark.parametrize(
    ("name", "inhalt", "typ"),
    [
        ("Haushaltsplan.pdf", pdf_bytes(), "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("Konzept.docx", office_bytes("word"), uploads.ERLAUBT[".docx"]),
        ("Finanzplan.xlsx", office_bytes("xl"), uploads.ERLAUBT[".xlsx"]),
    ],
)
def test_allowed_files_pass(name, inhalt, typ):
    geprueft = uploads.pruefe_inhalt(inhalt, name)
    assert geprueft.content_type == typ and geprueft.groesse == len(inhalt)
    assert len(geprueft.sha256) == 64


@pytest.mark.parametrize(
    ("name", "inhalt", "meldung"),
    [
        ("seite.html", b"<html><script>alert(1)</script></html>", "Endung"),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "Endung"),
        ("tarnung.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "HTML-Dateien sind nicht erlaubt"),
        ("tarnung.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        ("polyglott.pdf", pdf_bytes() + b"<html><script>alert(document.cookie)</script>", "Webseite"),
        ("polyglott.png", PNG + b"<script>alert(1)</script>", "Webseite"),
        ("skript.pdf", pdf_bytes(javascript=True), "Skripte"),
        ("kennwort.pdf", pdf_bytes(verschluesselt=True), "kennwortgeschützt"),
        ("kaputt.pdf", b"%PDF-1.7\n kein pdf", "beschädigt"),
        ("programm.pdf", b"MZ\x90\x00" + b"\x00" * 60, "Programme"),
        ("programm.exe", b"MZ\x90\x00" + b"\x00" * 60, "Endung"),
        ("skript.js", b"alert(1)", "Endung"),
        ("makro.docx", office_bytes("word", makro=True), "Makros"),
        ("falsch.docx", office_bytes("xl"), "passt nicht zum Inhalt"),
        ("bild.pdf", PNG, "passt nicht zum Inhalt"),
        ("zip.docx", b"PK\x03\x04kaputt", "keinem erlaubten Format"),
        ("leer.pdf", b"", "leer"),
        ("ohne-endung", pdf_bytes(), "(keine)"),
    ],
)
def test_dangerous_files_refused_with_german_message(name, inhalt, meldung):
    with pytest.raises(ValidationError) as exc:
        uploads.pruefe_inhalt(inhalt, name)
    assert meldung in exc.value.messages[0]


def test_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="höchstens 1 KB sind erlaubt"):
        uploads.pruefe_inhalt(PNG + b"\x00" * 2000, "gross.png")
    datei = SimpleUploadedFile("gross.png", PNG + b"\x00" * 2000)
    with pytest.raises(ValidationError, match="zu groß"):
        uploads.pruefe_datei(datei)


def test_datei_feld_in_a_form():
    from django import forms

    class F(forms.Form):
        datei = uploads.DateiFeld(label="Datei")

    gut = F(files={"datei": SimpleUploadedFile("a.pdf", pdf_bytes())}, data={})
    assert gut.is_valid(), gut.errors
    assert gut.cleaned_data["datei"].komman_pruefung.content_type == "application/pdf"
    boese = F(files={"datei": SimpleUploadedFile("a.pdf", b"<html>")}, data={})
    assert not boese.is_valid() and "erlaubten Format" in boese.errors["datei"][0]
    assert "accept" in str(gut["datei"])


@pytest.mark.parametrize(
    ("roh", "sicher"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Antrag 2026.PDF", "Antrag 2026.pdf"),
        ("Förderantrag_Köln (final).pdf", "Förderantrag_Köln (final).pdf"),
        ("a\x00b\r\nc.pdf", "abc.pdf"),
        ('"><script>alert(1)</script>.pdf', "script.pdf"),
        ('"><img src=x onerror=alert(1)>.pdf', "img src_x onerror_alert(1).pdf"),
        ("CON.pdf", "datei_CON.pdf"),
        ("....pdf", "datei.pdf"),
        ("", "datei"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
        ("\u202eFDP.exe", "FDP.exe"),
    ],
)
def test_sicherer_dateiname(roh, sicher):
    assert uploads.sicherer_dateiname(roh) == sicher


def test_datei_antwort_is_an_inert_attachment(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    (tmp_path / "anlagen").mkdir()
    (tmp_path / "anlagen" / "x.pdf").write_bytes(pdf_bytes())
    response = ablage.datei_antwort("anlagen/x.pdf", 'Bescheid "2026".pdf', "application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Bescheid _2026.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # A stored type outside the whitelist is served as a plain download.
    assert (
        ablage.datei_antwort("anlagen/x.pdf", "x.html", "text/html")["Content-Type"]
        == "application/octet-stream"
    )
    with pytest.raises(Exception, match="außerhalb"):
        ablage.datei_antwort("../../etc/passwd", "x.pdf", "application/pdf")
    antwort = ablage.inhalt_antwort(b"%PDF-1.7", "Zuwendungsbescheid.pdf", "application/pdf")
    assert antwort["Content-Security-Policy"].startswith("sandbox")


def test_speichere_outside_web_root_with_random_name(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    pfad = ablage.speichere(SimpleUploadedFile("../../boese.pdf", pdf_bytes()), unterordner="anlagen/7")
    assert pfad.startswith("anlagen/7/") and pfad.endswith(".pdf") and "boese" not in pfad
    assert (tmp_path / pfad).read_bytes().startswith(b"%PDF-")


# --- 9. security.txt -------------------------------------------------------------------------


@pytest.mark.django_db
def test_security_txt_public(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert re.search(r"^Contact: mailto:\S+@\S+$", text, re.M)
    ablauf = re.search(r"^Expires: (\S+)$", text, re.M).group(1)
    assert datetime.datetime.fromisoformat(ablauf.replace("Z", "+00:00")) > datetime.datetime.now(
        datetime.UTC
    )
    assert client.get(reverse("sicherheit")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", ["ki_dortmund", "pruefung_arnsberg"])
def test_security_middleware_costs_no_query_on_a_page(client, request, settings, persona_name):
    """Views of the other areas count their queries; session limits and 2FA must not add any."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.KOMMAN_2FA_PFLICHT = True
    user = request.getfixturevalue(persona_name)
    if persona_name == "pruefung_arnsberg":
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        geraet = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.force_login(user)
    if persona_name == "pruefung_arnsberg":
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = geraet.persistent_id
        session.save()
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as mit:
        assert client.get(reverse("start")).status_code == 200
    ohne_sicherheit = [
        m for m in settings.MIDDLEWARE if not m.startswith(("komman.middleware", "axes", "csp"))
    ]
    settings.MIDDLEWARE = ohne_sicherheit
    with CaptureQueriesContext(connection) as ohne:
        assert client.get(reverse("start")).status_code == 200
    # django-otp's own middleware (kept in both runs) loads the verified device; ours add nothing.
    assert len(mit) == len(ohne), [q["sql"] for q in mit]


@pytest.mark.django_db
def test_upload_view_end_to_end(client, ki_dortmund, ki_bochum, dortmund, settings, tmp_path):
    """The Anlagen page uses komman.uploads: disguised files refused, downloads inert and recorded."""
    from antraege.models import Anlage
    from tests.factories import make_antrag

    settings.PRIVATE_ROOT = tmp_path

    antrag = make_antrag(make_periode("II"), dortmund, erstellt_von=ki_dortmund)
    url = reverse("antraege:anlagen", args=[antrag.pk])
    client.force_login(ki_dortmund)
    for name, inhalt in (
        ("rechnung.pdf", b"<html><body><script>fetch('/antraege/')</script></body></html>"),
        ("polyglott.pdf", pdf_bytes() + b"<script>alert(document.cookie)</script>"),
        ("aktiv.pdf", pdf_bytes(javascript=True)),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ):
        response = client.post(
            url, {"datei": SimpleUploadedFile(name, inhalt, content_type="application/pdf")}
        )
        assert response.status_code == 200, name
        assert 'id="fehleruebersicht"' in response.content.decode(), name
    assert not Anlage.objects.exists()
    assert not list((Path(settings.PRIVATE_ROOT) / "anlagen").glob("*/*"))  # nothing stored

    response = client.post(url, {"datei": SimpleUploadedFile("Finanzplan 2026.pdf", pdf_bytes())})
    assert response.status_code == 302
    anlage = Anlage.objects.get()
    assert anlage.dateiname == "Finanzplan 2026.pdf" and anlage.content_type == "application/pdf"
    download = client.get(reverse("antraege:anlage_herunterladen", args=[antrag.pk, anlage.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"].startswith("sandbox")
    assert download["X-Content-Type-Options"] == "nosniff"
    eintraege = Protokolleintrag.objects.filter(objekt_typ="antraege.anlage", objekt_id=str(anlage.pk))
    aktionen = set(eintraege.values_list("aktion", "wer__username"))
    assert aktionen == {("hochgeladen", "ki.dortmund"), ("heruntergeladen", "ki.dortmund")}
    # Another Kommune: 404, and no audit entry for a download that did not happen.
    client.force_login(ki_bochum)
    assert (
        client.get(reverse("antraege:anlage_herunterladen", args=[antrag.pk, anlage.pk])).status_code == 404
    )
    assert not Protokolleintrag.objects.filter(wer=ki_bochum, aktion="heruntergeladen").exists()


@pytest.mark.django_db
def test_viewing_and_exporting_antraege_is_recorded(
    client, ki_dortmund, ki_bochum, pruefung_arnsberg, dortmund
):
    from tests.factories import make_antrag

    antrag = make_antrag(
        make_periode("II"),
        dortmund,
        erstellt_von=ki_dortmund,
        status="eingereicht",
        aktenzeichen="36.II-2026-0001",
    )

    def angesehen(wer):
        return list(
            Protokolleintrag.objects.filter(
                wer=wer, aktion="angesehen", objekt_typ="antraege.antrag", objekt_id=str(antrag.pk)
            ).values_list("details", flat=True)
        )

    client.force_login(ki_dortmund)
    assert client.get(reverse("antraege:detail", args=[antrag.pk])).status_code == 200
    assert angesehen(ki_dortmund) == [{}]
    client.force_login(ki_bochum)
    assert client.get(reverse("antraege:detail", args=[antrag.pk])).status_code == 404
    assert angesehen(ki_bochum) == []
    client.force_login(pruefung_arnsberg)
    assert client.get(reverse("antraege:pruefung_detail", args=[antrag.pk])).status_code == 200
    assert angesehen(pruefung_arnsberg) == [{"seite": "pruefung"}]
    export = client.get(reverse("antraege:pruefung_export"), {"status": "eingereicht"})
    assert b"36.II-2026-0001" in b"".join(export.streaming_content)
    eintrag = Protokolleintrag.objects.get(wer=pruefung_arnsberg, aktion="heruntergeladen")
    assert eintrag.details == {"export": "pruefung", "filter": {"status": "eingereicht"}}
    # History and status pages record a view too, for the applicant and the reviewer.
    client.force_login(ki_dortmund)
    assert client.get(reverse("antraege:verlauf", args=[antrag.pk])).status_code == 200
    assert client.get(reverse("antraege:stand", args=[antrag.pk])).status_code == 200
    assert sorted(map(str, angesehen(ki_dortmund))) == sorted(
        map(str, [{}, {"seite": "verlauf"}, {"seite": "stand"}])
    )
    client.force_login(ki_bochum)
    assert client.get(reverse("antraege:stand", args=[antrag.pk])).status_code == 404
    assert angesehen(ki_bochum) == []


@pytest.mark.django_db
def test_answer_page_records_a_view(client, zeichnung_dortmund, pruefung_arnsberg, dortmund):
    from antraege.models import Schreiben
    from tests.factories import make_eingereichter_antrag

    antrag = make_eingereichter_antrag(make_periode("II"), dortmund, status="nachforderung")
    Schreiben.objects.create(
        antrag=antrag, art="nachforderung", text="Bitte nachreichen.", punkte=["Konzept"],
        frist=datetime.date.today() + datetime.timedelta(days=14), erstellt_von=pruefung_arnsberg,
    )  # fmt: skip
    client.force_login(zeichnung_dortmund)
    assert client.get(reverse("antraege:antworten", args=[antrag.pk])).status_code == 200
    eintrag = Protokolleintrag.objects.get(wer=zeichnung_dortmund, aktion="angesehen")
    assert (eintrag.objekt_id, eintrag.details) == (str(antrag.pk), {"seite": "antworten"})


@pytest.mark.django_db
def test_document_download_is_recorded(client, ki_dortmund, dortmund):
    import hashlib

    from antraege.models import Dokument
    from tests.factories import make_antrag

    antrag = make_antrag(
        make_periode("II"),
        dortmund,
        erstellt_von=ki_dortmund,
        status="eingereicht",
        aktenzeichen="36.II-2026-0002",
    )
    pdf = pdf_bytes()
    dokument = Dokument.objects.create(
        antrag=antrag,
        art="eingangsbestaetigung",
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        erstellt_von=ki_dortmund,
    )
    client.force_login(ki_dortmund)
    response = client.get(reverse("antraege:dokument", args=[antrag.pk, dokument.pk]))
    assert response.status_code == 200
    eintrag = Protokolleintrag.objects.get(aktion="heruntergeladen", objekt_typ="antraege.dokument")
    assert (eintrag.wer, eintrag.objekt_id) == (ki_dortmund, str(dokument.pk))
    assert eintrag.details == {"antrag": antrag.pk, "art": "eingangsbestaetigung"}


@pytest.mark.django_db
def test_zuweisungen_garbage_stellen_is_a_field_error_not_a_500(dortmund):
    """Found by tests/test_fuzzing.py: Decimal('-\\x96ÆI') raised InvalidOperation inside has_changed()."""
    from programmteile.forms import _stufe

    with pytest.raises(ValueError):
        _stufe("-\x96ÆI")
    assert _stufe("1.5") == Decimal("1.5")
