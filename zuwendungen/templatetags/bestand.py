"""{% load bestand %}{% bestand_kurz antrag %}: Bekanntgabe and Bestandskraft on the Antrag pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("zuwendungen/_bestand_kurz.html")
def bestand_kurz(antrag):
    from antraege.workflow.bekanntgabe import bekanntgabe_von
    from zuwendungen.models import Zuwendung
    from zuwendungen.workflow import stand

    if not antrag.ist_entschieden:
        return {"zeigen": False}
    return {
        "zeigen": True,
        "antrag": antrag,
        "bekanntgabe": bekanntgabe_von(antrag),
        "stand": stand(antrag),
        "zuwendung": Zuwendung.objects.filter(antrag=antrag).first(),
    }
