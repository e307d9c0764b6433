"""The Verwendungsnachweis on the grant's page and on the start page (registered in
ZuwendungenConfig.ready())."""

from __future__ import annotations

from django.db.models import Count, Q

from komman import permissions
from komman.models import Rolle
from zuwendungen.abschnitte import abschnitt
from zuwendungen.models import Frist, Verwendungsnachweis, VnStatus


@abschnitt("verwendungsnachweis", vorlage="zuwendungen/abschnitte/verwendungsnachweis.html")
def verwendungsnachweis(request, zuwendung) -> dict:
    """Deadlines, the proofs and their state, the recognised grant (three queries)."""
    return {
        "zuwendung": zuwendung,
        "nachweise": list(zuwendung.verwendungsnachweise.order_by("art", "fuer_jahr", "pk")),
        "fristen": list(
            Frist.objects.filter(zuwendung=zuwendung, status__in=Frist.Status.laufend(), art__in=[
                Frist.Art.VERWENDUNGSNACHWEIS, Frist.Art.ZWISCHENNACHWEIS, Frist.Art.MAHNUNG, Frist.Art.VN_NACHFORDERUNG,
            ]).order_by("faellig_am", "pk")
        ),
        "rueckforderungen": list(zuwendung.rueckforderungen.filter(anlass__in=["verwendungsnachweis", "kein_vn"])),
    }  # fmt: skip


def sichtbar(user) -> bool:
    return bool(permissions.bezirksregierung_roles(user) & {Rolle.PRUEFUNG, Rolle.ZEICHNUNG})


def startseite(user) -> dict:
    """What waits for the Bezirksregierung (one query)."""
    offen = (VnStatus.EINGEREICHT, VnStatus.PRUEFUNG, VnStatus.NACHFORDERUNG, VnStatus.VORGESCHLAGEN)
    # Only the rows of these states (index vn_status), not every VN ever submitted.
    return Verwendungsnachweis.objects.filter(status__in=offen).aggregate(
        zu_pruefen=Count("pk", filter=Q(status__in=[VnStatus.EINGEREICHT, VnStatus.PRUEFUNG])),
        rueckfrage=Count("pk", filter=Q(status=VnStatus.NACHFORDERUNG)),
        zu_zeichnen=Count("pk", filter=Q(status=VnStatus.VORGESCHLAGEN)),
    )
