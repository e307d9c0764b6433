"""Forms of the Basiszinssatz screen (Verwaltung): one rate, and the CSV import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from komman.verwaltung import BootstrapMixin
from programmteile.forms.csvimport import CsvDateiForm
from programmteile.forms.felder import dezimal_text, parse_dezimal
from programmteile.forms.rechner import DatumFeld
from programmteile.models import Basiszins


class SatzFeld(forms.CharField):
    """A rate in per cent as typed in Germany ("-0,88", "1,27"); negative rates are allowed."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def prepare_value(self, value):
        return dezimal_text(value) if not isinstance(value, str) and value is not None else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_dezimal(value.replace("%", "").replace("−", "-")[:30])
        except ValueError:
            raise ValidationError(
                f"„{value[:30]}“ ist keine Zahl. Bitte den Satz in Prozent eingeben, z. B. 1,27 oder -0,88."
            ) from None


class BasiszinsForm(BootstrapMixin, forms.ModelForm):
    gueltig_ab = DatumFeld(label="Gültig ab", help_text=Basiszins._meta.get_field("gueltig_ab").help_text)
    satz = SatzFeld(label="Basiszinssatz in Prozent", help_text="Darf negativ sein, z. B. -0,88.")

    class Meta:
        model = Basiszins
        fields = ["gueltig_ab", "satz", "quelle"]


class BasiszinsImportForm(CsvDateiForm):
    spalten_hilfe = (
        "Spalten gueltig_ab;basiszinssatz_prozent;quelle, Trennzeichen Semikolon, UTF-8 "
        "(wie die mitgelieferte Tabelle)."
    )

    def lesen(self, inhalt: str):
        from programmteile.basiszins import csv_lesen

        return csv_lesen(inhalt)
