"""Forms of a Förderperiode: dates and budget, a new period, a copy, confirmations with a reason."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from komman.fields import BetragFormField
from komman.formate import euro
from komman.verwaltung import BootstrapMixin
from programmteile.models import Foerderperiode, Programmteil


class PeriodeForm(BootstrapMixin, forms.ModelForm):
    """Dates and Haushaltsmittel of a period (the Regelparameter have their own form)."""

    budget = BetragFormField(
        label="Haushaltsmittel", help_text="Verfügbare Haushaltsmittel in Euro, z. B. 1.500.000,00."
    )
    abruftermine = forms.CharField(
        label="Abruftermine",
        required=False,
        help_text="Wenn gesetzt, können Mittelabrufe nur zu diesen Tagen eine Auszahlung wünschen. "
        "Daten im Format TT.MM.JJJJ, durch Komma getrennt, z. B. 15.03.2026, 15.06.2026.",
    )

    class Meta:
        model = Foerderperiode
        fields = [
            "antragsbeginn",
            "antragsfrist",
            "bewilligungszeitraum_von",
            "bewilligungszeitraum_bis",
            "budget",
            "haushaltsstelle",
            "abruftermine",
        ]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("antragsbeginn", "antragsfrist", "bewilligungszeitraum_von", "bewilligungszeitraum_bis")
        }

    FELDER_ANZEIGE = {
        "antragsbeginn": "Antragsbeginn",
        "antragsfrist": "Antragsfrist",
        "bewilligungszeitraum_von": "Bewilligungszeitraum von",
        "bewilligungszeitraum_bis": "Bewilligungszeitraum bis",
        "budget": "Haushaltsmittel",
        "haushaltsstelle": "Haushaltsstelle",
        "abruftermine": "Abruftermine",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            from komman.formate import datum

            self.initial["abruftermine"] = ", ".join(datum(t) for t in self.instance.abruftermin_liste)

    def clean_abruftermine(self) -> list[str]:
        """"15.03.2026, 15.06.2026" -> ["2026-03-15", "2026-06-15"] (sorted, no duplicates)."""
        import datetime

        text = self.cleaned_data.get("abruftermine") or ""
        termine = set()
        for teil in text.replace(";", ",").replace("\n", ",").split(","):
            teil = teil.strip()
            if not teil:
                continue
            try:
                termine.add(datetime.datetime.strptime(teil, "%d.%m.%Y").date())
            except ValueError:
                raise ValidationError(f"„{teil}“ ist kein Datum im Format TT.MM.JJJJ.") from None
        return [t.isoformat() for t in sorted(termine)]

    def aenderungen(self) -> list[tuple[str, str, str, str]]:
        result = []
        for feld in self.changed_data:
            alt = self.initial.get(feld)
            neu = self.cleaned_data.get(feld)
            if alt != neu:
                result.append(("periode", self.FELDER_ANZEIGE[feld], _anzeige_wert(alt), _anzeige_wert(neu)))
        return result


def _anzeige_wert(wert) -> str:
    from komman.formate import datum

    if wert is None:
        return "(leer)"
    if isinstance(wert, Decimal):
        return euro(wert)
    if isinstance(wert, list):  # the Abruftermine
        return ", ".join(datum(w) for w in wert) or "(leer)"
    if hasattr(wert, "year"):
        return datum(wert)
    return str(wert)


class PeriodeNeuForm(PeriodeForm):
    """A new period: Programmteil and Förderjahr; dates default to DOMAIN.md §9 #5."""

    class Meta(PeriodeForm.Meta):
        fields = ["programmteil", "foerderjahr", *PeriodeForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmteil"].queryset = Programmteil.objects.exclude(antragsteller_art="")
        self.fields["programmteil"].empty_label = "Bitte wählen"
        for f in ("antragsbeginn", "antragsfrist", "bewilligungszeitraum_von", "bewilligungszeitraum_bis"):
            self.fields[f].required = False
            self.fields[f].help_text = "Leer lassen für die Standardtermine des Programmteils."

    def clean(self):
        cleaned = super().clean()
        teil, jahr = cleaned.get("programmteil"), cleaned.get("foerderjahr")
        if teil and jahr:
            if Foerderperiode.objects.filter(programmteil=teil, foerderjahr=jahr).exists():
                self.add_error(
                    "foerderjahr", f"Für Programmteil {teil.nummer} gibt es das Förderjahr {jahr} schon."
                )
            elif 2016 <= jahr <= 2100:
                for feld, tag in Foerderperiode.standard_termine(teil.nummer, jahr).items():
                    if not cleaned.get(feld):
                        cleaned[feld] = tag
                        setattr(self.instance, feld, tag)
        return cleaned

    def validate_unique(self):
        pass  # reported in clean() with a German message


class KopierenForm(BootstrapMixin, forms.Form):
    foerderjahr = forms.IntegerField(label="Neues Förderjahr", min_value=2016, max_value=2100)
    budget = BetragFormField(
        label="Haushaltsmittel des neuen Jahres",
        help_text="Vorbelegt mit den Haushaltsmitteln der kopierten Periode.",
    )

    def __init__(self, *args, periode: Foerderperiode, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode = periode
        self.fields["foerderjahr"].initial = periode.foerderjahr + 1
        self.fields["budget"].initial = periode.budget

    def clean_foerderjahr(self):
        jahr = self.cleaned_data["foerderjahr"]
        if Foerderperiode.objects.filter(programmteil=self.periode.programmteil, foerderjahr=jahr).exists():
            raise ValidationError(
                f"Für Programmteil {self.periode.programmteil.nummer} gibt es das Förderjahr {jahr} schon."
            )
        return jahr


class BestaetigungForm(BootstrapMixin, forms.Form):
    """Reason and confirmation for a change to a period that already has submitted Anträge."""

    grund = forms.CharField(
        label="Grund der Änderung",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Wird mit Ihrem Namen, der Zeit und den alten und neuen Werten protokolliert.",
        error_messages={"required": "Bitte geben Sie den Grund der Änderung an."},
    )
    bestaetigt = forms.BooleanField(
        label="Ich bestätige die Änderung, obwohl bereits Anträge eingereicht sind.",
        error_messages={"required": "Bitte bestätigen Sie die Änderung."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "bestaetigung")
        super().__init__(*args, **kwargs)




class StatuswechselForm(BootstrapMixin, forms.Form):
    """Opening or closing a period: the reason goes into the audit log with the name."""

    grund = forms.CharField(
        label="Grund",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Wird mit Ihrem Namen und der Uhrzeit im Protokoll festgehalten.",
    )

    def __init__(self, *args, verb: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grund"].error_messages["required"] = f"Bitte geben Sie an, warum Sie die Förderperiode {verb}."
