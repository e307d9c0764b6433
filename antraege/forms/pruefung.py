"""Forms of the Prüfung und Entscheidung: checklist, notes, letters, proposals, Zeichnung."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from antraege.models import Pruefvermerk
from komman.fields import BetragFormField

DATUM_FORMATE = ["%Y-%m-%d", "%d.%m.%Y"]


def _datum_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _text_widget(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class Bootstrap:
    """Adds Bootstrap classes to widgets that have none; ties error texts to their inputs."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                ids = {f"{self[name].auto_id}_error"}
                if self.fields[name].help_text:
                    ids.add(f"{self[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(sorted(ids))
                attrs["aria-invalid"] = "true"
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()

    def _bootstrap(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class PruefvermerkForm(Bootstrap, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Pruefvermerk
        fields = ["vollstaendig", "unterschrieben", "antragsberechtigt", "nicht_begonnen", "ergebnis"]
        widgets = {"ergebnis": _text_widget(5)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        self._bootstrap()


class VermerkForm(Bootstrap, forms.Form):
    text = forms.CharField(label="Neuer Vermerk (nur intern)", widget=_text_widget(3), max_length=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bootstrap()


class FristForm(Bootstrap, forms.Form):
    frist = forms.DateField(label="Frist", input_formats=DATUM_FORMATE, widget=_datum_widget())

    def __init__(self, *args, frist_vorschlag: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if frist_vorschlag and not self.is_bound:
            self.initial["frist"] = frist_vorschlag
        self._bootstrap()

    def clean_frist(self):
        frist = self.cleaned_data["frist"]
        if frist <= timezone.localdate():
            raise forms.ValidationError("Die Frist muss nach dem heutigen Tag liegen.")
        return frist


class NachforderungForm(FristForm):
    punkte = forms.CharField(
        label="Fehlende Unterlagen und Angaben",
        help_text="Ein Punkt je Zeile; der Antragsteller sieht genau diese Liste.",
        widget=_text_widget(5),
        max_length=10000,
        error_messages={"required": "Bitte nennen Sie mindestens eine fehlende Unterlage oder Angabe."},
    )
    text = forms.CharField(
        label="Erläuterung (optional)", required=False, widget=_text_widget(3), max_length=10000
    )
    field_order = ["punkte", "text", "frist"]

    def clean_punkte(self):
        punkte = [zeile.strip(" -•\t") for zeile in self.cleaned_data["punkte"].splitlines()]
        punkte = [p for p in punkte if p]
        if not punkte:
            raise forms.ValidationError("Bitte nennen Sie mindestens eine fehlende Unterlage oder Angabe.")
        return punkte


class AnhoerungForm(FristForm):
    # max_length=None: CharField's MaxLengthValidator would run on the cleaned Decimal.
    beabsichtigter_betrag = BetragFormField(
        max_length=None,
        required=False,
        label="Beabsichtigte Zuwendung",
        help_text="Höchstens der beantragte Betrag; 0,00 € bei einer beabsichtigten Ablehnung. Leer: die Summe "
        "der Zeilen.",
    )
    text = forms.CharField(
        label="Beabsichtigte Entscheidung und Gründe",
        help_text="Der Antragsteller erhält diesen Text und kann bis zur Frist Stellung nehmen.",
        widget=_text_widget(6),
        max_length=20000,
    )
    field_order = ["beabsichtigter_betrag", "text", "frist"]

    def __init__(self, *args, zeilen=(), beantragt=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zeilen = list(zeilen)
        self.beantragt = beantragt
        for z in self.zeilen:
            if z.satz is not None:  # Part II: whole Pauschale units (issue 17)
                self.fields[f"zeile_{z.schluessel}"] = forms.IntegerField(
                    required=False, min_value=0, max_value=z.einheiten, initial=z.einheiten,
                    label=f"Beabsichtigte Einheiten: {z.bezeichnung}",
                    error_messages={
                        "invalid": "Bitte eine ganze Zahl von Einheiten eingeben.",
                        "min_value": "Die Zahl der Einheiten darf nicht negativ sein.",
                        "max_value": f"Höchstens die beantragten {z.einheiten} Einheiten.",
                    },
                )  # fmt: skip
            else:
                self.fields[f"zeile_{z.schluessel}"] = BetragFormField(
                    max_length=None, required=False, label=f"Beabsichtigt: {z.bezeichnung}", initial=z.beantragt
                )
        self._bootstrap()

    def _betrag(self, z):
        """The intended amount of a line: as entered, or Part II units × Pauschale (rules)."""
        from programmteile import rules

        wert = self.cleaned_data.get(f"zeile_{z.schluessel}")
        if wert is None or z.satz is None:
            return wert
        return rules.pauschalen_betrag(wert, z.satz)

    def clean(self):
        from komman.formate import euro

        cleaned = super().clean()
        for z in self.zeilen:
            betrag = self._betrag(z)
            if betrag is not None and betrag > z.beantragt:
                self.add_error(
                    f"zeile_{z.schluessel}", f"Höchstens der beantragte Betrag ({euro(z.beantragt)})."
                )
        gesamt = cleaned.get("beabsichtigter_betrag")
        if gesamt is not None and self.beantragt is not None and gesamt > self.beantragt:
            self.add_error(
                "beabsichtigter_betrag",
                f"Höchstens der beantragte Betrag ({euro(self.beantragt)}); mehr als beantragt wird nie bewilligt.",
            )
        return cleaned

    def zeilen_daten(self) -> dict | None:
        """{schluessel: amount} if every line was filled in, else None (only the total counts)."""
        werte = {z.schluessel: self._betrag(z) for z in self.zeilen}
        if not werte or any(v is None for v in werte.values()):
            return None
        return werte

    def zeilen_felder(self):
        return [(z, self[f"zeile_{z.schluessel}"]) for z in self.zeilen]

    def workflow_daten(self) -> dict:
        d = self.cleaned_data
        return {
            "text": d["text"],
            "frist": d["frist"],
            "beabsichtigter_betrag": d.get("beabsichtigter_betrag"),
            "zeilen": self.zeilen_daten(),
        }


class VorzeitigerBeginnForm(Bootstrap, forms.Form):
    """The authority's decision on the early start (VV 1.3.1)."""

    zugelassen = forms.TypedChoiceField(
        label="Entscheidung",
        choices=[("ja", "Vorzeitiger Maßnahmebeginn wird zugelassen"), ("nein", "wird nicht zugelassen")],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie, ob der vorzeitige Beginn zugelassen wird."},
    )
    ab = forms.DateField(
        label="Zugelassen ab (optional)",
        required=False,
        input_formats=DATUM_FORMATE,
        widget=_datum_widget(),
        help_text="Leer: ab dem geplanten Beginn der Maßnahme.",
    )
    grund = forms.CharField(
        label="Gründe der Entscheidung", widget=_text_widget(4), max_length=10000,
        error_messages={"required": "Bitte begründen Sie die Entscheidung."},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bootstrap()
        self.fields["zugelassen"].widget.attrs["class"] = "form-check-input"


class ErsetzenForm(FristForm):
    """A letter sent by mistake: why it is withdrawn, and the content of its replacement."""

    grund = forms.CharField(
        label="Warum wird das Schreiben zurückgezogen?",
        help_text="Steht in der Akte und beim Antragsteller.",
        widget=_text_widget(2),
        max_length=5000,
    )
    text = forms.CharField(
        label="Inhalt des neuen Schreibens", widget=_text_widget(5), max_length=20000, required=False
    )
    punkte = forms.CharField(
        label="Fehlende Unterlagen und Angaben (Nachforderung, ein Punkt je Zeile)",
        widget=_text_widget(4), max_length=10000, required=False,
    )  # fmt: skip
    beabsichtigter_betrag = BetragFormField(
        max_length=None, required=False, label="Beabsichtigte Zuwendung (Anhörung)"
    )
    field_order = ["grund", "punkte", "text", "beabsichtigter_betrag", "frist"]

    def clean_punkte(self):
        return [z.strip(" -•\t") for z in self.cleaned_data["punkte"].splitlines() if z.strip(" -•\t")]


class AblehnungForm(Bootstrap, forms.Form):
    begruendung = forms.CharField(
        label="Gründe der Ablehnung",
        help_text="Die wesentlichen tatsächlichen und rechtlichen Gründe; sie stehen im Ablehnungsbescheid "
        "(§ 39 Abs. 1 Satz 2 VwVfG NRW).",
        widget=_text_widget(6),
        max_length=20000,
    )
    ermessen = forms.CharField(
        label="Ermessenserwägungen",
        help_text="Von welchen Gesichtspunkten gehen Sie bei der Ausübung des Ermessens aus (z. B. Haushaltsmittel, "
        "Vorrang anderer Maßnahmen, Vorbringen in der Anhörung)? Steht im Bescheid (§ 39 Abs. 1 Satz 3 VwVfG NRW).",
        widget=_text_widget(5),
        max_length=20000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bootstrap()


class ZeichnenForm(Bootstrap, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ZurueckgebenForm(Bootstrap, forms.Form):
    grund = forms.CharField(label="Was ist am Vorschlag zu ändern?", widget=_text_widget(4), max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bootstrap()


class AntwortForm(Bootstrap, forms.Form):
    antwort = forms.CharField(
        label="Ihre Antwort",
        help_text="Was Sie ergänzt oder geändert haben, oder Ihre Stellungnahme.",
        widget=_text_widget(6),
        max_length=20000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bootstrap()
