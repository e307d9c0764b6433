"""The grant page's payout part, the call form, the call page with every step of both sides."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from antraege.views.dokumente import _dateiname, _pdf
from antraege.workflow import WorkflowError
from antraege.zugriff import verlange
from komman.audit import angesehen, heruntergeladen
from komman.permissions import is_bezirksregierung
from zuwendungen import permissions, workflow
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.forms import AblehnungForm, AbrufForm, BezahltForm, FreigabeForm, RueckgabeForm
from zuwendungen.models import Bankverbindung, Mittelabruf, Zahlungsbrief
from zuwendungen.workflow.pruefung_abruf import fruehere_abrufe, ist_teil1
from zuwendungen.zugriff import abruf_fuer, brief_fuer, zuwendung_fuer


def _abruf_form(request, zuwendung, abruf=None, **kwargs) -> AbrufForm:
    return AbrufForm(
        request.POST or None, teil1=ist_teil1(zuwendung), erster=fruehere_abrufe(zuwendung, abruf) == 0,
        termine=[t for t in zuwendung.antrag.foerderperiode.abruftermin_liste], **kwargs,
    )  # fmt: skip


@require_GET
def zuwendung_auszahlungen(request: HttpRequest, pk: int) -> HttpResponse:
    """The payout part of a grant: figures, bank account, calls with their letters."""
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    angesehen(request, zuwendung, seite="auszahlungen")
    abrufe = list(
        zuwendung.mittelabrufe.select_related("anordnung__buchung").prefetch_related("briefe").order_by("-nummer")
    )
    darf_anlegen, grund_anlegen = permissions.can_anlegen(request.user, zuwendung)
    return render(request, "zuwendungen/auszahlungen.html", {
        "zuwendung": zuwendung, "antrag": zuwendung.antrag, "k": abrufstand(zuwendung), "abrufe": abrufe,
        "bank": Bankverbindung.objects.aktuell(zuwendung.antrag.antragsteller_id),
        "darf_anlegen": darf_anlegen, "grund_anlegen": grund_anlegen,
        "ist_br": is_bezirksregierung(request.user),
    })  # fmt: skip


def abruf_neu(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(permissions.can_anlegen(request.user, zuwendung))
    form = _abruf_form(request, zuwendung)
    if request.method == "POST" and form.is_valid():
        try:
            abruf = workflow.abruf_anlegen(zuwendung=zuwendung, by=request.user, daten=form.daten())
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Der Mittelabruf Nr. {abruf.nummer} ist als Entwurf gespeichert.")
            return redirect("zuwendungen:abruf", abruf.pk)
    return render(request, "zuwendungen/abruf_form.html", {"form": form, "zuwendung": zuwendung, "abruf": None,
                                                            "bank": Bankverbindung.objects.aktuell(zuwendung.antrag.antragsteller_id)})


def abruf_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    abruf = abruf_fuer(request, pk)
    zuwendung = abruf.zuwendung
    verlange(permissions.can_aktion(request.user, abruf, "bearbeiten"))
    form = _abruf_form(request, zuwendung, abruf, initial=AbrufForm.initial_aus(abruf))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.abruf_speichern(abruf=abruf, by=request.user, daten=form.daten(), version=_version(request))
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Der Entwurf ist gespeichert.")
            return redirect("zuwendungen:abruf", abruf.pk)
    return render(request, "zuwendungen/abruf_form.html", {"form": form, "zuwendung": zuwendung, "abruf": abruf,
                                                            "bank": Bankverbindung.objects.aktuell(zuwendung.antrag.antragsteller_id)})


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _seite(request, abruf: Mittelabruf, **formulare) -> HttpResponse:
    user = request.user
    aktionen = {a: permissions.can_aktion(user, abruf, a) for a in permissions.UEBERGAENGE}
    pruefung = None
    if abruf.status == Mittelabruf.Status.EINGEREICHT and aktionen["freigeben"][0]:
        pruefung = workflow.freigabe_hoechstens(abruf)
    formulare.setdefault("freigabe", FreigabeForm(initial={"betrag": pruefung} if pruefung is not None else None, prefix="f"))
    formulare.setdefault("ablehnung", AblehnungForm(prefix="a"))
    formulare.setdefault("rueckgabe", RueckgabeForm(prefix="r"))
    formulare.setdefault("bezahlt", BezahltForm(prefix="b"))
    fehler = None
    if isinstance(formulare.get("einreichen_fehler"), workflow.Fehler):
        fehler = formulare.pop("einreichen_fehler")
    briefe = [b for b in abruf.briefe.defer("daten", "pdf") if is_bezirksregierung(user) or b.art != Zahlungsbrief.Art.AUSZAHLUNGSANORDNUNG]
    return render(request, "zuwendungen/abruf.html", {
        "abruf": abruf, "zuwendung": abruf.zuwendung, "antrag": abruf.zuwendung.antrag, "aktionen": aktionen,
        "freigabe_hoechstens": pruefung, "briefe": briefe, "einreichen_fehler": fehler,
        "anordnung": getattr(abruf, "anordnung", None) if abruf.status in ("angeordnet", "bezahlt") else None,
        "ist_br": is_bezirksregierung(user), **formulare,
    })  # a form with errors is the page again (200), as everywhere in the portal


@require_GET
def abruf_seite(request: HttpRequest, pk: int) -> HttpResponse:
    abruf = abruf_fuer(request, pk)
    angesehen(request, abruf, seite="mittelabruf")
    return _seite(request, abruf)


def _schritt(request, pk: int, aktion: str, ausfuehren, *, erfolg: str, form_klasse=None, prefix: str = "", formname: str = ""):
    abruf = abruf_fuer(request, pk)
    verlange(permissions.can_aktion(request.user, abruf, aktion))
    form = form_klasse(request.POST, prefix=prefix) if form_klasse else None
    if form is not None and not form.is_valid():
        return _seite(request, abruf, **{formname: form})
    try:
        ausfuehren(abruf, form.cleaned_data if form is not None else {})
    except workflow.AbrufFehler as e:
        if form is None:
            return _seite(request, abruf, einreichen_fehler=e.fehler)
        form.fehler_setzen(e.fehler)
        return _seite(request, abruf, **{formname: form})
    except WorkflowError as e:
        messages.error(request, str(e))
        return redirect("zuwendungen:abruf", abruf.pk)
    messages.success(request, erfolg)
    return redirect("zuwendungen:abruf", abruf.pk)


@require_POST
def abruf_einreichen(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "einreichen",
        lambda a, cd: workflow.abruf_einreichen(abruf=a, by=request.user, version=_version(request)),
        erfolg="Der Mittelabruf ist eingereicht. Die Eingangsbestätigung finden Sie unten.",
    )  # fmt: skip


@require_POST
def abruf_zurueckziehen(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "zurueckziehen", lambda a, cd: workflow.abruf_zurueckziehen(abruf=a, by=request.user),
        erfolg="Der Mittelabruf ist zurückgezogen.",
    )  # fmt: skip


@require_POST
def abruf_freigeben(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "freigeben",
        lambda a, cd: workflow.abruf_freigeben(abruf=a, by=request.user, betrag=cd["betrag"],
                                                pruefvermerk=cd["pruefvermerk"], begruendung=cd["begruendung"]),
        erfolg="Der Mittelabruf ist freigegeben; die Auszahlung muss eine zweite Person zeichnen.",
        form_klasse=FreigabeForm, prefix="f", formname="freigabe",
    )  # fmt: skip


@require_POST
def abruf_ablehnen(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "ablehnen",
        lambda a, cd: workflow.abruf_ablehnen(abruf=a, by=request.user, pruefvermerk=cd["pruefvermerk"],
                                               begruendung=cd["begruendung"]),
        erfolg="Der Mittelabruf ist abgelehnt.", form_klasse=AblehnungForm, prefix="a", formname="ablehnung",
    )  # fmt: skip


@require_POST
def abruf_zurueckgeben(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "zurueckgeben",
        lambda a, cd: workflow.abruf_zurueckgeben(abruf=a, by=request.user, grund=cd["grund"]),
        erfolg="Die Freigabe ist an die Prüfung zurückgegeben.", form_klasse=RueckgabeForm, prefix="r",
        formname="rueckgabe",
    )  # fmt: skip


@require_POST
def auszahlung_zeichnen(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "zeichnen",
        lambda a, cd: workflow.auszahlung_zeichnen(abruf=a, by=request.user, version=_version(request)),
        erfolg="Die Auszahlung ist angeordnet; die Auszahlungsanordnung steht in der Liste für die Landeskasse.",
    )  # fmt: skip


@require_POST
def als_bezahlt_melden(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(
        request, pk, "bezahlt",
        lambda a, cd: workflow.als_bezahlt_melden(abruf=a, by=request.user, wertstellung=cd["wertstellung"]),
        erfolg="Die Auszahlung ist als ausgezahlt gemeldet; der Antragsteller erhält die Mitteilung.",
        form_klasse=BezahltForm, prefix="b", formname="bezahlt",
    )  # fmt: skip


@require_GET
def brief_download(request: HttpRequest, pk: int) -> HttpResponse:
    brief = brief_fuer(request, pk)
    if not brief.sha256:
        verlange((False, "Das Schreiben wird gerade erzeugt. Bitte versuchen Sie es in einer Minute erneut."))
    heruntergeladen(request, brief, art=brief.art)
    antrag = brief.mittelabruf.zuwendung.antrag
    return _pdf(bytes(brief.pdf), _dateiname(brief.get_art_display(), antrag.aktenzeichen, f"Abruf-{brief.mittelabruf.nummer}"), anhang=True)


def zurueck_url(abruf: Mittelabruf) -> str:
    return reverse("zuwendungen:auszahlungen", args=[abruf.zuwendung_id])
