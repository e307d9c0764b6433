"""Uploads that cannot hurt: checked by content, stored outside the web root, served as attachment.

For the upload view (Anlagen):

    form field:  datei = DateiFeld(label="Datei")          # runs pruefe_datei(), German errors
    on save:     geprueft = form.cleaned_data["datei"].komman_pruefung
                 pfad = ablage.speichere(form.cleaned_data["datei"], unterordner=f"anlagen/{antrag.pk}")
                 Anlage(dateiname=geprueft.dateiname, pfad=pfad, content_type=geprueft.content_type,
                        groesse=geprueft.groesse, sha256=geprueft.sha256, …)
    download:    return ablage.datei_antwort(anlage.pfad, anlage.dateiname, anlage.content_type)
    PDF bytes:   return ablage.inhalt_antwort(bytes(dokument.pdf), "Zuwendungsbescheid.pdf", "application/pdf")

Only PDF, PNG, JPEG, DOCX and XLSX are accepted, recognised by their first bytes (the
name and the browser's content type are not trusted); the extension must fit the content.
HTML, SVG, scripts, executables, macro documents, encrypted or scripted PDFs and
files that are two formats at once (polyglots) are refused.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

ERLAUBT = {
    # extension: content type
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ERLAUBT_TEXT = "PDF, PNG, JPEG, Word (DOCX) oder Excel (XLSX)"
# content type: the name users read in lists of attachments (never "application/pdf")
TYP_NAMEN = {
    "application/pdf": "PDF-Dokument",
    "image/png": "PNG-Bild",
    "image/jpeg": "JPEG-Bild",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word-Dokument",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel-Tabelle",
}


def typ_name(content_type: str) -> str:
    """'application/pdf' -> 'PDF-Dokument'; an unknown type is just 'Datei'."""
    return TYP_NAMEN.get(content_type, "Datei")

# Markers of content a browser would run; none belongs in the accepted formats.
_AKTIVE_INHALTE = re.compile(
    rb"<\s*(script|html|!doctype\s+html|svg|iframe|body|object|embed|meta\s+http-equiv)\b|javascript:",
    re.IGNORECASE,
)
# Keys of PDF dictionaries that run code, open other programs or carry hidden files.
_PDF_AKTIV = ("/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA")
# Action types (/S) that run code, send data or open other files and addresses (issue 24.5).
_PDF_AKTIONEN = (
    "/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/URI",
    "/Rendition", "/Sound", "/Movie", "/Hide", "/SetOCGState",
)  # fmt: skip
# Embedded documents that carry macros, whatever the outer file says.
_MAKRO_ENDUNGEN = (".xlsm", ".xltm", ".xlam", ".xlsb", ".docm", ".dotm", ".pptm", ".potm", ".ppsm", ".sldm")
_EXTERN = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_ZIP_MAX_EINTRAEGE = 5000
_ZIP_MAX_ENTPACKT = 200 * 1024 * 1024
_RESERVIERT = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def grenze_text() -> str:
    """settings.UPLOAD_MAX_BYTES in words: '20 MB', '500 KB', '100 Bytes'."""
    grenze = settings.UPLOAD_MAX_BYTES
    if grenze >= 1024 * 1024:
        return f"{grenze // (1024 * 1024)} MB"
    if grenze >= 1024:
        return f"{grenze // 1024} KB"
    return f"{grenze} Bytes"


@dataclass(frozen=True)
class GepruefteDatei:
    dateiname: str
    content_type: str
    groesse: int
    sha256: str


def sicherer_dateiname(name: str, *, max_laenge: int = 150) -> str:
    """A name safe for headers, file systems and display: no path, no control or odd characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")  # control, format, private
    name = re.sub(r"[^\w .()+,-]", "_", name)
    name = re.sub(r"\s+", " ", name).strip()
    stamm, punkt, endung = name.rpartition(".")
    if not punkt:
        stamm, endung = name, ""
    stamm = stamm.strip(" ._")
    endung = re.sub(r"[^\w]", "", endung.lower())[:10]
    if stamm.lower() in _RESERVIERT or not stamm:
        stamm = f"datei_{stamm}" if stamm else "datei"
    platz = max_laenge - (len(endung) + 1 if endung else 0)
    stamm = stamm[:platz].rstrip(" .")
    return f"{stamm}.{endung}" if endung else stamm


def _erkenne(kopf: bytes, inhalt: bytes) -> str | None:
    """The extension family of the content, or None."""
    if kopf.startswith(b"%PDF-"):
        return ".pdf"
    if kopf.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if kopf.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if kopf.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
                namen = set(z.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" in namen and "word/document.xml" in namen:
            return ".docx"
        if "[Content_Types].xml" in namen and "xl/workbook.xml" in namen:
            return ".xlsx"
    return None


def _fremdformat(kopf: bytes) -> str:
    if kopf.startswith(b"MZ") or kopf.startswith(b"\x7fELF") or kopf.startswith(b"#!"):
        return "Programme und Skripte"
    probe = kopf.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<svg", b"<?xml")):
        return "SVG- und XML-Dateien"
    if probe.startswith((b"<!doctype", b"<html", b"<script", b"<")):
        return "HTML-Dateien"
    if kopf.startswith(b"\xd0\xcf\x11\xe0"):
        return "alte Office-Formate (DOC, XLS) und Makro-Dokumente"
    return ""


def _pdf_aktiv(objekt, *, tiefe: int) -> bool:
    """True if the object or a direct object inside it runs code or carries files."""
    import pikepdf

    if tiefe > 50:
        return True  # absurd nesting is itself suspicious
    if isinstance(objekt, pikepdf.Stream):
        objekt = objekt.stream_dict
    if isinstance(objekt, pikepdf.Dictionary):
        schluessel = set(objekt.keys())
        if schluessel.intersection(_PDF_AKTIV):
            return True
        if "/S" in schluessel and str(objekt.get("/S")) in _PDF_AKTIONEN:
            return True
        werte = [objekt.get(k) for k in schluessel]
    elif isinstance(objekt, pikepdf.Array):
        werte = list(objekt)
    else:
        return False
    return any(
        _pdf_aktiv(w, tiefe=tiefe + 1)
        for w in werte
        if isinstance(w, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and not w.is_indirect
    )


def _pruefe_pdf(inhalt: bytes) -> None:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(inhalt)) as pdf:
            if pdf.is_encrypted:
                raise ValidationError(
                    "Verschlüsselte oder kennwortgeschützte PDF-Dateien können wir nicht annehmen. "
                    "Bitte laden Sie die Datei ohne Kennwort hoch."
                )
            for objekt in pdf.objects:
                if _pdf_aktiv(objekt, tiefe=0):
                    raise ValidationError(
                        "Die PDF-Datei enthält Skripte, eingebettete Dateien, Programmaufrufe, Formular-"
                        "Versand oder Verweise auf andere Dateien und Internetadressen. "
                        "Bitte speichern Sie sie ohne aktive Inhalte neu (z. B. „Als PDF drucken“)."
                    )
    except pikepdf.PdfError as e:
        raise ValidationError("Die PDF-Datei ist beschädigt und lässt sich nicht lesen.") from e
    except pikepdf.PasswordError as e:
        raise ValidationError(
            "Verschlüsselte oder kennwortgeschützte PDF-Dateien können wir nicht annehmen."
        ) from e


OFFICE_KAPUTT = "Die Office-Datei ist beschädigt und lässt sich nicht lesen. Bitte speichern Sie sie neu."
OFFICE_ZU_GROSS = "Die Office-Datei ist entpackt ungewöhnlich groß und wird nicht angenommen."


def _pruefe_office(inhalt: bytes, *, tiefe: int = 0) -> None:
    """Check a DOCX/XLSX; a damaged archive is a German message, never a 500 (BadZipFile)."""
    try:
        _pruefe_office_archiv(inhalt, tiefe=tiefe)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, KeyError, ValueError, OSError,
            NotImplementedError, RuntimeError) as e:  # fmt: skip
        raise ValidationError(OFFICE_KAPUTT) from e


def _entpacken(z: zipfile.ZipFile, eintrag: zipfile.ZipInfo, rest: int) -> bytes:
    """The entry's real bytes, at most `rest` of them: headers that understate the size do not
    count, the decompressed stream does; zipfile checks the CRC at the end (BadZipFile)."""
    teile, gelesen = [], 0
    with z.open(eintrag) as f:
        while stueck := f.read(1024 * 1024):
            gelesen += len(stueck)
            if gelesen > rest:
                raise ValidationError(OFFICE_ZU_GROSS)
            teile.append(stueck)
    return b"".join(teile)


def _pruefe_office_archiv(inhalt: bytes, *, tiefe: int) -> None:
    with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
        eintraege = z.infolist()
        if len(eintraege) > _ZIP_MAX_EINTRAEGE or sum(e.file_size for e in eintraege) > _ZIP_MAX_ENTPACKT:
            raise ValidationError(OFFICE_ZU_GROSS)
        rest = _ZIP_MAX_ENTPACKT
        for e in eintraege:
            name = e.filename.lower()
            if name.startswith("/") or ".." in name.split("/"):
                raise ValidationError(OFFICE_KAPUTT)
            if name.endswith((".bin", ".exe", ".dll", ".js", ".vbs")) or "vbaproject" in name:
                raise ValidationError(
                    "Die Office-Datei enthält Makros oder eingebettete Programme. Bitte speichern Sie sie "
                    "als normale DOCX- oder XLSX-Datei ohne Makros."
                )
            if name.endswith(_MAKRO_ENDUNGEN):
                raise ValidationError(
                    "Die Office-Datei enthält ein eingebettetes Dokument mit Makros (z. B. XLSM). Bitte "
                    "entfernen Sie es oder fügen Sie es als normale XLSX- oder DOCX-Datei ein."
                )
            daten = _entpacken(z, e, rest)
            rest -= len(daten)
            if name.endswith(".rels"):
                _pruefe_beziehungen(daten)
            elif daten.startswith(b"PK\x03\x04") and tiefe == 0:
                _pruefe_office(daten, tiefe=1)  # an embedded DOCX/XLSX: the same rules inside
        typen = z.read("[Content_Types].xml").lower()
        if b"macroenabled" in typen or b"vbaproject" in typen:
            raise ValidationError("Dokumente mit Makros (DOCM, XLSM) können wir nicht annehmen.")


def _pruefe_beziehungen(daten: bytes) -> None:
    """External relationships load something from elsewhere when opened (a template from a URL,
    linked workbooks, OLE links); only hyperlinks, which Word opens on a click, may point outside."""
    for beziehung in _EXTERN.findall(daten):
        if re.search(rb'TargetMode\s*=\s*["\']External["\']', beziehung, re.IGNORECASE) and not re.search(
            rb'Type\s*=\s*["\'][^"\']*/hyperlink["\']', beziehung, re.IGNORECASE
        ):
            raise ValidationError(
                "Die Office-Datei lädt beim Öffnen Inhalte aus einer anderen Quelle (z. B. eine Vorlage "
                "aus dem Internet). Bitte speichern Sie sie ohne externe Verknüpfungen neu."
            )


def pruefe_inhalt(inhalt: bytes, dateiname: str) -> GepruefteDatei:
    """Check bytes and name; raise ValidationError with a German message, else describe the file."""
    name = sicherer_dateiname(dateiname)
    endung = Path(name).suffix.lower()
    groesse = len(inhalt)
    if groesse == 0:
        raise ValidationError("Die Datei ist leer.")
    if groesse > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(f"Die Datei ist zu groß: höchstens {grenze_text()} sind erlaubt.")
    if endung not in ERLAUBT:
        raise ValidationError(
            f"Dateien mit der Endung „{endung or '(keine)'}“ können wir nicht annehmen. "
            f"Erlaubt sind {ERLAUBT_TEXT}."
        )
    kopf = inhalt[:1024]
    art = _erkenne(kopf, inhalt)
    if art is None:
        fremd = _fremdformat(kopf)
        grund = f"{fremd} sind nicht erlaubt. " if fremd else ""
        raise ValidationError(
            f"Der Inhalt der Datei passt zu keinem erlaubten Format. {grund}Erlaubt sind {ERLAUBT_TEXT}."
        )
    familie = ".jpg" if endung == ".jpeg" else endung
    if art != familie:
        raise ValidationError(
            f"Die Endung „{endung}“ passt nicht zum Inhalt der Datei ({ERLAUBT[art].split('/')[-1]}). "
            "Bitte laden Sie die Originaldatei hoch."
        )
    if art in (".pdf", ".png", ".jpg") and _AKTIVE_INHALTE.search(inhalt):
        raise ValidationError(
            "Die Datei enthält Bestandteile einer Webseite (HTML oder Skript) und wird deshalb nicht angenommen."
        )
    if art == ".pdf":
        _pruefe_pdf(inhalt)
    elif art in (".docx", ".xlsx"):
        _pruefe_office(inhalt)
    return GepruefteDatei(
        dateiname=name,
        content_type=ERLAUBT[endung],
        groesse=groesse,
        sha256=hashlib.sha256(inhalt).hexdigest(),
    )


def pruefe_datei(datei) -> GepruefteDatei:
    """Check an UploadedFile (size first, without reading a huge file into memory)."""
    if datei.size is not None and datei.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(f"Die Datei ist zu groß: höchstens {grenze_text()} sind erlaubt.")
    datei.seek(0)
    inhalt = datei.read()
    datei.seek(0)
    return pruefe_inhalt(inhalt, datei.name)


class DateiFeld(forms.FileField):
    """A FileField that accepts only what pruefe_datei() accepts; the result is on `.komman_pruefung`."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", f"{ERLAUBT_TEXT}, höchstens {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB."
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Bitte wählen Sie eine Datei aus.",
                "empty": "Die Datei ist leer.",
                "invalid": "Bitte wählen Sie eine Datei aus.",
                "missing": "Bitte wählen Sie eine Datei aus.",
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(ERLAUBT))

    def clean(self, data, initial=None):
        datei = super().clean(data, initial)
        if datei and hasattr(datei, "read"):
            datei.komman_pruefung = pruefe_datei(datei)
        return datei
