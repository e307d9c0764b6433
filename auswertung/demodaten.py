"""Demo data of the Auswertung: the Administration has switched the Transparenz page on.

The figures themselves come from the other apps' demo stories (grants and payouts of the
current Förderjahr); this step only adds the one setting, idempotently.
"""

from __future__ import annotations

from auswertung.models import Transparenzschaltung, transparenz_schalten
from komman.models import User


def auswertung_demodaten(*, stdout) -> None:
    if Transparenzschaltung.objects.exists():
        return
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    transparenz_schalten(wer=admin, oeffentlich=True, grund="Demo: Veröffentlichung der bewilligten Zuwendungen als offene Daten")
    stdout.write("Demodaten Auswertung: Transparenzseite eingeschaltet (/auswertung/transparenz/).")
