"""Password pages: reset requests limited and sent through komman.mails, every set or change recorded.

The reset request does the same work whether or not the address belongs to an account
(look up, build token, link and mail, hand to komman.mails.senden, which queues it with the
outbox), so the answer's timing tells nothing; it is limited per address and per IP
(komman.drossel). Setting a password through a link and changing it are audit records and
mails to the person and the other administrators (komman.konten).
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from komman import drossel, konten, mails
from komman.audit import Aktion, client_ip, protokolliere
from komman.forms import PasswortAendernForm, PasswortResetForm, PasswortSetzenForm
from komman.models import User

# At most this many reset mails per address and per client IP within an hour.
RESET_JE_ADRESSE = 3
RESET_JE_IP = 10
RESET_FENSTER = 3600
ZU_VIELE = (
    "Es wurden in kurzer Zeit zu viele neue Passwörter angefordert. Bitte versuchen Sie es in "
    "einer Stunde noch einmal oder wenden Sie sich an die Administration."
)


class ResetForm(PasswortResetForm):
    def save(self, *, request=None, **kwargs) -> None:
        from komman.verwaltung import einladungslink

        adresse = self.cleaned_data["email"]
        personen = list(self.get_users(adresse))
        # An unknown address builds the same token, link and mail for nobody.
        for person in personen or [User(username="", email="")]:
            mails.senden(
                an=[person.email] if person.pk else [],
                vorlage="passwort_reset",
                kontext={"user": person, "link": einladungslink(person)},
            )
        protokolliere(
            wer=None,
            aktion=Aktion.PASSWORT_ANGEFORDERT,
            details={"benutzername": personen[0].get_username() if personen else "", "adresse": adresse[:254]},
            request=request,
        )


class PasswortVergessen(auth_views.PasswordResetView):
    form_class = ResetForm

    def form_valid(self, form):
        ip = client_ip(self.request)
        adresse = form.cleaned_data["email"].strip().lower()
        # Both counters count every request, so neither tells whether the other one hit.
        zu_viele_ip = drossel.gedrosselt("passwort-ip", ip, grenze=RESET_JE_IP, fenster=RESET_FENSTER)
        zu_viele_adresse = drossel.gedrosselt(
            "passwort-adresse", adresse, grenze=RESET_JE_ADRESSE, fenster=RESET_FENSTER
        )
        if zu_viele_ip or zu_viele_adresse:
            form.add_error("email", ZU_VIELE)
            antwort: HttpResponse = self.form_invalid(form)
            antwort.status_code = 429
            return antwort
        form.save(request=self.request)
        return super(auth_views.PasswordResetView, self).form_valid(form)


class PasswortNeu(auth_views.PasswordResetConfirmView):
    form_class = PasswortSetzenForm  # "dasselbe Passwort" (issue 25)

    def form_valid(self, form):
        antwort = super().form_valid(form)
        konten.passwort_gesetzt(person=form.user, aktion=Aktion.PASSWORT_GESETZT, request=self.request)
        return antwort


class PasswortAendern(auth_views.PasswordChangeView):
    form_class = PasswortAendernForm

    def form_valid(self, form):
        antwort = super().form_valid(form)
        konten.passwort_gesetzt(person=form.user, aktion=Aktion.PASSWORT_GEAENDERT, request=self.request)
        return antwort
