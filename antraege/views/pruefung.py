"""Prüfung und Entscheidung: the queue, the reviewer's Antrag page, letters, proposals, Zeichnung.

Every view fetches the Antrag through antraege.zugriff and asks a permission function before it
acts; the workflow function checks the same again under the row lock. Applicants get 404 for
the reviewer pages, as if they did not exist.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from antraege import permissions, pruefliste, regeln, workflow
from antraege.filters import SORTIERFELDER, PruefungFilter
from antraege.forms.pruefung import (
    AblehnungForm,
    AnhoerungForm,
    AntwortForm,
    NachforderungForm,
    PruefvermerkForm,
    VermerkForm,
    VorschlagForm,
    ZeichnenForm,
    ZurueckgebenForm,
)
from antraege.models import Antrag, AntragTeil1, Pruefvermerk, Schreiben, Statuswechsel
from antraege.workflow import WorkflowError
from antraege.zugriff import antraege_fuer, antrag_fuer, verlange
from komman import seiten
from komman.audit import angesehen, heruntergeladen
from komman.formate import datum, euro  # datum: dates only; datetimes go through localtime first
from komman.permissions import is_bezirksregierung
from komman.seiten import Seiten, gemerkt

S = Antrag.Status


# --- helpers ---


def _mit_fristen(qs):
    """Annotates the open deadline of the current Nachforderung/Anhörung (the latest one).

    It has passed when it lies before today: the queue, its filter "Nur mit abgelaufener
    Frist" and the export all read it off this one value, so they always agree.
    """
    offen = Schreiben.objects.filter(
        antrag=OuterRef("pk"), art=OuterRef("status"), beantwortet_am__isnull=True
    )
    return qs.annotate(offene_frist=Subquery(offen.order_by("-frist").values("frist")[:1]))


def _detail_url(antrag: Antrag) -> str:
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
        ("Bewilligung vorschlagen", "antraege:vorschlag", permissions.can_propose, False),
        ("Ablehnung vorschlagen", "antraege:ablehnung", permissions.can_propose_rejection, False),
        ("Zeichnen oder zurückgeben", "antraege:zeichnen", _can_sign_or_send_back, False),
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


def _can_sign_or_send_back(user, antrag: Antrag) -> tuple[bool, str]:
    darf, grund = permissions.can_sign(user, antrag)
    if darf:
        return True, ""
    zurueck, _ = permissions.can_send_back(user, antrag)
    if zurueck:
        return True, ""
    return False, grund


def verlauf(antrag: Antrag, *, intern: bool) -> list[Statuswechsel]:
    qs = antrag.statuswechsel.select_related("wer").order_by("wann", "pk")
    if not intern:
        qs = qs.filter(intern=False)
    return list(qs)


# --- Queue and export ---


def _queue_basis(request: HttpRequest):
    """Every submitted Antrag the reviewer may see, in the queue's default order."""
    # Queue and export read plain values (pruefliste.FELDER, EXPORT_FELDER): no select_related.
    # Ordered as the sort field's default says ("Eingang (älteste zuerst)") even when the
    # form is unbound, so page 1 without parameters and ?seite=2 read the same list.
    return _mit_fristen(antraege_fuer(request, zweck="pruefen").order_by(*SORTIERFELDER["eingang"]))


def _queue_filter(request: HttpRequest) -> PruefungFilter:
    return PruefungFilter(request.GET or None, queryset=_queue_basis(request), user=request.user)


def warteschlange(request: HttpRequest) -> HttpResponse:
    """The queue of Anträge for Prüfung and Zeichnung: filters, sorting, 50 per page, counts per status.

    Built for 100,000 Anträge (antraege/pruefliste.py, docs/leistung.md): plain values
    instead of model instances, the rows built in Python, the filter form remembered.
    """
    basis = _queue_basis(request)
    # Without filters (the default view and its pages) no FilterSet is built at all: its
    # form is only needed for the HTML, which is remembered (pruefliste.filter_html).
    filterset = (
        PruefungFilter(request.GET, queryset=basis, user=request.user)
        if pruefliste.filter_gesetzt(request)
        else None
    )
    stand = seiten.stand()
    # The counts' questions in words (no SQL compiled for the cache key): who asks (the
    # filter "meine" and visible_to() depend on the user) and which filters are set.
    # The day (the overdue filter) and the master-data version (which choices are valid) too.
    wer = f"pruefung|{request.user.pk}|{timezone.localdate()}|{pruefliste.stammdaten_version()}"
    filter_werte = sorted(
        (k, request.GET.getlist(k)) for k in request.GET if k not in ("seite", "sortierung")
    )
    # Seiten: the count is remembered per stand, the last page is read from the other end.
    seite = Seiten(
        (filterset.qs if filterset else basis).values(*pruefliste.FELDER),
        50,
        beim_stand=stand,
        frage=f"{wer}|{filter_werte!r}",
    ).get_page(request.GET.get("seite"))
    seite.object_list = pruefliste.zeilen(list(seite.object_list), pruefliste.nachschlagen())
    zaehlung = (
        antraege_fuer(request, zweck="pruefen").order_by().values_list("status").annotate(n=Count("pk"))
    )
    zahlen = gemerkt(
        zaehlung, lambda: dict(zaehlung.values_list("status", "n")), art="status", beim_stand=stand, frage=wer
    )
    status_zahlen = [(v, label, zahlen.get(v, 0)) for v, label in S.choices if v != S.ENTWURF]
    parameter = request.GET.copy()
    parameter.pop("seite", None)
    return render(
        request,
        "antraege/pruefung/warteschlange.html",
        {
            "filter_html": pruefliste.filter_html(
                request, lambda: filterset or PruefungFilter(None, queryset=basis, user=request.user)
            ),
            "seite": seite,
            "status_zahlen": status_zahlen,
            "query": parameter.urlencode(),
        },
    )


CSV_SPALTEN = [
    "Aktenzeichen",
    "Antragsteller",
    "Regierungsbezirk",
    "Programmteil",
    "Förderjahr",
    "Status",
    "Eingegangen am",
    "Beantragt (€)",
    "Zuwendung (€)",
    "Zuständige Prüfung",
    "Offene Frist",
    "Frist abgelaufen",
]


EXPORT_FELDER = (
    "aktenzeichen",
    "status",
    "eingereicht_am",
    "beantragt",
    "zuwendung",
    "antragsteller__name",
    "antragsteller__art",
    "antragsteller__kommunentyp",
    "antragsteller__regierungsbezirk",
    "foerderperiode__foerderjahr",
    "foerderperiode__programmteil__nummer",
    "bearbeitet_von__first_name",
    "bearbeitet_von__last_name",
    "bearbeitet_von__username",
)


def _betrag_csv(betrag) -> str:
    return euro(betrag).replace(" €", "") if betrag is not None else ""


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered queue as CSV for Excel: German headers, ';', UTF-8 with BOM, streamed."""
    filterset = _queue_filter(request)
    writer = csv.writer(_Echo(), delimiter=";")

    # Plain values, no model instances: five models per row with their init signals cost
    # 6 s for 10,000 rows; values and 500 rows per chunk about 1 s (docs/leistung.md).
    werte = filterset.qs.values_list(*EXPORT_FELDER, "offene_frist")
    heute = timezone.localdate()
    status_text = dict(S.choices)

    def zeilen() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(CSV_SPALTEN)
        puffer: list[str] = []
        for (
            aktenzeichen,
            status,
            eingereicht_am,
            beantragt,
            zuwendung,
            name,
            art,
            kommunentyp,
            regierungsbezirk,
            foerderjahr,
            programmteil,
            vorname,
            nachname,
            benutzername,
            offene_frist,
        ) in werte.iterator(chunk_size=2000):
            if len(puffer) >= 500:
                yield "".join(puffer)
                puffer = []
            puffer.append(
                writer.writerow(
                    [
                        aktenzeichen,
                        pruefliste.organisation_name(name, art, kommunentyp),
                        regierungsbezirk,
                        programmteil,
                        foerderjahr,
                        status_text.get(status, status),
                        timezone.localtime(eingereicht_am).strftime("%d.%m.%Y") if eingereicht_am else "",
                        _betrag_csv(beantragt),
                        _betrag_csv(zuwendung),
                        (f"{vorname} {nachname}".strip() or benutzername) if benutzername else "",
                        datum(offene_frist) if offene_frist else "",
                        "ja" if offene_frist and offene_frist < heute else "nein",
                    ]
                )
            )
        if puffer:
            yield "".join(puffer)

    heruntergeladen(request, export="pruefung", filter={k: v for k, v in request.GET.items() if v})
    response = StreamingHttpResponse(zeilen(), content_type="text/csv; charset=utf-8")
    stempel = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="antraege-pruefung-{stempel}.csv"'
    return response


# --- The Antrag for the reviewer ---


def _anlagen_mit_link(antrag: Antrag) -> list:
    """The attachments; each with the download URL of the Antragstellung views once they exist."""
    anlagen = list(antrag.anlagen.filter(geloescht=False).select_related("hochgeladen_von"))
    for anlage in anlagen:
        try:
            anlage.url = reverse("antraege:anlage_herunterladen", args=[antrag.pk, anlage.pk])
        except NoReverseMatch:
            anlage.url = ""
    return anlagen


def _detail_kontext(request: HttpRequest, antrag: Antrag, **formulare) -> dict:
    user = request.user
    teil = antrag.foerderperiode.programmteil.nummer
    ergebnis = regeln.pruefen(antrag)
    pruefvermerk = Pruefvermerk.objects.filter(antrag=antrag).select_related("geaendert_von").first()
    darf_vermerk_bearbeiten = permissions.can_edit_pruefvermerk(user, antrag)
    grenze, grenze_was = workflow.hoechstgrenze(antrag)
    aktionen = _aktionen(user, antrag)
    return {
        "antrag": antrag,
        "teil": teil,
        "teil1": AntragTeil1.objects.filter(antrag=antrag).first() if teil == "I" else None,
        "positionen": list(antrag.positionen.all()) if teil == "II" else [],
        "massnahmen": list(antrag.massnahmen.all()) if teil == "III" else [],
        "anlagen": _anlagen_mit_link(antrag),
        "ergebnis": ergebnis,
        "befunde": sorted(ergebnis.befunde, key=lambda b: ("fehler", "warnung", "hinweis").index(b.schwere)),
        "verlauf": verlauf(antrag, intern=True),
        "vermerke": list(antrag.vermerke.select_related("von").order_by("am", "pk")),
        "schreiben": list(
            antrag.schreiben.select_related("erstellt_von", "beantwortet_von").order_by("erstellt_am")
        ),
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
        "zeilen": workflow.vorschlagszeilen(antrag),
        "heute": timezone.localdate(),
    }


def pruefung_detail(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    angesehen(request, antrag, seite="pruefung")
    return render(request, "antraege/pruefung/detail.html", _detail_kontext(request, antrag))


def _transition(request: HttpRequest, pk: int, funktion, erfolg: str) -> HttpResponse:
    """A one-button transition: POST only (GET shows the Antrag page with the button)."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    if request.method != "POST":
        return redirect(_detail_url(antrag))
    try:
        funktion(antrag=antrag, by=request.user)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, erfolg)
    return redirect(_detail_url(antrag))


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
        return redirect(_detail_url(antrag) + "#pruefvermerk")
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
            return redirect(_detail_url(antrag) + "#pruefvermerk")
    kontext = _detail_kontext(request, antrag, pruefvermerk_form=form)
    return render(
        request, "antraege/pruefung/detail.html", kontext, status=409 if form.non_field_errors() else 200
    )


def vermerk(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    if request.method != "POST":
        return redirect(_detail_url(antrag) + "#vermerke")
    verlange(permissions.can_add_note(request.user, antrag))
    form = VermerkForm(request.POST)
    if form.is_valid():
        try:
            workflow.add_note(antrag=antrag, by=request.user, text=form.cleaned_data["text"])
        except WorkflowError as e:
            form.add_error("text", str(e))
        else:
            messages.success(request, "Der Vermerk ist gespeichert.")
            return redirect(_detail_url(antrag) + "#vermerke")
    return render(
        request, "antraege/pruefung/detail.html", _detail_kontext(request, antrag, vermerk_form=form)
    )


def _frist_vorschlag(antrag: Antrag):
    import datetime

    tage = antrag.foerderperiode.parameter().allgemein.frist_schreiben_tage or 14
    return timezone.localdate() + datetime.timedelta(days=tage)


def nachforderung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_request_documents(request.user, antrag))
    form = NachforderungForm(request.POST or None, frist_vorschlag=_frist_vorschlag(antrag))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.request_documents(antrag=antrag, by=request.user, **form.cleaned_data)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Die Nachforderung ist versandt; der Antragsteller wird benachrichtigt."
            )
            return redirect(_detail_url(antrag))
    return render(request, "antraege/pruefung/nachforderung.html", {"antrag": antrag, "form": form})


def anhoerung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_start_hearing(request.user, antrag))
    form = AnhoerungForm(request.POST or None, frist_vorschlag=_frist_vorschlag(antrag))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.start_hearing(antrag=antrag, by=request.user, **form.cleaned_data)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Anhörung ist versandt; der Antragsteller wird benachrichtigt.")
            return redirect(_detail_url(antrag))
    return render(
        request,
        "antraege/pruefung/anhoerung.html",
        {
            "antrag": antrag,
            "form": form,
            "zeilen": workflow.vorschlagszeilen(antrag),
            "ergebnis": regeln.pruefen(antrag),
        },
    )


def vorschlag(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a Bewilligung in full or in part: an amount and, where cut, a reason per line."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_propose(request.user, antrag))
    zeilen = workflow.vorschlagszeilen(antrag)
    form = VorschlagForm(request.POST or None, zeilen=zeilen, version=antrag.version)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose_approval(
                antrag=antrag,
                by=request.user,
                zeilen=form.zeilen_daten(),
                begruendung=form.cleaned_data["begruendung"],
                version=form.cleaned_data["version"],
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Bewilligung ist vorgeschlagen und wartet auf die Zeichnung.")
            return redirect(_detail_url(antrag))
    grenze, grenze_was = workflow.hoechstgrenze(antrag)
    anhoerung_schreiben = (
        antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG).order_by("-erstellt_am").first()
    )
    return render(
        request,
        "antraege/pruefung/vorschlag.html",
        {
            "antrag": antrag,
            "form": form,
            "ergebnis": regeln.pruefen(antrag),
            "grenze": grenze,
            "grenze_was": grenze_was,
            "budget": workflow.budgetstand(antrag.foerderperiode),
            "anhoerung": anhoerung_schreiben,
        },
    )


def ablehnung(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(permissions.can_propose_rejection(request.user, antrag))
    form = AblehnungForm(request.POST or None, initial={"version": antrag.version})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose_rejection(antrag=antrag, by=request.user, **form.cleaned_data)
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Die Ablehnung ist vorgeschlagen und wartet auf die Zeichnung.")
            return redirect(_detail_url(antrag))
    anhoerung_schreiben = (
        antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG).order_by("-erstellt_am").first()
    )
    return render(
        request,
        "antraege/pruefung/ablehnung.html",
        {"antrag": antrag, "form": form, "anhoerung": anhoerung_schreiben},
    )


def zeichnen(request: HttpRequest, pk: int) -> HttpResponse:
    """The second person signs the proposal (→ bewilligt/abgelehnt) or returns it with a comment."""
    antrag = antrag_fuer(request, pk, zweck="pruefen")
    verlange(_can_sign_or_send_back(request.user, antrag))
    darf_zeichnen = permissions.can_sign(request.user, antrag)
    zeichnen_form = ZeichnenForm(initial={"version": antrag.version})
    zurueck_form = ZurueckgebenForm(initial={"version": antrag.version})
    if request.method == "POST":
        aktion = request.POST.get("aktion")
        try:
            if aktion == "zeichnen":
                verlange(darf_zeichnen)
                zeichnen_form = ZeichnenForm(request.POST)
                if zeichnen_form.is_valid():
                    funktion = (
                        workflow.approve if antrag.status == S.BEWILLIGUNG_VORGESCHLAGEN else workflow.reject
                    )
                    funktion(antrag=antrag, by=request.user, version=zeichnen_form.cleaned_data["version"])
                    messages.success(
                        request,
                        "Gezeichnet. Der Bescheid wird erstellt; der Antragsteller wird benachrichtigt.",
                    )
                    return redirect(_detail_url(antrag))
            elif aktion == "zurueckgeben":
                verlange(permissions.can_send_back(request.user, antrag))
                zurueck_form = ZurueckgebenForm(request.POST)
                if zurueck_form.is_valid():
                    workflow.send_back(antrag=antrag, by=request.user, **zurueck_form.cleaned_data)
                    messages.success(request, "Der Vorschlag ist an die Prüfung zurückgegeben.")
                    return redirect(_detail_url(antrag))
            else:
                messages.error(request, "Bitte wählen Sie „Zeichnen“ oder „Zurückgeben“.")
        except WorkflowError as e:
            messages.error(request, str(e))
    kontext = _detail_kontext(request, antrag)
    kontext.update(
        {
            "zeichnen_form": zeichnen_form,
            "zurueck_form": zurueck_form,
            "darf_zeichnen": darf_zeichnen,
            "darf_zurueckgeben": permissions.can_send_back(request.user, antrag),
        }
    )
    return render(request, "antraege/pruefung/zeichnen.html", kontext)


# --- The applicant's side: requests, answers, history ---


def antworten(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant reads the Nachforderung or Anhörung and answers it (a Nachforderung answer resubmits)."""
    antrag = antrag_fuer(request, pk, zweck="antworten")
    darf = permissions.can_answer(request.user, antrag)
    if request.method == "GET":
        angesehen(request, antrag, seite="antworten")
    form = AntwortForm(request.POST or None) if darf[0] else None
    if request.method == "POST":
        verlange(darf)
        if form.is_valid():
            try:
                workflow.answer_request(antrag=antrag, by=request.user, antwort=form.cleaned_data["antwort"])
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                if antrag.status == S.NACHFORDERUNG:
                    messages.success(
                        request, "Ihre Antwort ist eingegangen; der Antrag ist erneut eingereicht."
                    )
                else:
                    messages.success(request, "Ihre Stellungnahme ist eingegangen.")
                return redirect("antraege:stand", pk=antrag.pk)
    return render(
        request,
        "antraege/pruefung/antworten.html",
        {
            "antrag": antrag,
            "form": form,
            "darf": darf,
            "schreiben": list(antrag.schreiben.order_by("-erstellt_am")),
            "heute": timezone.localdate(),
        },
    )


def stand(request: HttpRequest, pk: int) -> HttpResponse:
    """The history of an Antrag: the Bezirksregierung sees everything, the applicant no internal steps."""
    antrag = antrag_fuer(request, pk, zweck="lesen")
    intern = is_bezirksregierung(request.user)
    angesehen(request, antrag, seite="stand")
    return render(
        request,
        "antraege/pruefung/stand.html",
        {
            "antrag": antrag,
            "verlauf": verlauf(antrag, intern=intern),
            "intern": intern,
            "schreiben": list(antrag.schreiben.order_by("erstellt_am")),
            "dokumente": list(antrag.dokumente.defer("pdf").order_by("erstellt_am", "pk")),
            "offen": permissions.can_answer(request.user, antrag)[0],
        },
    )
