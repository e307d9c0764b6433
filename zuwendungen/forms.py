"""Forms after the notice: German messages at the field, typed input kept."""

from __future__ import annotations

from django import forms

from komman.fields import BetragFormField
from komman.uploads import DateiFeld
from zuwendungen.models import Klage, Weiterleitung

DATUM = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATUM_FEHLER = {
    "invalid": "Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).",
    "required": "Bitte geben Sie das Datum an.",
}


def _datum(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATUM,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages=DATUM_FEHLER,
        **kwargs,
    )


class VerzichtForm(forms.Form):
    datei = DateiFeld(
        label="Unterschriebener Rechtsbehelfsverzicht (PDF)",
        help_text="Die vom Portal erzeugte Verzichtserklärung, unterschrieben und eingescannt, als PDF.",
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei is not None and datei.komman_pruefung.content_type != "application/pdf":
            raise forms.ValidationError("Bitte laden Sie den unterschriebenen Verzicht als PDF hoch.")
        return datei


class PostForm(forms.Form):
    zur_post_am = _datum("Zur Post gegeben am")


class KlageForm(forms.Form):
    erhoben_am = _datum("Klage erhoben am", help_text="Tag des Eingangs der Klage beim Gericht.")
    gericht = forms.CharField(
        label="Gericht", max_length=200, error_messages={"required": "Bitte geben Sie das Gericht an."}
    )
    aktenzeichen = forms.CharField(
        label="Aktenzeichen des Gerichts",
        max_length=60,
        error_messages={"required": "Bitte geben Sie das Aktenzeichen des Gerichts an."},
    )


class KlageEntschiedenForm(forms.Form):
    ausgang = forms.ChoiceField(
        label="Ausgang des Verfahrens",
        choices=Klage.Ausgang.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie den Ausgang des Verfahrens."},
    )
    entschieden_am = _datum(
        "Verfahren beendet am", help_text="Tag der Klagerücknahme oder der Rechtskraft der Entscheidung."
    )


class WeiterleitungForm(forms.Form):
    position = forms.ChoiceField(
        label="Maßnahme und Letztempfänger", error_messages={"required": "Bitte wählen Sie die Maßnahme."}
    )
    form = forms.ChoiceField(
        label="Form", choices=Weiterleitung.Form.choices, initial=Weiterleitung.Form.VERTRAG
    )
    datum = _datum("Datum des Vertrags oder Bescheids")
    einheiten = forms.IntegerField(
        label="Einheiten",
        min_value=0,
        error_messages={
            "required": "Bitte geben Sie die Zahl der Einheiten an.",
            "invalid": "Bitte geben Sie eine ganze Zahl ein.",
            "min_value": "Die Zahl der Einheiten darf nicht negativ sein.",
        },
    )
    betrag = BetragFormField(
        label="Weitergeleiteter Betrag in Euro", error_messages={"required": "Bitte geben Sie den Betrag an."}
    )
    anbest_p = forms.BooleanField(
        label="Die ANBest-P sind Bestandteil des Vertrags oder Bescheids.", required=False
    )
    pruefrecht = forms.BooleanField(
        label="Bezirksregierung und Landesrechnungshof haben das Recht, beim Letztempfänger zu prüfen.",
        required=False,
    )
    erstattung_mit_zinsen = forms.BooleanField(
        label="Der Letztempfänger erstattet zu Unrecht erhaltene Beträge mit Zinsen (§ 49a VwVfG NRW).",
        required=False,
    )

    def __init__(self, *args, positionen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.positionen = {str(p.pk): p for p in positionen}
        self.fields["position"].choices = [("", "Bitte wählen …")] + [
            (
                str(p.pk),
                f"{p.nr}. {p.pauschale} – {p.bezeichnung or 'ohne Bezeichnung'} ({p.empfaenger or 'Kommune selbst'})",
            )
            for p in positionen
        ]

    def clean(self):
        daten = super().clean()
        fehlend = [n for n in ("anbest_p", "pruefrecht", "erstattung_mit_zinsen") if not daten.get(n)]
        for name in fehlend:
            self.add_error(
                name, "Ohne diese Vereinbarung darf nicht weitergeleitet werden (VV 12 zu § 44 LHO)."
            )
        return daten
