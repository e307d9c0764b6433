"""Where uploaded files live (PRIVATE_ROOT, outside the web root) and how they are served:
always as an attachment with safe headers (split from komman/uploads.py, which checks them)."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, HttpResponse

from komman.uploads import ERLAUBT, sicherer_dateiname


def loeschen(pfad: str | Path) -> None:
    """Remove a stored file (an Anlage removed from an Antrag); a missing file is no error."""
    _ablage(pfad).unlink(missing_ok=True)


def _ablage(pfad: str | Path) -> Path:
    basis = Path(settings.PRIVATE_ROOT).resolve()
    ziel = (basis / pfad).resolve()
    if not ziel.is_relative_to(basis):
        raise SuspiciousFileOperation("Datei liegt außerhalb der Ablage.")
    return ziel


def speichere(datei, *, unterordner: str) -> str:
    """Store under PRIVATE_ROOT with a random name; returns the path relative to PRIVATE_ROOT."""
    relativ = Path(unterordner) / f"{uuid.uuid4().hex}{Path(sicherer_dateiname(datei.name)).suffix}"
    ziel = _ablage(relativ)
    ziel.parent.mkdir(parents=True, exist_ok=True)
    datei.seek(0)
    with open(ziel, "xb") as f:
        for stueck in datei.chunks():
            f.write(stueck)
    return relativ.as_posix()


def _sichere_koepfe(response: HttpResponse, dateiname: str) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # A file opened in the browser anyway runs in an empty sandbox: no script, no form, no origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _sicherer_typ(content_type: str) -> str:
    return content_type if content_type in set(ERLAUBT.values()) else "application/octet-stream"


def datei_antwort(pfad: str | Path, dateiname: str, content_type: str) -> FileResponse:
    """Serve a stored file as a download (never inline), with the headers that keep it inert."""
    name = sicherer_dateiname(dateiname)
    datei = open(_ablage(pfad), "rb")  # noqa: SIM115 - FileResponse closes it
    response = FileResponse(
        datei, as_attachment=True, filename=name, content_type=_sicherer_typ(content_type)
    )
    return _sichere_koepfe(response, name)


def inhalt_antwort(inhalt: bytes, dateiname: str, content_type: str) -> FileResponse:
    """Like datei_antwort() for bytes from the database (e.g. Dokument.pdf)."""
    name = sicherer_dateiname(dateiname)
    response = FileResponse(
        io.BytesIO(inhalt), as_attachment=True, filename=name, content_type=_sicherer_typ(content_type)
    )
    return _sichere_koepfe(response, name)
