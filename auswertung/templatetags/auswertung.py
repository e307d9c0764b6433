"""One cell of an Auswertung table, formatted in Python (a page has hundreds: no include per cell)."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from komman import formate

register = template.Library()

NICHT_ERFASST = format_html('<span class="nicht-erfasst">{}</span>', "noch nicht erfasst")


def _text(wert, art: str):
    if wert is None:
        return NICHT_ERFASST if art in ("euro", "anzahl") else "–"
    if art == "euro":
        return formate.euro(wert)
    if isinstance(wert, datetime.datetime):
        return formate.datum(timezone.localtime(wert) if timezone.is_aware(wert) else wert)
    if isinstance(wert, datetime.date):
        return formate.datum(wert)
    if art == "tage":
        return f"{wert:.1f} Tage".replace(".", ",")
    return str(wert)


@register.simple_tag
def zelle(wert, spalte, link=None):
    """The cell's content: the value formatted by its column type, linked to its list if given."""
    text = _text(wert, spalte.art)
    if link and wert is not None:
        return format_html('<a href="{}">{}</a>', link, text)
    return format_html("{}", text)
