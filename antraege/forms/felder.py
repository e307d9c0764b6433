"""Field helpers shared by the antraege forms."""

from __future__ import annotations

from django import forms

from komman.fields import BetragFormField


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
