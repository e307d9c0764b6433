"""The checklist of required attachments of an Antrag (programmteile.Pflichtanlage).

Shown in the form, on the attachment page and before submission; a missing one is a Befund
(antraege.regeln) and blocks the submission while the Antrag is still being filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from antraege.models import Anlage, Antrag


@dataclass(frozen=True)
class Punkt:
    pflichtanlage: object
    anlagen: tuple  # the uploaded files that fulfil it

    @property
    def erfuellt(self) -> bool:
        return bool(self.anlagen)


def checkliste(antrag: Antrag, *, positionen=None, anlagen=None) -> list[Punkt]:
    """Every Pflichtanlage of the period that applies to this Antrag, with the files for it.

    A Baustein-bound one applies to a Part II Antrag with a Maßnahme of that Baustein.
    Two queries (plus one for the lines when not passed in), whatever the number of files.
    """
    from programmteile.models import Pflichtanlage

    pflichten = list(Pflichtanlage.objects.filter(foerderperiode_id=antrag.foerderperiode_id))
    if not pflichten:
        return []
    bausteine: set[str] = set()
    if any(p.baustein for p in pflichten) and antrag.foerderperiode.programmteil.nummer == "II":
        if positionen is None:
            positionen = list(antrag.positionen.all())
        bausteine = {p.baustein for p in positionen}
    if anlagen is None:
        anlagen = list(Anlage.objects.filter(antrag=antrag, geloescht=False, pflichtanlage__isnull=False))
    return [
        Punkt(p, tuple(a for a in anlagen if a.pflichtanlage_id == p.pk and not a.geloescht))
        for p in pflichten
        if not p.baustein or p.baustein in bausteine
    ]


def fehlende(antrag: Antrag, **kw) -> list:
    return [p.pflichtanlage for p in checkliste(antrag, **kw) if not p.erfuellt]
