"""The Bezirksregierung's VN pages: the queue (with the sample draw per Förderperiode), the
Prüfvermerk, questions to the recipient, the proposed result and its signature (four eyes)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antraege import pruefliste
from antraege.workflow import WorkflowError
from antraege.zugriff import verlange
from komman import seiten
from komman.seiten import gemerkt, seite_lesen
from programmteile.models import Foerderperiode
from zuwendungen import listen
from zuwendungen.forms_vn import FrageForm, PruefvermerkForm, RueckgabeForm
from zuwendungen.models import VN_OFFEN, Verwendungsnachweis, VnStatus
from zuwendungen.permissions_vn import can_stichprobe, can_vn, can_vn_pruefen
from zuwendungen.views.vn import _kontext, _version
from zuwendungen.workflow import vn_pruefung as pw
from zuwendungen.workflow.vn import VnFehler
from zuwendungen.workflow.vn_zahlen import daten
from zuwendungen.zugriff import der_zuwendungen, vn_fuer

V = VnStatus
FILTER = {
    "offen": VN_OFFEN,  # the partial index vn_offen_eingang has the same list
    "zu_zeichnen": [V.VORGESCHLAGEN],
    "abgeschlossen": [V.ABGESCHLOSSEN],
}


@require_GET
def warteschlange(request: HttpRequest) -> HttpResponse:
    """The VNs waiting for Prüfung (or signed, or closed), 50 a page, and the sample draws.

    Plain rows, paged like the queue of Anträge (zuwendungen.listen, komman.seiten); the VNs
    per period still without a draw are remembered per stand and latest draw.
    """
    verlange(can_vn_pruefen(request.user))
    filter_wert = request.GET.get("status", "offen")
    if filter_wert not in FILTER:
        filter_wert = "offen"
    stand = seiten.stand()
    qs = der_zuwendungen(request, Verwendungsnachweis.objects.filter(status__in=FILTER[filter_wert]))
    seite, query = seite_lesen(
        request,
        listen.nachweise(qs),
        frage=f"vn|{request.user.pk}",
        beim_stand=stand,
        pro_seite=listen.PRO_SEITE,
    )
    seite.object_list = listen.nachweis_zeilen(seite.object_list)
    namen = pruefliste.nachschlagen().perioden_auswahl
    stichproben = listen.stichproben(dict(namen))
    # Per stand and latest draw: a draw takes the period's VNs out at once.
    ohne = gemerkt(
        None, listen.ohne_stichprobe, art="vn_ohne_stichprobe", frage="vn_ohne_stichprobe", beim_stand=stand,
        zusatz=str(max((s["pk"] for s in stichproben), default=0)),
    )  # fmt: skip
    perioden = [(pk, name, ohne[pk]) for pk, name in namen if ohne.get(pk)]
    return render(request, "zuwendungen/vn/warteschlange.html", {
        "seite": seite, "query": query, "filter": filter_wert, "perioden": perioden, "stichproben": stichproben,
        "ziehen": can_stichprobe(request.user),
    })  # fmt: skip


@require_POST
def stichprobe(request: HttpRequest) -> HttpResponse:
    verlange(can_stichprobe(request.user))
    periode = get_object_or_404(
        Foerderperiode,
        pk=request.POST.get("periode") if str(request.POST.get("periode", "")).isdigit() else 0,
    )
    try:
        s = pw.stichprobe_ziehen(periode=periode, by=request.user)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Stichprobe gezogen: {len(s.gezogen)} von {len(s.kandidaten)} Verwendungsnachweisen (Startwert {s.seed}).",
        )
    return redirect("zuwendungen:vn_warteschlange")


@require_POST
def zurueckhalten(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold payouts until a late Zwischennachweis is submitted (the Prüfung's recorded decision)."""
    from zuwendungen.zugriff import zuwendung_fuer

    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(can_stichprobe(request.user))
    jahr = request.POST.get("fuer_jahr", "")
    _melden(request, lambda: pw.auszahlung_zurueckhalten(
        zuwendung=zuwendung, fuer_jahr=int(jahr) if jahr.isdigit() else 0, by=request.user, grund=request.POST.get("grund", ""),
    ), f"Auszahlungen werden bis zur Vorlage des Zwischennachweises {jahr} zurückgehalten.")  # fmt: skip
    return redirect("zuwendungen:vn", pk=zuwendung.pk)


def _melden(request, ausfuehren, erfolg: str) -> None:
    """Run a step; its refusals (per field or as a whole) and its success as messages."""
    try:
        ausfuehren()
    except VnFehler as e:
        for meldungen in e.felder.values():
            for m in meldungen:
                messages.error(request, m)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, erfolg)


@require_http_methods(["GET", "POST"])
def pruefung(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "pruefen"))
    d = daten(vn)
    form = PruefvermerkForm(
        request.POST or None, punkte=pw.checkliste(vn), zeilen=d.zeilen, vermerk=vn.pruefvermerk or {}
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            pw.pruefvermerk_speichern(
                vn=vn, by=request.user, haken={k[2:]: v for k, v in c.items() if k.startswith("c_")},
                feststellungen={k[2:]: v for k, v in c.items() if k.startswith("f_")}, vermerk_text=c.get("vermerk", ""),
                version=_version(request),
            )  # fmt: skip
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Der Prüfvermerk ist gespeichert.")
            return redirect("zuwendungen:vn_seite", pk=vn.pk)
    return render(
        request, "zuwendungen/vn/pruefung.html", {"vn": vn, "zuwendung": vn.zuwendung, "form": form, "d": d}
    )


@require_POST
def frage(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "fragen"))
    form = FrageForm(request.POST, prefix="frage")
    if form.is_valid():
        try:
            pw.frage_stellen(
                vn=vn, by=request.user, frage=form.cleaned_data["frage"], frist=form.cleaned_data.get("frist")
            )
        except VnFehler as e:
            for feld, meldungen in e.felder.items():
                for m in meldungen:
                    form.add_error(feld if feld in form.fields else None, m)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Die Rückfrage ist gestellt; der Zuwendungsempfänger erhält ein Schreiben."
            )
            return redirect("zuwendungen:vn_seite", pk=vn.pk)
    return render(request, "zuwendungen/vn/seite.html", _kontext(request, vn, frage_form=form))


def _schritt(request, pk: int, aktion: str, ausfuehren, erfolg: str) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, aktion))
    _melden(request, lambda: ausfuehren(vn), erfolg)
    return redirect("zuwendungen:vn_seite", pk=vn.pk)


@require_POST
def vorschlagen(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(request, pk, "vorschlagen", lambda vn: pw.ergebnis_vorschlagen(vn=vn, by=request.user, version=_version(request)),
                    "Das Ergebnis ist zur Zeichnung vorgelegt.")  # fmt: skip


@require_POST
def zeichnen(request: HttpRequest, pk: int) -> HttpResponse:
    return _schritt(request, pk, "zeichnen", lambda vn: pw.ergebnis_zeichnen(vn=vn, by=request.user),
                    "Das Ergebnis ist gezeichnet.")  # fmt: skip


@require_POST
def zurueckgeben(request: HttpRequest, pk: int) -> HttpResponse:
    vn = vn_fuer(request, pk)
    verlange(can_vn(request.user, vn, "zurueckgeben"))
    form = RueckgabeForm(request.POST)
    if form.is_valid():
        try:
            pw.ergebnis_zurueckgeben(vn=vn, by=request.user, grund=form.cleaned_data["grund"])
        except WorkflowError as e:
            form.add_error("grund", str(e))
        else:
            messages.success(request, "Das Ergebnis ist an die Prüfung zurückgegeben.")
            return redirect("zuwendungen:vn_seite", pk=vn.pk)
    return render(request, "zuwendungen/vn/seite.html", _kontext(request, vn, rueckgabe_form=form))
