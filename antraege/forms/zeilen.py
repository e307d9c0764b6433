"""The line formsets of the applicant side: Part II Positionen and Part III Maßnahmen.

Row field names equal the rules' JSON keys ("massnahmen.1.einheiten"), so befunde_zuordnen
finds each Befund's row and field.
"""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from antraege.forms.felder import BetragMixin, GanzeZahlFeld, summen_begrenzen
from antraege.models import Antrag, Massnahme, Position
from programmteile import rules


def pauschalen_je_baustein(parameter: rules.Regelparameter) -> dict[str, list[tuple[str, str]]]:
    """Baustein -> [(code, label)]: the options antrag.js shows for the chosen Baustein."""
    return {b: eintraege for b, eintraege in _gruppen(parameter)}


def _gruppen(parameter: rules.Regelparameter):
    from komman.formate import euro

    for baustein, codes in rules.PAUSCHALEN_JE_BAUSTEIN.items():
        eintraege = []
        for code in codes:
            wert = parameter.teil2.pauschalen.get(code)
            preis = f" – {euro(wert)} je {rules.PAUSCHALE_EINHEIT[code]}" if wert is not None else ""
            eintraege.append((code, f"{code}: {rules.PAUSCHALEN[code]}{preis}"))
        yield baustein, eintraege


def _pauschale_choices(parameter: rules.Regelparameter, gewaehlt: tuple[str, str] = ("", "")) -> list:
    """All Pauschalen grouped by Baustein; once a Baustein is chosen only its group (works
    without JavaScript), plus the Pauschale typed, so a mismatch is shown, not lost."""
    baustein, pauschale = gewaehlt
    gruppen = [("", "Bitte wählen")]
    for b, eintraege in _gruppen(parameter):
        if baustein in rules.PAUSCHALEN_JE_BAUSTEIN and b != baustein:
            eintraege = [e for e in eintraege if e[0] == pauschale]
            if not eintraege:
                continue
        gruppen.append((f"Baustein {b}: {rules.BAUSTEINE[b]}", eintraege))
    return gruppen


class PositionForm(BetragMixin, forms.ModelForm):
    """One Part II Maßnahme: a Pauschale × Einheiten for one Letztempfänger."""

    baustein = forms.ChoiceField(label="Baustein")
    pauschale = forms.ChoiceField(label="Pauschale")
    einheiten = GanzeZahlFeld(
        label="Einheiten",
        min_value=1,
        max_value=rules.EINHEITEN_MAX,
        required=False,
        help_text="Anzahl der Einheiten der Pauschale (Räume, Monate, Begleitungen …), ganze Zahl ab 1.",
    )
    raumnutzung_prozent = forms.IntegerField(
        label="Anteil der Nutzung als Ankommenstreffpunkt (%)",
        min_value=0,
        max_value=100,
        required=False,
        help_text="Nur Baustein A: Anteil der Nutzungszeit des Raums, ganze Zahl von 0 bis 100.",
        error_messages={"invalid": "Bitte eine ganze Zahl von 0 bis 100 eingeben."},
    )

    class Meta:
        model = Position
        fields = [
            "baustein",
            "pauschale",
            "einheiten",
            "bezeichnung",
            "treffpunkt",
            "raumnutzung_prozent",
            "geplante_kosten",
            "empfaenger",
            "empfaenger_rechtsform",
            "empfaenger_anschrift",
        ]
        labels = {"empfaenger": "Name des Letztempfängers"}
        help_texts = {
            "bezeichnung": "Kurzer Titel, z. B. „Sprachcafé im Stadtteilzentrum“.",
            "geplante_kosten": "Nur A1: geplante Kosten für Renovierung und Ausstattung.",
            "empfaenger_rechtsform": "Weitergeleitet werden darf nur an diese Empfänger (Nr. 12 VVG zu § 44 LHO).",
            "empfaenger_anschrift": "Straße, PLZ und Ort.",
        }

    def __init__(self, *args, parameter: rules.Regelparameter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baustein"].choices = [("", "Bitte wählen")] + [
            (code, f"{code}: {name}") for code, name in rules.BAUSTEINE.items()
        ]
        self.fields["pauschale"].choices = _pauschale_choices(parameter, self._gewaehlt())
        # A draft saves an incomplete row; what is missing is a Befund (antraege.vollstaendigkeit)
        # at the field and blocks the submission, not the saving.
        for name in ("baustein", "pauschale", "bezeichnung"):
            self.fields[name].required = False

    def _gewaehlt(self) -> tuple[str, str]:
        """(Baustein, Pauschale) as typed or saved: the Pauschale list shows that Baustein's only."""
        if self.is_bound:
            return self.data.get(self.add_prefix("baustein"), ""), self.data.get(self.add_prefix("pauschale"), "")
        return self.instance.baustein or "", self.instance.pauschale or ""

    def clean(self):
        cleaned = super().clean()
        baustein, pauschale = cleaned.get("baustein"), cleaned.get("pauschale")
        if pauschale and not baustein:  # an empty Baustein follows the Pauschale; a chosen one never
            cleaned["baustein"] = baustein = pauschale[0]
        if baustein and pauschale and pauschale not in rules.PAUSCHALEN_JE_BAUSTEIN.get(baustein, ()):
            self.add_error(
                "pauschale",
                f"Die Pauschale {pauschale} gehört zu Baustein {pauschale[0]}, nicht zu Baustein {baustein}. "
                f"Bitte wählen Sie eine Pauschale aus Baustein {baustein} oder ändern Sie den Baustein.",
            )
        if cleaned.get("baustein") == "A" and not (cleaned.get("treffpunkt") or "").strip():
            self.add_error(
                "treffpunkt",
                "Für Baustein A bitte den Ankommenstreffpunkt angeben (Name und Ort); Räume und Monate "
                "werden je Treffpunkt begrenzt.",
            )
        fehlt = cleaned.get("baustein") == "A" and cleaned.get("raumnutzung_prozent") is None
        if fehlt and "raumnutzung_prozent" not in self.errors:
            self.add_error(
                "raumnutzung_prozent",
                "Für Baustein A bitte den Anteil der Nutzung als Ankommenstreffpunkt angeben.",
            )
        return cleaned


class MassnahmeForm(BetragMixin, forms.ModelForm):
    """One Part III Maßnahme of an Integrationsagentur."""

    handlungsfeld = forms.ChoiceField(label="Handlungsfeld")
    stellen = forms.DecimalField(
        label="Stellen (Vollzeitäquivalente)",
        min_value=0,
        max_value=99,
        max_digits=4,
        decimal_places=2,
        localize=True,
        required=False,
        help_text="z. B. 1 oder 0,5; 0, wenn die Maßnahme ohne eigene Stellen auskommt.",
    )

    class Meta:
        model = Massnahme
        fields = [
            "titel",
            "handlungsfeld",
            "stellen",
            "personalausgaben",
            "honorarausgaben",
            "sachausgaben",
            "investitionsausgaben",
            "beantragt",
        ]
        help_texts = {
            "personalausgaben": "Zuwendungsfähig bis TV-L EG 11 Stufe 5 je Vollzeitstelle.",
            "sachausgaben": "Die Sachausgabenpauschale je Vollzeitstelle wird unten berechnet.",
            "investitionsausgaben": "In Programmteil III nicht zuwendungsfähig; bitte 0,00 € oder leer lassen.",
            "beantragt": "Höchstens 90 % der zuwendungsfähigen Ausgaben, mindestens 5.000,00 € je Maßnahme.",
        }

    def __init__(self, *args, parameter: rules.Regelparameter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", "Bitte wählen")] + list(rules.HANDLUNGSFELDER.items())
        for name in ("titel", "handlungsfeld"):  # missing: a Befund, see PositionForm
            self.fields[name].required = False


class ZeilenFormSet(BaseInlineFormSet):
    """Line formset: at least one Maßnahme; the rules' parameters reach every row."""

    default_error_messages = {
        "too_few_forms": "Bitte geben Sie mindestens eine Maßnahme an.",
        "too_many_forms": "Bitte geben Sie höchstens %(num)d Maßnahmen an.",
    }

    def __init__(self, *args, parameter: rules.Regelparameter, **kwargs):
        self.parameter = parameter
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parameter": self.parameter}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            parameter=self.parameter,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        summen_begrenzen(self.forms, pauschalen=self.parameter.teil2.pauschalen)

    def zeilen(self) -> list:
        """The rows that stay, in order (the rules' massnahmen.N)."""
        return [f for f in self.forms if f not in self.deleted_forms and (f.instance.pk or f.has_changed())]


def position_formset(extra: int = 0):
    return inlineformset_factory(
        Antrag,
        Position,
        form=PositionForm,
        formset=ZeilenFormSet,
        extra=extra,
        min_num=1,
        validate_min=True,
        max_num=200,
        validate_max=True,
        can_delete=True,
    )


def massnahme_formset(extra: int = 0):
    return inlineformset_factory(
        Antrag,
        Massnahme,
        form=MassnahmeForm,
        formset=ZeilenFormSet,
        extra=extra,
        min_num=1,
        validate_min=True,
        max_num=50,
        validate_max=True,
        can_delete=True,
    )
