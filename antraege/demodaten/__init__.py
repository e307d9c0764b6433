"""Demo data so people can try the portal: periods, Zuweisungen, Träger, logins, Anträge in
every state (`manage.py demodaten`, a thin command over `anlegen()`).

Idempotent: running it twice changes nothing the second time. Anträge are created and moved
through the public workflow functions only (create_draft, submit, the review transitions),
so the demo history is the one the portal would write. Modules by topic: stammdaten
(periods, Zuweisungen, Träger), nutzer (demo logins), antragstellung (drafts and submitted
Anträge), pruefung (one Antrag per review state).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.test.utils import override_settings

from . import antragstellung, briefe, nutzer, pruefung, stammdaten
from .nutzer import PASSWORT
from .pruefung import ANHOERUNG_BEANTWORTET, PLAN_STATUS, PRUEFUNG_PLAN

__all__ = ["ANHOERUNG_BEANTWORTET", "PASSWORT", "PLAN_STATUS", "PRUEFUNG_PLAN", "anlegen"]


# Demo steps of the apps above antraege (zuwendungen …), which antraege must not import: they
# register here in their AppConfig.ready() and run in registration order after the Anträge and
# their documents exist. Each takes stdout and, like everything here, creates only what is missing.
WEITERE_SCHRITTE: list[Callable[..., None]] = []


def weiterer_schritt(funktion: Callable[..., None]) -> Callable[..., None]:
    """Register a demo step of an upper app (idempotent: registering twice keeps one)."""
    if funktion not in WEITERE_SCHRITTE:
        WEITERE_SCHRITTE.append(funktion)
    return funktion


def anlegen(*, stdout, zwei_faktor: bool = False) -> None:
    """Creates what is missing of the demo data in one transaction."""
    # The workflow mails of the demo history would flood the console: they go nowhere.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        perioden = stammdaten.perioden()
        stammdaten.zuweisungen(perioden)
        stammdaten.traeger()
        briefe.anschriften()  # a letter needs address and seat of its recipient (issue 17)
        briefe.anlagen()
        nutzer.nutzer()
        antragstellung.antraege(perioden)
        pruefung.antraege(perioden, stdout=stdout)
        _dokumente(stdout)
        # After the demo Anträge: the drafts show the checklist, the submitted ones stay valid.
        stammdaten.pflichtanlagen(perioden)
        antragstellung.pflichtanlagen_hochladen()
        antragstellung.vorgelegt()
        for schritt in WEITERE_SCHRITTE:
            schritt(stdout=stdout)
        if zwei_faktor:
            # --- Sicherheit: demo second factor with the published key, only with DEBUG ---
            from komman.zwei_faktor import demo_geraete_anlegen

            demo_geraete_anlegen(stdout=stdout)


def _dokumente(stdout) -> None:
    """Every demo decision gets its Bescheid and every letter its PDF (same code as dokumente_nachholen)."""
    from antraege import bescheide
    from antraege.models import Dokument

    angelegt = bescheide.fehlende_bescheide_anlegen()
    erzeugt = bescheide.nachholen(Dokument.objects.all())
    if angelegt or erzeugt:
        stdout.write(f"Dokumente: {angelegt} Bescheide angelegt, {erzeugt} PDFs erzeugt.")
