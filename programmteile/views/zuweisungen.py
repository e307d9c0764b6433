"""Verwaltung of the Zuweisungen: the table, the Part I tier calculator, CSV export and import."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from komman.formate import anzahl, zahl
from komman.models import Organisation
from komman.verwaltung import admin_erforderlich
from programmteile import rules
from programmteile.forms import CsvImportForm, ZuweisungFormSet, csv_export
from programmteile.models import Foerderperiode, Zuweisung
from programmteile.views.gemeinsam import KEINE_AENDERUNG, geschuetzt_speichern, periode_oder_404


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
    periode = periode_oder_404(pk)
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
        fertig, bestaetigung = geschuetzt_speichern(
            request, periode=periode, aenderungen=aenderungen, speichern=formset.save
        )
        if fertig:
            messages.success(
                request, f"{anzahl(len(aenderungen), 'Wert', 'Werte')} geändert." if aenderungen else KEINE_AENDERUNG
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
    """Part I money if every Kommune uses its Stellenzuweisung: the sum of the rules' Part I caps."""
    try:
        parameter = periode.parameter()
    except ValueError:
        return None
    if parameter.teil1.festbetrag_stelle is None:  # no cap without a Festbetrag
        return None
    return sum(
        (rules.hoechstgrenze_teil1(z.stellen, parameter) for z in zuweisungen if z.stellen), Decimal("0.00")
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
    periode = periode_oder_404(pk)
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
            fertig, bestaetigung = geschuetzt_speichern(
                request, periode=periode, aenderungen=aenderungen, speichern=speichern
            )
            if fertig:
                messages.success(
                    request,
                    f"Vorschlag übernommen: {anzahl(len(geaendert), 'Stellenzuweisung', 'Stellenzuweisungen')} geändert."
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
    periode = periode_oder_404(pk)
    _nur_mit_zuweisungen(periode)
    inhalt = csv_export(periode.zuweisungen.select_related("kommune"))
    antwort = HttpResponse(inhalt.encode("utf-8"), content_type="text/csv; charset=utf-8")
    dateiname = f"zuweisungen-{periode.programmteil.nummer}-{periode.foerderjahr}.csv"
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return antwort


@admin_erforderlich
def zuweisungen_import(request: HttpRequest, pk: int) -> HttpResponse:
    """All or nothing: a file with any bad row imports nothing and lists every problem."""
    periode = periode_oder_404(pk)
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

        fertig, bestaetigung = geschuetzt_speichern(
            request, periode=periode, aenderungen=aenderungen, speichern=speichern
        )
        if fertig:
            messages.success(
                request,
                f"Datei übernommen: {anzahl(len(form.zeilen), 'Zuweisung', 'Zuweisungen')}, "
                f"{anzahl(len(aenderungen), 'Wert', 'Werte')} geändert."
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
