"""Letters of the grant's life, on antraege.bescheide's PDF machinery (WeasyPrint, PDF/A-3a).

``einmal_rendern``: the one way a stored letter gets its PDF: once, after commit, only while it
has none (``UPDATE … WHERE sha256 = ''``); a failure is logged and ``nachholen`` tries again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)


def einmal_rendern(modell, brief_id: int, pdf_aus_daten: Callable[[dict], bytes]) -> bool:
    daten = modell.objects.filter(pk=brief_id, sha256="").values_list("daten", flat=True).first()
    if daten is None:
        return False
    try:
        pdf = pdf_aus_daten(daten)
    except Exception:
        logger.exception("%s %s konnte nicht erzeugt werden.", modell._meta.verbose_name, brief_id)
        return False
    sha = hashlib.sha256(pdf).hexdigest()
    return bool(modell.objects.filter(pk=brief_id, sha256="").update(pdf=pdf, sha256=sha))


def alle_nachholen(modell, rendern: Callable[..., bool]) -> int:
    return sum(rendern(brief_id=pk) for pk in modell.objects.filter(sha256="").values_list("pk", flat=True))
