"""The start page sections of the Administration (registered in ProgrammteileConfig.ready()):
the periods, and the warning when the current half-year has no Basiszinssatz."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils import timezone

from programmteile import basiszins
from programmteile.models import Foerderperiode


def administration(user=None) -> list[Foerderperiode]:
    """Every period with its Zuweisungen counted and summed."""
    return list(
        Foerderperiode.objects.select_related("programmteil")
        .annotate(
            zuweisungen_anzahl=Count("zuweisungen"),
            hoechstbetraege=Sum("zuweisungen__hoechstbetrag"),
            stellen_summe=Sum("zuweisungen__stellen"),
            anzahl_kommunen_mit=Count("zuweisungen", filter=Q(zuweisungen__stellen__isnull=False)),
        )
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )


def basiszins_warnung(user=None) -> dict | None:
    """The half-year without a Basiszinssatz (01.01. or 01.07. of today), or None."""
    fehlt = basiszins.fehlendes_halbjahr(timezone.localdate())
    if fehlt is None:
        return None
    return {"ab": fehlt, "halbjahr": basiszins.halbjahr_text(fehlt)}


def basiszins_aufgabe(user=None) -> list:
    """Meine Aufgaben of the Administration: the missing Basiszinssatz (komman.aufgaben hook)."""
    from django.urls import reverse

    from komman.aufgaben import Aufgabe

    warnung = basiszins_warnung(user)
    if warnung is None:
        return []
    return [
        Aufgabe(
            art="Basiszinssatz eintragen",
            titel=f"Basiszinssatz für das {warnung['halbjahr']} fehlt",
            url=reverse("programmteile:verwaltung_basiszins"),
            faellig_am=warnung["ab"],
        )
    ]
