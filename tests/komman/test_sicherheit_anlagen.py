"""Issue 24, findings 5 and 8: upload filter gaps, quota, removed files, body limit, the submit race."""

from __future__ import annotations

import io
import struct
import zipfile
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from komman import uploads
from komman.models import Rolle
from tests.factories import TEIL1_GUELTIG, make_antrag, make_kommune, make_periode, make_user, make_zuweisung
from tests.komman.test_sicherheit import office_bytes, pdf_bytes


def docx(**extra: bytes | str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml", '<?xml version="1.0"?><Types><Override ContentType="document"/></Types>'
        )
        z.writestr("word/document.xml", "<x/>")
        for name, inhalt in extra.items():
            z.writestr(name.replace("__", "/").replace("_DOT_", "."), inhalt)
    return out.getvalue()


def test_docx_loading_an_external_template_is_refused():
    rels = (
        '<?xml version="1.0"?><Relationships><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        'Target="http://angreifer.invalid/vorlage.dotm" TargetMode="External"/></Relationships>'
    )
    with pytest.raises(ValidationError, match="anderen Quelle"):
        uploads.pruefe_inhalt(docx(word___rels__settings_DOT_xml_DOT_rels=rels), "a.docx")


def test_docx_with_a_hyperlink_passes():
    rels = (
        '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://www.nrw.de" TargetMode="External"/></Relationships>'
    )
    uploads.pruefe_inhalt(docx(word___rels__document_DOT_xml_DOT_rels=rels), "a.docx")


def test_docx_with_an_embedded_xlsm_is_refused():
    with pytest.raises(ValidationError, match="eingebettetes Dokument mit Makros"):
        uploads.pruefe_inhalt(docx(word__embeddings__Tabelle_DOT_xlsm=office_bytes("xl")), "a.docx")
    # an embedded XLSX with a macro inside, named innocently
    with pytest.raises(ValidationError, match="Makros"):
        uploads.pruefe_inhalt(
            docx(word__embeddings__Tabelle_DOT_xlsx=office_bytes("xl", makro=True)), "a.docx"
        )


@pytest.mark.parametrize("aktion", ["GoToR", "SubmitForm", "URI", "Launch", "ImportData"])
def test_pdf_actions_are_refused(aktion):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name("/" + aktion), F=pikepdf.String("http://x.invalid/")
    )
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(ValidationError, match="Internetadressen"):
        uploads.pruefe_inhalt(out.getvalue(), "a.pdf")


def _luegende_groesse(inhalt: bytes, eintrag: str, groesse: int) -> bytes:
    """Rewrite the uncompressed size of `eintrag` in local and central headers."""
    daten = bytearray(inhalt)
    name = eintrag.encode()
    for signatur, versatz in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (i := daten.find(signatur, start)) != -1:
            namen_versatz = 30 if signatur == b"PK\x03\x04" else 46
            laenge = struct.unpack("<H", daten[i + (26 if signatur == b"PK\x03\x04" else 28) :][:2])[0]
            if bytes(daten[i + namen_versatz : i + namen_versatz + laenge]) == name:
                daten[i + versatz : i + versatz + 4] = struct.pack("<I", groesse)
            start = i + 4
    return bytes(daten)


def test_zip_bomb_with_understated_headers_is_refused(settings):
    bombe = docx(word__media__null_DOT_xml=b"\x00" * (30 * 1024 * 1024))
    bombe = _luegende_groesse(bombe, "word/media/null.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(bombe)) as z:
        assert sum(e.file_size for e in z.infolist()) < 10_000  # the headers lie
    with pytest.raises(ValidationError) as fehler:
        uploads.pruefe_inhalt(bombe, "bombe.docx")
    assert "beschädigt" in fehler.value.messages[0] or "ungewöhnlich groß" in fehler.value.messages[0]


def test_real_size_counts_not_the_header(monkeypatch):
    monkeypatch.setattr(uploads, "_ZIP_MAX_ENTPACKT", 1024 * 1024)
    with pytest.raises(ValidationError, match="ungewöhnlich groß"):
        uploads.pruefe_inhalt(docx(word__media__a_DOT_bin_DOT_txt=b"\x00" * (2 * 1024 * 1024)), "a.docx")


def test_bad_crc_is_a_field_message_not_a_500():
    gut = docx(word__text_DOT_xml="Hallo Welt " * 100)
    kaputt = bytearray(gut)
    i = kaputt.find(b"PK\x01\x02")
    while i != -1:  # flip the CRC of every central directory entry
        kaputt[i + 16] ^= 0xFF
        i = kaputt.find(b"PK\x01\x02", i + 4)
    with pytest.raises(ValidationError, match="beschädigt"):
        uploads.pruefe_inhalt(bytes(kaputt), "a.docx")


# --- Quota, removal, body limit ---------------------------------------------------------------


@pytest.mark.django_db
def test_per_antrag_quota(client, ki_dortmund, dortmund, settings, tmp_path):
    from antraege.models import Anlage

    settings.PRIVATE_ROOT = tmp_path
    settings.ANLAGEN_MAX_ANZAHL = 3
    antrag = make_antrag(make_periode("II"), dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    url = reverse("antraege:anlagen", args=[antrag.pk])
    for i in range(4):
        antwort = client.post(url, {"datei": SimpleUploadedFile(f"a{i}.pdf", pdf_bytes())}, follow=True)
    assert Anlage.objects.filter(antrag=antrag).count() == 3
    assert "höchstens 3 Anlagen" in antwort.content.decode()
    settings.ANLAGEN_MAX_ANZAHL = 50
    settings.ANLAGEN_MAX_BYTES = 3 * len(pdf_bytes()) + 10
    antwort = client.post(url, {"datei": SimpleUploadedFile("x.pdf", pdf_bytes())}, follow=True)
    assert "zusammen höchstens" in antwort.content.decode()
    assert Anlage.objects.filter(antrag=antrag).count() == 3


@pytest.mark.django_db
def test_removed_attachment_is_deleted_from_disk(
    client, ki_dortmund, dortmund, settings, tmp_path, django_capture_on_commit_callbacks
):
    from antraege.models import Anlage

    settings.PRIVATE_ROOT = tmp_path
    antrag = make_antrag(make_periode("II"), dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    client.post(
        reverse("antraege:anlagen", args=[antrag.pk]), {"datei": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )
    anlage = Anlage.objects.get()
    datei = Path(tmp_path) / anlage.pfad
    assert datei.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("antraege:anlage_entfernen", args=[antrag.pk, anlage.pk]))
    anlage.refresh_from_db()
    assert anlage.geloescht and not datei.exists()


@pytest.mark.django_db
def test_oversized_body_refused_before_it_is_read(client, ki_dortmund, dortmund, settings):
    antrag = make_antrag(make_periode("II"), dortmund, erstellt_von=ki_dortmund)
    client.force_login(ki_dortmund)
    gelesen = []

    class Strom(io.BytesIO):
        def read(self, *args):
            gelesen.append(args)
            return super().read(*args)

    antwort = client.generic(
        "POST",
        reverse("antraege:anlagen", args=[antrag.pk]),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": Strom(b"")},
    )
    assert antwort.status_code == 413
    assert "zu groß" in antwort.content.decode()
    assert not gelesen


# --- 8. Attachments after submission: the same lock as submit (PostgreSQL) -------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_attachment_lands_after_submission(settings, tmp_path):
    import threading

    from django.db import connection

    from antraege import workflow
    from antraege.models import Anlage, Antrag

    settings.PRIVATE_ROOT = tmp_path
    periode = make_periode("I")
    kommune = make_kommune("Rennstadt", kreisschluessel="09999")
    make_zuweisung(periode, kommune, stellen=Decimal("1.5"))
    zb = make_user(
        "zeichnung.renn", organisation=kommune, rolle=[Rolle.ZEICHNUNGSBERECHTIGT, Rolle.SACHBEARBEITUNG]
    )
    antrag = make_antrag(periode, kommune, erstellt_von=zb, teil1=TEIL1_GUELTIG)
    aufgaben = [lambda: workflow.submit(antrag=Antrag.objects.get(pk=antrag.pk), by=zb)]
    for i in range(10):
        datei = SimpleUploadedFile(f"a{i}.pdf", pdf_bytes())
        datei.komman_pruefung = uploads.pruefe_datei(datei)
        aufgaben.append(
            lambda d=datei: workflow.anlage_hinzufuegen(
                antrag=Antrag.objects.get(pk=antrag.pk), by=zb, datei=d
            )
        )
    barriere = threading.Barrier(len(aufgaben))

    def lauf(aufgabe):
        try:
            barriere.wait()
            aufgabe()
        except Exception:  # noqa: BLE001, S110 - refused uploads are expected
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=lauf, args=(a,)) for a in aufgaben]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    antrag = Antrag.objects.get(pk=antrag.pk)
    assert antrag.eingereicht_am is not None
    assert not Anlage.objects.filter(antrag=antrag, hochgeladen_am__gt=antrag.eingereicht_am).exists()
