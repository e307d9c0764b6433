"""Pages of the Widerruf process (issue 21): one claim (its actions as forms on the same page),
Prüfung's list of claims (with the overdue list), starting a claim, a voluntary refund, § 49a
Abs. 4 interest, closing the grant, and the letters' download."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from antraege.views.dokumente import _dateiname, _pdf
from antraege.workflow import WorkflowError
from antraege.zugriff import verlange
from komman.audit import angesehen, heruntergeladen
from komman.seiten import seite_lesen
from zuwendungen import forderungen, listen, permissions, workflow
from zuwendungen import forms_widerruf as f
from zuwendungen.models import Rueckforderung, Verwendungszinsen, Zahlungseingang
from zuwendungen.zugriff import (
    der_zuwendungen,
    rueckforderung_fuer,
    rueckforderungsbrief_fuer,
    zuwendung_fuer,
    zuwendungen_fuer,
)

R = Rueckforderung.Status

# aktion: (form class, button, success message, call(forderung, user, cleaned_data))
AKTIONEN = {
    "anhoerung": (
        f.AnhoerungForm, "Anhörung einleiten", "Die Anhörung ist eingeleitet; das Schreiben steht bereit.",
        lambda rf, u, cd: workflow.anhoerung_einleiten(
            forderung=rf, by=u, rechtsgrundlage=cd["rechtsgrundlage"], widerruf_ab=cd["widerruf_ab"],
            kenntnis_am=cd["kenntnis_am"], text=cd["text"],
        ),
    ),
    "stellungnahme": (
        f.StellungnahmeForm, "Stellungnahme absenden", "Ihre Stellungnahme ist eingegangen.",
        lambda rf, u, cd: workflow.stellungnahme_abgeben(forderung=rf, by=u, text=cd["text"]),
    ),
    "vorschlagen": (
        f.VorschlagForm, "Zur Zeichnung vorschlagen", "Die Entscheidung ist zur Zeichnung vorgeschlagen.",
        lambda rf, u, cd: workflow.entscheidung_vorschlagen(forderung=rf, by=u, ermessen=cd["ermessen"]),
    ),
    "zeichnen": (
        f.LeerForm, "Erstattungsbescheid zeichnen", "Der Erstattungsbescheid ist gezeichnet und erlassen.",
        lambda rf, u, cd: workflow.bescheid_zeichnen(forderung=rf, by=u),
    ),
    "zurueckgeben": (
        f.GrundForm, "An die Prüfung zurückgeben", "Der Vorschlag ist an die Prüfung zurückgegeben.",
        lambda rf, u, cd: workflow.entscheidung_zurueckgeben(forderung=rf, by=u, grund=cd["grund"]),
    ),
    "zahlung": (
        f.ZahlungForm, "Zahlung buchen", "Die Zahlung ist gebucht (zuerst auf die Zinsen).",
        lambda rf, u, cd: workflow.zahlung_buchen(forderung=rf, by=u, betrag=cd["betrag"], eingang_am=cd["eingang_am"]),
    ),
    "mahnen": (
        f.LeerForm, "Mahnung erstellen", "Die Mahnung ist erstellt.",
        lambda rf, u, cd: workflow.mahnen(forderung=rf, by=u),
    ),
    "verzichten": (
        f.GrundForm, "Wegen Geringfügigkeit nicht geltend machen", "Auf die Rückforderung wird verzichtet.",
        lambda rf, u, cd: workflow.verzichten(forderung=rf, by=u, grund=cd["grund"]),
    ),
    "einstellen": (
        f.GrundForm, "Verfahren einstellen", "Das Verfahren ist eingestellt.",
        lambda rf, u, cd: workflow.einstellen(forderung=rf, by=u, grund=cd["grund"]),
    ),
    "klage": (
        f.KlageErstattungForm, "Klage gegen den Erstattungsbescheid erfassen",
        "Die Klage ist erfasst; bis zur Entscheidung wird nicht gemahnt.",
        lambda rf, u, cd: workflow.rueckforderung_klage_erfassen(
            forderung=rf, by=u, erhoben_am=cd["erhoben_am"], gericht=cd["gericht"], aktenzeichen=cd["aktenzeichen"],
        ),
    ),
    "klage_entschieden": (
        f.KlageErstattungEntschiedenForm, "Ausgang der Klage erfassen", "Der Ausgang der Klage ist erfasst.",
        lambda rf, u, cd: workflow.rueckforderung_klage_entschieden(
            forderung=rf, by=u, ausgang=cd["ausgang"], entschieden_am=cd["entschieden_am"],
        ),
    ),
}  # fmt: skip


def fall_kontext(request, rf: Rueckforderung) -> dict:
    heute = timezone.localdate()
    return {
        "rf": rf,
        "zuwendung": rf.zuwendung,
        "antrag": rf.zuwendung.antrag,
        "stand": forderungen.stand(rf, heute) if rf.status not in (R.ERLASSEN, R.EINGESTELLT) else None,
        "jahresfrist": forderungen.jahresfrist(rf, heute) if rf.offen_im_verfahren else None,
        "bagatelle": forderungen.ist_bagatelle(rf),
    }


@require_http_methods(["GET", "POST"])
def rueckforderung(request: HttpRequest, pk: int) -> HttpResponse:
    rf = rueckforderung_fuer(request, pk)
    aktion = request.POST.get("aktion") or request.GET.get("aktion") or ""
    form = None
    if aktion in AKTIONEN:
        verlange(permissions.can_rueckforderung(request.user, rf, aktion))
        klasse, _, erfolg, tun = AKTIONEN[aktion]
        initial = {"kenntnis_am": timezone.localdate(), "eingang_am": timezone.localdate()}
        if aktion == "zahlung":
            initial["betrag"] = forderungen.stand(rf).offen
        form = klasse(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                tun(rf, request.user, form.cleaned_data)
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, erfolg)
                return redirect("zuwendungen:rueckforderung", pk=rf.pk)
    elif request.method == "POST":
        return redirect("zuwendungen:rueckforderung", pk=rf.pk)
    else:
        angesehen(request, rf.zuwendung.antrag, seite="rueckforderung", rueckforderung=rf.pk)
    # The payments once, for the figures (forderungen.stand reads the prefetch) and the table.
    prefetch_related_objects([rf], Prefetch("zahlungen", queryset=Zahlungseingang.objects.order_by("eingang_am", "pk")))
    moeglich = [
        (name, AKTIONEN[name][1])
        for name in AKTIONEN
        if permissions.can_rueckforderung(request.user, rf, name)[0]
    ]
    return render(
        request,
        "zuwendungen/rueckforderung.html",
        {
            **fall_kontext(request, rf),
            "aktion": aktion if form is not None else "",
            "knopf": AKTIONEN[aktion][1] if form is not None else "",
            "form": form,
            "moeglich": moeglich,
            "perms_liste": permissions.can_pruefen(request.user)[0],
            "briefe": list(rf.briefe.defer("daten", "pdf").order_by("erstellt_am", "pk")),
            "zahlungen": list(rf.zahlungen.all()),
        },
    )


@require_GET
def rueckforderungen(request: HttpRequest) -> HttpResponse:
    """Prüfung's list: every claim, filtered by state, or only the overdue ones; 50 a page,
    plain rows (zuwendungen.listen, komman.seiten)."""
    verlange(permissions.can_pruefen(request.user))
    qs = der_zuwendungen(request, Rueckforderung.objects.all())
    status = request.GET.get("status", "")
    ueberfaellig = request.GET.get("ueberfaellig") == "1"
    if ueberfaellig:
        qs = qs & workflow.ueberfaellig()
    elif status in R.values:
        qs = qs.filter(status=status)
    heute = timezone.localdate()
    # The overdue list changes with the day, not only with the stand.
    frage = f"rueckforderungen|{request.user.pk}|{heute if ueberfaellig else ''}"
    seite, query = seite_lesen(request, listen.rueckforderungen(qs), frage=frage, pro_seite=listen.PRO_SEITE)
    seite.object_list = listen.rueckforderung_zeilen(seite.object_list)
    return render(
        request,
        "zuwendungen/rueckforderungen.html",
        {"seite": seite, "query": query, "status": status, "ueberfaellig": ueberfaellig, "stati": R.choices},
    )  # fmt: skip


def _formularseite(request, zuwendung, form, titel: str, knopf: str, text: str = "") -> HttpResponse:
    return render(
        request,
        "zuwendungen/rueckforderung_formular.html",
        {
            "zuwendung": zuwendung,
            "antrag": zuwendung.antrag,
            "form": form,
            "titel": titel,
            "knopf": knopf,
            "text": text,
        },
    )


@require_http_methods(["GET", "POST"])
def rueckforderung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(permissions.can_rueckforderung_erfassen(request.user, zuwendung))
    anlass = request.GET.get("anlass", "")
    form = f.NeueRueckforderungForm(
        request.POST or None, initial={"anlass": anlass, "entstanden_am": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            rf = workflow.rueckforderung_anlegen(
                zuwendung=zuwendung, by=request.user, anlass=cd["anlass"], betrag=cd["betrag"],
                entstanden_am=cd["entstanden_am"], grund=cd["grund"],
            )  # fmt: skip
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Rückforderung ist erfasst; als Nächstes folgt die Anhörung.")
            return redirect("zuwendungen:rueckforderung", pk=rf.pk)
    return _formularseite(
        request, zuwendung, form, "Widerruf einleiten: Rückforderung erfassen", "Rückforderung erfassen"
    )


@require_http_methods(["GET", "POST"])
def rueckzahlung(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(permissions.can_rueckforderung_erfassen(request.user, zuwendung))
    form = f.RueckzahlungForm(request.POST or None, initial={"eingang_am": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            workflow.freiwillige_rueckzahlung(
                zuwendung=zuwendung,
                by=request.user,
                betrag=cd["betrag"],
                eingang_am=cd["eingang_am"],
                grund=cd["grund"],
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die freiwillige Rückzahlung ist gebucht.")
            return redirect("zuwendungen:detail", pk=zuwendung.pk)
    return _formularseite(
        request, zuwendung, form, "Freiwillige Rückzahlung buchen", "Rückzahlung buchen",
        "Nicht verbrauchte Mittel, die der Zuwendungsempfänger ohne Widerruf zurückzahlt, werden direkt als Erstattung gebucht.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def verwendungszinsen(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(permissions.can_rueckforderung_erfassen(request.user, zuwendung))
    form = f.VerwendungszinsenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.verwendungszinsen_berechnen(
                zuwendung=zuwendung, by=request.user, verwendungen=form.cleaned_data["verwendungen"]
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Die Zinsen nach § 49a Abs. 4 VwVfG NRW sind berechnet; bitte entscheiden Sie."
            )
            return redirect("zuwendungen:detail", pk=zuwendung.pk)
    return _formularseite(
        request, zuwendung, form, "Zinsen für verspätet verwendete Mittel berechnen", "Berechnen",
        "Auszahlungen, die nicht innerhalb von zwei Monaten verwendet wurden, können nach § 49a Abs. 4 VwVfG NRW "
        "verzinst werden. Das Portal rechnet aus den Auszahlungen (Wertstellung) und den Verwendungen; "
        "die Bewilligungsbehörde entscheidet, ob die Zinsen erhoben werden.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def zinsentscheidung(request: HttpRequest, pk: int) -> HttpResponse:
    vz = get_object_or_404(Verwendungszinsen.objects.filter(zuwendung__in=zuwendungen_fuer(request)), pk=pk)
    zuwendung = zuwendung_fuer(request, vz.zuwendung_id, zweck="lesen")
    verlange(permissions.can_rueckforderung_erfassen(request.user, zuwendung))
    form = f.ZinsentscheidungForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            workflow.verwendungszinsen_entscheiden(
                vz=vz, by=request.user, erheben=cd["entscheidung"] == "erheben", grund=cd["grund"]
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Entscheidung über die Zinsen ist festgehalten.")
            return redirect("zuwendungen:detail", pk=zuwendung.pk)
    return _formularseite(
        request,
        zuwendung,
        form,
        f"Über Zinsen von {vz.zinsen:.2f} € entscheiden".replace(".", ","),
        "Entscheidung festhalten",
    )


@require_http_methods(["GET", "POST"])
def abschliessen(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    verlange(permissions.can_abschliessen(request.user, zuwendung))
    form = f.LeerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.abschliessen(zuwendung=zuwendung, by=request.user)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Die Zuwendung ist abgeschlossen; die Abschlussmitteilung steht bereit."
            )
            return redirect("zuwendungen:detail", pk=zuwendung.pk)
    return _formularseite(
        request, zuwendung, form, "Zuwendung abschließen", "Abschließen",
        "Alle Rückforderungen sind erledigt. Nach dem Abschluss sind Zuwendung und Dokumente schreibgeschützt.",
    )  # fmt: skip


@require_GET
def rueckforderung_brief(request: HttpRequest, pk: int) -> HttpResponse:
    brief = rueckforderungsbrief_fuer(request, pk)
    if not brief.sha256:
        verlange((False, "Das Schreiben wird gerade erzeugt. Bitte versuchen Sie es in einer Minute erneut."))
    heruntergeladen(request, brief, art=brief.art)
    antrag = brief.rueckforderung.zuwendung.antrag
    return _pdf(
        bytes(brief.pdf),
        _dateiname(brief.get_art_display(), antrag.aktenzeichen, f"RF-{brief.rueckforderung_id}"),
        anhang=True,
    )
