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
        **verfahren_beispiele(),
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


def verfahren_beispiele() -> dict:
    """The later processes: a grant of bench.ki with a change, a VN and a refund claim (and a
    second one for the query count), a change, a VN and a claim for each side, the year the
    Auswertung shows."""
    from django.db.models import Count, Q

    from zuwendungen.models import Aenderungsantrag, Rueckforderung, Verwendungsnachweis, Zuwendung

    def abschnitte(qs) -> list:
        """The grant with the most rows in the change, VN and claim sections, and the one with the
        fewest among those with the same sections (so both pages show the same parts)."""
        qs = qs.annotate(
            a=Count("aenderungen", distinct=True),
            v=Count("verwendungsnachweise", distinct=True),
            r=Count("rueckforderungen", distinct=True),
            b=Count("rueckforderungen__briefe", distinct=True),
        ).filter(Q(a__gt=0) | Q(v__gt=0) | Q(r__gt=0))
        viele = qs.order_by("-r", "-a", "-v", "-b", "pk").first()
        if viele is None:
            return []
        gleich = {f"{k}__gt" if getattr(viele, k) else k: 0 for k in ("a", "v", "r")}
        gleich["antrag__foerderperiode__programmteil"] = viele.antrag.foerderperiode.programmteil_id
        for rel in ("aenderungen", "verwendungsnachweise", "rueckforderungen"):  # in the same states
            status = getattr(viele, rel).order_by("-pk").values_list("status", flat=True).first()
            if status:
                gleich[f"{rel}__status"] = status
        wenige = qs.filter(**gleich).exclude(pk=viele.pk).order_by("b", "r", "a", "v", "pk").first()
        return [viele, wenige] if wenige else [viele]

    eigene = Zuwendung.objects.filter(antrag__antragsteller__mitgliedschaften__user__username="bench.ki")
    ki = abschnitte(eigene)
    alle = abschnitte(Zuwendung.objects.all())
    ki_aenderung = (
        Aenderungsantrag.objects.filter(zuwendung__in=eigene).order_by("-status", "pk").first()
        or Aenderungsantrag.objects.order_by("pk").first()
    )
    offen = Aenderungsantrag.Status.offen()
    pruefung_aenderung = (
        Aenderungsantrag.objects.filter(status__in=offen).exclude(status="entwurf").order_by("pk").first()
        or Aenderungsantrag.objects.order_by("-pk").first()
    )
    vn = Verwendungsnachweis.objects.exclude(status="entwurf")
    ki_vn = vn.filter(zuwendung__in=eigene).order_by("pk").first() or vn.order_by("pk").first()
    claim = Rueckforderung.objects.filter(status__in=["beschieden", "bezahlt"]).order_by("-pk").first()
    return {
        "abschnitte_ki": ki[0] if ki else None,
        "abschnitte_ki_2": ki[1] if len(ki) > 1 else None,
        "abschnitte": alle[0] if alle else None,
        "abschnitte_2": alle[1] if len(alle) > 1 else None,
        "aenderung_ki": ki_aenderung,
        "aenderung_pruefung": pruefung_aenderung,
        "vn_ki": ki_vn,
        "vn_pruefung": vn.filter(status="pruefung").order_by("pk").first(),
        "rueckforderung": claim,
        "auswertungsjahr": seed.AKTUELLES_JAHR - 1,
    }
