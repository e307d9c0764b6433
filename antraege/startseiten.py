"""The start page sections that show Anträge (registered in AntraegeConfig.ready()).

komman/start.html renders them; komman.startseite collects them without importing this app.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from antraege import pruefliste
from antraege.models import Antrag
from komman import permissions, seiten
from komman.models import Rolle
from komman.seiten import gemerkt
from programmteile.models import Foerderperiode, Zuweisung


def antragsteller(user) -> list[dict]:
    """Per organisation: the open periods it can apply in, with its Zuweisung."""
    # The organisations from the memberships the page header has read already (no query).
    eigene = permissions.organisation_ids(user)
    organisationen = sorted(
        {
            m.organisation_id: m.organisation
            for m in permissions.mitgliedschaften(user)
            if m.organisation_id in eigene
        }.values(),
        key=lambda o: (o.name, o.pk),
    )
    perioden = list(
        Foerderperiode.objects.visible_to(user)
        .filter(status=Foerderperiode.Status.OFFEN)
        .select_related("programmteil")
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )
    zuweisungen = {
        (z.foerderperiode_id, z.kommune_id): z
        for z in Zuweisung.objects.visible_to(user)
        .filter(foerderperiode__in=perioden)
        .select_related("foerderperiode")
    }
    # All own Anträge in one query, whatever the number of periods and organisations.
    antraege = list(
        Antrag.objects.visible_to(user)
        .filter(antragsteller__in=organisationen)
        .select_related("foerderperiode__programmteil", "vorgelegt_von")
        .order_by("-foerderperiode__foerderjahr", "foerderperiode__programmteil__reihenfolge")
    )
    # A withdrawn Antrag stays in the list below; the period row offers a new one.
    je_periode = {
        (a.foerderperiode_id, a.antragsteller_id): a
        for a in antraege
        if a.status != Antrag.Status.ZURUECKGEZOGEN
    }
    result = []
    for org in organisationen:
        rollen = permissions.roles_for(user, org)
        eintraege = []
        for periode in perioden:
            if periode.programmteil.antragsteller_art != org.art:
                continue
            eintraege.append(
                {
                    "periode": periode,
                    "zuweisung": zuweisungen.get((periode.pk, org.pk)),
                    "antrag": je_periode.get((periode.pk, org.pk)),
                }
            )
        result.append(
            {
                "organisation": org,
                "perioden": eintraege,
                "rollen": rollen,
                "antraege": [a for a in antraege if a.antragsteller_id == org.pk],
                # Handed over by KI staff (zur Zeichnung vorgelegt), waiting for a signatory.
                "bereit": [
                    a
                    for a in antraege
                    if a.antragsteller_id == org.pk
                    and a.vorgelegt_am is not None
                    and a.status in Antrag.Status.BEARBEITBAR
                ],
                "darf_einreichen": Rolle.ZEICHNUNGSBERECHTIGT in rollen,
            }
        )
    return result


def bezirksregierung(user) -> dict:
    """Counts per status, the reviewer's own, the overdue and those waiting for a signature."""
    # Counts over every Antrag (GROUP BY, "meine" over tens of thousands of rows: 17 ms at
    # 100,000): remembered until the next Antrag or state change (komman/seiten.py).
    stand = seiten.stand()
    wer = f"start|{user.pk}"

    def merken(art: str, qs, berechnen):
        return gemerkt(qs, berechnen, art=art, beim_stand=stand, frage=wer)

    zaehlung = Antrag.objects.visible_to(user).values_list("status").annotate(n=Count("pk"))
    counts = dict(merken("status", zaehlung, lambda: dict(zaehlung.values_list("status", "n"))))
    sichtbar = Antrag.objects.visible_to(user).exclude(status=Antrag.Status.ENTWURF)
    counts.pop(Antrag.Status.ENTWURF, None)
    ueberfaellig = sichtbar.filter(pruefliste.ueberfaellig())  # as the queue's filter counts it
    meine = sichtbar.filter(bearbeitet_von=user)
    zu_zeichnen = 0
    if Rolle.ZEICHNUNG in permissions.bezirksregierung_roles(user):
        offen = sichtbar.filter(
            status__in=[Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN, Antrag.Status.ABLEHNUNG_VORGESCHLAGEN]
        ).exclude(vorgeschlagen_von=user)
        zu_zeichnen = merken("zu_zeichnen", offen, offen.count)
    return {
        "status_zahlen": [
            (value, label, counts.get(value, 0))
            for value, label in Antrag.Status.choices
            if value != Antrag.Status.ENTWURF
        ],
        "gesamt": sum(counts.values()),
        "meine": merken("meine", meine, meine.count),
        # The day is part of the question: a deadline passes without any state change.
        "ueberfaellig": merken(f"ueberfaellig|{timezone.localdate()}", ueberfaellig, ueberfaellig.count),
        "zu_zeichnen": zu_zeichnen,
    }
