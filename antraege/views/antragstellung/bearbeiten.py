"""Filling in the form: the Antrag, its Part I details or lines, saved as a draft with optimistic locking."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from antraege import permissions, workflow
from antraege.forms.antragstellung import (
    AntragForm,
    Teil1Form,
    befunde_zuordnen,
    massnahme_formset,
    position_formset,
)
from antraege.forms.zeilen import pauschalen_je_baustein
from antraege.models import Antrag
from antraege.pflichtanlagen import checkliste
from antraege.views.antragstellung.inhalt import (
    aktionen_fuer,
    finanzierungsplan,
    teil1_fuer,
    teil3_grenzen,
    zuweisung_fuer,
)
from antraege.zugriff import antrag_fuer, verlange


def _formulare(antrag: Antrag, parameter, daten=None, extra: int = 0) -> tuple:
    teil = antrag.foerderperiode.programmteil.nummer
    antrag_form = AntragForm(daten, instance=antrag)
    teil_form = Teil1Form(daten, instance=teil1_fuer(antrag), parameter=parameter) if teil == "I" else None
    formset = None
    if teil == "II":
        formset = position_formset(extra)(daten, instance=antrag, parameter=parameter, prefix="massnahmen")
    elif teil == "III":
        formset = massnahme_formset(extra)(daten, instance=antrag, parameter=parameter, prefix="massnahmen")
    return antrag_form, teil_form, formset


def _entwurf_speichern(user, antrag: Antrag, version: int, antrag_form, teil_form, formset) -> bool:
    """Saves what the forms hold as the draft (workflow.entwurf_speichern); False if someone saved
    in between or the Antrag was submitted or withdrawn meanwhile (optimistic locking)."""
    try:
        workflow.entwurf_speichern(
            antrag=antrag, by=user, version=version,
            antrag_form=antrag_form, teil_form=teil_form, formset=formset,
        )  # fmt: skip
    except workflow.VersionKonflikt:
        return False
    return True


def _lesarten_melden(request, antrag_form, teil_form, formset) -> None:
    """Says how an amount with a dot was read ("1.5" -> 1,50 €), so nobody is surprised (issue 25)."""
    formulare = [(teil_form, ""), (antrag_form, "")]
    if formset is not None:
        formulare[1:1] = [(f, f"Maßnahme {i}, ") for i, f in enumerate(formset.forms, start=1)]
    lesarten = [t for form, vorsilbe in formulare if form is not None for t in form.lesarten(vorsilbe)]
    if lesarten:
        messages.info(
            request,
            "Bitte prüfen Sie: Ein Punkt vor ein oder zwei Ziffern wurde als Komma gelesen – "
            + "; ".join(lesarten)
            + ". Tausender schreiben Sie z. B. 1.500,00.",
        )


def _daten_nach_teilspeicherung(post, antrag: Antrag, formset):
    """The posted data for showing the form again after a partial save: the new version, and
    the rows as now saved (with their ids, removed rows gone), each with what was typed."""
    daten = post.copy()
    daten["version"] = str(antrag.version)
    if formset is None:
        return daten
    prefix = formset.prefix
    for key in [k for k in daten if k.startswith(f"{prefix}-") and k.split("-")[1].isdigit()]:
        del daten[key]
    zeilen = [f for f in formset.forms if f.instance.pk is not None and not formset._should_delete_form(f)]
    for neu, form in enumerate(zeilen):
        for key in post:
            if key.startswith(f"{form.prefix}-"):
                daten.setlist(f"{prefix}-{neu}-{key[len(form.prefix) + 1 :]}", post.getlist(key))
        daten[f"{prefix}-{neu}-id"] = str(form.instance.pk)
        daten.pop(f"{prefix}-{neu}-DELETE", None)
    daten[f"{prefix}-TOTAL_FORMS"] = daten[f"{prefix}-INITIAL_FORMS"] = str(len(zeilen))
    return daten


def _fehlerliste(antrag_form, teil_form, formset, allgemein=()) -> list[dict]:
    """Every error and Befund for the summary at the top, each linking to its field."""
    eintraege = [{"anker": "", "text": f"{b.meldung}", "schwere": b.schwere} for b in allgemein]
    # In the order of the page (issue 25): Part I details or the rows first, the Antrag form below.
    formulare = [(teil_form, "")]
    if formset is not None:
        eintraege += [{"anker": "", "text": str(e), "schwere": "fehler"} for e in formset.non_form_errors()]
        formulare += [(f, f"Maßnahme {i}: ") for i, f in enumerate(formset.forms, start=1)]
    formulare.append((antrag_form, ""))
    for form, vorsilbe in formulare:
        if form is None:
            continue
        for e in form.non_field_errors():
            eintraege.append({"anker": "", "text": f"{vorsilbe}{e}", "schwere": "fehler"})
        for field in form:
            for e in field.errors:
                eintraege.append({"anker": field.id_for_label, "text": f"{vorsilbe}{field.label}: {e}"})
    return eintraege


def _nie_gespeichert(antrag: Antrag) -> bool:
    """A draft as created (version 1, nothing asked for yet): the rules' Befunde wait for the
    first save. A draft filled in another way (demo data, import) shows them at once."""
    return antrag.status == Antrag.Status.ENTWURF and antrag.version == 1 and not antrag.beantragt


@require_http_methods(["GET", "POST"])
def bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    verlange(permissions.can_edit(request.user, antrag))
    parameter = antrag.foerderperiode.parameter()
    extra = 1 if request.GET.get("zeile") == "neu" else 0
    konflikt = False
    nicht_gespeichert = False
    allgemein = []
    hat_fehler = True
    finanzierung = None

    if request.method == "POST":
        antrag_form, teil_form, formset = _formulare(antrag, parameter, request.POST)
        gueltig = all([f.is_valid() for f in (antrag_form, teil_form, formset) if f is not None])  # every form
        version = antrag_form.cleaned_data.get("version") if hasattr(antrag_form, "cleaned_data") else None
        gespeichert = version is not None and _entwurf_speichern(
            request.user, antrag, version, antrag_form, teil_form, formset
        )
        if gespeichert:
            _lesarten_melden(request, antrag_form, teil_form, formset)
        if gespeichert and gueltig:
            if "zeile_hinzufuegen" in request.POST:
                messages.success(request, "Entwurf gespeichert. Unten ist eine neue Zeile für eine Maßnahme.")
                return redirect(reverse("antraege:bearbeiten", args=[antrag.pk]) + "?zeile=neu#neue-zeile")
            if "weiter_einreichen" in request.POST:
                ziel = "antraege:antworten" if antrag.status == Antrag.Status.NACHFORDERUNG else "antraege:einreichen"
                return redirect(ziel, pk=antrag.pk)
            gespeichert_text = (
                "Ihre Änderungen sind gespeichert; mit Ihrer Antwort reichen Sie den Antrag erneut ein."
                if antrag.status == Antrag.Status.NACHFORDERUNG
                else "Der Entwurf ist gespeichert."
            )
            messages.success(request, f"{gespeichert_text} Das Prüfergebnis steht bei den Feldern.")
            return redirect("antraege:bearbeiten", pk=antrag.pk)
        if gespeichert:
            # Saved all that could be saved; the rejected input is shown again, still typed.
            nicht_gespeichert = True
            antrag.refresh_from_db()
            daten = _daten_nach_teilspeicherung(request.POST, antrag, formset)
            antrag_form, teil_form, formset = _formulare(antrag, parameter, daten)
            for f in (antrag_form, teil_form, formset):
                if f is not None:
                    f.is_valid()
        else:
            # Someone saved in between (a second tab, a colleague): keep everything typed.
            konflikt = True
            aktuell = Antrag.objects.filter(pk=antrag.pk).values_list("version", "status").first()
            if aktuell is None or aktuell[1] not in Antrag.Status.BEARBEITBAR:
                # Submitted or withdrawn meanwhile: show what was typed, but offer no saving.
                konflikt = "abgeschlossen"
                aktuell = (antrag.version, antrag.status)
            daten = request.POST.copy()
            daten["version"] = str(aktuell[0])
            antrag_form, teil_form, formset = _formulare(antrag, parameter, daten)
            for f in (antrag_form, teil_form, formset):
                if f is not None:
                    f.is_valid()
    else:
        antrag_form, teil_form, formset = _formulare(antrag, parameter, extra=extra)
        teil = antrag.foerderperiode.programmteil.nummer
        zeilen_formulare = [f for f in formset.forms if f.instance.pk] if formset is not None else []
        kw = {}
        if teil == "II":
            kw["positionen"] = [f.instance for f in zeilen_formulare]
        elif teil == "III":
            kw["massnahmen"] = [f.instance for f in zeilen_formulare]
        elif teil == "I":
            kw["teil1"] = teil_form.instance
        ergebnis = workflow.pruefen(antrag, **kw)
        hat_fehler = not ergebnis.zulaessig
        finanzierung = finanzierungsplan(antrag, ergebnis, **kw)
        if not _nie_gespeichert(antrag):  # a new Antrag opens without red errors (issue 25)
            allgemein = befunde_zuordnen(
                ergebnis,
                formulare=[f for f in (antrag_form, teil_form) if f is not None],
                zeilen=zeilen_formulare,
            )

    teil = antrag.foerderperiode.programmteil.nummer
    zuweisung = zuweisung_fuer(antrag)
    zeilen = []
    if formset is not None:
        grenzen = (
            teil3_grenzen(antrag, parameter, massnahmen=[f.instance for f in formset.forms])
            if (teil == "III" and request.method == "GET")
            else []
        )
        for i, form in enumerate(formset.forms):
            zeilen.append({"form": form, "grenzen": grenzen[i] if i < len(grenzen) else None})
    pauschalen = {code: f"{wert:f}" for code, wert in parameter.teil2.pauschalen.items() if wert is not None}
    je_baustein = pauschalen_je_baustein(parameter) if teil == "II" else {}
    return render(
        request,
        "antraege/antragstellung/bearbeiten.html",
        {
            "antrag": antrag,
            "teil": teil,
            "antrag_form": antrag_form,
            "teil_form": teil_form,
            "formset": formset,
            "zeilen": zeilen,
            "zuweisung": zuweisung,
            "parameter": parameter,
            "pauschalen_json": pauschalen,
            "pauschalen_je_baustein": je_baustein,
            "fehlerliste": _fehlerliste(antrag_form, teil_form, formset, allgemein),
            "konflikt": konflikt,
            "hat_fehler": hat_fehler,
            "finanzierung": finanzierung,
            "nicht_gespeichert": nicht_gespeichert,
            "nie_gespeichert": request.method == "GET" and _nie_gespeichert(antrag),
            "summe": sum((z["form"].instance.betrag or 0 for z in zeilen), Decimal("0.00"))
            if teil == "II"
            else None,
            "aktionen": aktionen_fuer(request.user, antrag),
            "checkliste": checkliste(antrag),
        },
        status=409 if konflikt else 200,
    )
