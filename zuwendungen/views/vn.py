"""Verwendungsnachweis pages, both sides: the grant's overview (deadlines, proofs, letters,
retention), one proof (figures, Befunde, questions, Prüfung), the recipient's form, the
Belegliste import, submitting and answering. Refusals are 403 with the reason; form errors
stay at the field with status 200."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antraege.views.dokumente import _dateiname, _pdf
from antraege.workflow import WorkflowError
from antraege.zugriff import verlange
from komman.audit import angesehen, heruntergeladen
from komman.permissions import is_bezirksregierung
from zuwendungen.belegliste import als_csv, uebernehmen
from zuwendungen.forms_vn import AntwortForm, BelegeForm, FrageForm, RueckgabeForm, VnForm
from zuwendungen.models import Frist, Verwendungsnachweis, VnFrage
from zuwendungen.permissions_vn import can_stichprobe, can_vn, can_vn_anlegen
from zuwendungen.vn_taeglich import fristen_der_zuwendung
from zuwendungen.workflow import vn as wf
from zuwendungen.workflow.vn_pruefung import akte_vernichten_ab, aufbewahren_bis, checkliste
from zuwendungen.workflow.vn_zahlen import befunde, daten, ergebnis
from zuwendungen.zugriff import vn_fuer, vn_schreiben_fuer, zuwendung_fuer

AKTIONEN = ("bearbeiten", "einreichen", "antworten", "pruefen", "fragen", "vorschlagen", "zurueckgeben", "zeichnen")


@require_GET
def uebersicht(request: HttpRequest, pk: int) -> HttpResponse:
    """The grant's VN overview: deadlines, its proofs, the letters, retention."""
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    angesehen(request, zuwendung.antrag, seite="verwendungsnachweis")
    nachweise = list(zuwendung.verwendungsnachweise.order_by("art", "fuer_jahr", "pk"))
    vn = next((n for n in nachweise if n.art == Verwendungsnachweis.Art.VN), None)
    f = fristen_der_zuwendung(zuwendung)
    vorhanden = {(n.art, n.fuer_jahr) for n in nachweise}
    return render(request, "zuwendungen/vn/uebersicht.html", {
        "zuwendung": zuwendung, "antrag": zuwendung.antrag, "nachweise": nachweise, "vn": vn, "vn_fristen": f,
        "fristen": list(Frist.objects.filter(zuwendung=zuwendung, art__in=ART_VN).order_by("faellig_am", "pk")),
        "schreiben": list(zuwendung.vn_schreiben.defer("daten", "pdf").order_by("erstellt_am", "pk")),
        "anlegen": can_vn_anlegen(request.user, zuwendung), "vn_fehlt": ("vn", None) not in vorhanden,
        "zwischen_fehlen": [z for z in f.zwischennachweise if ("zwischen", z.fuer_jahr) not in vorhanden],
        "aufbewahren_bis": aufbewahren_bis(vn) if vn else None, "akte_vernichten_ab": akte_vernichten_ab(zuwendung),
        "rueckforderungen": list(zuwendung.rueckforderungen.order_by("erfasst_am", "pk")),
        "zurueckhalten": can_stichprobe(request.user)[0],
        "zwischen_offen": [z for z in f.zwischennachweise if not any(
            n.art == "zwischen" and n.fuer_jahr == z.fuer_jahr and n.status != "entwurf" for n in nachweise)],
        "gesperrt": [n for n in nachweise if n.auszahlung_gesperrt],
    })  # fmt: skip


ART_VN = (Frist.Art.VERWENDUNGSNACHWEIS, Frist.Art.ZWISCHENNACHWEIS, Frist.Art.MAHNUNG, Frist.Art.VN_NACHFORDERUNG)


@require_POST
def anlegen(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(can_vn_anlegen(request.user, zuwendung))
    jahr = request.POST.get("fuer_jahr", "")
    art = "zwischen" if jahr.isdigit() else "vn"
    try:
        vn = wf.vn_anlegen(zuwendung=zuwendung, by=request.user, art=art, fuer_jahr=int(jahr) if jahr.isdigit() else None)
    except WorkflowError as e:
        messages.error(request, str(e))
        return redirect("zuwendungen:vn", pk=zuwendung.pk)
    return redirect("zuwendungen:vn_bearbeiten", pk=vn.pk)


def _kontext(request, vn: Verwendungsnachweis, **extra) -> dict:
    d = daten(vn)
    bearbeitbar = vn.status in (vn.Status.ENTWURF, vn.Status.NACHFORDERUNG)
    br = is_bezirksregierung(request.user)
    return {
        "vn": vn, "zuwendung": vn.zuwendung, "antrag": vn.zuwendung.antrag, "d": d,
        "ergebnis": ergebnis(vn, d) if vn.art == vn.Art.VN else None,
        "befunde": befunde(vn, d) if bearbeitbar else {},
        "erlaubt": {a: can_vn(request.user, vn, a) for a in AKTIONEN},
        "fragen": list(vn.fragen.select_related("gestellt_von", "beantwortet_von")),
        "belege": list(vn.belege.all()[:500]), "belege_anzahl": vn.belege.count(),
        "bezirksregierung": br, "punkte": checkliste(vn),
        "empfaenger_angaben": (vn.zahlen or {}).get("teil2", {}).get("empfaenger", {}),
        "frage_form": FrageForm(prefix="frage") if br else None, "rueckgabe_form": RueckgabeForm() if br else None,
        "antwort_form": AntwortForm(), "aufbewahren_bis": aufbewahren_bis(vn),
        **extra,
    }  # fmt: skip


@require_GET
def seite(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    angesehen(request, vn.zuwendung.antrag, seite="verwendungsnachweis", verwendungsnachweis=vn.pk)
    return render(request, "zuwendungen/vn/seite.html", _kontext(request, vn))


@require_http_methods(["GET", "POST"])
def bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "bearbeiten"))
    d = daten(vn)
    form = VnForm(request.POST or None, vn=vn, d=d)
    if request.method == "POST" and form.is_valid():
        werte, zahlen = form.werte_und_zahlen()
        try:
            wf.vn_speichern(vn=vn, by=request.user, werte=werte, zahlen=zahlen, version=_version(request))
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            vn.refresh_from_db()
            offen = befunde(vn)
            if offen:
                messages.warning(request, "Der Entwurf ist gespeichert. Vor dem Einreichen fehlen noch Angaben (siehe Hinweise an den Feldern).")
                return _formseite(request, vn, VnForm(None, vn=vn, d=daten(vn)), offen)
            messages.success(request, "Der Entwurf ist gespeichert und vollständig.")
            return redirect("zuwendungen:vn_seite", pk=vn.pk)
    return _formseite(request, vn, form, befunde(vn, d) if request.method == "GET" else {})


def _formseite(request, vn: Verwendungsnachweis, form: VnForm, offen: dict) -> HttpResponse:
    return render(request, "zuwendungen/vn/form.html", {
        "vn": vn, "zuwendung": vn.zuwendung, "form": form, "d": form.d, "befunde": offen, "form_gruppen": form.gruppen(offen),
    })  # fmt: skip


def _version(request) -> int | None:
    v = request.POST.get("version", "")
    return int(v) if v.isdigit() else None


@require_POST
def einreichen(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "einreichen"))
    try:
        wf.vn_einreichen(vn=vn, by=request.user, version=_version(request))
    except wf.VnFehler:
        messages.error(request, "Der Verwendungsnachweis ist noch nicht vollständig; bitte ergänzen Sie die markierten Angaben.")
        return redirect("zuwendungen:vn_bearbeiten", pk=vn.pk)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{vn} ist eingereicht.")
    return redirect("zuwendungen:vn_seite", pk=vn.pk)


@require_http_methods(["GET", "POST"])
def belege(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "bearbeiten"))
    form = BelegeForm(request.POST or None, request.FILES or None)
    fehler = []
    if request.method == "POST" and form.is_valid():
        datei = form.cleaned_data["datei"]
        if datei.size > 5 * 1024 * 1024:
            form.add_error("datei", "Die Datei ist größer als 5 MB.")
        else:
            try:
                anzahl, fehler = uebernehmen(vn, datei.read(), datei.name, by=request.user)
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                if not fehler:
                    messages.success(request, f"{anzahl} Belege übernommen; die bisherige Liste ist ersetzt.")
                    return redirect("zuwendungen:vn_seite", pk=vn.pk)
                form.add_error("datei", "Die Liste enthält Fehler; es wurde nichts übernommen (siehe Zeilenbericht).")
    return render(request, "zuwendungen/vn/belege.html", {"vn": vn, "zuwendung": vn.zuwendung, "form": form, "fehler": fehler})


@require_GET
def belege_csv(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    antwort = HttpResponse(als_csv(vn), content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="Belegliste_{vn.pk}.csv"'
    return antwort


@require_POST
def antworten(request: HttpRequest, pk: int, frage_pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "antworten"))
    frage = get_object_or_404(VnFrage, pk=frage_pk, verwendungsnachweis=vn)
    form = AntwortForm(request.POST)
    if form.is_valid():
        try:
            wf.vn_antworten(frage=frage, by=request.user, antwort=form.cleaned_data["antwort"])
        except WorkflowError as e:
            form.add_error("antwort", str(e))
        else:
            messages.success(request, "Ihre Antwort ist übermittelt.")
            return redirect("zuwendungen:vn_seite", pk=vn.pk)
    return render(request, "zuwendungen/vn/seite.html", _kontext(request, vn, antwort_form=form, antwort_frage=frage.pk))


@require_GET
def schreiben(request: HttpRequest, pk: int) -> HttpResponse:
    brief = vn_schreiben_fuer(request, pk)
    if not brief.sha256:
        verlange((False, "Das Schreiben wird gerade erzeugt. Bitte versuchen Sie es in einer Minute erneut."))
    heruntergeladen(request, brief, art=brief.art)
    return _pdf(bytes(brief.pdf), _dateiname(brief.get_art_display(), brief.zuwendung.antrag.aktenzeichen, str(brief.nummer)), anhang=True)

