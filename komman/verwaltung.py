"""Verwaltung (Administration role): users, organisations and the guard of every admin screen."""

from __future__ import annotations

from functools import partial, wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from komman import mails, permissions
from komman.models import (
    ANTRAGSTELLER_ROLLEN,
    BEZIRKSREGIERUNG_ROLLEN,
    Mitgliedschaft,
    Organisation,
    Rolle,
    User,
)

NUR_ADMINISTRATION = "Diese Seite ist der Administration der Bezirksregierung vorbehalten."


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


def can_administer(user) -> tuple[bool, str]:
    if permissions.is_admin(user):
        return True, ""
    return False, NUR_ADMINISTRATION


def admin_erforderlich(view):
    """Anonymous users are sent to the login by LoginRequiredMiddleware; others get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        erlaubt, grund = can_administer(request.user)
        if not erlaubt:
            raise PermissionDenied(grund)
        return view(request, *args, **kwargs)

    return wrapper


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

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

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
        self.mitgliedschaft = mitgliedschaft
        return cleaned


# --- Views: users ---


def einladungslink(user: User) -> str:
    """Django's password-reset token: valid until the password is set (or PASSWORD_RESET_TIMEOUT)."""
    pfad = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + pfad


def einladung_senden(*, user_id: int, organisation_id: int) -> None:
    user = User.objects.get(pk=user_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    mails.senden(
        an=[user.email],
        vorlage="einladung",
        kontext={
            "user": user,
            "organisation": organisation,
            "link": einladungslink(user),
            "rollen": [
                m.get_rolle_display() for m in user.mitgliedschaften.filter(organisation=organisation)
            ],
        },
    )


@admin_erforderlich
def einladen(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = EinladungForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            user.set_unusable_password()  # set by the person through the link
            user.save()
            for rolle in form.cleaned_data["rollen"]:
                m = Mitgliedschaft(user=user, organisation=organisation, rolle=rolle)
                m.full_clean()
                m.save()
            transaction.on_commit(partial(einladung_senden, user_id=user.pk, organisation_id=organisation.pk))
        messages.success(
            request,
            f"{user.get_full_name()} ist eingeladen. Die E-Mail mit dem Link zum Passwort geht an {user.email}.",
        )
        return redirect("verwaltung_organisation", pk=organisation.pk)
    return render(request, "komman/verwaltung/einladen.html", {"form": form, "organisation": organisation})


@admin_erforderlich
def benutzer_liste(request: HttpRequest) -> HttpResponse:
    qs = User.objects.prefetch_related(
        Prefetch("mitgliedschaften", queryset=Mitgliedschaft.objects.select_related("organisation"))
    ).order_by("last_name", "first_name", "username")
    suche = request.GET.get("q", "").strip()
    if suche:
        qs = qs.filter(
            Q(username__icontains=suche)
            | Q(last_name__icontains=suche)
            | Q(first_name__icontains=suche)
            | Q(email__icontains=suche)
        )
    seite = Paginator(qs, 50).get_page(request.GET.get("seite"))
    return render(request, "komman/verwaltung/benutzer_liste.html", {"seite": seite, "suche": suche})


@admin_erforderlich
def benutzer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = MitgliedschaftForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        form.mitgliedschaft.save()
        messages.success(
            request,
            f"{person} hat jetzt die Rolle {form.mitgliedschaft.get_rolle_display()} bei {form.mitgliedschaft.organisation}.",
        )
        return redirect("verwaltung_benutzer", pk=person.pk)
    mitgliedschaften = person.mitgliedschaften.select_related("organisation").order_by(
        "organisation__name", "rolle"
    )
    return render(
        request,
        "komman/verwaltung/benutzer_detail.html",
        {"person": person, "mitgliedschaften": mitgliedschaften, "form": form},
    )


@admin_erforderlich
@require_POST
def mitgliedschaft_entfernen(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(Mitgliedschaft.objects.select_related("user", "organisation"), pk=pk)
    if m.user_id == request.user.pk and m.rolle == Rolle.ADMIN:
        messages.error(request, "Sie können sich die Rolle Administration nicht selbst entziehen.")
        return redirect("verwaltung_benutzer", pk=m.user_id)
    m.delete()
    messages.success(request, f"Die Rolle {m.get_rolle_display()} bei {m.organisation} ist entfernt.")
    return redirect("verwaltung_benutzer", pk=m.user_id)


@admin_erforderlich
def benutzer_aktiv(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates or reactivates. Users are never deleted."""
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk:
        raise PermissionDenied("Sie können Ihr eigenes Konto nicht deaktivieren.")
    if request.method == "POST":
        person.is_active = not person.is_active
        person.save(update_fields=["is_active"])
        if person.is_active:
            messages.success(request, f"Das Konto von {person} ist wieder aktiv.")
        else:
            messages.success(
                request, f"Das Konto von {person} ist deaktiviert. Die Person kann sich nicht mehr anmelden."
            )
        return redirect("verwaltung_benutzer", pk=person.pk)
    return render(request, "komman/verwaltung/benutzer_aktiv.html", {"person": person})
