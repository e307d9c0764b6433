"""Upload of a new Fassung of an Anlage zum Bescheid (ANBest-G/-P, Mittelabruf and VN forms)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from komman.uploads import DateiFeld
from komman.verwaltung import BootstrapMixin
from programmteile.models import Anlage


class AnlageForm(BootstrapMixin, forms.ModelForm):
    datei = DateiFeld(label="Amtliche Fassung als PDF")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["art"].choices = [("", "Bitte wählen"), *Anlage.Art.choices]
        grenze = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields["datei"].help_text = f"Nur PDF, höchstens {grenze} MB; die Datei wird vor dem Speichern geprüft."
        self.fields["datei"].widget.attrs["accept"] = ".pdf"

    class Meta:
        model = Anlage
        fields = ["art", "fassung", "quelle"]
        widgets = {"fassung": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "art": {"required": "Bitte wählen Sie, welche Anlage Sie hochladen."},
            "fassung": {
                "required": "Bitte geben Sie das Datum der Fassung an.",
                "invalid": "Bitte geben Sie das Datum als TT.MM.JJJJ an.",
            },
            "quelle": {"required": "Bitte geben Sie die Fundstelle an (z. B. MBl. NRW. oder Internetadresse)."},
        }

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei and datei.komman_pruefung.content_type != "application/pdf":
            raise ValidationError("Bitte laden Sie die Anlage als PDF hoch.")
        return datei

    def clean(self):
        cleaned = super().clean()
        art, fassung = cleaned.get("art"), cleaned.get("fassung")
        if art and fassung and Anlage.objects.filter(art=art, fassung=fassung).exists():
            self.add_error(
                "fassung",
                "Diese Fassung ist schon hochgeladen. Eine Anlage wird nie ersetzt; "
                "laden Sie eine neuere Fassung mit ihrem Datum hoch.",
            )
        return cleaned
