"""Money fields: Decimal with two places from the form to the PDF, never float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

# "85.500,00", "85500,00", "85500.00", "85 500", "1.234.567,8": German input first,
# plain decimal point as typed by machines or copied from spreadsheets.
_GERMAN = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d*)?$|^-?\d+(,\d*)?$")
_PLAIN = re.compile(r"^-?\d+\.\d*$")


def betrag_eingabe(betrag: Decimal) -> str:
    """Decimal("85500") -> "85.500,00": how an amount is shown back in an input field."""
    text = f"{betrag.quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def parse_betrag(text: str) -> Decimal:
    """Read an amount as a person types it in Germany; raise ValueError if it is none."""
    value = str(text).strip().replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not value:
        raise ValueError("leer")
    if _GERMAN.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif not _PLAIN.match(value):
        raise ValueError(text)
    if value.endswith("."):
        value = value[:-1]
    try:
        result = Decimal(value)
    except InvalidOperation as e:
        raise ValueError(text) from e
    if not result.is_finite():
        raise ValueError(text)
    return result


def punkt_als_dezimalzeichen(text: str) -> bool:
    """True if parse_betrag read the dot in `text` as a decimal point ("1.5" -> 1,50 €), not
    as a German thousands separator ("1.500" -> 1.500,00 €): worth telling the user."""
    value = str(text).strip().replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    return bool(_PLAIN.match(value)) and not _GERMAN.match(value)
# The largest amount a form accepts. komman imports no other app: programmteile sets the
# rules' figure (rules.BETRAG_HOECHSTWERT) from its AppConfig.ready(); until then only the
# column's capacity (12 digits) bounds it.
_HOECHSTWERT = {"betrag": Decimal("9999999999.99")}


def hoechstwert_setzen(wert: Decimal) -> None:
    _HOECHSTWERT["betrag"] = Decimal(wert)


def betrag_hoechstwert() -> Decimal:
    return _HOECHSTWERT["betrag"]


def zu_gross_text(summe: bool = False) -> str:
    """The German message for an amount (or a sum of lines) above the bound."""
    from komman.formate import euro

    was = "Die Summe der Zeilen ist" if summe else "Der Betrag ist"
    return f"{was} zu groß. Zulässig sind höchstens {euro(betrag_hoechstwert())}."


class BetragFormField(forms.CharField):
    """Accepts 85.500,00 as well as 85500.00; gives German messages at the field."""

    default_error_messages = {
        "invalid": "„%(wert)s“ ist kein gültiger Betrag. Bitte einen Eurobetrag eingeben, z. B. 1.234,56.",
        "negativ": "Der Betrag ist negativ. Zulässig sind Beträge ab 0,00 €.",
        "stellen": "Der Betrag hat mehr als zwei Nachkommastellen. Zulässig sind höchstens zwei (Cent).",
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        # No max_length: CharField's MaxLengthValidator would run on the cleaned Decimal.
        kwargs["max_length"] = None
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        attrs.pop("maxlength", None)
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return betrag_eingabe(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"wert": value[:30] + "…"}
            )
        try:
            betrag = parse_betrag(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"wert": value}
            ) from None
        if betrag < 0 and not self.allow_negative:
            raise ValidationError(self.error_messages["negativ"], code="negativ")
        # Size first: quantizing a huge amount would overflow the decimal context.
        if abs(betrag) > betrag_hoechstwert():
            raise ValidationError(zu_gross_text(), code="zu_gross")
        if betrag.as_tuple().exponent < -2 and betrag != betrag.quantize(Decimal("0.01")):
            raise ValidationError(self.error_messages["stellen"], code="stellen")
        return betrag.quantize(Decimal("0.01"))


class Betrag(models.DecimalField):
    """A euro amount: DecimalField(max_digits=12, decimal_places=2), non-negative by default."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def get_db_prep_save(self, value, connection):
        """Never store what the column cannot give back (SQLite stored 19.999.999.999,98 in a
        12-digit column, and every page showing it answered 500 afterwards, issue 24.2)."""
        if value is not None and not hasattr(value, "resolve_expression"):
            wert = self.to_python(value)
            if wert is not None and abs(wert) >= Decimal(10) ** (self.max_digits - self.decimal_places):
                raise ValidationError(zu_gross_text(), code="zu_gross")
        return super().get_db_prep_save(value, connection)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_digits") == 12:
            del kwargs["max_digits"]
        if kwargs.get("decimal_places") == 2:
            del kwargs["decimal_places"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        if kwargs.get("widget") is forms.NumberInput:
            del kwargs["widget"]
        return models.Field.formfield(self, **{"form_class": BetragFormField, **kwargs})


NICHT_NEGATIV = [MinValueValidator(Decimal("0.00"), "Zulässig sind Beträge ab 0,00 €.")]
