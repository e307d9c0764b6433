"""Applicant views: create, fill in, save, submit, withdraw; history; attachments.

Every view fetches the Antrag through antraege.zugriff (another tenant's Antrag is a 404) and
asks antraege.permissions before acting; transitions go through antraege.workflow.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from antraege import permissions, workflow
from antraege.forms.antragstellung import (
    AnlageForm,
    AntragForm,
    EinreichenForm,
    Teil1Form,
    ZurueckziehenForm,
    befunde_zuordnen,
    massnahme_formset,
    position_formset,
)
from antraege.models import Anlage, Antrag, AntragTeil1, Statuswechsel
from antraege.zugriff import anlage_fuer, antrag_fuer, verlange
from komman import uploads
from komman.audit import Aktion, angesehen, heruntergeladen, protokolliere
from komman.models import Organisation
from komman.permissions import organisation_ids
from programmteile import rules
from programmteile.models import Foerderperiode, Zuweisung


def _zuweisung(antrag: Antrag) -> Zuweisung | None:
    if antrag.foerderperiode.programmteil.nummer == "III":
        return None
    return Zuweisung.objects.filter(
        foerderperiode_id=antrag.foerderperiode_id, kommune_id=antrag.antragsteller_id
    ).first()


def _teil1(antrag: Antrag) -> AntragTeil1:
    try:
        return antrag.teil1
    except AntragTeil1.DoesNotExist:
        return AntragTeil1(antrag=antrag)


def _aktionen(user, antrag: Antrag) -> dict:
    """Each action with (allowed, reason): templates show the reason beside a disabled button."""
    return {
        "bearbeiten": permissions.can_edit(user, antrag),
        "einreichen": permissions.can_submit(user, antrag),
        "zurueckziehen": permissions.can_withdraw(user, antrag),
        # A Nachforderung or Anhörung is answered (and a Nachforderung resubmitted) on one page.
        "antworten": permissions.can_answer(user, antrag),
    }


# --- Anlegen ---


@require_http_methods(["GET", "POST"])
def neu(request: HttpRequest, periode_pk: int) -> HttpResponse:
    periode = get_object_or_404(
        Foerderperiode.objects.visible_to(request.user).select_related("programmteil"), pk=periode_pk
    )
    organisationen = [
        org
        for org in Organisation.objects.filter(pk__in=organisation_ids(request.user)).order_by("name")
        if permissions.can_create(request.user, org, periode)[0]
    ]
    if not organisationen:
        raise Http404("Keine antragsberechtigte Organisation.")
    if request.method == "POST":
        try:
            org = next(o for o in organisationen if str(o.pk) == request.POST.get("organisation", ""))
        except StopIteration:
            messages.error(request, "Bitte wählen Sie die antragstellende Organisation aus.")
            return redirect("antraege:neu", periode_pk=periode.pk)
        try:
            antrag, angelegt = workflow.create_draft(organisation=org, periode=periode, by=request.user)
        except workflow.WorkflowError as e:
            raise PermissionDenied(str(e)) from None
        if angelegt:
            messages.success(
                request, f"Der Antrag für {periode} ist angelegt. Sie können ihn jetzt ausfüllen."
            )
            return redirect("antraege:bearbeiten", pk=antrag.pk)
        messages.info(
            request,
            f"Für {org} gibt es in der Förderperiode {periode} bereits einen Antrag; je Förderperiode ist "
            "nur ein Antrag möglich. Hier ist der vorhandene Antrag.",
        )
        return redirect("antraege:detail", pk=antrag.pk)
    vorhanden = {
        a.antragsteller_id: a
        for a in Antrag.objects.filter(foerderperiode=periode, antragsteller__in=organisationen)
    }
    return render(
        request,
        "antraege/antragstellung/neu.html",
        {"periode": periode, "eintraege": [(org, vorhanden.get(org.pk)) for org in organisationen]},
    )


# --- Ansehen ---


def _zeilen(antrag: Antrag) -> list:
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "II":
        return list(antrag.positionen.all())
    if teil == "III":
        return list(antrag.massnahmen.all())
    return []


def _teil3_grenzen(antrag: Antrag, parameter, **zeilen) -> list[dict]:
    """Per Part III Maßnahme: Sachausgabenpauschale, zuwendungsfähige Ausgaben, the 90 % limit."""
    try:
        eingabe = rules.lies_eingabe(workflow.regel_eingabe(antrag, **zeilen), heute=timezone.localdate())
    except rules.Eingabefehler:
        return []
    p3 = parameter.teil3
    result = []
    for m in eingabe.massnahmen:
        zf = rules.zuwendungsfaehig(m, parameter)
        result.append(
            {
                "sachpauschale": rules.cent(m.stellen * p3.sachpauschale)
                if p3.sachpauschale is not None
                else None,
                "zuwendungsfaehig": zf,
                "grenze": rules.hoechstsatz_betrag(m, parameter),  # rounded down, as the rules
            }
        )
    return result


def _inhalt(antrag: Antrag, ergebnis=None) -> dict:
    """Everything the read-only view and the preview show, in a constant number of queries."""
    parameter = antrag.foerderperiode.parameter()
    zeilen = _zeilen(antrag)
    teil = antrag.foerderperiode.programmteil.nummer
    teil1 = _teil1(antrag) if teil == "I" else None
    kw = {"I": {"teil1": teil1}, "II": {"positionen": zeilen}, "III": {"massnahmen": zeilen}}[teil]
    zuweisung = _zuweisung(antrag)
    if ergebnis is None:
        ergebnis = workflow.pruefen(antrag, zuweisung=zuweisung, **kw)
    grenzen = _teil3_grenzen(antrag, parameter, **kw) if teil == "III" else []
    return {
        "antrag": antrag,
        "teil": teil,
        "teil1": teil1,
        "zeilen": [(z, grenzen[i] if i < len(grenzen) else None) for i, z in enumerate(zeilen)],
        "zuweisung": zuweisung,
        "ergebnis": ergebnis,
        "parameter": parameter,
        "finanzierung": _finanzierungsplan(antrag, ergebnis, **kw),
    }


def _finanzierungsplan(antrag: Antrag, ergebnis, **zeilen) -> dict:
    beantragt = workflow.beantragter_betrag(antrag, **zeilen)
    return {
        "zuwendungsfaehig": ergebnis.berechnung.zuwendungsfaehige_ausgaben,
        "posten": ergebnis.berechnung.posten,
        "eigenanteil": antrag.eigenanteil,
        "drittmittel": antrag.drittmittel,
        "beantragt": beantragt,
        "zuwendung_regel": ergebnis.berechnung.zuwendung,
        "gesamt": beantragt + antrag.eigenanteil + antrag.drittmittel,
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    angesehen(request, antrag)
    context = _inhalt(antrag)
    context.update(
        {
            "aktionen": _aktionen(request.user, antrag),
            "anlagen": list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von")),
        }
    )
    return render(request, "antraege/antragstellung/detail.html", context)


# --- Bearbeiten ---


def _formulare(antrag: Antrag, parameter, daten=None, extra: int = 0) -> tuple:
    teil = antrag.foerderperiode.programmteil.nummer
    antrag_form = AntragForm(daten, instance=antrag)
    teil_form = Teil1Form(daten, instance=_teil1(antrag), parameter=parameter) if teil == "I" else None
    formset = None
    if teil == "II":
        formset = position_formset(extra)(daten, instance=antrag, parameter=parameter, prefix="massnahmen")
    elif teil == "III":
        formset = massnahme_formset(extra)(daten, instance=antrag, parameter=parameter, prefix="massnahmen")
    return antrag_form, teil_form, formset


def _positionsbetrag(position, parameter) -> Decimal:
    pauschale = parameter.teil2.pauschalen.get(position.pauschale)
    if pauschale is None or not position.einheiten:
        return Decimal("0.00")
    return pauschale * position.einheiten


def _speichern(antrag: Antrag, antrag_form, teil_form, formset, parameter) -> None:
    """Saves the forms (the caller holds the version); then stores the rules' amounts."""
    antrag = antrag_form.save(commit=False)
    felder = [*AntragForm.Meta.fields, "version", "geaendert_am"]
    antrag.save(update_fields=felder)
    if teil_form is not None:
        teil_form.instance.antrag = antrag
        teil_form.save()
    if formset is not None:
        objekte = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        gespeichert = {id(o) for o in objekte}
        for nr, form in enumerate(formset.zeilen(), start=1):
            obj = form.instance
            if obj.pk is None and id(obj) not in gespeichert:
                continue
            obj.antrag = antrag
            obj.nr = nr
            if hasattr(obj, "pauschale"):
                obj.betrag = _positionsbetrag(obj, parameter)
            obj.save()
    ergebnis = workflow.pruefen(antrag)
    workflow.betraege_speichern(antrag, ergebnis)
    antrag.save(update_fields=["beantragt", "zuwendungsfaehig"])


def _fehlerliste(antrag_form, teil_form, formset, allgemein=()) -> list[dict]:
    """Every error and Befund for the summary at the top, each linking to its field."""
    eintraege = [{"anker": "", "text": f"{b.meldung}", "schwere": b.schwere} for b in allgemein]
    formulare = [(antrag_form, ""), (teil_form, "")]
    if formset is not None:
        eintraege += [{"anker": "", "text": str(e), "schwere": "fehler"} for e in formset.non_form_errors()]
        formulare += [(f, f"Maßnahme {i}: ") for i, f in enumerate(formset.forms, start=1)]
    for form, vorsilbe in formulare:
        if form is None:
            continue
        for e in form.non_field_errors():
            eintraege.append({"anker": "", "text": f"{vorsilbe}{e}", "schwere": "fehler"})
        for field in form:
            for e in field.errors:
                eintraege.append({"anker": field.id_for_label, "text": f"{vorsilbe}{field.label}: {e}"})
    return eintraege


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
        gueltig = all(f.is_valid() for f in (antrag_form, teil_form, formset) if f is not None)
        if gueltig:
            version = antrag_form.cleaned_data["version"]
            with transaction.atomic():
                # Optimistic locking: a conditional UPDATE; nobody saved in between, or we stop.
                frei = Antrag.objects.filter(
                    pk=antrag.pk, version=version, status__in=Antrag.Status.BEARBEITBAR
                ).update(version=version + 1)
                if frei:
                    antrag_form.instance.version = version + 1
                    _speichern(antrag, antrag_form, teil_form, formset, parameter)
            if frei:
                if "zeile_hinzufuegen" in request.POST:
                    messages.success(
                        request, "Entwurf gespeichert. Unten ist eine neue Zeile für eine Maßnahme."
                    )
                    return redirect(
                        reverse("antraege:bearbeiten", args=[antrag.pk]) + "?zeile=neu#neue-zeile"
                    )
                if "weiter_einreichen" in request.POST:
                    return redirect("antraege:einreichen", pk=antrag.pk)
                messages.success(
                    request, "Der Entwurf ist gespeichert. Das Prüfergebnis steht bei den Feldern."
                )
                return redirect("antraege:bearbeiten", pk=antrag.pk)
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
            nicht_gespeichert = True
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
        finanzierung = _finanzierungsplan(antrag, ergebnis, **kw)
        allgemein = befunde_zuordnen(
            ergebnis,
            formulare=[f for f in (antrag_form, teil_form) if f is not None],
            zeilen=zeilen_formulare,
        )

    teil = antrag.foerderperiode.programmteil.nummer
    zuweisung = _zuweisung(antrag)
    zeilen = []
    if formset is not None:
        grenzen = (
            _teil3_grenzen(antrag, parameter, massnahmen=[f.instance for f in formset.forms])
            if (teil == "III" and request.method == "GET")
            else []
        )
        for i, form in enumerate(formset.forms):
            zeilen.append({"form": form, "grenzen": grenzen[i] if i < len(grenzen) else None})
    pauschalen = {code: f"{wert:f}" for code, wert in parameter.teil2.pauschalen.items() if wert is not None}
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
            "fehlerliste": _fehlerliste(antrag_form, teil_form, formset, allgemein),
            "konflikt": konflikt,
            "hat_fehler": hat_fehler,
            "finanzierung": finanzierung,
            "nicht_gespeichert": nicht_gespeichert,
            "summe": sum((z["form"].instance.betrag or 0 for z in zeilen), Decimal("0.00"))
            if teil == "II"
            else None,
            "aktionen": _aktionen(request.user, antrag),
        },
        status=409 if konflikt else 200,
    )


# --- Einreichen, Eingangsbestätigung, Zurückziehen ---


@require_http_methods(["GET", "POST"])
def einreichen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    if antrag.status not in Antrag.Status.BEARBEITBAR and antrag.aktenzeichen:
        # A resent form or a double click after success: show the result, never submit twice.
        messages.info(request, f"Der Antrag ist bereits eingereicht (Aktenzeichen {antrag.aktenzeichen}).")
        return redirect("antraege:detail", pk=antrag.pk)
    erlaubnis = permissions.can_submit(request.user, antrag)
    form = EinreichenForm(request.POST or None)
    if request.method == "POST":
        verlange(erlaubnis)
        if form.is_valid():
            try:
                workflow.submit(antrag=antrag, by=request.user)
            except workflow.WorkflowError as e:
                messages.error(request, str(e))
            else:
                return redirect("antraege:eingang", pk=antrag.pk)
    context = _inhalt(antrag)
    context.update(
        {"form": form, "erlaubnis": erlaubnis, "anlagen": list(antrag.anlagen.filter(geloescht=False))}
    )
    return render(request, "antraege/antragstellung/einreichen.html", context)


def eingang(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    if not antrag.aktenzeichen:
        raise Http404("Der Antrag ist noch nicht eingereicht.")
    angesehen(request, antrag, seite="eingang")
    return render(request, "antraege/antragstellung/eingang.html", {"antrag": antrag})


@require_http_methods(["GET", "POST"])
def zurueckziehen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    verlange(permissions.can_withdraw(request.user, antrag))
    form = ZurueckziehenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw(antrag=antrag, by=request.user, grund=form.cleaned_data["grund"])
        except workflow.WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "Der Antrag ist zurückgezogen.")
            return redirect("antraege:detail", pk=antrag.pk)
    return render(request, "antraege/antragstellung/zurueckziehen.html", {"antrag": antrag, "form": form})


def verlauf(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    angesehen(request, antrag, seite="verlauf")
    wechsel = Statuswechsel.objects.filter(antrag=antrag).select_related("wer").order_by("wann", "id")
    if not permissions.can_see_internal(request.user):
        wechsel = wechsel.filter(intern=False)
    return render(
        request, "antraege/antragstellung/verlauf.html", {"antrag": antrag, "wechsel": list(wechsel)}
    )


# --- Anlagen ---


@require_http_methods(["GET", "POST"])
def anlagen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="bearbeiten")
    erlaubnis = permissions.can_edit(request.user, antrag)
    form = AnlageForm()
    if request.method == "POST":
        verlange(erlaubnis)
        form = AnlageForm(request.POST, request.FILES)
        if form.is_valid():
            datei = form.cleaned_data["datei"]
            geprueft = datei.komman_pruefung  # komman.uploads: type by content, safe name
            anlage = Anlage.objects.create(
                antrag=antrag,
                dateiname=geprueft.dateiname,
                pfad=uploads.speichere(datei, unterordner=f"anlagen/{antrag.pk}"),
                content_type=geprueft.content_type,
                groesse=geprueft.groesse,
                sha256=geprueft.sha256,
                beschreibung=form.cleaned_data["beschreibung"],
                hochgeladen_von=request.user,
            )
            protokolliere(
                wer=request.user,
                aktion=Aktion.HOCHGELADEN,
                objekt=anlage,
                details={"antrag": antrag.pk, "dateiname": anlage.dateiname, "sha256": anlage.sha256},
                request=request,
            )
            messages.success(request, f"Die Anlage „{anlage.dateiname}“ ist hochgeladen.")
            return redirect("antraege:anlagen", pk=antrag.pk)
    liste = list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von"))
    return render(
        request,
        "antraege/antragstellung/anlagen.html",
        {"antrag": antrag, "form": form, "anlagen": liste, "erlaubnis": erlaubnis},
    )


def anlage_herunterladen(request: HttpRequest, pk: int, anlage_pk: int) -> FileResponse:
    antrag, anlage = anlage_fuer(request, pk, anlage_pk)
    try:
        response = uploads.datei_antwort(anlage.pfad, anlage.dateiname, anlage.content_type)
    except (OSError, SuspiciousFileOperation) as e:
        raise Http404("Die Datei ist nicht vorhanden.") from e
    heruntergeladen(request, anlage, antrag=antrag.pk, dateiname=anlage.dateiname)
    return response


def anlage_entfernen(request: HttpRequest, pk: int, anlage_pk: int) -> HttpResponse:
    antrag, anlage = anlage_fuer(request, pk, anlage_pk)  # first the lookup: another tenant gets 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    verlange(permissions.can_edit(request.user, antrag))
    # Marked, not deleted: what was on file stays traceable.
    Anlage.objects.filter(pk=anlage.pk).update(geloescht=True)
    messages.success(request, f"Die Anlage „{anlage.dateiname}“ ist entfernt.")
    return redirect("antraege:anlagen", pk=antrag.pk)
