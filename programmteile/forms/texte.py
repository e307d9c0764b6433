"""Forms of the texts: notice texts per period and the letterhead."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from komman.verwaltung import BootstrapMixin
from programmteile.models import Bescheidtexte, Briefkopf


class BescheidtexteForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Bescheidtexte
        fields = list(Bescheidtexte.TEXTFELDER)
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in Bescheidtexte.TEXTFELDER}

    def clean_rechtsbehelfsbelehrung(self):
        text = self.cleaned_data["rechtsbehelfsbelehrung"]
        if text and "{gericht}" not in text:
            raise ValidationError(
                "Die Rechtsbehelfsbelehrung muss den Platzhalter {gericht} enthalten; er wird durch das "
                "zuständige Verwaltungsgericht ersetzt."
            )
        try:
            text.format(gericht="X")
        except (KeyError, IndexError, ValueError):
            raise ValidationError("Geschweifte Klammern sind nur im Platzhalter {gericht} erlaubt.") from None
        return text


class BriefkopfForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Briefkopf
        fields = [
            "behoerde",
            "dezernat",
            "strasse",
            "plz",
            "ort",
            "telefon",
            "email",
            "internet",
            "zeichnungsformel",
            "gueltig_ab",
        ]
        widgets = {
            "gueltig_ab": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # The authority's contact data, not the admin's own (WCAG 1.3.5).
            "telefon": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def clean_plz(self):
        plz = self.cleaned_data["plz"]
        if not (plz.isdigit() and len(plz) == 5):
            raise ValidationError("Die Postleitzahl hat fünf Ziffern.")
        return plz
