"""Verwaltung of Förderperioden: list, budget overview, new, copy, edit, parameters, status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from komman.formate import euro
from komman.seiten import gemerkt
from komman.verwaltung import admin_erforderlich
from programmteile import perioden as perioden_status
from programmteile.forms import (
    KopierenForm,
    PeriodeForm,
    PeriodeNeuForm,
    RegelparameterForm,
    StatuswechselForm,
)
from programmteile.models import Bescheidtexte, Foerderperiode, Pflichtanlage, Zuweisung, standardparameter
from programmteile.views.gemeinsam import KEINE_AENDERUNG, geschuetzt_speichern, periode_oder_404


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
        # called, paid and open come from the apps above (programmteile.models.budgetzahlen_ergaenzen)
        *(f for f in ("summe_abgerufen", "summe_ausgezahlt", "summe_offen") if liste and hasattr(liste[0], f)),
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
        Pflichtanlage.standard_anlegen(periode)
        if periode.frist_abgelaufen:
            messages.warning(
                request,
                f"Achtung: Die Antragsfrist ({periode.antragsfrist:%d.%m.%Y}) liegt in der Vergangenheit. "
                "Bitte passen Sie die Termine an, bevor Sie die Periode öffnen.",
            )
        messages.success(
            request,
            f"{periode} ist angelegt (in Vorbereitung) mit den Standardparametern. Bitte prüfen Sie die Parameter"
            + (" und Zuweisungen." if periode.hat_zuweisungen else "."),
        )
        return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(request, "programmteile/verwaltung/periode_neu.html", {"form": form})


@admin_erforderlich
def periode_kopieren(request: HttpRequest, pk: int) -> HttpResponse:
    quelle = periode_oder_404(pk)
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
    periode = periode_oder_404(pk)
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
            fertig, bestaetigung = geschuetzt_speichern(
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
    periode = periode_oder_404(pk)
    form = RegelparameterForm(request.POST or None, periode=periode)
    bestaetigung = None
    if request.method == "POST" and form.is_valid():
        aenderungen = form.aenderungen()

        def speichern():
            periode.regelparameter = form.regelparameter
            periode.full_clean()
            periode.save(update_fields=["regelparameter"])

        try:
            fertig, bestaetigung = geschuetzt_speichern(
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
            "aenderungen": _ohne_schluessel(form.aenderungen()) if bestaetigung is not None else [],
        },
    )


def _ohne_schluessel(aenderungen) -> list:
    """The confirmation names a parameter by its label, never its key: "Festbetrag (I.festbetrag)"
    reads "Festbetrag" (the Änderungsprotokoll keeps both)."""
    import re

    return [(b, re.sub(r" \([IV]+\.[\w.]+\)$", "", s), alt, neu) for b, s, alt, neu in aenderungen]



@admin_erforderlich
def periode_status(request: HttpRequest, pk: int, aktion: str) -> HttpResponse:
    """GET confirms, POST changes with a reason: in Vorbereitung -> offen -> geschlossen."""
    wechsel = perioden_status.WECHSEL.get(aktion)
    if wechsel is None:
        raise Http404
    periode = periode_oder_404(pk)
    form = StatuswechselForm(request.POST or None, verb=wechsel.verb)
    if request.method == "POST" and form.is_valid():
        wechseln = {"oeffnen": perioden_status.oeffnen, "schliessen": perioden_status.schliessen}[aktion]
        try:
            geaendert = wechseln(periode, by=request.user, grund=form.cleaned_data["grund"], request=request)
        except perioden_status.StatuswechselFehler as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"{periode} ist jetzt „{geaendert.get_status_display()}“.")
        return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    return render(
        request,
        "programmteile/verwaltung/periode_status.html",
        {
            "periode": periode,
            "aktion": aktion,
            "verb": wechsel.verb,
            "folgen": wechsel.folgen,
            "moeglich": periode.status == wechsel.von,
            "nach": Foerderperiode.Status(wechsel.nach).label,
            "form": form,
        },
    )
