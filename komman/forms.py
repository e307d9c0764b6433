"""Login and password forms with German texts and autocomplete hints."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from komman.models import Barrierefreiheitsmeldung


class AnmeldeForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Benutzername oder Passwort sind nicht richtig. Bitte prüfen Sie Ihre Eingabe "
        "(Groß- und Kleinschreibung beachten).",
        "inactive": "Benutzername oder Passwort sind nicht richtig. Bitte prüfen Sie Ihre Eingabe "
        "(Groß- und Kleinschreibung beachten).",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        # No autofocus: it skips the skip link and the page's intro for screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


WIEDERHOLUNG_HILFE = "Bitte dasselbe Passwort zur Bestätigung erneut eingeben."


class PasswortSetzenForm(SetPasswordForm):
    """Setting a new password after a reset link: Django's German help text says "das selbe"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].help_text = WIEDERHOLUNG_HILFE


class PasswortAendernForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].help_text = WIEDERHOLUNG_HILFE
        # Django sets autofocus here; it skips the skip link and the explanation above the form.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class PasswortResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-Mail-Adresse",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@kreis-beispiel.de."
        },
    )


class BarrierefreiheitsmeldungForm(forms.ModelForm):
    """Public feedback form on the Erklärung zur Barrierefreiheit.

    `telefonnummer_2` is a honeypot: hidden from people (display: none, so neither seen nor
    read out nor reachable by Tab), but filled in by form-spamming bots. The view then
    answers as if all went well and stores nothing.
    """

    telefonnummer_2 = forms.CharField(
        label="Bitte dieses Feld leer lassen",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Barrierefreiheitsmeldung
        fields = ["nachricht", "seite", "name", "email"]
        widgets = {
            "nachricht": forms.Textarea(attrs={"rows": 6}),
            "seite": forms.TextInput(attrs={"autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "nachricht": {"required": "Bitte beschreiben Sie, welche Barriere Ihnen aufgefallen ist."},
            "email": {
                "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de – "
                "oder lassen Sie das Feld leer."
            },
            "seite": {
                "max_length": "Bitte kürzen Sie die Angabe zur Seite auf höchstens %(limit_value)d Zeichen."
            },
            "name": {"max_length": "Bitte kürzen Sie den Namen auf höchstens %(limit_value)d Zeichen."},
        }

    def clean_nachricht(self) -> str:
        nachricht = self.cleaned_data["nachricht"].strip()
        if len(nachricht) > 5000:
            raise forms.ValidationError(
                f"Bitte fassen Sie sich kürzer: höchstens 5000 Zeichen (jetzt {len(nachricht)})."
            )
        return nachricht

    @property
    def ist_spam(self) -> bool:
        return bool(self.cleaned_data.get("telefonnummer_2"))
