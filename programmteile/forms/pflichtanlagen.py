"""The Pflichtanlagen of a period as one formset (Verwaltung)."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory

from programmteile.models import Foerderperiode, Pflichtanlage


class PflichtanlageForm(forms.ModelForm):
    class Meta:
        model = Pflichtanlage
        fields = ["bezeichnung", "baustein", "reihenfolge"]
        error_messages = {"bezeichnung": {"required": "Bitte geben Sie eine Bezeichnung an."}}

    def __init__(self, *args, programmteil: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baustein"].choices = [("", "Alle Anträge")] + [
            (b, f"Nur Baustein {b}") for b in ("A", "B", "C", "D")
        ]
        if programmteil != "II":
            del self.fields["baustein"]


def pflichtanlagen_formset(programmteil: str):
    klasse = inlineformset_factory(
        Foerderperiode, Pflichtanlage, form=PflichtanlageForm, extra=1, can_delete=True, max_num=30
    )

    class PflichtanlagenFormSet(klasse):
        def get_form_kwargs(self, index):
            return {**super().get_form_kwargs(index), "programmteil": programmteil}

    return PflichtanlagenFormSet
