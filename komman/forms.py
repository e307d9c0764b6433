"""Login and password forms with German texts and autocomplete hints."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm


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
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class PasswortResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-Mail-Adresse",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@kreis-beispiel.de."
        },
    )
