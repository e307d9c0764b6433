"""Forms of the Verwaltung pages (komman/verwaltung.py) and the Bootstrap helpers the apps share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from komman import konten
from komman.models import (
    ANTRAGSTELLER_ROLLEN,
    BEZIRKSREGIERUNG_ROLLEN,
    Mitgliedschaft,
    Organisation,
    Rolle,
    User,
)


def bootstrap_klassen(form: forms.BaseForm) -> None:
    """Bootstrap classes on the widgets of our hand-rendered forms (partials/feld.html)."""
    for feld in form.fields.values():
        widget = feld.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple | forms.RadioSelect)):
            klasse = "form-check-input"
        elif isinstance(widget, forms.HiddenInput):
            continue
        elif isinstance(widget, forms.Select):
            klasse = "form-select"
        else:
            klasse = "form-control"
        vorhanden = widget.attrs.get("class", "")
        if klasse not in vorhanden.split():
            widget.attrs["class"] = f"{vorhanden} {klasse}".strip()


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_klassen(self)


def rollen_fuer(organisation: Organisation) -> list[tuple[str, str]]:
    """The roles that fit an organisation (Mitgliedschaft.clean has the same rule)."""
    erlaubt = (
        BEZIRKSREGIERUNG_ROLLEN
        if organisation.art == Organisation.Art.BEZIRKSREGIERUNG
        else ANTRAGSTELLER_ROLLEN
    )
    return [(value, label) for value, label in Rolle.choices if value in erlaubt]


# --- Forms ---


class EinladungForm(BootstrapMixin, forms.Form):
    first_name = forms.CharField(label="Vorname", max_length=150)
    last_name = forms.CharField(label="Nachname", max_length=150)
    email = forms.EmailField(
        label="E-Mail-Adresse",
        help_text="An diese Adresse geht der Link, mit dem die Person ihr Passwort festlegt.",
        error_messages={"invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@kreis.de."},
    )
    username = forms.RegexField(
        label="Benutzername",
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text="Buchstaben, Ziffern und . @ + - _ ; z. B. vorname.nachname.",
        error_messages={"invalid": "Der Benutzername darf nur Buchstaben, Ziffern und . @ + - _ enthalten."},
    )
    rollen = forms.MultipleChoiceField(label="Rollen", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["rollen"].choices = rollen_fuer(organisation)
        self.fields["rollen"].error_messages["required"] = "Bitte wählen Sie mindestens eine Rolle."
        # Data of another person: the browser must not fill in the admin's own (WCAG 1.3.5).
        for name in ("first_name", "last_name", "email", "username"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("Diesen Benutzernamen gibt es schon. Bitte wählen Sie einen anderen.")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "Mit dieser E-Mail-Adresse gibt es schon ein Konto. Fügen Sie der Person dort eine Rolle hinzu."
            )
        return email


class MitgliedschaftForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(aktiv=True).order_by("art", "name"),
        empty_label="Bitte wählen",
    )
    rolle = forms.ChoiceField(label="Rolle", choices=[("", "Bitte wählen"), *Rolle.choices])

    def __init__(self, *args, user: User, von: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.von = user, von

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        mitgliedschaft = Mitgliedschaft(
            user=self.user, organisation=cleaned["organisation"], rolle=cleaned["rolle"]
        )
        try:
            mitgliedschaft.clean()
        except ValidationError as e:
            for feld, fehler in e.message_dict.items():
                self.add_error(feld if feld in self.fields else None, fehler)
            return cleaned
        if Mitgliedschaft.objects.filter(
            user=self.user, organisation=cleaned["organisation"], rolle=cleaned["rolle"]
        ).exists():
            self.add_error("rolle", "Diese Rolle hat die Person bei dieser Organisation schon.")
        elif konten.offen_beantragt(self.user, cleaned["organisation"], cleaned["rolle"]):
            self.add_error("rolle", "Diese Rolle ist schon beantragt und wartet auf die Bestätigung.")
        elif fehler := konten.vergabe_fehler(
            person=self.user, organisation=cleaned["organisation"], rolle=cleaned["rolle"], von=self.von
        ):
            self.add_error("rolle", fehler)
        self.mitgliedschaft = mitgliedschaft
        return cleaned
