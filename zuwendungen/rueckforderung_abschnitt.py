"""The grant page's section "Rückforderungen und Erstattung" (issue 21), a constant number of queries."""

from __future__ import annotations

from django.utils import timezone

from programmteile import basiszins
from zuwendungen import forderungen, permissions
from zuwendungen.abschnitte import abschnitt
from zuwendungen.models import Frist

MAHNUNGEN_BIS_WIDERRUF = 2  # DOMAIN.md §4a: after the second Mahnung the Widerruf is prepared


@abschnitt("rueckforderungen", vorlage="zuwendungen/abschnitte/rueckforderungen.html")
def rueckforderungen(request, zuwendung) -> dict | None:
    heute = timezone.localdate()
    erfassen = permissions.can_rueckforderung_erfassen(request.user, zuwendung)[0]
    claims = list(zuwendung.rueckforderungen.all())  # with their payments (abschnitte.gemeinsam)
    verwendungszinsen = list(zuwendung.verwendungszinsen.order_by("berechnet_am", "pk"))
    if not claims and not verwendungszinsen and not erfassen and zuwendung.abgeschlossen_am is None:
        return None
    tabelle = basiszins.tabelle() if claims else []
    zeilen = []
    for rf in claims:
        rf.zuwendung = zuwendung
        ende = rf.status in (rf.Status.ERLASSEN, rf.Status.EINGESTELLT)
        zeilen.append({
            "rf": rf,
            "stand": None if ende else forderungen.stand(rf, heute, tabelle=tabelle),
            "jahresfrist": forderungen.jahresfrist(rf, heute) if rf.offen_im_verfahren else None,
        })  # fmt: skip
    return {
        "zeilen": zeilen,
        "verwendungszinsen": verwendungszinsen,
        "erfassen": erfassen,
        "abschliessen": erfassen and bool(claims) and permissions.can_abschliessen(request.user, zuwendung)[0],
        "kein_vn": erfassen
        and sum(1 for f in zuwendung.fristen.all() if f.art == Frist.Art.MAHNUNG and f.status == Frist.Status.VERSAEUMT)
        >= MAHNUNGEN_BIS_WIDERRUF,
        "aufbewahrung": forderungen.aufbewahrung(zuwendung, zuwendung.abgeschlossen_am)
        if zuwendung.abgeschlossen_am
        else None,
    }
