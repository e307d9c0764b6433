"""German output in templates: |euro, |zahl, |prozent, |in_worten, |datum, |dateityp, |anzahl."""

from django import template

from komman import formate

register = template.Library()


@register.filter
def euro(value):
    """Decimal("1234.5") -> "1.234,50 €"."""
    try:
        return formate.euro(value)
    except (ValueError, ArithmeticError, TypeError):
        return ""


@register.filter
def zahl(value):
    try:
        return formate.zahl(value)
    except (ValueError, ArithmeticError, TypeError):
        return ""


@register.filter
def prozent(value):
    try:
        return formate.prozent(value)
    except (ValueError, ArithmeticError, TypeError):
        return ""


@register.filter
def in_worten(value):
    try:
        return formate.in_worten(value)
    except (ValueError, ArithmeticError, TypeError):
        return ""


@register.filter(expects_localtime=True)
def datum(value):
    if not value:
        return ""
    return formate.datum(value)


@register.filter
def dateityp(content_type):
    """'application/pdf' -> 'PDF-Dokument' (attachment lists show no MIME types)."""
    from komman.uploads import typ_name

    return typ_name(content_type or "")


@register.filter
def anzahl(n, formen):
    """German count with singular/plural: {{ n|anzahl:"Antrag,Anträge" }} -> "1 Antrag", "2 Anträge"."""
    einzahl, _, mehrzahl = str(formen).partition(",")
    return formate.anzahl(n, einzahl, mehrzahl)
