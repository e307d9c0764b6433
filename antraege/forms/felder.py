"""Field helpers shared by the antraege forms."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from komman.fields import BetragFormField, punkt_als_dezimalzeichen


def _betragsfelder_reparieren(form: forms.BaseForm) -> None:
    # BetragFormField is a CharField with max_length: its MaxLengthValidator would call len()
    # on the Decimal it returns. The length limit is meaningless after parsing; drop it.
    from django.core.validators import MaxLengthValidator

    for field in form.fields.values():
        if isinstance(field, BetragFormField):
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


class BetragMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _betragsfelder_reparieren(self)

    def lesarten(self, vorsilbe: str = "") -> list[str]:
        """How amounts with a dot as decimal point were read ("1.5" -> 1,50 €), to tell the user."""
        from komman.formate import euro

        result = []
        for name, field in self.fields.items():
            wert = getattr(self, "cleaned_data", {}).get(name)
            if not isinstance(field, BetragFormField) or wert is None:
                continue
            roh = str(self.data.get(self.add_prefix(name), "")).strip()
            if punkt_als_dezimalzeichen(roh):
                result.append(f"{vorsilbe}{field.label}: „{roh}“ gelesen als {euro(wert)}")
        return result


_GANZ = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")
_BRUCH = re.compile(r"^\d*[,.]\d+$")


class GanzeZahlFeld(forms.CharField):
    """A whole number typed the German way ("12", "1.000"), as a text field: a number field
    turned "2,5" into 25 in some browsers. A fraction gets a clear German message."""

    default_error_messages = {
        "invalid": "„%(wert)s“ ist keine ganze Zahl. Bitte eine ganze Zahl ab 1 eingeben, z. B. 12.",
        "bruch": "„%(wert)s“ ist ein Bruchteil. Einheiten werden nur ganz gefördert: bitte eine ganze Zahl "
        "eingeben, z. B. 2 oder 3.",
        "min_value": "Bitte eine ganze Zahl ab %(grenze)s eingeben.",
        "max_value": "Bitte höchstens %(grenze)s eingeben.",
    }

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (super().to_python(value) or "").replace(" ", "").replace("\u00a0", "")
        if not value:
            return None
        if _BRUCH.match(value) and not _GANZ.match(value):
            raise ValidationError(self.error_messages["bruch"], code="bruch", params={"wert": value})
        if not _GANZ.match(value) or len(value) > 15:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"wert": value[:20]})
        zahl = int(value.replace(".", ""))
        if self.min_value is not None and zahl < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"], code="min_value", params={"grenze": self.min_value}
            )
        if self.max_value is not None and zahl > self.max_value:
            from komman.formate import zahl as zahl_text

            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"grenze": zahl_text(self.max_value)},
            )
        return zahl

def summen_begrenzen(formulare, *, pauschalen: dict | None = None, gesamt: tuple[str, ...] = ()) -> None:
    """Every computed total stays within rules.BETRAG_HOECHSTWERT (issue 24.2), with the message
    at the field of the last row that adds to it:

    - per amount field, the sum over the rows (a Part III column: Personal-, Sachausgaben, …);
    - Part II: Einheiten × Pauschale over the rows (the Positionen's amounts), at "einheiten";
    - `gesamt`: fields of one form that add up to the Antrag's total (Part I).
    """
    from decimal import Decimal

    from komman.fields import zu_gross_text
    from programmteile import rules

    hoechstens = rules.BETRAG_HOECHSTWERT
    summen: dict[str, tuple[Decimal, forms.BaseForm | None]] = {}

    def zaehle(name: str, wert, form) -> None:
        bisher, _ = summen.get(name, (Decimal("0.00"), None))
        summen[name] = (bisher + wert, form)

    for form in formulare:
        daten = getattr(form, "cleaned_data", None) or {}
        if daten.get("DELETE"):
            continue
        for name, feld in form.fields.items():
            if isinstance(feld, BetragFormField) and isinstance(daten.get(name), Decimal):
                zaehle(name, daten[name], form)
        if gesamt:
            summe = sum((daten.get(n) or Decimal("0.00") for n in gesamt), Decimal("0.00"))
            if summe > hoechstens:
                form.add_error(gesamt[-1], zu_gross_text(summe=True))
        pauschale = (pauschalen or {}).get(daten.get("pauschale"))
        if pauschale is not None and isinstance(daten.get("einheiten"), int):
            zaehle("einheiten", pauschale * daten["einheiten"], form)
    for name, (summe, form) in summen.items():
        if summe > hoechstens and form is not None and name in form.fields:
            form.add_error(name, zu_gross_text(summe=True))
