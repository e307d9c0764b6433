"""Verwaltung (Administration role): users, organisations and the guard of every admin screen."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from komman import konten, mails, permissions
from komman.models import (
    Mitgliedschaft,
    Organisation,
    Rolle,
    Rollenfreigabe,
    User,
)
from komman.verwaltung_formulare import (  # noqa: F401 - re-exported for the apps
    BootstrapMixin,
    EinladungForm,
    MitgliedschaftForm,
    bootstrap_klassen,
    rollen_fuer,
)

FREIGABE_HINWEIS = (
    " Rollen der Bezirksregierung wirken erst, wenn eine zweite Person der Administration sie "
    "unter „Rollenfreigaben“ bestätigt."
)
NUR_ADMINISTRATION = "Diese Seite ist der Administration der Bezirksregierung vorbehalten."


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
            ]
            + [
                f"{f.get_rolle_display()} (wirkt nach Bestätigung durch eine zweite Person der Administration)"
                for f in Rollenfreigabe.objects.filter(
                    user=user, organisation=organisation, stand=Rollenfreigabe.Stand.OFFEN
                )
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
                eingeladen_von=request.user,
                eingeladen_am=timezone.now(),
            )
            user.set_unusable_password()  # set by the person through the link
            user.save()
            konten.eingeladen(person=user, organisation=organisation, von=request.user, request=request)
            beantragt = []
            for rolle in form.cleaned_data["rollen"]:
                Mitgliedschaft(user=user, organisation=organisation, rolle=rolle).full_clean(
                    exclude=["user"], validate_unique=False
                )
                art = konten.rolle_vergeben(
                    person=user, organisation=organisation, rolle=rolle, von=request.user, request=request,
                    an_person=False,
                )
                if art == "beantragt":
                    beantragt.append(rolle)
            einladung_senden(user_id=user.pk, organisation_id=organisation.pk)  # outbox row in this transaction
        messages.success(
            request,
            f"{user.get_full_name()} ist eingeladen. Die E-Mail mit dem Link zum Passwort geht an {user.email}."
            + (FREIGABE_HINWEIS if beantragt else ""),
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
    form = MitgliedschaftForm(request.POST or None, user=person, von=request.user)
    if request.method == "POST" and form.is_valid():
        m = form.mitgliedschaft
        art = konten.rolle_vergeben(
            person=person, organisation=m.organisation, rolle=m.rolle, von=request.user, request=request
        )
        if art == "beantragt":
            messages.success(request, f"Die Rolle {m.get_rolle_display()} für {person} ist beantragt." + FREIGABE_HINWEIS)
        else:
            messages.success(request, f"{person} hat jetzt die Rolle {m.get_rolle_display()} bei {m.organisation}.")
        return redirect("verwaltung_benutzer", pk=person.pk)
    mitgliedschaften = person.mitgliedschaften.select_related("organisation").order_by(
        "organisation__name", "rolle"
    )
    return render(
        request,
        "komman/verwaltung/benutzer_detail.html",
        {
            "person": person,
            "mitgliedschaften": mitgliedschaften,
            "form": form,
            "freigaben": Rollenfreigabe.objects.filter(user=person, stand=Rollenfreigabe.Stand.OFFEN)
            .select_related("organisation", "beantragt_von"),
        },
    )


@admin_erforderlich
@require_POST
def mitgliedschaft_entfernen(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(Mitgliedschaft.objects.select_related("user", "organisation"), pk=pk)
    if m.user_id == request.user.pk and m.rolle == Rolle.ADMIN:
        messages.error(request, "Sie können sich die Rolle Administration nicht selbst entziehen.")
        return redirect("verwaltung_benutzer", pk=m.user_id)
    konten.rolle_entziehen(mitgliedschaft=m, von=request.user, request=request)
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
        konten.aktiv_gesetzt(person=person, von=request.user, request=request)
        if person.is_active:
            messages.success(request, f"Das Konto von {person} ist wieder aktiv.")
        else:
            messages.success(
                request, f"Das Konto von {person} ist deaktiviert. Die Person kann sich nicht mehr anmelden."
            )
        return redirect("verwaltung_benutzer", pk=person.pk)
    return render(request, "komman/verwaltung/benutzer_aktiv.html", {"person": person})
