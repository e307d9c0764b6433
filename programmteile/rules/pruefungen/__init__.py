"""The checks: one function per rule, each yielding its Befunde; the registry PRUEFUNGEN.

Split by topic: ``gemeinsam`` (every part: amounts, deadline, early start, LRH copy),
``teil1``, ``teil2``, ``teil3``.
"""

from __future__ import annotations

from .gemeinsam import Pruefung, pruefe_beginn, pruefe_betraege, pruefe_frist, pruefe_lrh_kopie
from .teil1 import pruefe_personal, pruefe_sachmittel, pruefe_stellen_stufe, pruefe_stellen_zuweisung
from .teil2 import (
    pruefe_ankommenstreffpunkt,
    pruefe_einheiten,
    pruefe_empfaenger,
    pruefe_pauschalen,
    pruefe_summe,
)
from .teil3 import (
    pruefe_bagatellgrenze,
    pruefe_finanzierungsplan,
    pruefe_handlungsfeld,
    pruefe_hoechstsatz,
    pruefe_investitionen,
    pruefe_mindestbetrag,
    pruefe_personal_iii,
    pruefe_sachpauschale,
)

_ALLE = (pruefe_frist, pruefe_beginn, pruefe_lrh_kopie)
PRUEFUNGEN: dict[str, tuple[Pruefung, ...]] = {
    "I": (
        pruefe_betraege,
        pruefe_stellen_stufe,
        pruefe_stellen_zuweisung,
        pruefe_personal,
        pruefe_sachmittel,
        *_ALLE,
    ),
    "II": (
        pruefe_betraege,
        pruefe_pauschalen,
        pruefe_einheiten,
        pruefe_ankommenstreffpunkt,
        pruefe_empfaenger,
        pruefe_summe,
        *_ALLE,
    ),
    "III": (
        pruefe_betraege,
        pruefe_handlungsfeld,
        pruefe_investitionen,
        pruefe_personal_iii,
        pruefe_sachpauschale,
        pruefe_hoechstsatz,
        pruefe_mindestbetrag,
        pruefe_bagatellgrenze,
        pruefe_finanzierungsplan,
        *_ALLE,
    ),
}
