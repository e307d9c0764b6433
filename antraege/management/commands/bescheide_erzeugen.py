"""Generates the missing Bescheide of one Förderperiode: missing Dokument rows, then missing PDFs.

One long-lived process (WeasyPrint is imported once). Every PDF is committed on its own with
the write-once UPDATE, so Ctrl-C loses nothing and a second run continues where the first
stopped: no duplicates, no gaps.
"""

from __future__ import annotations

import re
import signal
import time

from django.core.management.base import BaseCommand, CommandError

from antraege import bescheide
from antraege.models import Dokument
from programmteile.models import Foerderperiode


class Fortschritt:
    """One progress line on stderr: count, rate, time left."""

    def __init__(self, stream, label: str):
        self.stream, self.label, self.start = stream, label, time.monotonic()
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.zuletzt = 0.0

    def __call__(self, fertig: int, gesamt: int) -> None:
        jetzt = time.monotonic()
        if fertig < gesamt and jetzt - self.zuletzt < (0.5 if self.tty else 10):
            return
        self.zuletzt = jetzt
        dauer = max(jetzt - self.start, 1e-6)
        rate = fertig / dauer
        rest = (gesamt - fertig) / rate if rate else 0
        zeile = (
            f"{self.label}: {fertig}/{gesamt} Dokumente, {f'{rate:.1f}'.replace('.', ',')}/s, "
            f"noch ca. {int(rest // 60)} min {int(rest % 60):02d} s"
        )
        ende = "" if self.tty and fertig < gesamt else "\n"
        self.stream.write(("\r" if self.tty else "") + zeile, ending=ende)
        self.stream.flush()


def periode_finden(angabe: str) -> Foerderperiode:
    """A primary key or "2026-II" (Förderjahr-Programmteil)."""
    qs = Foerderperiode.objects.select_related("programmteil")
    if angabe.isdigit():
        periode = qs.filter(pk=int(angabe)).first()
    elif m := re.fullmatch(r"(\d{4})-(I|II|III|IV)", angabe.strip().upper()):
        periode = qs.filter(foerderjahr=int(m[1]), programmteil__nummer=m[2]).first()
    else:
        periode = None
    if periode is None:
        raise CommandError(
            f"Die Förderperiode „{angabe}“ gibt es nicht. Angabe als Nummer (pk) oder als Jahr-Programmteil, z. B. 2026-II."
        )
    return periode


class Stopp:
    """Ctrl-C finishes the PDF in hand, then stops cleanly."""

    def __init__(self):
        self.angefordert = False

    def __enter__(self):
        try:
            self.alt = signal.signal(signal.SIGINT, self._signal)
        except ValueError:  # not the main thread (called from code): no Ctrl-C to catch
            self.alt = None
        return self

    def _signal(self, signum, frame):
        if self.angefordert:  # a second Ctrl-C stops at once
            raise KeyboardInterrupt
        self.angefordert = True

    def __exit__(self, *exc):
        if self.alt is not None:
            signal.signal(signal.SIGINT, self.alt)
        return False

    def __call__(self) -> bool:
        return self.angefordert


def erzeugen(command: BaseCommand, dokumente, label: str, perioden=None) -> None:
    angelegt = bescheide.fehlende_bescheide_anlegen(perioden)
    if angelegt:
        command.stderr.write(f"{angelegt} fehlende Bescheide angelegt.")
    offen = dokumente.filter(sha256="").count()
    if not offen:
        command.stdout.write("Alle Dokumente sind erzeugt; nichts zu tun.")
        return
    with Stopp() as stopp:
        try:
            bescheide.nachholen(dokumente, fortschritt=Fortschritt(command.stderr, label), stop=stopp)
        except KeyboardInterrupt:  # the second Ctrl-C: the PDF in hand is lost, nothing else
            stopp.angefordert = True
    rest = dokumente.filter(sha256="").count()
    erzeugt = offen - rest
    if stopp():
        command.stdout.write(
            f"Abgebrochen: {erzeugt} Dokumente erzeugt, {rest} offen. Ein neuer Aufruf setzt fort."
        )
    elif rest:
        raise CommandError(
            f"{erzeugt} Dokumente erzeugt, {rest} konnten nicht erzeugt werden (siehe Protokoll)."
        )
    else:
        command.stdout.write(command.style.SUCCESS(f"{erzeugt} Dokumente erzeugt."))


class Command(BaseCommand):
    help = "Erzeugt die fehlenden Bescheide und PDFs einer Förderperiode; unterbrechbar und wiederholbar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--foerderperiode",
            required=True,
            help="Nummer der Förderperiode oder Jahr-Programmteil, z. B. 2026-II.",
        )

    def handle(self, *args, foerderperiode: str, **options):
        periode = periode_finden(foerderperiode)
        dokumente = Dokument.objects.filter(antrag__foerderperiode=periode)
        erzeugen(self, dokumente, f"{periode.foerderjahr}-{periode.programmteil.nummer}", perioden=[periode])
