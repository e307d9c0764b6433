"""Änderungsantrag pages: start a change (Art, then its form), the change's page with every step of
both sides, the Änderungsbescheid as PDF. Refusals of the workflow appear at the field (200)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from antraege.views.dokumente import _dateiname, _pdf
from antraege.workflow import WorkflowError
from antraege.zugriff import verlange
from komman.audit import angesehen, heruntergeladen
from zuwendungen.forms_aenderung import (
    AenderungForm,
    AnhoerungForm,
    ArtForm,
    PostForm,
    RueckgabeForm,
    StellungnahmeForm,
    VorschlagForm,
    ZurueckziehenForm,
)
from zuwendungen.models import Aenderungsantrag, Aenderungsbescheid
from zuwendungen.workflow import aenderung as wf
from zuwendungen.workflow.aenderung import rechnung
from zuwendungen.zugriff import aenderung_fuer, zuwendung_fuer

Art = Aenderungsantrag.Art
#: action → (form or None, success message)
AKTIONEN = {
    "einreichen": (None, "Der Änderungsantrag ist eingereicht."),
    "zurueckziehen": (ZurueckziehenForm, "Der Änderungsantrag ist zurückgezogen."),
    "uebernehmen": (None, "Sie prüfen den Änderungsantrag."),
    "anhoeren": (AnhoerungForm, "Die Anhörung ist verschickt."),
    "stellung_nehmen": (StellungnahmeForm, "Ihre Stellungnahme ist eingegangen."),
    "vorschlagen": (VorschlagForm, "Die Entscheidung ist vorgeschlagen; sie wartet auf die Zeichnung."),
    "zurueckgeben": (RueckgabeForm, "Der Vorschlag ist an die Prüfung zurückgegeben."),
    "zeichnen": (None, "Der Änderungsbescheid ist gezeichnet."),
    "post": (PostForm, "Der Versand per Post ist erfasst."),
    "verzichten": (None, "Der Rechtsbehelfsverzicht ist erklärt; der Änderungsbescheid ist bestandskräftig."),
}


def _form(art: str, eingabe: dict, data=None, initial=None) -> AenderungForm:
    return AenderungForm(data, art=art, zeilen=eingabe.get("massnahmen", []), eingabe=eingabe, initial=initial)


def _regeln_ok(form: AenderungForm, zuwendung, art: str, eingabe: dict) -> bool:
    """The changed Antrag checked by the rules like a new one; errors go to their fields."""
    r = wf.berechnen(zuwendung, art, form.angaben(), basis=eingabe or None)
    fehler = [b for b in r.befunde if b.schwere == "fehler"]
    if fehler:
        felder: dict[str, list[str]] = {}
        for b in fehler:
            felder.setdefault(b.feld, []).append(b.meldung)
        form.fehler_setzen(felder)
    return not fehler


def aenderung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(wf.can_anlegen(request.user, zuwendung))
    arten = wf.ARTEN_JE_TEIL[zuwendung.antrag.foerderperiode.programmteil.nummer]
    art = request.GET.get("art") or request.POST.get("art_gewaehlt") or ""
    if art not in arten:
        form = ArtForm(request.GET if "art" in request.GET else None, arten=arten)
        return render(request, "zuwendungen/aenderung/neu.html", {"zuwendung": zuwendung, "artform": form})
    eingabe = rechnung.letzte_zeilen(zuwendung) if art in (Art.EINHEITEN, Art.KOSTEN) else {}
    form = _form(art, eingabe, request.POST or None,
                 initial=AenderungForm.initial_aus(art, {}, eingabe.get("massnahmen", []), eingabe))  # fmt: skip
    if request.method == "POST" and form.is_valid() and _regeln_ok(form, zuwendung, art, eingabe):
        try:
            a = wf.aenderung_anlegen(
                zuwendung=zuwendung, by=request.user, art=art, angaben=form.angaben(),
                begruendung=form.cleaned_data["begruendung"],
            )  # fmt: skip
        except wf.AenderungFehler as e:
            form.fehler_setzen(e.felder)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Der Änderungsantrag Nr. {a.nummer} ist gespeichert.")
            return redirect("zuwendungen:aenderung", a.pk)
    return render(request, "zuwendungen/aenderung/form.html", {
        "zuwendung": zuwendung, "form": form, "art": Art(art), "aenderung": None,
    })  # fmt: skip


def aenderung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    a = aenderung_fuer(request, pk)
    verlange(wf.darf(request.user, a, "bearbeiten"))
    eingabe = rechnung.letzte_zeilen(a.zuwendung) if a.art in (Art.EINHEITEN, Art.KOSTEN) else {}
    initial = AenderungForm.initial_aus(a.art, a.angaben, eingabe.get("massnahmen", []), eingabe, a.begruendung)
    form = _form(a.art, eingabe, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _regeln_ok(form, a.zuwendung, a.art, eingabe):
        try:
            wf.aenderung_speichern(
                aenderung=a, by=request.user, angaben=form.angaben(), begruendung=form.cleaned_data["begruendung"],
                version=a.version,
            )  # fmt: skip
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Der Änderungsantrag ist gespeichert.")
            return redirect("zuwendungen:aenderung", a.pk)
    return render(request, "zuwendungen/aenderung/form.html", {
        "zuwendung": a.zuwendung, "form": form, "art": Art(a.art), "aenderung": a,
    })  # fmt: skip


def _seite(request, a: Aenderungsantrag, formulare: dict | None = None, status: int = 200) -> HttpResponse:
    formulare = formulare or {}
    knoepfe = {aktion: wf.darf(request.user, a, aktion) for aktion in (*AKTIONEN, "bearbeiten")}
    if a.status in (a.Status.ENTWURF, a.Status.EINGEREICHT, a.Status.IN_PRUEFUNG, a.Status.ANHOERUNG):
        r = wf.berechnen(a.zuwendung, a.art, a.angaben, bewilligt_vorher=a.bewilligt_vorher, bis_vorher=a.bis_vorher)
    else:
        r = None
    for aktion, (form_klasse, _) in AKTIONEN.items():
        if form_klasse is not None and aktion not in formulare and knoepfe[aktion][0]:
            formulare[aktion] = form_klasse(prefix=aktion, initial=_initial(a, aktion))
    schritte = a.schritte.select_related("wer").order_by("wann", "pk")
    from komman.permissions import is_bezirksregierung

    if not is_bezirksregierung(request.user):
        schritte = schritte.filter(intern=False)
    return render(request, "zuwendungen/aenderung/seite.html", {
        "a": a, "zuwendung": a.zuwendung, "antrag": a.zuwendung.antrag, "rechnung": r, "knoepfe": knoepfe,
        "formulare": formulare, "schritte": list(schritte),
        "stand": wf.stand(a), "bescheid": _bescheid(a) if a.gezeichnet_am else None,
    }, status=status)  # fmt: skip


def _bescheid(a: Aenderungsantrag):
    """The notice's row for the page (its state and checksum), without the PDF and the snapshot."""
    return Aenderungsbescheid.objects.filter(aenderung=a).defer("daten", "pdf").first()


def _initial(a: Aenderungsantrag, aktion: str) -> dict:
    if aktion == "vorschlagen":
        return {"betrag": a.beantragt_neu, "bis": a.bis_beantragt}
    if aktion == "anhoeren":
        return {"betrag": a.beantragt_neu}
    return {}


@require_GET
def aenderung_seite(request: HttpRequest, pk: int) -> HttpResponse:
    a = aenderung_fuer(request, pk)
    angesehen(request, a.zuwendung.antrag, seite="aenderung")
    return _seite(request, a)


@require_POST
def aenderung_aktion(request: HttpRequest, pk: int, aktion: str) -> HttpResponse:
    if aktion not in AKTIONEN:
        raise Http404
    a = aenderung_fuer(request, pk)
    verlange(wf.darf(request.user, a, aktion))
    form_klasse, meldung = AKTIONEN[aktion]
    form = form_klasse(request.POST, prefix=aktion) if form_klasse else None
    if form is not None and not form.is_valid():
        return _seite(request, a, {aktion: form})
    cd = form.cleaned_data if form is not None else {}
    try:
        _ausfuehren(a, aktion, request.user, cd)
    except wf.AenderungFehler as e:
        if form is None:
            messages.error(request, str(e))
            return redirect("zuwendungen:aenderung", a.pk)
        form.fehler_setzen(e.felder)
        return _seite(request, a, {aktion: form})
    except WorkflowError as e:
        if form is None:
            messages.error(request, str(e))
            return redirect("zuwendungen:aenderung", a.pk)
        form.add_error(None, str(e))
        return _seite(request, a, {aktion: form})
    messages.success(request, meldung)
    return redirect("zuwendungen:aenderung", a.pk)


def _ausfuehren(a: Aenderungsantrag, aktion: str, by, cd: dict) -> None:
    if aktion == "einreichen":
        wf.aenderung_einreichen(aenderung=a, by=by, version=a.version)
    elif aktion == "zurueckziehen":
        wf.aenderung_zurueckziehen(aenderung=a, by=by, grund=cd.get("grund", ""))
    elif aktion == "uebernehmen":
        wf.uebernehmen(aenderung=a, by=by)
    elif aktion == "anhoeren":
        wf.anhoeren(aenderung=a, by=by, text=cd["text"], betrag=cd.get("betrag"))
    elif aktion == "stellung_nehmen":
        wf.stellung_nehmen(aenderung=a, by=by, text=cd["stellungnahme"])
    elif aktion == "vorschlagen":
        wf.vorschlagen(
            aenderung=a, by=by, ergebnis=cd["ergebnis"], gruende=cd.get("gruende", ""), betrag=cd.get("betrag"),
            bis=cd.get("bis"), version=a.version,
        )  # fmt: skip
    elif aktion == "zurueckgeben":
        wf.zurueckgeben(aenderung=a, by=by, grund=cd["grund"])
    elif aktion == "zeichnen":
        wf.zeichnen(aenderung=a, by=by, version=a.version)
    elif aktion == "post":
        wf.post_erfassen(aenderung=a, by=by, zur_post_am=cd["zur_post_am"])
    elif aktion == "verzichten":
        wf.verzichten(aenderung=a, by=by)


@require_GET
def aenderungsbescheid(request: HttpRequest, pk: int) -> HttpResponse:
    """The Änderungsbescheid; the first download by a Zeichnungsberechtigte makes it known."""
    a = aenderung_fuer(request, pk)
    brief = getattr(a, "bescheid", None)
    if brief is None or not brief.sha256:
        verlange((False, "Der Änderungsbescheid wird gerade erzeugt. Bitte versuchen Sie es in einer Minute erneut."))
    heruntergeladen(request, brief, art="aenderungsbescheid")
    wf.abruf_erfassen(aenderung=a, by=request.user)
    antrag = a.zuwendung.antrag
    return _pdf(bytes(brief.pdf), _dateiname("Aenderungsbescheid", antrag.aktenzeichen, f"Nr-{a.nummer}"), anhang=True)
