"""The forms of the page "Zinsrechner und Fristenrechner": German dates and amounts in,
limits that keep the rules' date arithmetic in range, a German message at each field."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from komman.fields import BetragFormField
from komman.verwaltung import BootstrapMixin
from programmteile import rules
from programmteile.forms.felder import DezimalFeld

DATUM_FORMATE = ("%d.%m.%Y", "%Y-%m-%d")
AUFSCHLAG_MAX = Decimal("100")


class DatumFeld(forms.CharField):
    """A date typed as 31.12.2026 (or 2026-12-31), shown back as typed; within the years the
    rules calculate with (rules.DATUM_JAHRE)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "off", "placeholder": "TT.MM.JJJJ"}

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%d.%m.%Y}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.strip()[:40]
        for format_ in DATUM_FORMATE:
            try:
                tag = datetime.datetime.strptime(text, format_).date()
            except ValueError:
                continue
            break
        else:
            if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}", text):
                raise ValidationError(f"„{text}“ ist kein gültiges Datum: Diesen Tag gibt es nicht.")
            raise ValidationError(
                f"„{text}“ ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ eingeben, z. B. 31.12.2026."
            )
        von, bis = rules.DATUM_JAHRE
        if not von <= tag.year <= bis:
            raise ValidationError(f"Bitte ein Datum zwischen den Jahren {von} und {bis} eingeben.")
        return tag


class ZinsForm(BootstrapMixin, forms.Form):
    rechnung = forms.CharField(widget=forms.HiddenInput, initial="zinsen")
    betrag = BetragFormField(label="Betrag", help_text="Der zu verzinsende Betrag in Euro, z. B. 12.500,00.")
    von = DatumFeld(
        label="Von", help_text="Zum Beispiel der Tag der Auszahlung; Zinsen laufen ab dem Folgetag."
    )
    bis = DatumFeld(
        label="Bis", help_text="Der letzte Zinstag, z. B. der Tag der Erstattung (einschließlich)."
    )
    aufschlag = DezimalFeld(
        label="Aufschlag in Prozentpunkten über dem Basiszinssatz",
        help_text="Vorgabe aus den Regelparametern (§ 49a Abs. 3 VwVfG NRW).",
    )

    def clean_aufschlag(self):
        aufschlag = self.cleaned_data["aufschlag"]
        if aufschlag is not None and aufschlag > AUFSCHLAG_MAX:
            raise ValidationError("Der Aufschlag darf höchstens 100 Prozentpunkte betragen.")
        return aufschlag

    def clean(self):
        cleaned = super().clean()
        von, bis = cleaned.get("von"), cleaned.get("bis")
        if von and bis and bis < von:
            self.add_error("bis", "Das Ende darf nicht vor dem Beginn liegen.")
        return cleaned


class FristForm(BootstrapMixin, forms.Form):
    rechnung = forms.CharField(widget=forms.HiddenInput, initial="fristen")
    bekanntgabe = DatumFeld(label="Bekanntgabe des Bescheids")
    verzicht = DatumFeld(
        label="Eingang eines Rechtsbehelfsverzichts",
        required=False,
        help_text="Nur ausfüllen, wenn ein Verzicht eingegangen ist.",
    )
    klage = forms.BooleanField(label="Klage ist erhoben", required=False)
