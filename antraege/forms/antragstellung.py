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

from antraege import workflow
from antraege.forms.felder import BetragMixin, summen_begrenzen
from antraege.forms.zeilen import (  # noqa: F401 - re-exported: the formsets live in forms/zeilen.py
    MassnahmeForm,
    PositionForm,
    ZeilenFormSet,
    massnahme_formset,
    position_formset,
)
from antraege.models import Antrag, AntragTeil1
from komman.uploads import DateiFeld
from programmteile import rules

SCHWERE_WORT = {"fehler": "Fehler", "warnung": "Warnung", "hinweis": "Hinweis"}

DATUM = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


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
            "vorzeitiger_beginn_beantragt",
            "vorzeitiger_beginn_begruendung",
            "fortfuehrung",
            "eigenanteil",
            "drittmittel",
        ]
        widgets = {
            "massnahmebeginn": DATUM,
            "vorzeitiger_beginn_begruendung": forms.Textarea(attrs={"rows": 2}),
            # WCAG 1.3.5: usually the person filling in is the contact person.
            "kontakt_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "kontakt_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "kontakt_telefon": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        help_texts = {
            "kontakt_name": "Wer beantwortet Rückfragen der Bewilligungsbehörde?",
            "massnahmebeginn": "Beginnt die Maßnahme vor der Bewilligung, ist das nur förderfähig, wenn die "
            "Bezirksregierung den vorzeitigen Maßnahmebeginn zugelassen hat.",
            "vorzeitiger_beginn_begruendung": "Warum die Maßnahme nicht bis zur Bewilligung warten kann.",
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
                "vorzeitiger_beginn_beantragt",
                "vorzeitiger_beginn_begruendung",
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

    def clean(self):
        cleaned = super().clean()
        summen_begrenzen([self], gesamt=("personalausgaben", "sachmittel"))  # the Antrag's total
        return cleaned


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
    """The declarations every applicant confirms on submission (Grundmuster 1).

    The third declares the duty to report changes. Where ``workflow.subventionserheblich`` says
    so (a Träger, while the period's notices carry the § 264 note) it adds that the facts are
    subventionserheblich (§ 264 StGB, § 2 SubvG); never for a Kommune, which is no Betrieb or
    Unternehmen in the sense of § 264 Abs. 8 StGB (issue 17)."""

    richtigkeit = forms.BooleanField(
        label="Ich versichere, dass die Angaben in diesem Antrag und seinen Anlagen vollständig und richtig sind.",
        error_messages={"required": "Bitte bestätigen Sie die Richtigkeit der Angaben."},
    )
    nicht_begonnen = forms.BooleanField(
        label="Mit der Maßnahme wurde noch nicht begonnen, es sei denn, ein vorzeitiger Maßnahmebeginn ist "
        "zugelassen oder die Maßnahme wird unverändert aus dem Vorjahr fortgeführt.",
        error_messages={"required": "Bitte bestätigen Sie, dass die Maßnahme noch nicht begonnen hat."},
    )
    mitteilungspflicht = forms.BooleanField(
        label="Mir ist bekannt, dass ich Änderungen der Angaben zu Zweck, Ausgaben und Finanzierung "
        "unverzüglich mitteilen muss.",
        error_messages={"required": "Bitte bestätigen Sie, dass Sie Änderungen unverzüglich mitteilen."},
    )

    def __init__(self, *args, antrag, **kwargs):
        super().__init__(*args, **kwargs)
        if workflow.subventionserheblich(antrag):
            feld = self.fields["mitteilungspflicht"]
            feld.label = (
                "Mir ist bekannt, dass die Angaben zu Zweck, Ausgaben und Finanzierung subventionserheblich "
                "im Sinne des § 264 Strafgesetzbuch und des § 2 Subventionsgesetz sind und dass ich "
                "Änderungen unverzüglich mitteilen muss."
            )
            feld.error_messages["required"] = "Bitte bestätigen Sie die Kenntnis der subventionserheblichen Tatsachen."


def nachforderung_antwort_form():
    """The answer to a Nachforderung resubmits the Antrag: it asks the declarations of a
    submission too (issue 25). Built on the Prüfung's AntwortForm (forms/pruefung.py)."""
    from antraege.forms.pruefung import AntwortForm

    class NachforderungAntwortForm(AntwortForm, EinreichenForm):
        field_order = ["antwort", "richtigkeit", "nicht_begonnen", "mitteilungspflicht"]

    return NachforderungAntwortForm


class VorlegenForm(forms.Form):
    hinweis = forms.CharField(
        label="Hinweis an die Zeichnungsberechtigten (freiwillig)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text="z. B. „Belegungsplan folgt bis Freitag“. Der Hinweis steht in der E-Mail und im Verlauf.",
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
    pflichtanlage = forms.ModelChoiceField(
        label="Pflichtanlage",
        queryset=None,
        required=False,
        empty_label="Keine Pflichtanlage (sonstige Anlage)",
        help_text="Ist die Datei eine der Pflichtanlagen aus der Checkliste? Dann wählen Sie sie hier aus.",
        error_messages={"invalid_choice": "Bitte wählen Sie eine Pflichtanlage aus der Liste."},
    )
    beschreibung = forms.CharField(
        label="Beschreibung",
        max_length=300,
        required=False,
        help_text="z. B. „Belegungsplan Ankommenstreffpunkt“ oder „Stellenbeschreibung“.",
    )

    def __init__(self, *args, pflichtanlagen=(), **kwargs):
        super().__init__(*args, **kwargs)
        from programmteile.models import Pflichtanlage

        self.fields["pflichtanlage"].queryset = Pflichtanlage.objects.filter(
            pk__in=[p.pk for p in pflichtanlagen]
        )
        if not pflichtanlagen:
            del self.fields["pflichtanlage"]
