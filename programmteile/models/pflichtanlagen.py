"""Required attachments (Pflichtanlagen) of a Förderperiode, maintained by the Administration.

Each is asked of every Antrag of the period, or only of Part II Anträge with a Maßnahme of
one Baustein (e.g. the Belegungsplan for Baustein A). The applicant's form shows them as a
checklist; the submission is refused while one is missing (antraege.regeln).
"""

from __future__ import annotations

from django.db import models

from programmteile.models.perioden import Foerderperiode

#: Standard list for a new period, by Programmteil (bezeichnung, baustein or "").
STANDARD = {
    "I": (("Stellenbeschreibung der beantragten Stellen", ""),),
    "II": (("Belegungsplan des Ankommenstreffpunkts", "A"),),
    "III": (("Finanzierungsplan, unterschrieben", ""),),
}


class Pflichtanlage(models.Model):
    foerderperiode = models.ForeignKey(
        Foerderperiode, verbose_name="Förderperiode", on_delete=models.CASCADE, related_name="pflichtanlagen"
    )
    bezeichnung = models.CharField(
        "Bezeichnung", max_length=200, help_text="So sehen die Antragsteller sie in der Checkliste."
    )
    baustein = models.CharField(
        "Nur für Baustein",
        max_length=1,
        blank=True,
        choices=[("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
        help_text="Nur Programmteil II: leer heißt für jeden Antrag.",
    )
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Pflichtanlage"
        verbose_name_plural = "Pflichtanlagen"
        ordering = ["foerderperiode", "reihenfolge", "id"]

    def __str__(self) -> str:
        return self.bezeichnung + (f" (Baustein {self.baustein})" if self.baustein else "")

    @classmethod
    def standard_anlegen(cls, periode: Foerderperiode) -> int:
        """The standard list for a period that has none yet; returns how many were created."""
        if cls.objects.filter(foerderperiode=periode).exists():
            return 0
        eintraege = STANDARD.get(periode.programmteil.nummer, ())
        cls.objects.bulk_create(
            cls(foerderperiode=periode, bezeichnung=b, baustein=bs, reihenfolge=i)
            for i, (b, bs) in enumerate(eintraege, start=1)
        )
        return len(eintraege)
