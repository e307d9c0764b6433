"""Which wave-2 processes have data yet: a figure of a process without data is "noch nicht erfasst".

Decided per process, once per page (one query each, independent of the rows):

- ``verwendungsnachweis`` (anerkannt): the VN process exists once its model is installed
  (a zuwendungen model whose name starts with "verwendungsnachweis") or any grant has an
  ``anerkannt`` amount. Until then no grant can have been recognised, and 0 would be false.
- ``rueckforderung`` (zurückgefordert): claims are recorded by the VN, Änderung and Widerruf
  processes through ``rueckforderungen.erfassen``; the figure counts once such a process is
  installed or a claim exists.
- ``erstattung`` (erstattet, Zinsen): booked by the Widerruf process (Erstattungsbescheid,
  payments); counts once that process is installed or an Erstattung/Zinsen booking exists.

Mittelabruf and Auszahlung are built (issue 18): their figures are always numbers.
"""

from __future__ import annotations

from django.apps import apps

from zuwendungen.models import Buchung, Rueckforderung, Zuwendung

# Model-name prefixes in the zuwendungen app that show a process is installed.
MODELLE: dict[str, tuple[str, ...]] = {
    "verwendungsnachweis": ("verwendungsnachweis",),
    "rueckforderung": ("verwendungsnachweis", "aenderungsantrag", "rueckforderungsbrief"),
    # The Widerruf process (issue 21): its letters and the payments received on a claim.
    "erstattung": ("rueckforderungsbrief", "zahlungseingang"),
}

TITEL = {
    "verwendungsnachweis": "Prüfung der Verwendungsnachweise",
    "rueckforderung": "Rückforderungen (Verwendungsnachweis, Änderung, Widerruf)",
    "erstattung": "Widerruf und Erstattung",
}


def _installiert(praefixe: tuple[str, ...]) -> bool:
    namen = [m._meta.model_name for m in apps.get_app_config("zuwendungen").get_models()]
    return any(n.startswith(p) for n in namen for p in praefixe)


def _hat_zeilen(prozess: str) -> bool:
    if prozess == "verwendungsnachweis":
        return Zuwendung.objects.filter(anerkannt__isnull=False).exists()
    if prozess == "rueckforderung":
        return Rueckforderung.objects.exists()
    return Buchung.objects.filter(art__in=[Buchung.Art.ERSTATTUNG, Buchung.Art.ZINSEN]).exists()


def erfasst() -> dict[str, bool]:
    """{process: whether its figures are recorded}; "" (no process) is always True."""
    stand = {"": True}
    for prozess, praefixe in MODELLE.items():
        stand[prozess] = _installiert(praefixe) or _hat_zeilen(prozess)
    return stand
