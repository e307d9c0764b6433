"""{% load bestand %}{% bestand_kurz antrag %}: Bekanntgabe and Bestandskraft on the Antrag pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("zuwendungen/_bestand_kurz.html")
def bestand_kurz(antrag):
    from antraege.workflow.bekanntgabe import bekanntgabe_von
    from zuwendungen import kennzahlen
    from zuwendungen.models import Zuwendung
    from zuwendungen.workflow import stand

    if not antrag.ist_entschieden:
        return {"zeigen": False}
    zahlen = kennzahlen(Zuwendung.objects.filter(antrag=antrag))
    bekanntgabe = bekanntgabe_von(antrag)
    return {
        "zeigen": True,
        "antrag": antrag,
        "bekanntgabe": bekanntgabe,
        "stand": stand(antrag, bekanntgabe) if bekanntgabe else None,
        "zuwendung": zahlen[0].zuwendung if zahlen else None,
        "k": zahlen[0] if zahlen else None,
    }
