"""Two-factor login: mandatory for the Bezirksregierung, optional for applicants, reset by Administration."""

from __future__ import annotations

import base64
import re
from html import unescape

import pytest
import segno
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from komman.middleware import ZWEI_FAKTOR_FREI
from komman.models import Protokolleintrag
from komman.zwei_faktor import DEMO_SCHLUESSEL_HEX, aktueller_code
from tests.factories import PASSWORT


@pytest.fixture
def pflicht(settings):
    settings.KOMMAN_2FA_PFLICHT = True


def _anmelden(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORT})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _geraet(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)


def _ohne_argumente(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _ohne_argumente(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield f"{prefix}{entry.name}"


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
@pytest.mark.parametrize("persona_name", ["pruefung_arnsberg", "zeichnung_arnsberg", "admin"])
def test_bezirksregierung_must_set_up_before_any_page(client, request, persona_name):
    user = request.getfixturevalue(persona_name)
    _anmelden(client, user)
    for name in _ohne_argumente():
        if name in ZWEI_FAKTOR_FREI or name in ("login", "sicherheit") or name.startswith("password_reset"):
            continue
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("zwei_faktor:einrichten")), name
    # The Django admin too, and POSTs (nothing is done before the second factor).
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("zwei_faktor:einrichten"))
    response = client.post(reverse("password_change"), {"old_password": PASSWORT})
    assert response["Location"] == reverse("zwei_faktor:einrichten")


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
def test_set_up_with_qr_code_key_and_backup_codes(client, pruefung_arnsberg):
    _anmelden(client, pruefung_arnsberg)
    seite = client.get(reverse("zwei_faktor:einrichten") + "?next=/")
    html = seite.content.decode()
    assert seite.status_code == 200 and "<h1>Zwei-Faktor-Anmeldung einrichten</h1>" in html
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml[^"]+" alt="QR-Code', html)
    geraet = TOTPDevice.objects.get(user=pruefung_arnsberg, confirmed=False)
    # The QR code holds the otpauth URL with issuer and key, drawn here (no outside service).
    assert geraet.config_url.startswith("otpauth://totp/KOMM-AN%20NRW")
    assert segno.make(geraet.config_url, error="m").svg_data_uri(scale=5, border=4) in unescape(html)
    schluessel = re.search(r'<code class="schluessel" id="schluessel">([A-Z2-7 ]+)</code>', html).group(1)
    b32 = schluessel.replace(" ", "")
    assert base64.b32decode(b32 + "=" * (-len(b32) % 8)) == geraet.bin_key
    # A wrong code: German message at the field, no device confirmed.
    falsch = client.post(reverse("zwei_faktor:einrichten"), {"code": "000000"})
    assert "Der Code passt nicht" in falsch.content.decode()
    assert not TOTPDevice.objects.filter(user=pruefung_arnsberg, confirmed=True).exists()
    geraet.refresh_from_db()
    geraet.throttle_reset()  # django-otp makes the person wait a second after a wrong code
    # The right code confirms the device and shows ten backup codes once.
    response = client.post(reverse("zwei_faktor:einrichten"), {"code": aktueller_code(geraet), "next": "/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("zwei_faktor:ersatzcodes"))
    codes_seite = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_seite)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=pruefung_arnsberg).values_list("token", flat=True)
    )
    assert not re.findall(r"<li><code>", client.get(reverse("zwei_faktor:ersatzcodes")).content.decode())
    assert client.get(reverse("start")).status_code == 200
    assert Protokolleintrag.objects.filter(wer=pruefung_arnsberg, aktion="2fa_eingerichtet").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
def test_login_asks_for_code_then_lets_in(client, zeichnung_arnsberg):
    geraet = _geraet(zeichnung_arnsberg)
    _anmelden(client, zeichnung_arnsberg)
    response = client.get(reverse("start"))
    assert response["Location"].startswith(reverse("zwei_faktor:pruefen"))
    seite = client.get(reverse("zwei_faktor:pruefen")).content.decode()
    # Before the second factor: no navigation, no counts of tasks.
    assert "Hauptnavigation" not in seite and "Meine Aufgaben" not in seite and "Abmelden" in seite
    falsch = client.post(reverse("zwei_faktor:pruefen"), {"code": "123456"})
    assert "Der Code ist nicht richtig" in falsch.content.decode()
    assert client.get(reverse("start")).status_code == 302
    # django-otp throttles after a failure (1 s, doubling); the person waits a moment.
    TOTPDevice.objects.filter(pk=geraet.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    richtig = client.post(
        reverse("zwei_faktor:pruefen") + "?next=/", {"code": aktueller_code(geraet), "next": "/"}
    )
    assert richtig["Location"] == "/"
    start = client.get(reverse("start"))
    assert start.status_code == 200 and "Hauptnavigation" in start.content.decode()
    aktionen = list(Protokolleintrag.objects.filter(wer=zeichnung_arnsberg).values_list("aktion", flat=True))
    assert "2fa_fehlgeschlagen" in aktionen and "2fa_bestaetigt" in aktionen


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
def test_code_cannot_be_replayed_and_next_cannot_leave_the_portal(client, zeichnung_arnsberg):
    geraet = _geraet(zeichnung_arnsberg)
    code = aktueller_code(geraet)
    _anmelden(client, zeichnung_arnsberg)
    response = client.post(reverse("zwei_faktor:pruefen"), {"code": code, "next": "https://boese.example/"})
    assert response["Location"] == reverse("start")
    client.post(reverse("logout"))
    _anmelden(client, zeichnung_arnsberg)
    wieder = client.post(reverse("zwei_faktor:pruefen"), {"code": code})
    assert wieder.status_code == 200 and "nicht richtig" in wieder.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
def test_backup_code_works_once(client, admin):
    _geraet(admin)
    from komman.zwei_faktor import _neue_ersatzcodes

    codes = _neue_ersatzcodes(admin)
    _anmelden(client, admin)
    response = client.post(reverse("zwei_faktor:pruefen"), {"code": f" {codes[0]} "})
    assert response.status_code == 302 and client.get(reverse("start")).status_code == 200
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    client.post(reverse("logout"))
    _anmelden(client, admin)
    assert "nicht richtig" in client.post(reverse("zwei_faktor:pruefen"), {"code": codes[0]}).content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
def test_password_alone_cannot_replace_the_device(client, pruefung_arnsberg):
    """Otherwise a stolen password would be enough to register the thief's phone."""
    _geraet(pruefung_arnsberg)
    _anmelden(client, pruefung_arnsberg)
    response = client.get(reverse("zwei_faktor:einrichten"))
    assert response["Location"].startswith(reverse("zwei_faktor:pruefen"))
    client.post(reverse("zwei_faktor:einrichten"), {"code": "123456"})
    assert TOTPDevice.objects.filter(user=pruefung_arnsberg).count() == 1
    assert client.post(reverse("zwei_faktor:ersatzcodes"))["Location"] == reverse("zwei_faktor:pruefen")
    assert not StaticToken.objects.filter(device__user=pruefung_arnsberg).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("pflicht")
def test_optional_for_applicants_but_used_once_set_up(client, ki_dortmund):
    _anmelden(client, ki_dortmund)
    assert client.get(reverse("start")).status_code == 200
    assert "nicht eingerichtet" in client.get(reverse("zwei_faktor:uebersicht")).content.decode()
    client.get(reverse("zwei_faktor:einrichten"))
    geraet = TOTPDevice.objects.get(user=ki_dortmund)
    client.post(reverse("zwei_faktor:einrichten"), {"code": aktueller_code(geraet)})
    client.post(reverse("logout"))
    _anmelden(client, ki_dortmund)
    assert client.get(reverse("start"))["Location"].startswith(reverse("zwei_faktor:pruefen"))
    # Switching it off needs the second factor first, then works and is recorded.
    assert client.post(reverse("zwei_faktor:entfernen"))["Location"] == reverse("zwei_faktor:pruefen")
    from komman.zwei_faktor import _neue_ersatzcodes

    client.post(reverse("zwei_faktor:pruefen"), {"code": _neue_ersatzcodes(ki_dortmund)[0]})
    assert client.post(reverse("zwei_faktor:entfernen"))["Location"] == reverse("zwei_faktor:uebersicht")
    assert not TOTPDevice.objects.filter(user=ki_dortmund).exists()
    assert Protokolleintrag.objects.filter(wer=ki_dortmund, aktion="2fa_entfernt").exists()


@pytest.mark.django_db
def test_bezirksregierung_cannot_switch_it_off(client, pruefung_arnsberg):
    _geraet(pruefung_arnsberg)
    client.force_login(pruefung_arnsberg)
    from django_otp import login as otp_login  # noqa: F401  (verification is not the point here)

    response = client.post(reverse("zwei_faktor:entfernen"))
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=pruefung_arnsberg).exists()


@pytest.mark.django_db
def test_administration_resets_another_persons_devices(client, admin, pruefung_arnsberg, zeichnung_arnsberg):
    _geraet(pruefung_arnsberg)
    from komman.zwei_faktor import _neue_ersatzcodes

    _neue_ersatzcodes(pruefung_arnsberg)
    url = reverse("zwei_faktor:zuruecksetzen", args=[pruefung_arnsberg.pk])
    for wer in (zeichnung_arnsberg,):
        client.force_login(wer)
        assert client.get(reverse("zwei_faktor:verwaltung")).status_code == 403
        assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=pruefung_arnsberg).exists()
    client.force_login(admin)
    liste = client.get(reverse("zwei_faktor:verwaltung")).content.decode()
    assert url in liste
    assert "zurücksetzen" in client.get(url).content.decode()
    assert client.post(url)["Location"] == reverse("zwei_faktor:verwaltung")
    assert not TOTPDevice.objects.filter(user=pruefung_arnsberg).exists()
    assert not StaticToken.objects.filter(device__user=pruefung_arnsberg).exists()
    eintrag = Protokolleintrag.objects.get(aktion="2fa_zurueckgesetzt")
    assert eintrag.wer == admin and eintrag.objekt_id == str(pruefung_arnsberg.pk)
    assert eintrag.details["geraete"] == 2
    assert client.post(reverse("zwei_faktor:zuruecksetzen", args=[admin.pk])).status_code == 403


@pytest.mark.django_db
def test_demo_totp_only_after_demodaten(settings, capsys):
    with pytest.raises(CommandError, match="demodaten"):
        call_command("demo_totp", "pruefung.arnsberg")
    settings.DEBUG = True
    call_command("demodaten")
    geraet = TOTPDevice.objects.get(user__username="pruefung.arnsberg", key=DEMO_SCHLUESSEL_HEX)
    capsys.readouterr()
    call_command("demo_totp", "pruefung.arnsberg")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    assert geraet.verify_token(code)
    assert not TOTPDevice.objects.filter(user__username="ki.dortmund").exists()
