"""Programmteil IV: the order form for printed brochures."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import MaxValueValidator, RegexValidator

from programmteile.models import Broschuerenbestellung


class BestellForm(forms.ModelForm):
    class Meta:
        model = Broschuerenbestellung
        fields = [
            "deutsch",
            "englisch",
            "franzoesisch",
            "arabisch",
            "dari",
            "farsi",
            "empfaenger",
            "strasse",
            "plz",
            "ort",
            "anmerkung",
        ]
        widgets = {"anmerkung": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feld, _ in Broschuerenbestellung.SPRACHEN:
            f = self.fields[feld]
            f.label = f"Anzahl {f.label}"
            f.max_value = 10000
            f.widget.attrs.update({"min": 0, "max": 10000, "inputmode": "numeric"})
            f.validators.append(
                MaxValueValidator(10000, "Bitte höchstens 10.000 Exemplare je Sprache bestellen.")
            )
            f.error_messages["invalid"] = "Bitte eine ganze Zahl ab 0 eingeben."
            f.error_messages["min_value"] = "Bitte eine ganze Zahl ab 0 eingeben."
        self.fields["plz"].validators.append(
            RegexValidator(r"^\d{5}$", "Bitte eine fünfstellige Postleitzahl eingeben.")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Exemplare je Sprache", *(feld for feld, _ in Broschuerenbestellung.SPRACHEN)),
            Fieldset("Lieferanschrift", "empfaenger", "strasse", "plz", "ort"),
            Fieldset("Sonstiges", "anmerkung"),
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(feld) for feld, _ in Broschuerenbestellung.SPRACHEN) and not any(
            feld in self.errors for feld, _ in Broschuerenbestellung.SPRACHEN
        ):
            raise forms.ValidationError("Bitte bestellen Sie mindestens ein Exemplar.")
        return cleaned
