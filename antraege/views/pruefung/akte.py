"""The reviewer's Antrag page: everything on file, the actions with their reasons, checklist, notes,
and the one-button steps (take over, start and finish the formal check).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from antraege import permissions, regeln, workflow
from antraege.forms.pruefung import PruefvermerkForm, VermerkForm
from antraege.models import Antrag, AntragTeil1, Pruefvermerk, Statuswechsel
from antraege.workflow import WorkflowError
from antraege.zugriff import antrag_fuer, verlange
from komman.audit import angesehen


def detail_url(antrag: Antrag) -> str:
    return reverse("antraege:pruefung_detail", args=[antrag.pk])


def _aktionen(user, antrag: Antrag) -> list[dict]:
    """Every action of the Prüfung page with whether it is allowed and, if not, why (in German)."""
    a = [
        ("Bearbeitung übernehmen", "antraege:uebernehmen", permissions.can_take_over, True),
        ("Formale Prüfung beginnen", "antraege:formale_pruefung", permissions.can_start_formal_check, True),
        (
            "Formale Prüfung abschließen",
            "antraege:formale_pruefung_abschliessen",
            permissions.can_finish_formal_check,
            True,
        ),
        ("Unterlagen nachfordern", "antraege:nachforderung", permissions.can_request_documents, False),
        ("Anhörung einleiten", "antraege:anhoerung", permissions.can_start_hearing, False),
        (
            "Über vorzeitigen Maßnahmebeginn entscheiden",
            "antraege:vorzeitiger_beginn",
            permissions.can_decide_early_start,
            False,
        ),
        ("Bewilligung vorschlagen", "antraege:vorschlag", permissions.can_propose, False),
        ("Ablehnung vorschlagen", "antraege:ablehnung", permissions.can_propose_rejection, False),
        ("Zeichnen oder zurückgeben", "antraege:zeichnen", permissions.can_sign_or_send_back, False),
    ]
    result = []
    for label, name, check, post in a:
        erlaubt, grund = check(user, antrag)
        result.append(
            {
                "label": label,
                "url": reverse(name, args=[antrag.pk]),
                "erlaubt": erlaubt,
                "grund": grund,
                "post": post,
            }
        )
    return result


def _schreiben_mit_ersetzen(user, antrag: Antrag) -> list:
    """The letters of the file; each knows whether this user may withdraw and replace it."""
    liste = list(
        antrag.schreiben.select_related("erstellt_von", "beantwortet_von", "zurueckgezogen_von").order_by(
            "erstellt_am"
        )
    )
    for s in liste:
        s.antrag = antrag
        s.darf_ersetzen = permissions.can_replace_letter(user, s)[0]
    return liste


def verlauf(antrag: Antrag, *, intern: bool) -> list[Statuswechsel]:
    qs = antrag.statuswechsel.select_related("wer").order_by("wann", "pk")
    if not intern:
        qs = qs.filter(intern=False)
    return list(qs)


def _anlagen_mit_link(antrag: Antrag) -> list:
    """The attachments; each with the download URL of the Antragstellung views once they exist."""
    anlagen = list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von"))
    for anlage in anlagen:
        try:
            anlage.url = reverse("antraege:anlage_herunterladen", args=[antrag.pk, anlage.pk])
        except NoReverseMatch:
            anlage.url = ""
    return anlagen


def detail_kontext(request: HttpRequest, antrag: Antrag, **formulare) -> dict:
    user = request.user
    teil = antrag.foerderperiode.programmteil.nummer
    # What the rules, the proposal lines, the cap and the page all read, loaded once: the lines
    # (prefetched: antrag.positionen.all() / massnahmen.all() read the cache), the Part I figures
    # and the Kommune's Zuweisung.
    if teil in ("II", "III"):
        prefetch_related_objects([antrag], "positionen" if teil == "II" else "massnahmen")
    teil1 = AntragTeil1.objects.filter(antrag=antrag).first() if teil == "I" else None
    zuweisung = workflow.zuweisung_von(antrag) if teil in ("I", "II") else None
    zeilen = {"teil1": teil1 or AntragTeil1(antrag=antrag)} if teil == "I" else {}
    ergebnis = regeln.pruefen(antrag, **zeilen, **({"zuweisung": zuweisung} if zuweisung else {}))
    pruefvermerk = Pruefvermerk.objects.filter(antrag=antrag).select_related("geaendert_von").first()
    darf_vermerk_bearbeiten = permissions.can_edit_pruefvermerk(user, antrag)
    grenze, grenze_was = workflow.hoechstgrenze(antrag, zuweisung=zuweisung)
    aktionen = _aktionen(user, antrag)
    return {
        "antrag": antrag,
        "teil": teil,
        "teil1": teil1,
        "positionen": list(antrag.positionen.all()) if teil == "II" else [],
        "massnahmen": list(antrag.massnahmen.all()) if teil == "III" else [],
        "anlagen": _anlagen_mit_link(antrag),
        "ergebnis": ergebnis,
        "befunde": sorted(ergebnis.befunde, key=lambda b: ("fehler", "warnung", "hinweis").index(b.schwere)),
        "verlauf": verlauf(antrag, intern=True),
        "vermerke": list(antrag.vermerke.select_related("von").order_by("am", "pk")),
        "schreiben": _schreiben_mit_ersetzen(user, antrag),
        "dokumente": list(antrag.dokumente.defer("pdf").order_by("erstellt_am", "pk")),
        "pruefvermerk": pruefvermerk,
        "pruefvermerk_form": formulare.get("pruefvermerk_form")
        or PruefvermerkForm(instance=pruefvermerk or Pruefvermerk(antrag=antrag)),
        "pruefvermerk_erlaubt": darf_vermerk_bearbeiten,
        "vermerk_form": formulare.get("vermerk_form") or VermerkForm(),
        "vermerk_erlaubt": permissions.can_add_note(user, antrag),
        "aktionen": aktionen,
        "aktionen_erlaubt": any(a["erlaubt"] for a in aktionen),
        "budget": workflow.budgetstand(antrag.foerderperiode),
        "grenze": grenze,
        "grenze_was": grenze_was,
        "zeilen": workflow.vorschlagszeilen(antrag, teil1=teil1),
        "heute": timezone.localdate(),
    }


def pruefung_detail(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    angesehen(request, antrag, seite="pruefung")
    return render(request, "antraege/pruefung/detail.html", detail_kontext(request, antrag))


def _transition(request: HttpRequest, pk: int, funktion, erfolg: str) -> HttpResponse:
    """A one-button transition: POST only (GET shows the Antrag page with the button)."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    if request.method != "POST":
        return redirect(detail_url(antrag))
    try:
        funktion(antrag=antrag, by=request.user)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, erfolg)
    return redirect(detail_url(antrag))


def uebernehmen(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, workflow.take_over, "Sie bearbeiten diesen Antrag jetzt.")


def formale_pruefung(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, workflow.start_formal_check, "Die formale Prüfung hat begonnen.")


def formale_pruefung_abschliessen(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        workflow.finish_formal_check,
        "Die formale Prüfung ist abgeschlossen; der Antrag ist jetzt in der inhaltlichen Prüfung.",
    )


def pruefvermerk(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the checklist; a concurrent save by someone else gives a German conflict message."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    if request.method != "POST":
        return redirect(detail_url(antrag) + "#pruefvermerk")
    verlange(permissions.can_edit_pruefvermerk(request.user, antrag))
    instanz = Pruefvermerk.objects.filter(antrag=antrag).first() or Pruefvermerk(antrag=antrag)
    form = PruefvermerkForm(request.POST, instance=instanz)
    if form.is_valid():
        daten = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            workflow.save_pruefvermerk(
                antrag=antrag, by=request.user, version=form.cleaned_data["version"], **daten
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
            messages.error(request, f"{e} (Abschnitt „Prüfvermerk“ weiter unten)")
        else:
            messages.success(request, "Der Prüfvermerk ist gespeichert.")
            return redirect(detail_url(antrag) + "#pruefvermerk")
    kontext = detail_kontext(request, antrag, pruefvermerk_form=form)
    return render(
        request, "antraege/pruefung/detail.html", kontext, status=409 if form.non_field_errors() else 200
    )


def vermerk(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    if request.method != "POST":
        return redirect(detail_url(antrag) + "#vermerke")
    verlange(permissions.can_add_note(request.user, antrag))
    form = VermerkForm(request.POST)
    if form.is_valid():
        try:
            workflow.add_note(antrag=antrag, by=request.user, text=form.cleaned_data["text"])
        except WorkflowError as e:
            form.add_error("text", str(e))
        else:
            messages.success(request, "Der Vermerk ist gespeichert.")
            return redirect(detail_url(antrag) + "#vermerke")
    return render(
        request, "antraege/pruefung/detail.html", detail_kontext(request, antrag, vermerk_form=form)
    )
