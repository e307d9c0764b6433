"""Form fields for the figures of the Verwaltung: per cent, lists of numbers, plain decimals."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from komman.fields import parse_betrag

_PROZENT = Decimal("100")


def parse_dezimal(text: str) -> Decimal:
    """German or plain decimal ("1,5", "1.5", "57.000,00"); ValueError if none."""
    return parse_betrag(text)


def dezimal_text(wert: Decimal) -> str:
    """Decimal("1.50") -> "1,5": a number shown back in an input, without grouping."""
    return f"{wert.normalize():f}".replace(".", ",")


class ProzentFormField(forms.CharField):
    """A rate typed in per cent ("90", "1,25") and stored as a fraction (Decimal("0.90"))."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return dezimal_text(value * _PROZENT)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            prozent = parse_dezimal(value.replace("%", ""))
        except ValueError:
            raise ValidationError(
                f"„{value}“ ist kein gültiger Prozentwert. Bitte eine Zahl eingeben, z. B. 90."
            ) from None
        if not 0 <= prozent <= 100:
            raise ValidationError("Der Prozentwert muss zwischen 0 und 100 liegen.")
        return (prozent / _PROZENT).normalize()


class ListenFormField(forms.CharField):
    """Several numbers separated by semicolons ("1; 1,5; 2"); in per cent if prozent=True."""

    def __init__(self, *, prozent: bool = False, **kwargs):
        self.prozent = prozent
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            faktor = _PROZENT if self.prozent else 1
            return "; ".join(dezimal_text(Decimal(w) * faktor) for w in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        zahlen = []
        for teil in value.split(";"):
            teil = teil.strip().replace("%", "")
            if not teil:
                continue
            try:
                wert = parse_dezimal(teil)
            except ValueError:
                raise ValidationError(
                    f"„{teil}“ ist keine Zahl. Bitte Zahlen durch Semikolon trennen."
                ) from None
            zahlen.append(wert / _PROZENT if self.prozent else wert)
        return [f"{z.normalize():f}" for z in zahlen]


class DezimalFeld(forms.CharField):
    def prepare_value(self, value):
        return f"{value:.2f}".replace(".", ",") if isinstance(value, Decimal) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            wert = parse_dezimal(value)
        except ValueError:
            raise ValidationError(f"„{value}“ ist keine Zahl. Bitte z. B. 5,00 eingeben.") from None
        if wert < 0:
            raise ValidationError("Die Zahl darf nicht negativ sein.")
        return wert
