"""Forms of the applicant side: one per Programmteil, line formsets, attachments, declarations.

Form field names equal the rules' JSON keys (DESIGN.md §4), so a Befund's `feld`
("stellen", "massnahmen.1.einheiten") finds its field. Format errors (text in a number
field, more than two decimals) are form errors; the rules' Befunde never block saving a
draft and are attached to the fields for display only (see befunde_zuordnen).
"""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from antraege.models import Antrag, AntragTeil1, Massnahme, Position
from komman.fields import BetragFormField
from komman.uploads import DateiFeld
from programmteile import rules

SCHWERE_WORT = {"fehler": "Fehler", "warnung": "Warnung", "hinweis": "Hinweis"}

DATUM = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _betragsfelder_reparieren(form: forms.BaseForm) -> None:
    # BetragFormField is a CharField with max_length: its MaxLengthValidator would call len()
    # on the Decimal it returns. The length limit is meaningless after parsing; drop it.
    from django.core.validators import MaxLengthValidator

    for field in form.fields.values():
        if isinstance(field, BetragFormField):
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


class BetragMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _betragsfelder_reparieren(self)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class AntragForm(BetragMixin, forms.ModelForm):
    """What every part asks: contact person, start, Eigenanteil/Drittmittel; carries the version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Antrag
        fields = [
            "kontakt_name",
            "kontakt_email",
            "kontakt_telefon",
            "massnahmebeginn",
            "vorzeitiger_beginn_zugelassen",
            "fortfuehrung",
            "eigenanteil",
            "drittmittel",
        ]
        widgets = {"massnahmebeginn": DATUM}
        help_texts = {
            "kontakt_name": "Wer beantwortet Rückfragen der Bewilligungsbehörde?",
            "massnahmebeginn": "Beginnt die Maßnahme vor der Bewilligung, ist das nur mit zugelassenem vorzeitigem "
            "Maßnahmebeginn förderfähig.",
            "eigenanteil": "Eigene Mittel der Organisation für diese Maßnahme, 0,00 € wenn keine.",
            "drittmittel": "Mittel Dritter (z. B. Stiftungen, Bund) für diese Maßnahme, 0,00 € wenn keine.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        for name in ("eigenanteil", "drittmittel"):
            self.fields[name].required = False
        self.helper = _helper(
            "version",
            Fieldset(
                "Ansprechperson",
                "kontakt_name",
                "kontakt_email",
                "kontakt_telefon",
            ),
            Fieldset(
                "Beginn der Maßnahme",
                "massnahmebeginn",
                "vorzeitiger_beginn_zugelassen",
                "fortfuehrung",
            ),
            Fieldset("Weitere Finanzierung", "eigenanteil", "drittmittel"),
        )

    def clean_eigenanteil(self):
        return self.cleaned_data.get("eigenanteil") or Decimal("0.00")

    def clean_drittmittel(self):
        return self.cleaned_data.get("drittmittel") or Decimal("0.00")


class Teil1Form(BetragMixin, forms.ModelForm):
    """Part I: posts, Personalausgaben, Sachmittel, Stellenbesetzung, Konzept."""

    stellen = forms.TypedChoiceField(
        label="Beantragte Stellen",
        coerce=Decimal,
        empty_value=None,
        required=False,
        help_text="Höchstens so viele Stellen, wie Ihrer Kommune zugewiesen sind.",
    )

    class Meta:
        model = AntragTeil1
        fields = [
            "stellen",
            "personalausgaben",
            "sachmittel",
            "fachkraft",
            "entgeltgruppe",
            "besetzt_seit",
            "besetzung_geplant",
            "konzept",
        ]
        widgets = {
            "besetzt_seit": DATUM,
            "besetzung_geplant": DATUM,
            "konzept": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "personalausgaben": "Geplante Personalausgaben im Förderjahr in Euro, z. B. 85.500,00.",
            "sachmittel": "Sachmittel für Maßnahmen mit der Zivilgesellschaft im Förderjahr in Euro.",
            "fachkraft": "Name der Fachkraft, oder „noch offen“, wenn die Stelle noch besetzt wird.",
            "besetzt_seit": "Nur ausfüllen, wenn die Stelle bereits besetzt ist.",
            "besetzung_geplant": "Nur ausfüllen, wenn die Stelle noch besetzt wird.",
            "konzept": "Welche Aufgaben übernehmen die zusätzlichen Stellen? Kurz, in Stichpunkten genügt.",
        }

    def __init__(self, *args, parameter: rules.Regelparameter, **kwargs):
        super().__init__(*args, **kwargs)
        from komman.formate import zahl

        stufen = parameter.teil1.stellenstufen or (Decimal("1"), Decimal("1.5"), Decimal("2"))
        self.fields["stellen"].choices = [("", "Bitte wählen")] + [
            (f"{s:f}", f"{zahl(s)} {'Stelle' if s == 1 else 'Stellen'}") for s in stufen
        ]
        if not self.is_bound and self.instance.stellen is not None:
            self.initial["stellen"] = f"{self.instance.stellen.normalize():f}"
        self.helper = _helper(
            Fieldset("Stellen und Ausgaben", "stellen", "personalausgaben", "sachmittel"),
            Fieldset("Stellenbesetzung", "fachkraft", "entgeltgruppe", "besetzt_seit", "besetzung_geplant"),
            Fieldset("Kurzkonzept", "konzept"),
        )


def _pauschale_choices(parameter: rules.Regelparameter) -> list:
    from komman.formate import euro

    gruppen = [("", "Bitte wählen")]
    for baustein, codes in rules.PAUSCHALEN_JE_BAUSTEIN.items():
        eintraege = []
        for code in codes:
            wert = parameter.teil2.pauschalen.get(code)
            preis = f" – {euro(wert)} je {rules.PAUSCHALE_EINHEIT[code]}" if wert is not None else ""
            eintraege.append((code, f"{code}: {rules.PAUSCHALEN[code]}{preis}"))
        gruppen.append((f"Baustein {baustein}: {rules.BAUSTEINE[baustein]}", eintraege))
    return gruppen


class PositionForm(BetragMixin, forms.ModelForm):
    """One Part II Maßnahme: a Pauschale × Einheiten for one Letztempfänger."""

    baustein = forms.ChoiceField(label="Baustein")
    pauschale = forms.ChoiceField(label="Pauschale")
    einheiten = forms.IntegerField(
        label="Einheiten",
        min_value=1,
        max_value=rules.EINHEITEN_MAX,
        help_text="Anzahl der Einheiten der Pauschale (Räume, Monate, Begleitungen …), ganze Zahl ab 1.",
        error_messages={"invalid": "Bitte eine ganze Zahl ab 1 eingeben, z. B. 12."},
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
            "empfaenger_rechtsform": "z. B. eingetragener Verein, Kirchengemeinde, kreisangehörige Stadt.",
            "empfaenger_anschrift": "Straße, PLZ und Ort.",
        }

    def __init__(self, *args, parameter: rules.Regelparameter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baustein"].choices = [("", "Bitte wählen")] + [
            (code, f"{code}: {name}") for code, name in rules.BAUSTEINE.items()
        ]
        self.fields["pauschale"].choices = _pauschale_choices(parameter)
        self.fields["bezeichnung"].required = True
        for name in ("baustein", "pauschale", "einheiten", "bezeichnung"):
            self.fields[name].error_messages["required"] = "Bitte ausfüllen."

    def clean(self):
        cleaned = super().clean()
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
        self.fields["titel"].required = True
        for name in ("titel", "handlungsfeld"):
            self.fields[name].error_messages["required"] = "Bitte ausfüllen."


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


def _sicher_hinzufuegen(form: forms.BaseForm, feld: str | None, text: str) -> None:
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}  # unbound forms: add_error needs it
    form.add_error(feld, text)


def befunde_zuordnen(ergebnis, *, formulare: list[forms.BaseForm], zeilen: list[forms.BaseForm]) -> list:
    """Attaches each Befund to its field (display only); returns those that belong to no field.

    `zeilen` are the forms of the line formset in the order of the rules' massnahmen.N.
    """
    allgemein = []
    for befund in ergebnis.befunde:
        text = f"{SCHWERE_WORT[befund.schwere]}: {befund.meldung}"
        if befund.code == "eingabe.ungueltig":
            # The rules' reader speaks JSON ("als Text"); at a form field a plain request reads better.
            text = "Fehler: Bitte ausfüllen; diese Angabe wird für die Prüfung und das Einreichen gebraucht."
        teile = befund.feld.split(".")
        if (
            teile[0] == "massnahmen"
            and len(teile) >= 2
            and teile[1].isdigit()
            and int(teile[1]) < len(zeilen)
        ):
            form = zeilen[int(teile[1])]
            feld = teile[2] if len(teile) == 3 and teile[2] in form.fields else None
            _sicher_hinzufuegen(form, feld, text)
            continue
        for form in formulare:
            if befund.feld and befund.feld in form.fields:
                _sicher_hinzufuegen(form, befund.feld, text)
                break
        else:
            allgemein.append(befund)
    return allgemein


# --- Einreichen, Zurückziehen ---


class EinreichenForm(forms.Form):
    """The declarations every applicant confirms on submission (Grundmuster 1, Subventionserheblichkeit)."""

    richtigkeit = forms.BooleanField(
        label="Ich versichere, dass die Angaben in diesem Antrag und seinen Anlagen vollständig und richtig sind.",
        error_messages={"required": "Bitte bestätigen Sie die Richtigkeit der Angaben."},
    )
    nicht_begonnen = forms.BooleanField(
        label="Mit der Maßnahme wurde noch nicht begonnen, es sei denn, ein vorzeitiger Maßnahmebeginn ist "
        "zugelassen oder die Maßnahme wird unverändert aus dem Vorjahr fortgeführt.",
        error_messages={"required": "Bitte bestätigen Sie, dass die Maßnahme noch nicht begonnen hat."},
    )
    subventionserheblich = forms.BooleanField(
        label="Mir ist bekannt, dass die Angaben zu Zweck, Ausgaben und Finanzierung subventionserheblich im "
        "Sinne des § 264 Strafgesetzbuch und des § 2 Subventionsgesetz sind und dass ich Änderungen "
        "unverzüglich mitteilen muss.",
        error_messages={
            "required": "Bitte bestätigen Sie die Kenntnis der subventionserheblichen Tatsachen."
        },
    )


class ZurueckziehenForm(forms.Form):
    grund = forms.CharField(
        label="Grund der Rücknahme",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Der Grund wird im Verlauf des Antrags gespeichert.",
        error_messages={"required": "Bitte geben Sie einen Grund für die Rücknahme an."},
    )

    def clean_grund(self):
        grund = self.cleaned_data["grund"].strip()
        if not grund:
            raise forms.ValidationError("Bitte geben Sie einen Grund für die Rücknahme an.")
        return grund


# --- Anlagen ---
# Checked by komman.uploads (docs/sicherheit.md): type by content, extension to match, no
# active content, size limit; the result is on form.cleaned_data["datei"].komman_pruefung.


class AnlageForm(forms.Form):
    datei = DateiFeld(label="Datei")
    beschreibung = forms.CharField(
        label="Beschreibung",
        max_length=300,
        required=False,
        help_text="z. B. „Belegungsplan Ankommenstreffpunkt“ oder „Stellenbeschreibung“.",
    )
