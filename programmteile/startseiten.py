"""The start page section that shows the periods (registered in ProgrammteileConfig.ready())."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

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
