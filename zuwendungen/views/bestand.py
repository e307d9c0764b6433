"""The notice after signing, on one page for both sides: Bekanntgabe, Klagefrist, Bestandskraft,
the waiver (applicant), the dispatch by post and the Klage (Prüfung)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from antraege import permissions as antrag_permissions
from antraege import workflow as antrag_workflow
from antraege.models import Antrag, Statuswechsel
from antraege.zugriff import antrag_fuer, verlange
from komman import ablage
from komman.audit import angesehen, heruntergeladen
from zuwendungen import permissions, workflow
from zuwendungen.forms import KlageEntschiedenForm, KlageForm, PostForm, VerzichtForm
from zuwendungen.models import Klage, Rechtsbehelfsverzicht, Zuwendung

S = Antrag.Status


def _antrag(request: HttpRequest, pk: int) -> Antrag:
    antrag = antrag_fuer(request, pk, zweck="lesen")
    if antrag.status not in S.ENTSCHIEDEN:
        raise Http404("Zu diesem Antrag ist noch kein Bescheid ergangen.")
    return antrag


def kontext(request: HttpRequest, antrag: Antrag, **formulare) -> dict:
    user = request.user
    erlaubnisse = {
        "verzicht": permissions.can_waive(user, antrag),
        "post": antrag_permissions.can_record_post(user, antrag),
        "klage": permissions.can_record_klage(user, antrag),
        "klage_entschieden": permissions.can_decide_klage(user, antrag),
    }
    bescheid = antrag_workflow.bescheid_von(antrag)
    bekanntgabe = getattr(bescheid, "bekanntgabe", None) if bescheid else None
    return {
        "antrag": antrag,
        "bescheid": bescheid,
        "bekanntgabe": bekanntgabe if bekanntgabe and bekanntgabe.bekanntgegeben_am else None,
        "erinnert_am": bekanntgabe.erinnert_am if bekanntgabe else None,
        "stand": workflow.stand(antrag),
        "verzicht": Rechtsbehelfsverzicht.objects.filter(antrag=antrag).first(),
        "klagen": list(Klage.objects.filter(antrag=antrag).order_by("erhoben_am", "pk")),
        "zuwendung": Zuwendung.objects.filter(antrag=antrag).first(),
        "erlaubnisse": erlaubnisse,
        "ist_bezirksregierung": permissions.can_see_all(user),
        "verzicht_form": formulare.get("verzicht_form")
        or (VerzichtForm() if erlaubnisse["verzicht"][0] else None),
        "post_form": formulare.get("post_form") or (PostForm() if erlaubnisse["post"][0] else None),
        "klage_form": formulare.get("klage_form") or (KlageForm() if erlaubnisse["klage"][0] else None),
        "klage_entschieden_form": formulare.get("klage_entschieden_form")
        or (KlageEntschiedenForm() if erlaubnisse["klage_entschieden"][0] else None),
        "verlauf": list(
            Statuswechsel.objects.filter(antrag=antrag, nach__in=[*S.ENTSCHIEDEN], intern=False)
            .select_related("wer")
            .order_by("wann", "id")
        ),
    }


@require_GET
def bestand(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _antrag(request, pk)
    angesehen(request, antrag, seite="bestandskraft")
    return render(request, "zuwendungen/bestand.html", kontext(request, antrag))


def _ausfuehren(request, antrag, form, name: str, aktion, erfolg: str) -> HttpResponse:
    if form.is_valid():
        try:
            aktion(form.cleaned_data)
        except workflow.WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, erfolg)
            return redirect("zuwendungen:bestand", pk=antrag.pk)
    return render(request, "zuwendungen/bestand.html", kontext(request, antrag, **{name: form}), status=200)


@require_http_methods(["POST"])
def bestand_verzicht(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _antrag(request, pk)
    verlange(permissions.can_waive(request.user, antrag))
    form = VerzichtForm(request.POST, request.FILES)
    return _ausfuehren(
        request, antrag, form, "verzicht_form",
        lambda d: workflow.verzicht_einreichen(antrag=antrag, by=request.user, datei=d["datei"]),
        "Der Rechtsbehelfsverzicht ist eingegangen; der Bescheid ist bestandskräftig.",
    )  # fmt: skip


@require_http_methods(["POST"])
def bestand_post(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _antrag(request, pk)
    verlange(antrag_permissions.can_record_post(request.user, antrag))
    return _ausfuehren(
        request, antrag, PostForm(request.POST), "post_form",
        lambda d: antrag_workflow.post_erfassen(antrag=antrag, by=request.user, zur_post_am=d["zur_post_am"]),
        "Der Versand per Post ist erfasst.",
    )  # fmt: skip


@require_http_methods(["POST"])
def bestand_klage(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _antrag(request, pk)
    verlange(permissions.can_record_klage(request.user, antrag))
    return _ausfuehren(
        request, antrag, KlageForm(request.POST), "klage_form",
        lambda d: workflow.klage_erfassen(antrag=antrag, by=request.user, **d),
        "Die Klage ist erfasst; Auszahlungen ruhen, bis das Verfahren beendet ist.",
    )  # fmt: skip


@require_http_methods(["POST"])
def bestand_klage_entschieden(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _antrag(request, pk)
    verlange(permissions.can_decide_klage(request.user, antrag))
    return _ausfuehren(
        request, antrag, KlageEntschiedenForm(request.POST), "klage_entschieden_form",
        lambda d: workflow.klage_entschieden(antrag=antrag, by=request.user, **d),
        "Der Ausgang des Verfahrens ist erfasst.",
    )  # fmt: skip


@require_GET
def verzicht_herunterladen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _antrag(request, pk)
    verzicht = get_object_or_404(Rechtsbehelfsverzicht, antrag=antrag)
    try:
        response = ablage.datei_antwort(verzicht.pfad, verzicht.dateiname, verzicht.content_type)
    except (OSError, SuspiciousFileOperation) as e:
        raise Http404("Die Datei ist nicht vorhanden.") from e
    heruntergeladen(request, verzicht, antrag=antrag.pk, dateiname=verzicht.dateiname)
    return response
