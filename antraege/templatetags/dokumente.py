"""{% load dokumente %} for templates/antraege/partials/dokumente.html."""

from django import template
from django.db.models.fields.json import KeyTransform

from antraege.models import Dokument

register = template.Library()


@register.simple_tag
def dokumente_von(antrag, vorhandene=None):
    """The Antrag's letters without their PDF bytes and snapshots (one query), or the list the
    view already loaded (context variable `dokumente`), so the page pays no second query."""
    if isinstance(vorhandene, list | tuple):
        return vorhandene
    return list(
        Dokument.objects.filter(antrag=antrag)
        .defer("pdf", "daten")
        .annotate(anlagen_json=KeyTransform("anlagen", "daten"))  # the notice's Anlagen, same query
        .order_by("erstellt_am", "id")
    )


@register.simple_tag
def anlagen_von(dokumente) -> dict:
    """Dokument id -> the Anlagen its snapshot names (ANBest, forms, with Fassung and SHA-256), one
    query for all notices of the list; only Anlagen maintained in the portal (with an id)."""
    bescheide = [d for d in dokumente if d.art == Dokument.Art.ZUWENDUNGSBESCHEID and d.sha256]
    if not bescheide:
        return {}
    if all(hasattr(d, "anlagen_json") for d in bescheide):  # loaded by dokumente_von
        zeilen = [(d.pk, d.anlagen_json) for d in bescheide]
    else:
        zeilen = Dokument.objects.filter(pk__in=[d.pk for d in bescheide]).values_list("pk", "daten__anlagen")
    return {pk: [a for a in (anlagen or []) if isinstance(a, dict) and a.get("id")] for pk, anlagen in zeilen}


@register.filter
def von(mapping: dict, schluessel):
    """{{ anlagen|von:dok.pk }}: the entry of a dict by a key from the template."""
    return (mapping or {}).get(schluessel) or []


@register.simple_tag
def vorschau_erlaubt(user, antrag) -> bool:
    from antraege.permissions import can_preview

    return bool(user and user.is_authenticated and can_preview(user, antrag)[0])


@register.simple_tag
def rueckgabe_von(antrag, verlauf=None):
    """The latest "Zurückgeben" by the Zeichnung while the Antrag is back in the inhaltliche
    Prüfung (its reason shows on the reviewer's page, not only in the history; issue 25).
    ``verlauf``: every Statuswechsel of the Antrag oldest first, if the page has them loaded."""
    from antraege.models import Antrag, Statuswechsel

    if antrag.status != Antrag.Status.INHALTLICHE_PRUEFUNG:
        return None
    if verlauf is not None:
        letzter = verlauf[-1] if verlauf else None
    else:
        letzter = (
            Statuswechsel.objects.filter(antrag=antrag).select_related("wer").order_by("-wann", "-id").first()
        )
    if letzter is None or letzter.von not in Antrag.Status.VORGESCHLAGEN:
        return None
    return letzter
