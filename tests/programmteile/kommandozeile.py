"""Running the JSON commands (regelpruefung, zuwendungsrechner) in tests: through manage.py in a
subprocess (no SECRET_KEY, an unreachable database) or in-process through call_command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]


def manage_py(kommando: str, *args: str, eingabe: bytes | None = None) -> tuple[int, dict]:
    """Run the real command line; assert stdout is exactly one JSON object and stderr is empty."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "komman.settings"
    env["DATABASE_URL"] = "postgres://niemand@127.0.0.1:9/keine"  # any database access would fail
    lauf = subprocess.run(
        [sys.executable, "manage.py", kommando, *args],
        cwd=REPO,
        input=eingabe,
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert lauf.stderr == b"", lauf.stderr.decode()
    return lauf.returncode, json.loads(lauf.stdout)


def datei(inhalt: bytes | str | dict, verzeichnis: Path) -> str:
    if isinstance(inhalt, dict):
        inhalt = json.dumps(inhalt)
    if isinstance(inhalt, str):
        inhalt = inhalt.encode()
    pfad = Path(tempfile.mkstemp(suffix=".json", dir=verzeichnis)[1])
    pfad.write_bytes(inhalt)
    return str(pfad)


def rufe(kommando: str, *args: str) -> tuple[int, dict, str]:
    """call_command in-process: exit status, parsed stdout, stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as ende:
        call_command(kommando, *args, stdout=stdout, stderr=stderr)
    return ende.value.code, json.loads(stdout.getvalue()), stderr.getvalue()
