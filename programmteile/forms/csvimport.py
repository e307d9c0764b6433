"""The upload form of an all-or-nothing CSV import: one file, read by a subclass's ``lesen``.

A file with any problem imports nothing; ``csv_fehler`` then lists every problem with row
and column (templates/programmteile/verwaltung/_csv_fehler.html shows them).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from komman.verwaltung import BootstrapMixin
from programmteile.csvdatei import CsvFehler


class CsvDateiForm(BootstrapMixin, forms.Form):
    datei = forms.FileField(label="CSV-Datei", required=False)
    inhalt = forms.CharField(widget=forms.HiddenInput, required=False)

    spalten_hilfe = ""  # help text of the file field: the expected columns
    zu_gross = "Die Datei ist größer als 1 MB."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datei"].help_text = self.spalten_hilfe
        self.zeilen: list = []
        self.csv_fehler: list[CsvFehler] = []

    def lesen(self, inhalt: str) -> tuple[list, list[CsvFehler]]:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        datei = cleaned.get("datei")
        if datei:
            if datei.size > 1_000_000:
                raise ValidationError(self.zu_gross)
            roh = datei.read()
            try:
                cleaned["inhalt"] = roh.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("datei", "Die Datei ist nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.")
                return cleaned
        if not cleaned.get("inhalt"):
            self.add_error("datei", "Bitte wählen Sie eine CSV-Datei aus.")
            return cleaned
        self.zeilen, self.csv_fehler = self.lesen(cleaned["inhalt"])
        if self.csv_fehler:
            raise ValidationError(
                f"Die Datei enthält {len(self.csv_fehler)} Fehler. Es wurde nichts übernommen; "
                "bitte korrigieren Sie die Datei und laden Sie sie erneut hoch."
            )
        return cleaned
