"""Issue 24, findings 3, 6, 7, 9, 10, 11: bad input, rate limits, exports, the PDF loader."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from komman.export import zelle
from komman.models import Barrierefreiheitsmeldung, Organisation, Protokolleintrag
from tests.factories import make_eingereichter_antrag, make_periode, make_traeger

# --- 3. Password reset: through komman.mails, limited per address and per IP ----------------


@pytest.mark.django_db
def test_password_reset_goes_through_komman_mails(client, ki_dortmund, monkeypatch):
    from komman import mails

    gesendet = []
    original = mails.senden
    monkeypatch.setattr(mails, "senden", lambda **kw: gesendet.append(kw) or original(**kw))
    client.post(reverse("password_reset"), {"email": ki_dortmund.email})
    client.post(reverse("password_reset"), {"email": "niemand@test.invalid"})
    # the same work for both: one hand-over each, the unknown address to nobody
    assert [g["an"] for g in gesendet] == [[ki_dortmund.email], []]
    assert len(mail.outbox) == 1 and "/passwort/neu/" in mail.outbox[0].body
    assert Protokolleintrag.objects.filter(aktion="passwort_angefordert").count() == 2


@pytest.mark.django_db
def test_password_reset_limited_per_address(client, ki_dortmund, settings):
    settings.KOMMAN_DROSSEL = True
    antworten = [
        client.post(reverse("password_reset"), {"email": ki_dortmund.email}, REMOTE_ADDR=f"10.9.0.{i}")
        for i in range(6)
    ]
    assert len(mail.outbox) == 3
    assert antworten[-1].status_code == 429
    assert "zu viele" in antworten[-1].content.decode()


@pytest.mark.django_db
def test_password_reset_limited_per_ip(client, settings):
    settings.KOMMAN_DROSSEL = True
    codes = [
        client.post(
            reverse("password_reset"), {"email": f"x{i}@test.invalid"}, REMOTE_ADDR="10.9.1.1"
        ).status_code
        for i in range(12)
    ]
    assert codes[:10] == [302] * 10 and codes[10:] == [429, 429]


# --- 10. Accessibility feedback: limited per IP ---------------------------------------------


@pytest.mark.django_db
def test_accessibility_feedback_limited_per_ip(client, settings):
    settings.KOMMAN_DROSSEL = True
    codes = [
        client.post(
            reverse("barrierefreiheit"), {"nachricht": f"Barriere {i}"}, REMOTE_ADDR="10.9.2.1"
        ).status_code
        for i in range(8)
    ]
    assert codes[:5] == [302] * 5 and set(codes[5:]) == {429}
    assert Barrierefreiheitsmeldung.objects.count() == 5
    assert (
        client.post(reverse("barrierefreiheit"), {"nachricht": "x"}, REMOTE_ADDR="10.9.2.2").status_code
        == 302
    )


# --- 6. CSV formula injection ----------------------------------------------------------------


@pytest.mark.parametrize(
    "wert,erwartet",
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-1.234,56", "-1.234,56"),
     ("Stadt Dortmund", "Stadt Dortmund"), (None, "")],
)  # fmt: skip
def test_zelle_neutralises_formulas(wert, erwartet):
    assert zelle(wert) == erwartet


@pytest.mark.django_db
def test_reviewer_export_neutralises_a_traeger_named_as_a_formula(client, pruefung_arnsberg):
    traeger = make_traeger('=HYPERLINK("http://boese.invalid","Klick")')
    make_eingereichter_antrag(make_periode("III"), traeger, aktenzeichen="AZ-FORMEL")
    client.force_login(pruefung_arnsberg)
    inhalt = b"".join(client.get(reverse("antraege:pruefung_export")).streaming_content).decode()
    zeilen = list(csv.reader(io.StringIO(inhalt.lstrip("\ufeff")), delimiter=";"))
    namen = [z[1] for z in zeilen[1:]]
    assert namen and all(not n.startswith(("=", "+", "-", "@")) for n in namen)
    assert "'=HYPERLINK" in inhalt


# --- 7. Text-direction control characters ----------------------------------------------------


@pytest.mark.django_db
def test_direction_controls_are_stripped_from_every_text_field(client):
    client.post(reverse("barrierefreiheit"), {"nachricht": "Rechnung\u202efdp.exe", "name": "A\u2066B\u200f"})
    meldung = Barrierefreiheitsmeldung.objects.get()
    assert meldung.nachricht == "Rechnungfdp.exe" and meldung.name == "AB"


@pytest.mark.django_db
def test_direction_controls_never_reach_a_traeger_name(client, admin):
    client.force_login(admin)
    client.post(
        reverse("verwaltung_traeger_neu"),
        {"name": "Caritas \u202eevil", "strasse": "Weg 1", "plz": "44135", "ort": "Dortmund",
         "verwaltungsgericht": "Gelsenkirchen"},
    )  # fmt: skip
    assert not Organisation.objects.filter(name__contains="\u202e").exists()


# --- 9. Bad input answered with a message, never 500 ----------------------------------------


@pytest.mark.django_db
def test_login_with_a_very_long_username_is_no_500(client):
    antwort = client.post(reverse("login"), {"username": "a" * 300, "password": "x"})
    assert antwort.status_code == 200


@pytest.mark.django_db
def test_nul_in_an_export_filter_is_no_500(client, pruefung_arnsberg):
    client.force_login(pruefung_arnsberg)
    antwort = client.get(reverse("antraege:pruefung_export") + "?antragsteller=a%00b")
    assert antwort.status_code in (200, 400)
    if antwort.status_code == 200:
        b"".join(antwort.streaming_content)
    eintrag = Protokolleintrag.objects.filter(aktion="heruntergeladen").first()
    assert eintrag is None or "\x00" not in str(eintrag.details)


@pytest.mark.django_db
def test_extreme_dates_in_the_protokoll_filter_are_a_field_message(client, admin):
    client.force_login(admin)
    antwort = client.get(reverse("protokoll"), {"von": "0001-01-01", "bis": "9999-12-31"})
    assert antwort.status_code == 200
    assert "zwischen 01.01.2000 und 31.12.2999" in antwort.content.decode()


@pytest.mark.django_db
def test_a_form_with_200_lines_is_not_refused_for_its_number_of_fields(client):
    felder = {f"positionen-{i}-{n}": "1" for i in range(200) for n in range(12)}
    antwort = client.post(reverse("login"), {"username": "x", "password": "y", **felder})
    assert antwort.status_code == 200


# --- 11. The PDF loader decodes before it checks ---------------------------------------------


@pytest.mark.parametrize(
    "pfad,erlaubt",
    [("bescheide/x.css", True), ("%2e%2e/komman/settings.py", False), ("..%2fkomman/settings.py", False),
     ("%252e%252e/%252e%252e/etc/passwd", False), ("fonts/%2e%2e/%2e%2e/manage.py", False)],
)  # fmt: skip
def test_pdf_loader_decodes_and_resolves_the_path(pfad, erlaubt):
    from antraege.bescheide.pdf import STATIC_URI, in_static

    assert in_static(STATIC_URI + pfad) is erlaubt
