# ruff: noqa: F811 - the perioden fixture is imported, then used as an argument
"""Attachments: type by content, size limit, private storage, download only after the lookup."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antraege.models import Anlage
from tests.antraege.fixtures_antragstellung import perioden  # noqa: F401
from tests.factories import make_antrag
from tests.komman.test_sicherheit import pdf_bytes

# A real PDF: komman.uploads opens PDFs to look for scripts (docs/sicherheit.md).
PDF = pdf_bytes()

pytestmark = pytest.mark.django_db


def _zip(*namen: str) -> bytes:
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        archiv.writestr("[Content_Types].xml", "<Types/>")
        for name in namen:
            archiv.writestr(name, "<x/>")
    return puffer.getvalue()


@pytest.fixture
def entwurf(dortmund, ki_dortmund, perioden):
    return make_antrag(perioden["I"], dortmund, erstellt_von=ki_dortmund)


@pytest.mark.parametrize(
    ("name", "inhalt", "typ"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("bild.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (
            "text.docx",
            _zip("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "tabelle.xlsx",
            _zip("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_upload_accepted_by_content(client, ki_dortmund, entwurf, settings, name, inhalt, typ):
    client.force_login(ki_dortmund)
    url = reverse("antraege:anlagen", args=[entwurf.pk])
    response = client.post(url, {"datei": SimpleUploadedFile(name, inhalt), "beschreibung": "Belegungsplan"})
    assert response.status_code == 302
    anlage = Anlage.objects.get(antrag=entwurf)
    assert anlage.content_type == typ and anlage.dateiname == name
    pfad = settings.PRIVATE_ROOT / anlage.pfad
    assert pfad.read_bytes() == inhalt
    assert name not in anlage.pfad  # random file name on disk

    download = client.get(reverse("antraege:anlage_herunterladen", args=[entwurf.pk, anlage.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == inhalt


@pytest.mark.parametrize(
    ("name", "inhalt", "meldung"),
    [
        ("boese.pdf", b"MZ\x90\x00 not a pdf", "passt zu keinem erlaubten Format"),
        ("skript.html", b"<script>alert(1)</script>", "Endung „.html“"),
        ("archiv.docx", _zip("andere/datei.xml"), "passt zu keinem erlaubten Format"),
        ("kaputt.xlsx", b"PK\x03\x04 kein zip", "passt zu keinem erlaubten Format"),
        # Disguised and polyglot files (komman.uploads)
        ("rechnung.pdf", b"<!DOCTYPE html><script>alert(document.cookie)</script>", "HTML-Dateien"),
        ("polyglott.pdf", PDF + b"<html><script>alert(1)</script></html>", "Webseite"),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "Endung „.svg“"),
    ],
)
def test_upload_refused_by_content(client, ki_dortmund, entwurf, name, inhalt, meldung):
    client.force_login(ki_dortmund)
    response = client.post(
        reverse("antraege:anlagen", args=[entwurf.pk]), {"datei": SimpleUploadedFile(name, inhalt)}
    )
    assert response.status_code == 200
    assert meldung in response.content.decode()
    assert not Anlage.objects.exists()


def test_upload_size_limit(client, ki_dortmund, entwurf, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(ki_dortmund)
    response = client.post(
        reverse("antraege:anlagen", args=[entwurf.pk]),
        {"datei": SimpleUploadedFile("gross.pdf", b"%PDF-" + b"x" * 200)},
    )
    assert "Die Datei ist zu groß" in response.content.decode()
    assert not Anlage.objects.exists()


def test_download_name_is_sanitised_and_removed_files_are_gone(client, ki_dortmund, entwurf):
    client.force_login(ki_dortmund)
    # A line break cuts the name in the multipart header: no extension left, refused.
    response = client.post(
        reverse("antraege:anlagen", args=[entwurf.pk]),
        {"datei": SimpleUploadedFile('../../etc/"pass\r\nwd".pdf', PDF)},
    )
    assert response.status_code == 200 and not Anlage.objects.exists()
    client.post(
        reverse("antraege:anlagen", args=[entwurf.pk]),
        {"datei": SimpleUploadedFile('../../etc/"pass wd".pdf', PDF)},
    )
    anlage = Anlage.objects.get()
    response = client.get(reverse("antraege:anlage_herunterladen", args=[entwurf.pk, anlage.pk]))
    kopf = response["Content-Disposition"]
    assert "\r" not in kopf and "\n" not in kopf and ".." not in kopf and "/" not in kopf.split("filename")[1]
    assert client.post(reverse("antraege:anlage_entfernen", args=[entwurf.pk, anlage.pk])).status_code == 302
    assert (
        client.get(reverse("antraege:anlage_herunterladen", args=[entwurf.pk, anlage.pk])).status_code == 404
    )


def test_no_upload_after_submission(client, ki_dortmund, dortmund, perioden):
    antrag = make_antrag(perioden["II"], dortmund, status="eingereicht", aktenzeichen="KA-II-2026-0001")
    client.force_login(ki_dortmund)
    response = client.post(
        reverse("antraege:anlagen", args=[antrag.pk]), {"datei": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not Anlage.objects.exists()
