"""The proposal of a Bewilligung: an amount per line, Part II whole units, Part III the costs not
recognised as eligible, and the Bewilligungszeitraum (issue 17)."""

from __future__ import annotations

from django import forms

from antraege.forms.pruefung import DATUM_FORMATE, Bootstrap, _datum_widget, _text_widget
from komman.fields import BetragFormField


class VorschlagForm(Bootstrap, forms.Form):
    """A Bewilligung: the amount and, where cut, the reason for every line."""

    begruendung = forms.CharField(
        label="Begründung der Entscheidung",
        required=False,
        help_text="Bei einer Teilbewilligung Pflicht; sie steht im Bescheid.",
        widget=_text_widget(4),
        max_length=20000,
    )
    bewilligung_von = forms.DateField(
        label="Bewilligungszeitraum von",
        required=False,
        input_formats=DATUM_FORMATE,
        widget=_datum_widget(),
        help_text="Nicht vor dem Bescheid, außer bei zugelassenem vorzeitigem Beginn oder Fortführung.",
    )
    bewilligung_bis = forms.DateField(
        label="Bewilligungszeitraum bis", required=False, input_formats=DATUM_FORMATE, widget=_datum_widget()
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, zeilen, version: int, zeitraum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zeilen = zeilen
        self.initial.setdefault("version", version)
        if zeitraum:
            self.initial.setdefault("bewilligung_von", zeitraum[0])
            self.initial.setdefault("bewilligung_bis", zeitraum[1])
        for z in zeilen:
            if z.satz is not None:  # Part II: whole Pauschale units; the amount follows (issue 17)
                bewilligt = z.einheiten_bewilligt
                self.fields[f"einheiten_{z.schluessel}"] = forms.IntegerField(
                    label=f"Bewilligte Einheiten: {z.bezeichnung}",
                    min_value=0,
                    max_value=z.einheiten,
                    initial=bewilligt if bewilligt is not None else z.einheiten,
                    error_messages={
                        "required": "Bitte geben Sie die bewilligten Einheiten an (ganze Zahl).",
                        "invalid": "Bitte eine ganze Zahl von Einheiten eingeben.",
                        "min_value": "Die Zahl der Einheiten darf nicht negativ sein.",
                        "max_value": f"Höchstens die beantragten {z.einheiten} Einheiten.",
                    },
                )
            else:
                self.fields[f"betrag_{z.schluessel}"] = BetragFormField(
                    max_length=None,
                    label=f"Bewilligt: {z.bezeichnung}",
                    initial=z.bewilligt if z.bewilligt is not None else z.beantragt,
                )
            if z.anteil:  # Part III: costs not recognised as eligible lower the line's 90 %
                self.fields[f"abzug_{z.schluessel}"] = BetragFormField(
                    max_length=None,
                    required=False,
                    label=f"Davon nicht zuwendungsfähige Ausgaben: {z.bezeichnung}",
                    initial=z.nicht_zuwendungsfaehig,
                    help_text="Leer: alle nach den Regeln zuwendungsfähigen Ausgaben werden anerkannt.",
                )
            self.fields[f"grund_{z.schluessel}"] = forms.CharField(
                label=f"Grund der Kürzung: {z.bezeichnung}",
                required=False,
                initial=z.kuerzungsgrund,
                widget=_text_widget(2),
                max_length=5000,
            )
        self._bootstrap()

    def _betrag(self, z):
        """The line's amount: as entered, or for Part II the units × Pauschale (rules)."""
        from programmteile import rules

        if z.satz is None:
            return self.cleaned_data.get(f"betrag_{z.schluessel}")
        einheiten = self.cleaned_data.get(f"einheiten_{z.schluessel}")
        return None if einheiten is None else rules.pauschalen_betrag(einheiten, z.satz)

    def _feld(self, z) -> str:
        return f"{'einheiten' if z.satz is not None else 'betrag'}_{z.schluessel}"

    def clean(self):
        cleaned = super().clean()
        for z in self.zeilen:
            betrag = self._betrag(z)
            if betrag is None:
                continue
            if betrag > z.beantragt:
                self.add_error(self._feld(z), "Bewilligt werden kann höchstens der beantragte Betrag.")
            elif betrag < z.beantragt and not cleaned.get(f"grund_{z.schluessel}", "").strip():
                self.add_error(f"grund_{z.schluessel}", "Bitte begründen Sie die Kürzung (§ 39 VwVfG NRW).")
        return cleaned

    def zeilen_daten(self) -> dict:
        daten = {}
        for z in self.zeilen:
            daten[z.schluessel] = (self._betrag(z), self.cleaned_data[f"grund_{z.schluessel}"])
            if z.anteil:
                daten[z.schluessel] += (self.cleaned_data.get(f"abzug_{z.schluessel}"),)
        return daten

    def zeilen_felder(self):
        """(Vorschlagszeile, amount or units field, reason field, not-eligible field or None)."""
        return [
            (
                z,
                self[self._feld(z)],
                self[f"grund_{z.schluessel}"],
                self[f"abzug_{z.schluessel}"] if z.anteil else None,
            )
            for z in self.zeilen
        ]
