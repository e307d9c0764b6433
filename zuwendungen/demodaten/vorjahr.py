"""Last year's Förderperioden of the demo, shared by the Änderung, VN and Widerruf demo steps.

Each of those steps files Anträge in the previous Förderjahr (so their grants are paid and
their Verwendungsnachweise due today). The periods stay open until every step has filed its
Anträge; ``schliessen`` runs as the last demo step and closes them as the year would have.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from komman.models import User
from programmteile import perioden as periodenwechsel
from programmteile import rules
from programmteile.models import Foerderperiode, Programmteil

BUDGET = {"I": Decimal("7200000.00"), "II": Decimal("7200000.00"), "III": Decimal("3000000.00")}


def jahr() -> int:
    return timezone.localdate().year - 1


def periode(nummer: str) -> Foerderperiode:
    """The previous Förderjahr's period of Programmteil ``nummer`` (open while the demo fills it)."""
    j = jahr()
    result, _ = Foerderperiode.objects.get_or_create(
        programmteil=Programmteil.objects.get(nummer=nummer),
        foerderjahr=j,
        defaults={
            **Foerderperiode.standard_termine(nummer, j),
            "status": Foerderperiode.Status.OFFEN,
            "budget": BUDGET[nummer],
            "regelparameter": rules.Regelparameter.standard().als_dict() | {"III.personal_eg11_s5": "70000.00"},
        },
    )
    return result


def schliessen(*, stdout) -> None:
    """Close last year's open demo periods (after every step that files Anträge in them)."""
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    for p in Foerderperiode.objects.filter(foerderjahr=jahr(), status=Foerderperiode.Status.OFFEN):
        periodenwechsel.schliessen(p, by=admin, grund="Demodaten: Förderjahr abgelaufen.")
