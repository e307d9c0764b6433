"""The bridge from an Antrag in the database to the rules module's input dict (DESIGN.md §5).

The Antragstellung work builds the same dict from its forms; the reviewer's page recomputes
the Befunde from what is stored, with the parameters of the Antrag's Förderperiode.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, AntragTeil1


def _betrag(betrag: Decimal | None) -> str:
    return f"{betrag:f}" if betrag is not None else "0.00"


def regel_eingabe(antrag: Antrag, *, zuweisung=None) -> dict:
    """The rules' JSON input from a stored Antrag and its lines."""
    from programmteile.models import Zuweisung

    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    d: dict = {
        "programmteil": teil,
        "foerderjahr": periode.foerderjahr,
        "antragsfrist": periode.antragsfrist.isoformat(),
        "vorzeitiger_beginn_zugelassen": antrag.vorzeitiger_beginn_zugelassen,
        "fortfuehrung": antrag.fortfuehrung,
    }
    if antrag.eingereicht_am:
        d["eingang"] = timezone.localdate(antrag.eingereicht_am).isoformat()
    if antrag.massnahmebeginn:
        d["massnahmebeginn"] = antrag.massnahmebeginn.isoformat()
    if teil in ("I", "II") and zuweisung is None:
        zuweisung = Zuweisung.objects.filter(
            foerderperiode=periode, kommune_id=antrag.antragsteller_id
        ).first()
    if teil == "I":
        teil1 = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        stellen_zuweisung = zuweisung.stellen if zuweisung and zuweisung.stellen is not None else Decimal("0")
        d["stellen_zuweisung"] = f"{stellen_zuweisung:f}"
        if teil1.stellen is not None:
            d["stellen"] = f"{teil1.stellen:f}"
        if teil1.personalausgaben is not None:
            d["personalausgaben"] = f"{teil1.personalausgaben:f}"
        if teil1.sachmittel is not None:
            d["sachmittel"] = f"{teil1.sachmittel:f}"
    elif teil == "II":
        hoechstbetrag = zuweisung.hoechstbetrag if zuweisung else None
        d["hoechstbetrag"] = _betrag(hoechstbetrag)
        d["massnahmen"] = []
        for p in antrag.positionen.all():
            m = {
                "baustein": p.baustein,
                "pauschale": p.pauschale,
                "einheiten": p.einheiten,
                "bezeichnung": p.bezeichnung,
                "empfaenger": p.empfaenger,
            }
            if p.raumnutzung_prozent is not None:
                m["raumnutzung_prozent"] = p.raumnutzung_prozent
            if p.geplante_kosten is not None:
                m["geplante_kosten"] = f"{p.geplante_kosten:f}"
            d["massnahmen"].append(m)
    else:
        d["massnahmen"] = [
            {
                "titel": m.titel,
                "handlungsfeld": m.handlungsfeld,
                "stellen": f"{m.stellen if m.stellen is not None else Decimal('0')}",
                "personalausgaben": _betrag(m.personalausgaben),
                "honorarausgaben": _betrag(m.honorarausgaben),
                "sachausgaben": _betrag(m.sachausgaben),
                "investitionsausgaben": _betrag(m.investitionsausgaben),
                "beantragt": _betrag(m.beantragt),
            }
            for m in antrag.massnahmen.all()
        ]
    return d


def pruefen(antrag: Antrag):
    """The rules' Ergebnis for the stored Antrag, with its Förderperiode's parameters."""
    from programmteile import rules

    return rules.pruefe(regel_eingabe(antrag), antrag.foerderperiode.parameter(), heute=timezone.localdate())
