"""Programme pages: the public Part IV information page; the Verwaltung of periods and Zuweisungen."""

import re
from decimal import Decimal
from pathlib import Path

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from komman import permissions
from komman.formate import euro, zahl
from komman.models import Organisation
from komman.seiten import gemerkt
from komman.verwaltung import admin_erforderlich
from programmteile import rules
from programmteile.forms import (
    BescheidtexteForm,
    BestaetigungForm,
    BriefkopfForm,
    CsvImportForm,
    KopierenForm,
    PeriodeForm,
    PeriodeNeuForm,
    RegelparameterForm,
    ZuweisungFormSet,
    csv_export,
)
from programmteile.models import (
    Aenderungsprotokoll,
    Bescheidtexte,
    Briefkopf,
    Broschuerenbestellung,
    Foerderperiode,
    Programmteil,
    Zuweisung,
    standardparameter,
)


@login_not_required
def teil4_information(request: HttpRequest) -> HttpResponse:
    teil = get_object_or_404(Programmteil, nummer="IV")
    return render(request, "programmteile/teil4.html", {"teil": teil})


# --- Programmteil IV: Bestellung gedruckter Broschüren ---


class BestellForm(forms.ModelForm):
    class Meta:
        model = Broschuerenbestellung
        fields = [
            "deutsch",
            "englisch",
            "franzoesisch",
            "arabisch",
            "dari",
            "farsi",
            "empfaenger",
            "strasse",
            "plz",
            "ort",
            "anmerkung",
        ]
        widgets = {"anmerkung": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feld, _ in Broschuerenbestellung.SPRACHEN:
            f = self.fields[feld]
            f.label = f"Anzahl {f.label}"
            f.max_value = 10000
            f.widget.attrs.update({"min": 0, "max": 10000, "inputmode": "numeric"})
            f.validators.append(
                MaxValueValidator(10000, "Bitte höchstens 10.000 Exemplare je Sprache bestellen.")
            )
            f.error_messages["invalid"] = "Bitte eine ganze Zahl ab 0 eingeben."
            f.error_messages["min_value"] = "Bitte eine ganze Zahl ab 0 eingeben."
        self.fields["plz"].validators.append(
            RegexValidator(r"^\d{5}$", "Bitte eine fünfstellige Postleitzahl eingeben.")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Exemplare je Sprache", *(feld for feld, _ in Broschuerenbestellung.SPRACHEN)),
            Fieldset("Lieferanschrift", "empfaenger", "strasse", "plz", "ort"),
            Fieldset("Sonstiges", "anmerkung"),
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(feld) for feld, _ in Broschuerenbestellung.SPRACHEN) and not any(
            feld in self.errors for feld, _ in Broschuerenbestellung.SPRACHEN
        ):
            raise forms.ValidationError("Bitte bestellen Sie mindestens ein Exemplar.")
        return cleaned


def _kommunen_des_nutzers(user) -> list[Organisation]:
    return list(
        Organisation.objects.kommunen().filter(pk__in=permissions.organisation_ids(user)).order_by("name")
    )


def teil4_bestellen(request: HttpRequest) -> HttpResponse:
    kommunen = _kommunen_des_nutzers(request.user)
    if not kommunen:
        raise PermissionDenied("Broschüren bestellen können Kommunale Integrationszentren.")
    kommune = kommunen[0]
    form = BestellForm(
        request.POST or None, initial={"empfaenger": f"Kommunales Integrationszentrum {kommune}"}
    )
    if request.method == "POST" and form.is_valid():
        bestellung = form.save(commit=False)
        bestellung.organisation = kommune
        bestellung.bestellt_von = request.user
        bestellung.save()
        messages.success(request, f"Ihre Bestellung über {bestellung.gesamt} Exemplare ist eingegangen.")
        return redirect("programmteile:teil4_bestellen")
    bisher = Broschuerenbestellung.objects.filter(organisation__in=kommunen).select_related("bestellt_von")[
        :20
    ]
    return render(
        request,
        "programmteile/teil4_bestellen.html",
        {"form": form, "kommune": kommune, "bisher": list(bisher)},
    )


def teil4_bestellungen(request: HttpRequest) -> HttpResponse:
    if not permissions.is_admin(request.user):
        raise PermissionDenied("Die Liste der Bestellungen sieht nur die Administration.")
    bestellungen = Broschuerenbestellung.objects.select_related("organisation", "bestellt_von")
    seite = Paginator(bestellungen, 50).get_page(request.GET.get("seite"))
    summen = bestellungen.aggregate(**{feld: Sum(feld) for feld, _ in Broschuerenbestellung.SPRACHEN})
    return render(
        request,
        "programmteile/teil4_bestellungen.html",
        {
            "seite": seite,
            "summen": [(label, summen[feld] or 0) for feld, label in Broschuerenbestellung.SPRACHEN],
        },
    )


# --- Verwaltung (Administration) ---

KEINE_AENDERUNG = "Es wurde nichts geändert."


def _periode(pk: int) -> Foerderperiode:
    return get_object_or_404(Foerderperiode.objects.select_related("programmteil"), pk=pk)


def _geschuetzt_speichern(request: HttpRequest, *, periode: Foerderperiode, aenderungen, speichern):
    """Save; a period with submitted Anträge needs a reason and writes the Änderungsprotokoll.

    The period row is locked first (submit() locks it too for the Aktenzeichen), so an Antrag
    submitted meanwhile cannot slip a change past the log. Returns (gespeichert,
    bestaetigung_form); with False the view re-renders its bound form together with the
    confirmation block, so nothing typed is lost. ValidationError from speichern() rolls back.
    """
    if not aenderungen:
        return True, None
    bestaetigung = BestaetigungForm(request.POST) if request.POST.get("bestaetigung_angezeigt") else None
    with transaction.atomic():
        Foerderperiode.objects.select_for_update().get(pk=periode.pk)
        if not periode.hat_eingereichte_antraege():
            speichern()
            return True, None
        if bestaetigung is not None and bestaetigung.is_valid():
            speichern()
            Aenderungsprotokoll.schreiben(
                foerderperiode=periode,
                by=request.user,
                grund=bestaetigung.cleaned_data["grund"],
                aenderungen=aenderungen,
            )
            return True, None
    return False, bestaetigung or BestaetigungForm()


def _perioden_mit_budgetzahlen() -> list[Foerderperiode]:
    qs = (
        Foerderperiode.objects.select_related("programmteil")
        .mit_budgetzahlen()
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )
    # The sums run over every Antrag (0.4 s at 100,000): remembered until the next Antrag or
    # state change, or a change of a budget or a Zuweisung (docs/leistung.md).
    zusatz = repr(
        (
            list(Foerderperiode.objects.order_by("pk").values_list("pk", "budget", "gebunden", "status")),
            Zuweisung.objects.aggregate(n=Count("pk"), s=Sum("hoechstbetrag"), m=Max("pk")),
        )
    )
    return gemerkt(qs, lambda: list(qs), art="haushalt", zusatz=zusatz)


@admin_erforderlich
def perioden(request: HttpRequest) -> HttpResponse:
    liste = _perioden_mit_budgetzahlen()
    return render(request, "programmteile/verwaltung/perioden.html", {"perioden": liste})


@admin_erforderlich
def haushalt(request: HttpRequest) -> HttpResponse:
    """Budget overview per Förderjahr and Programmteil: one query for all figures."""
    liste = _perioden_mit_budgetzahlen()
    jahre: dict[int, dict] = {}
    felder = (
        "budget",
        "summe_beantragt",
        "summe_vorgeschlagen",
        "gebunden",
        "summe_verfuegbar",
        "summe_frei",
    )
    for p in liste:
        jahr = jahre.setdefault(
            p.foerderjahr, {"jahr": p.foerderjahr, "perioden": [], **dict.fromkeys(felder, 0)}
        )
        jahr["perioden"].append(p)
        for feld in felder:
            jahr[feld] += getattr(p, feld)
    return render(request, "programmteile/verwaltung/haushalt.html", {"jahre": list(jahre.values())})


@admin_erforderlich
def periode_neu(request: HttpRequest) -> HttpResponse:
    form = PeriodeNeuForm(request.POST or None, instance=Foerderperiode())
    if request.method == "POST" and form.is_valid():
        periode = form.save(commit=False)
        periode.status = Foerderperiode.Status.IN_VORBEREITUNG
        periode.regelparameter = standardparameter()
        periode.save()
        messages.success(
            request,
            f"{periode} ist angelegt (in Vorbereitung) mit den Standardparametern. Bitte prüfen Sie die Parameter"
            + (" und Zuweisungen." if periode.hat_zuweisungen else "."),
        )
        return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(request, "programmteile/verwaltung/periode_neu.html", {"form": form})


@admin_erforderlich
def periode_kopieren(request: HttpRequest, pk: int) -> HttpResponse:
    quelle = _periode(pk)
    form = KopierenForm(request.POST or None, periode=quelle)
    if request.method == "POST" and form.is_valid():
        try:
            neu = quelle.kopieren(jahr=form.cleaned_data["foerderjahr"], budget=form.cleaned_data["budget"])
        except ValidationError as e:
            for meldung in e.messages:
                form.add_error(None, meldung)
        else:
            messages.success(
                request,
                f"{neu} ist als Kopie von {quelle} angelegt: Parameter, Zuweisungen und Bescheidtexte übernommen, "
                "Termine um das Jahr verschoben, Status „In Vorbereitung“.",
            )
            return redirect("programmteile:verwaltung_periode", pk=neu.pk)
    return render(request, "programmteile/verwaltung/periode_kopieren.html", {"form": form, "quelle": quelle})


@admin_erforderlich
def periode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    periode = get_object_or_404(
        Foerderperiode.objects.select_related("programmteil").mit_budgetzahlen(), pk=pk
    )
    protokoll = periode.aenderungsprotokoll.select_related("geaendert_von")[:200]
    texte = Bescheidtexte.objects.filter(foerderperiode=periode).first()
    return render(
        request,
        "programmteile/verwaltung/periode_detail.html",
        {
            "periode": periode,
            "protokoll": protokoll,
            "texte": texte,
            "geschuetzt": periode.hat_eingereichte_antraege(),
            "hoechstbetraege_ueber_budget": periode.summe_hoechstbetraege > periode.budget,
            "ueberschuss": periode.summe_hoechstbetraege - periode.budget,
        },
    )


@admin_erforderlich
def periode_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _periode(pk)
    form = PeriodeForm(request.POST or None, instance=periode)
    bestaetigung = None
    if request.method == "POST" and form.is_valid():

        def speichern():
            # gebunden may have grown since the form was loaded; read it under the lock
            gebunden = Foerderperiode.objects.values_list("gebunden", flat=True).get(pk=periode.pk)
            if form.instance.budget < gebunden:
                raise ValidationError(
                    {
                        "budget": f"Die Haushaltsmittel dürfen nicht unter die gebundenen Mittel ({euro(gebunden)}) sinken."
                    }
                )
            form.instance.save(update_fields=PeriodeForm.Meta.fields)  # never a stale gebunden

        try:
            fertig, bestaetigung = _geschuetzt_speichern(
                request, periode=periode, aenderungen=form.aenderungen(), speichern=speichern
            )
        except ValidationError as e:
            fertig = False
            for feld, meldungen in e.message_dict.items():
                for meldung in meldungen:
                    form.add_error(feld if feld in form.fields else None, meldung)
        if fertig:
            messages.success(
                request,
                "Die Angaben der Förderperiode sind gespeichert." if form.has_changed() else KEINE_AENDERUNG,
            )
            return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(
        request,
        "programmteile/verwaltung/periode_form.html",
        {
            "form": form,
            "periode": periode,
            "bestaetigung": bestaetigung,
            "aenderungen": _anzeige(form, bestaetigung),
        },
    )


def _anzeige(form, bestaetigung) -> list:
    return form.aenderungen() if bestaetigung is not None else []


@admin_erforderlich
def periode_parameter(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _periode(pk)
    form = RegelparameterForm(request.POST or None, periode=periode)
    bestaetigung = None
    if request.method == "POST" and form.is_valid():
        aenderungen = form.aenderungen()

        def speichern():
            periode.regelparameter = form.regelparameter
            periode.full_clean()
            periode.save(update_fields=["regelparameter"])

        try:
            fertig, bestaetigung = _geschuetzt_speichern(
                request, periode=periode, aenderungen=aenderungen, speichern=speichern
            )
        except ValidationError as e:
            fertig = False
            for meldung in e.messages:
                form.add_error(None, meldung)
        if fertig:
            messages.success(
                request, f"{len(aenderungen)} Regelparameter geändert." if aenderungen else KEINE_AENDERUNG
            )
            return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(
        request,
        "programmteile/verwaltung/parameter_form.html",
        {
            "form": form,
            "periode": periode,
            "bestaetigung": bestaetigung,
            "aenderungen": form.aenderungen() if bestaetigung is not None else [],
        },
    )


STATUSWECHSEL = {
    "oeffnen": (
        Foerderperiode.Status.IN_VORBEREITUNG,
        Foerderperiode.Status.OFFEN,
        "öffnen",
        "Antragstellende sehen die Periode, ihre Zuweisungen und die Antragsfrist und können Anträge stellen.",
    ),
    "schliessen": (
        Foerderperiode.Status.OFFEN,
        Foerderperiode.Status.GESCHLOSSEN,
        "schließen",
        "Es können keine neuen Anträge mehr gestellt werden. Laufende Anträge werden weiter bearbeitet.",
    ),
}


@admin_erforderlich
def periode_status(request: HttpRequest, pk: int, aktion: str) -> HttpResponse:
    """GET confirms, POST changes: in Vorbereitung -> offen -> geschlossen."""
    if aktion not in STATUSWECHSEL:
        raise Http404
    von, nach, verb, folgen = STATUSWECHSEL[aktion]
    periode = _periode(pk)
    if request.method == "POST":
        with transaction.atomic():
            gesperrt = Foerderperiode.objects.select_for_update().get(pk=periode.pk)
            if gesperrt.status != von:
                messages.error(
                    request,
                    f"{periode} kann nicht mehr {verb} werden: Der Status ist „{gesperrt.get_status_display()}“.",
                )
                return redirect("programmteile:verwaltung_periode", pk=periode.pk)
            try:
                gesperrt.full_clean()
            except ValidationError as e:
                messages.error(request, f"{periode} kann nicht {verb} werden: " + " ".join(e.messages))
                return redirect("programmteile:verwaltung_periode", pk=periode.pk)
            gesperrt.status = nach
            gesperrt.save(update_fields=["status"])
        messages.success(request, f"{periode} ist jetzt „{gesperrt.get_status_display()}“.")
        return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(
        request,
        "programmteile/verwaltung/periode_status.html",
        {
            "periode": periode,
            "aktion": aktion,
            "verb": verb,
            "folgen": folgen,
            "moeglich": periode.status == von,
            "nach": Foerderperiode.Status(nach).label,
        },
    )


def _zuweisungen_vervollstaendigen(periode: Foerderperiode) -> None:
    """One row per Kommune, so the table always lists all 54 (empty rows change nothing)."""
    vorhanden = set(periode.zuweisungen.values_list("kommune_id", flat=True))
    Zuweisung.objects.bulk_create(
        [
            Zuweisung(foerderperiode=periode, kommune=k)
            for k in Organisation.objects.kommunen().exclude(pk__in=vorhanden)
        ]
    )


def _nur_mit_zuweisungen(periode: Foerderperiode) -> None:
    if not periode.hat_zuweisungen:
        raise Http404("Zuweisungen gibt es nur in den Programmteilen I und II.")


@admin_erforderlich
def zuweisungen(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _periode(pk)
    _nur_mit_zuweisungen(periode)
    if request.method == "GET":
        _zuweisungen_vervollstaendigen(periode)
    qs = periode.zuweisungen.select_related("kommune", "foerderperiode__programmteil").order_by(
        "kommune__name"
    )
    formset = ZuweisungFormSet(request.POST or None, queryset=qs, periode=periode)
    bestaetigung = None
    if request.method == "POST" and formset.is_valid():
        aenderungen = formset.aenderungen()
        fertig, bestaetigung = _geschuetzt_speichern(
            request, periode=periode, aenderungen=aenderungen, speichern=formset.save
        )
        if fertig:
            messages.success(
                request, f"{len(aenderungen)} Werte geändert." if aenderungen else KEINE_AENDERUNG
            )
            return redirect("programmteile:verwaltung_zuweisungen", pk=periode.pk)
    gespeichert = list(qs)
    if periode.programmteil.nummer == "II":
        summe = sum((z.hoechstbetrag or Decimal("0.00")) for z in gespeichert)
    else:
        summe = _teil1_bedarf(periode, gespeichert)
    return render(
        request,
        "programmteile/verwaltung/zuweisungen.html",
        {
            "periode": periode,
            "formset": formset,
            "bestaetigung": bestaetigung,
            "aenderungen": formset.aenderungen() if bestaetigung is not None else [],
            "summe": summe,
            "ueber_budget": summe is not None and summe > periode.budget,
            "teil": periode.programmteil.nummer,
        },
    )


def _teil1_bedarf(periode: Foerderperiode, zuweisungen: list[Zuweisung]) -> Decimal | None:
    """Part I money if every Kommune uses its Stellenzuweisung: Stellen × Festbetrag + Sachmittel."""
    try:
        t1 = periode.parameter().teil1
    except ValueError:
        return None
    if t1.festbetrag_stelle is None:
        return None
    return sum(
        (
            z.stellen * t1.festbetrag_stelle + (t1.sachmittel.get(z.stellen) or 0)
            for z in zuweisungen
            if z.stellen
        ),
        Decimal("0.00"),
    )


def _vorschlag(periode: Foerderperiode) -> list[dict]:
    parameter = periode.parameter().teil1
    zeilen = []
    for z in periode.zuweisungen.select_related("kommune").order_by("kommune__name"):
        einwohner = z.kommune.einwohner_2011
        vorschlag = None
        if einwohner and parameter.rechner_basis and parameter.rechner_schwellen:
            vorschlag = rules.stufe_vorschlag(
                einwohner, gesamt=parameter.rechner_basis, schwellen=parameter.rechner_schwellen
            )
        zeilen.append(
            {
                "zuweisung": z,
                "einwohner": einwohner,
                "anteil": (Decimal(einwohner) / parameter.rechner_basis * 100)
                if einwohner and parameter.rechner_basis
                else None,
                "vorschlag": vorschlag,
                "anders": vorschlag is not None and vorschlag != z.stellen,
            }
        )
    return zeilen


@admin_erforderlich
def zuweisungen_vorschlag(request: HttpRequest, pk: int) -> HttpResponse:
    """The tier calculator: shown beside the current values, saved only after confirmation."""
    periode = _periode(pk)
    if periode.programmteil.nummer != "I":
        raise Http404("Den Stufenrechner gibt es nur für Programmteil I.")
    _zuweisungen_vervollstaendigen(periode)
    t1 = periode.parameter().teil1
    fehlt = not (t1.rechner_basis and t1.rechner_schwellen)
    zeilen = [] if fehlt else _vorschlag(periode)
    bestaetigung = None
    if request.method == "POST" and not fehlt:
        geaendert = [z for z in zeilen if z["anders"]]
        aenderungen = [
            (
                "zuweisung",
                f"{z['zuweisung'].kommune} ({z['zuweisung'].kommune.kreisschluessel}): Stellenzuweisung",
                zahl(z["zuweisung"].stellen) if z["zuweisung"].stellen is not None else "(leer)",
                zahl(z["vorschlag"]),
            )
            for z in geaendert
        ]

        def speichern():
            for z in geaendert:
                z["zuweisung"].stellen = z["vorschlag"]
            Zuweisung.objects.bulk_update([z["zuweisung"] for z in geaendert], ["stellen"])

        if request.POST.get("uebernehmen"):
            fertig, bestaetigung = _geschuetzt_speichern(
                request, periode=periode, aenderungen=aenderungen, speichern=speichern
            )
            if fertig:
                messages.success(
                    request,
                    f"Vorschlag übernommen: {len(geaendert)} Stellenzuweisungen geändert."
                    if geaendert
                    else KEINE_AENDERUNG,
                )
                return redirect("programmteile:verwaltung_zuweisungen", pk=periode.pk)
    return render(
        request,
        "programmteile/verwaltung/zuweisungen_vorschlag.html",
        {
            "periode": periode,
            "zeilen": zeilen,
            "fehlt": fehlt,
            "anzahl_anders": sum(1 for z in zeilen if z["anders"]),
            "bestaetigung": bestaetigung,
            "parameter": t1,
        },
    )


@admin_erforderlich
def zuweisungen_export(request: HttpRequest, pk: int) -> HttpResponse:
    periode = _periode(pk)
    _nur_mit_zuweisungen(periode)
    inhalt = csv_export(periode.zuweisungen.select_related("kommune"))
    antwort = HttpResponse(inhalt.encode("utf-8"), content_type="text/csv; charset=utf-8")
    dateiname = f"zuweisungen-{periode.programmteil.nummer}-{periode.foerderjahr}.csv"
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return antwort


@admin_erforderlich
def zuweisungen_import(request: HttpRequest, pk: int) -> HttpResponse:
    """All or nothing: a file with any bad row imports nothing and lists every problem."""
    periode = _periode(pk)
    _nur_mit_zuweisungen(periode)
    form = CsvImportForm(request.POST or None, request.FILES or None, periode=periode)
    bestaetigung = None
    aenderungen: list = []
    if request.method == "POST" and form.is_valid():
        aenderungen = form.aenderungen()

        def speichern():
            ids = [zeile.kommune.pk for zeile in form.zeilen]
            periode.zuweisungen.exclude(kommune_id__in=ids).delete()
            bisher = {z.kommune_id: z for z in periode.zuweisungen.all()}
            neu, geaendert = [], []
            for zeile in form.zeilen:
                z = bisher.get(zeile.kommune.pk)
                if z is None:
                    neu.append(
                        Zuweisung(
                            foerderperiode=periode,
                            kommune=zeile.kommune,
                            stellen=zeile.stellen,
                            hoechstbetrag=zeile.hoechstbetrag,
                        )
                    )
                elif (z.stellen, z.hoechstbetrag) != (zeile.stellen, zeile.hoechstbetrag):
                    z.stellen, z.hoechstbetrag = zeile.stellen, zeile.hoechstbetrag
                    geaendert.append(z)
            Zuweisung.objects.bulk_create(neu)
            Zuweisung.objects.bulk_update(geaendert, ["stellen", "hoechstbetrag"])

        fertig, bestaetigung = _geschuetzt_speichern(
            request, periode=periode, aenderungen=aenderungen, speichern=speichern
        )
        if fertig:
            messages.success(
                request,
                f"Datei übernommen: {len(form.zeilen)} Zuweisungen, {len(aenderungen)} Werte geändert."
                if aenderungen
                else "Die Datei enthält dieselben Werte wie gespeichert; es wurde nichts geändert.",
            )
            return redirect("programmteile:verwaltung_zuweisungen", pk=periode.pk)
    return render(
        request,
        "programmteile/verwaltung/zuweisungen_import.html",
        {
            "periode": periode,
            "form": form,
            "csv_fehler": form.csv_fehler,
            "bestaetigung": bestaetigung,
            "aenderungen": aenderungen if bestaetigung is not None else [],
            "inhalt": form.cleaned_data.get("inhalt", "") if bestaetigung is not None else "",
        },
    )


BEISPIELGERICHT = "Gelsenkirchen"


@admin_erforderlich
def bescheidtexte(request: HttpRequest, pk: int) -> HttpResponse:
    """Saving creates a new version; earlier versions stay (issued Bescheide refer to them)."""
    periode = _periode(pk)
    aktuell = Bescheidtexte.aktuell(periode)
    form = BescheidtexteForm(
        request.POST or None,
        instance=Bescheidtexte(foerderperiode=periode),
        initial={f: getattr(aktuell, f) for f in Bescheidtexte.TEXTFELDER},
    )
    vorschau = None
    if request.method == "POST" and form.is_valid():
        if "vorschau" in request.POST:
            vorschau = form.cleaned_data
        elif aktuell.pk and all(
            form.cleaned_data[f] == getattr(aktuell, f) for f in Bescheidtexte.TEXTFELDER
        ):
            messages.info(request, KEINE_AENDERUNG)
            return redirect("programmteile:verwaltung_periode", pk=periode.pk)
        else:
            with transaction.atomic():
                Foerderperiode.objects.select_for_update().filter(pk=periode.pk).first()
                texte = form.save(commit=False)
                letzte = Bescheidtexte.objects.filter(foerderperiode=periode).first()
                texte.version = (letzte.version + 1) if letzte else 1
                texte.save()
            messages.success(request, f"Bescheidtexte gespeichert als Version {texte.version}.")
            return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    elif request.method == "GET":
        vorschau = {f: getattr(aktuell, f) for f in Bescheidtexte.TEXTFELDER}
    if vorschau is not None:
        vorschau = {
            **vorschau,
            "rechtsbehelfsbelehrung": vorschau["rechtsbehelfsbelehrung"].replace(
                "{gericht}", BEISPIELGERICHT
            ),
        }
    versionen = Bescheidtexte.objects.filter(foerderperiode=periode).only(
        "version", "erstellt_am", "foerderperiode"
    )
    return render(
        request,
        "programmteile/verwaltung/bescheidtexte.html",
        {
            "periode": periode,
            "form": form,
            "vorschau": vorschau,
            "versionen": versionen,
            "aktuell": aktuell,
            "beispielgericht": BEISPIELGERICHT,
        },
    )


@admin_erforderlich
def briefkopf(request: HttpRequest) -> HttpResponse:
    """A new letterhead version from a date on; older versions stay for older Bescheide."""
    aktuell = Briefkopf.aktuell()
    initial = {f.name: getattr(aktuell, f.name) for f in Briefkopf._meta.fields if f.name not in ("id",)}
    initial["gueltig_ab"] = timezone.localdate()
    form = BriefkopfForm(request.POST or None, initial=initial)
    vorschau = aktuell
    if request.method == "POST" and form.is_valid():
        if "vorschau" in request.POST:
            vorschau = form.save(commit=False)
        else:
            neu = form.save()
            messages.success(request, f"Neuer Briefkopf gilt ab {neu.gueltig_ab:%d.%m.%Y}.")
            return redirect("programmteile:verwaltung_texte")
    return render(
        request,
        "programmteile/verwaltung/briefkopf.html",
        {"form": form, "vorschau": vorschau, "versionen": Briefkopf.objects.all()[:20]},
    )


def _mailvorlagen() -> list[dict]:
    ordner = Path(settings.BASE_DIR) / "templates" / "mails"
    vorlagen = []
    for datei in sorted(ordner.glob("*.txt")) if ordner.is_dir() else []:
        text = re.sub(r"{%\s*(end)?autoescape[^%]*%}", "", datei.read_text(encoding="utf-8"))
        betreff, _, inhalt = text.strip().partition("\n")
        vorlagen.append({"name": datei.name, "betreff": betreff.strip(), "inhalt": inhalt.strip()})
    return vorlagen


@admin_erforderlich
def texte(request: HttpRequest) -> HttpResponse:
    perioden_liste = (
        Foerderperiode.objects.select_related("programmteil")
        .filter(programmteil__antragsteller_art__gt="")
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )
    return render(
        request,
        "programmteile/verwaltung/texte.html",
        {"briefkopf": Briefkopf.aktuell(), "perioden": perioden_liste, "mailvorlagen": _mailvorlagen()},
    )
