"""The one setting of the Auswertung: whether the public Transparenz page is switched on.

Append-only (komman NurAnhaengen): every switch is a new row with who, when and why, so the
history of the setting is its rows; the newest row decides.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from komman.models import NurAnhaengen


class Transparenzschaltung(NurAnhaengen):
    oeffentlich = models.BooleanField("Transparenzseite öffentlich")
    grund = models.CharField("Grund", max_length=300, blank=True)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Geschaltet von", on_delete=models.PROTECT, related_name="+"
    )
    wann = models.DateTimeField("Geschaltet am", auto_now_add=True)

    NIE_GEAENDERT = "Eine Schaltung wird nie geändert; eine neue Schaltung ist ein neuer Eintrag."
    NIE_GELOESCHT = "Eine Schaltung wird nie gelöscht."

    class Meta:
        verbose_name = "Schaltung der Transparenzseite"
        verbose_name_plural = "Schaltungen der Transparenzseite"
        ordering = ["-wann", "-pk"]

    def __str__(self) -> str:
        return f"{'öffentlich' if self.oeffentlich else 'nicht öffentlich'} seit {self.wann:%d.%m.%Y}"


def transparenz_oeffentlich() -> bool:
    """Whether the public page is on: the newest switch decides (off until switched on)."""
    letzte = Transparenzschaltung.objects.order_by("-wann", "-pk").values_list("oeffentlich", flat=True).first()
    return bool(letzte)


def transparenz_schalten(*, wer, oeffentlich: bool, grund: str) -> Transparenzschaltung:
    """The one way to switch the public page (the Administration's view and the demo data)."""
    return Transparenzschaltung.objects.create(oeffentlich=oeffentlich, grund=grund, wer=wer)
