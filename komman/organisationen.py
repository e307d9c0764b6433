"""Verwaltung of the organisations: list, page with Verlauf, new Träger, editing the master data.

What a letter needs of its recipient (postal address, e-mail for notices, for a Träger the Kreis
or kreisfreie Stadt of its seat, for a Kommune its Verwaltungsgericht) is maintained here by the
Administration. Every change is one audit entry with old → new per field (komman/audit.py);
the organisation page shows them as its Verlauf.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from komman import audit
from komman.models import Mitgliedschaft, Organisation, Protokolleintrag
from komman.verwaltung import admin_erforderlich, bootstrap_klassen

Org = Organisation
ANSCHRIFT = ["strasse", "plz", "ort", "email"]
FELDER = {
    Org.Art.KOMMUNE: [*ANSCHRIFT, "verwaltungsgericht"],
    Org.Art.TRAEGER: ["name", "spitzenverband", *ANSCHRIFT, "kreis"],
    Org.Art.BEZIRKSREGIERUNG: ANSCHRIFT,
}
VERLAUF_AKTION = Protokolleintrag.Aktion.STAMMDATEN_GEAENDERT


def _gerichte() -> list[str]:
    """The court seats of the Kommunen (the seven NRW Verwaltungsgerichte)."""
    return sorted(
        set(Org.objects.kommunen().exclude(verwaltungsgericht="").values_list("verwaltungsgericht", flat=True))
    )


class OrganisationForm(forms.ModelForm):
    """The master data of one organisation; which fields depends on its Art (FELDER)."""

    class Meta:
        model = Organisation
        fields = ["name", "spitzenverband", "strasse", "plz", "ort", "email", "kreis", "verwaltungsgericht"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        art = self.instance.art
        for feld in [f for f in self.fields if f not in FELDER[art]]:
            del self.fields[feld]
        for feld in ("strasse", "plz", "ort"):
            self.fields[feld].required = True
        self.fields["email"].required = art != Org.Art.BEZIRKSREGIERUNG
        self.fields["email"].help_text = "An diese Adresse gehen Hinweise auf neue Bescheide und Schreiben."
        self.fields["email"].widget.attrs["autocomplete"] = "off"  # the organisation's, not the admin's
        if "spitzenverband" in self.fields:
            self.fields["spitzenverband"].queryset = Org.objects.traeger().filter(spitzenverband__isnull=True)
            self.fields["spitzenverband"].empty_label = "Keiner (der Träger ist selbst Spitzenverband)"
        if "kreis" in self.fields:
            # The 54 Kreise and kreisfreie Städte, read once: choices and validation from one query.
            self._kreise = {str(k.pk): k for k in Org.objects.kommunen().order_by("name")}
            self.fields["kreis"] = forms.ChoiceField(
                label=Org._meta.get_field("kreis").verbose_name,
                choices=[("", "Bitte wählen"), *((pk, str(k)) for pk, k in self._kreise.items())],
                help_text="Bestimmt das Verwaltungsgericht in der Rechtsbehelfsbelehrung (§ 52 Nr. 3 VwGO).",
                error_messages={
                    "required": "Bitte wählen Sie den Kreis oder die kreisfreie Stadt, in dem der Träger "
                    "seinen Sitz hat.",
                    "invalid_choice": "Bitte wählen Sie einen Kreis oder eine kreisfreie Stadt aus der Liste.",
                },
            )
            self.initial["kreis"] = str(self.instance.kreis_id or "")
        if "verwaltungsgericht" in self.fields:
            self.fields["verwaltungsgericht"] = forms.ChoiceField(
                label="Verwaltungsgericht",
                choices=[("", "Bitte wählen"), *((g, f"Verwaltungsgericht {g}") for g in _gerichte())],
                help_text="Zuständig für Klagen gegen Bescheide (§ 17 JustG NRW).",
                error_messages={"required": "Bitte wählen Sie das zuständige Verwaltungsgericht."},
            )
        for feld, text in (
            ("strasse", "Bitte geben Sie Straße und Hausnummer an."),
            ("plz", "Bitte geben Sie die Postleitzahl an."),
            ("ort", "Bitte geben Sie den Ort an."),
            ("email", "Bitte geben Sie die E-Mail-Adresse für Bescheide an."),
        ):
            if feld in self.fields:
                self.fields[feld].error_messages["required"] = text
        bootstrap_klassen(self)

    def clean_kreis(self):
        return self._kreise[self.cleaned_data["kreis"]]

    def clean_plz(self):
        plz = self.cleaned_data["plz"].strip()
        if not (plz.isdigit() and len(plz) == 5):
            raise ValidationError("Die Postleitzahl hat fünf Ziffern.")
        return plz

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        andere = Org.objects.traeger().filter(name__iexact=name).exclude(pk=self.instance.pk)
        if andere.exists():
            raise ValidationError("Einen Träger mit diesem Namen gibt es schon.")
        return name


class TraegerForm(OrganisationForm):
    """A new Träger: the same fields as editing one."""


def _wert(org: Organisation, feld: str) -> str:
    wert = getattr(org, feld)
    return "" if wert is None else str(wert)


def _speichern(request: HttpRequest, form: OrganisationForm, *, neu: bool) -> Organisation:
    """Saves under a row lock and records old → new of every changed field (one audit entry)."""
    with transaction.atomic():
        if neu:
            alt = {}
            org = form.save()
        else:
            gesperrt = (
                Org.objects.select_for_update(of=("self",))
                .select_related("kreis", "spitzenverband")
                .get(pk=form.instance.pk)
            )
            alt = {f: _wert(gesperrt, f) for f in form.fields}
            org = form.save()
        felder = {
            f: {"alt": alt.get(f, ""), "neu": _wert(org, f)} for f in form.fields if alt.get(f, "") != _wert(org, f)
        }
        if felder:
            details = {"felder": felder, **({"neu_angelegt": True} if neu else {})}
            audit.protokolliere(
                wer=request.user, aktion=VERLAUF_AKTION, objekt=org, details=details, request=request
            )
    return org


# --- Views ---


@admin_erforderlich
def organisationen(request: HttpRequest) -> HttpResponse:
    qs = Org.objects.annotate(
        anzahl_personen=Count(
            "mitgliedschaften__user", filter=Q(mitgliedschaften__user__is_active=True), distinct=True
        )
    ).order_by("art", "name")
    art = request.GET.get("art", "")
    if art in Org.Art.values:
        qs = qs.filter(art=art)
    suche = request.GET.get("q", "").strip()
    if suche:
        qs = qs.filter(Q(name__icontains=suche) | Q(kreisschluessel__startswith=suche) | Q(ort__icontains=suche))
    seite = Paginator(qs, 100).get_page(request.GET.get("seite"))
    return render(
        request,
        "komman/verwaltung/organisationen.html",
        {"seite": seite, "art": art, "suche": suche, "arten": Org.Art.choices},
    )


@admin_erforderlich
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Org.objects.visible_to(request.user).select_related("kreis"), pk=pk)
    mitgliedschaften = (
        Mitgliedschaft.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "rolle")
    )
    personen: dict[int, dict] = {}
    for m in mitgliedschaften:
        personen.setdefault(m.user_id, {"user": m.user, "mitgliedschaften": []})["mitgliedschaften"].append(m)
    verlauf = Protokolleintrag.objects.filter(
        objekt_typ=Org._meta.label_lower, objekt_id=str(organisation.pk), aktion=VERLAUF_AKTION
    ).order_by("-wann", "-id")[:50]
    return render(
        request,
        "komman/verwaltung/organisation_detail.html",
        {"organisation": organisation, "personen": list(personen.values()), "verlauf": verlauf},
    )


@admin_erforderlich
def organisation_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Org.objects.visible_to(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Es wurde nichts geändert.")
        else:
            _speichern(request, form, neu=False)
            messages.success(request, "Die Angaben sind gespeichert; der Verlauf zeigt die Änderung.")
        return redirect("verwaltung_organisation", pk=organisation.pk)
    return render(
        request, "komman/verwaltung/organisation_form.html", {"form": form, "organisation": organisation}
    )


@admin_erforderlich
def traeger_neu(request: HttpRequest) -> HttpResponse:
    form = TraegerForm(request.POST or None, instance=Org(art=Org.Art.TRAEGER))
    if request.method == "POST" and form.is_valid():
        traeger = _speichern(request, form, neu=True)
        messages.success(
            request, f"Der Träger „{traeger}“ ist angelegt. Laden Sie jetzt seine Ansprechpersonen ein."
        )
        return redirect("verwaltung_organisation", pk=traeger.pk)
    return render(request, "komman/verwaltung/traeger_form.html", {"form": form})
