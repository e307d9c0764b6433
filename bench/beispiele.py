"""The objects the measured pages show: a file in review, drafts, grants with many and few
rows, wave-2 processes in their states."""

from __future__ import annotations

from antraege.models import Antrag
from bench import seed


def beispiel_antraege() -> dict:
    """What the pages show: a file in review with lines, a draft of bench.ki, a proposed Bewilligung."""
    from programmteile.models import Foerderperiode

    pruefen = (
        Antrag.objects.filter(
            status=Antrag.Status.INHALTLICHE_PRUEFUNG,
            foerderperiode__foerderjahr=seed.AKTUELLES_JAHR,
            foerderperiode__programmteil__nummer="II",
        )
        .order_by("pk")
        .first()
    )
    entwurf = (
        Antrag.objects.filter(
            status=Antrag.Status.ENTWURF,
            antragsteller__mitgliedschaften__user__username="bench.ki",
            foerderperiode__programmteil__nummer="II",
        )
        .order_by("pk")
        .first()
    )
    vorgeschlagen = (
        Antrag.objects.filter(
            status=Antrag.Status.BEWILLIGUNG_VORGESCHLAGEN, foerderperiode__programmteil__nummer="II"
        )
        .order_by("-pk")
        .first()
    )
    periode = Foerderperiode.objects.filter(
        programmteil__nummer="III", foerderjahr=seed.AKTUELLES_JAHR
    ).first()
    # The export covers the oldest ~10,000 submitted Anträge: "Eingang bis" the day of the 10,000th.
    zehntausendster = (
        Antrag.objects.exclude(status=Antrag.Status.ENTWURF)
        .order_by("eingereicht_am", "id")
        .values_list("eingereicht_am", flat=True)[9999:10000]
    )
    bis = next(iter(zehntausendster), None)
    return {
        **wave2_beispiele(),
        "pruefen": pruefen,
        "entwurf": entwurf,
        "vorgeschlagen": vorgeschlagen,
        "periode": periode,
        "export_bis": bis.date().isoformat() if bis else None,
    }


def wave2_beispiele() -> dict:
    """Grants of bench.ki with many and few calls, a submitted call, a notice in its Klagefrist,
    the drafts of all three parts (the edit forms)."""
    from django.db.models import Count

    from zuwendungen.models import Mittelabruf, Zuwendung

    eigene = (
        Zuwendung.objects.filter(antrag__antragsteller__mitgliedschaften__user__username="bench.ki")
        .annotate(n=Count("mittelabrufe", distinct=True), w=Count("weiterleitungen", distinct=True))
        .order_by("-n", "-w", "pk")
    )
    viele = eigene.filter(antrag__foerderperiode__programmteil__nummer="II").first() or eigene.first()
    # The same page with fewer rows: a grant of the same Programmteil (Part II shows its lines).
    wenige = (
        eigene.filter(antrag__foerderperiode__programmteil=viele.antrag.foerderperiode.programmteil)
        .order_by("n", "w", "pk")
        .first()
        if viele
        else None
    )
    abruf = Mittelabruf.objects.filter(status=Mittelabruf.Status.EINGEREICHT).order_by("pk").first()
    klagefrist = (
        Antrag.objects.filter(status=Antrag.Status.BEWILLIGT, bekanntgaben__bekanntgegeben_am__isnull=False)
        .order_by("pk")
        .first()
    )
    entwuerfe = {
        teil: Antrag.objects.filter(
            status=Antrag.Status.ENTWURF,
            antragsteller__mitgliedschaften__user__username=nutzer,
            foerderperiode__programmteil__nummer=teil,
        )
        .order_by("pk")
        .first()
        for teil, nutzer in (("I", "bench.ki"), ("II", "bench.ki"), ("III", "bench.traeger"))
    }
    return {"zuwendung": viele, "zuwendung_klein": wenige, "abruf": abruf, "klagefrist": klagefrist,
            "entwuerfe": entwuerfe}  # fmt: skip
