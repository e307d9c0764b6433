"""Meine Zuwendungen (list), one Zuwendung (detail), Weiterleitung (Part II) and its contract draft."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from antraege import pruefliste
from antraege.models import Position
from antraege.views.dokumente import _dateiname, _pdf
from antraege.zugriff import verlange
from komman import seiten
from komman.audit import angesehen
from komman.seiten import gemerkt, seite_lesen
from programmteile.models import Foerderperiode
from zuwendungen import abschnitte, kennzahlen, listen, permissions, uebersicht, workflow
from zuwendungen.bescheide import weiterleitungsvertrag
from zuwendungen.forms import WeiterleitungForm
from zuwendungen.models import Weiterleitung
from zuwendungen.zugriff import zuwendung_fuer, zuwendungen_fuer

PRO_SEITE = 50


@require_GET
def liste(request: HttpRequest) -> HttpResponse:
    qs = zuwendungen_fuer(request, zweck="lesen")
    alle = permissions.can_see_all(request.user)
    filter_werte = {"periode": request.GET.get("periode", ""), "suche": request.GET.get("suche", "").strip()}
    if filter_werte["periode"].isdigit():
        qs = qs.filter(antrag__foerderperiode_id=int(filter_werte["periode"]))
    if filter_werte["suche"]:
        qs = qs.filter(antrag__antragsteller__name__icontains=filter_werte["suche"][:100]) | qs.filter(
            antrag__aktenzeichen__icontains=filter_werte["suche"][:100]
        )
    # 50 rows a page (Seiten: remembered count, back pages read from the other end), plain
    # values (zuwendungen.listen); the totals cover every grant of the filter, in SQL,
    # remembered per person, filter and stand.
    # Aktenzeichen ("KA-<Teil>-<Jahr>-<Nr>") order Programmteil first, then year and number.
    # A grant's Antrag always has one; saying so lets PostgreSQL walk the unique index
    # antrag_aktenzeichen_eindeutig (without drafts) instead of sorting every grant (issue 26).
    wer, stand = f"zuwendungen:{request.user.pk}:{alle}", seiten.stand()
    geordnet = uebersicht.als_werte(qs.exclude(antrag__aktenzeichen="")).order_by(
        "antrag__aktenzeichen", "pk"
    )
    seite, query = seite_lesen(request, geordnet, frage=wer, pro_seite=PRO_SEITE, beim_stand=stand)
    lookup = pruefliste.nachschlagen()
    zeilen = uebersicht.aus_werten(seite, monate=lookup.vn_monate)
    seite.object_list = listen.zuwendung_zeilen(zeilen, alle=alle, perioden=dict(lookup.perioden_auswahl))
    frage = f"{wer}:{filter_werte['periode']}:{filter_werte['suche']}"
    summe = uebersicht.gesamtsummen(qs, anzahl=seite.paginator.count, frage=frage, beim_stand=stand)
    # The periods of the filter: built only when not remembered (a queryset costs a millisecond).
    perioden = gemerkt(
        None,
        lambda: [
            (p.pk, str(p))
            for p in Foerderperiode.objects.filter(antraege__zuwendungsfall__in=zuwendungen_fuer(request))
            .distinct()
            .select_related("programmteil")
            .order_by("-foerderjahr", "programmteil__nummer")
        ],
        art="zuwendungsperioden",
        frage=f"zuwendungen:{request.user.pk}",
        beim_stand=stand,
    )
    return render(
        request,
        "zuwendungen/liste.html",
        {
            "zeilen": zeilen,
            "seite": seite,
            "query": query,
            "summe": summe,
            "alle": alle,
            "filter": filter_werte,
            "perioden": perioden,
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The grant and its figures in one query, from the same lookup that decides visibility
    # (zuwendungen_fuer; kennzahlen selects what zuwendung_fuer would: Antrag, Antragsteller,
    # Förderperiode, Programmteil).
    zahlen = next(iter(kennzahlen(zuwendungen_fuer(request, zweck="lesen").filter(pk=pk))), None)
    if zahlen is None:
        raise Http404
    zuwendung = zahlen.zuwendung
    angesehen(request, zuwendung.antrag, seite="zuwendung")
    teil2 = zuwendung.antrag.foerderperiode.programmteil.nummer == "II"
    weiterleitungen = (
        list(zuwendung.weiterleitungen.select_related("position").order_by("position__nr", "datum", "pk"))
        if teil2
        else []
    )
    return render(
        request,
        "zuwendungen/detail.html",
        {
            "zuwendung": zuwendung,
            "antrag": zuwendung.antrag,
            "k": zahlen,
            "teil2": teil2,
            "zeilen": _zeilen(zuwendung, weiterleitungen) if teil2 else [],
            "weiterleitungen": weiterleitungen,
            "weiterleiten": permissions.can_forward(request.user, zuwendung) if teil2 else (False, ""),
            "abschnitte": abschnitte.fuer(request, zuwendung),
        },
    )


def _zeilen(zuwendung, weiterleitungen: list | None = None) -> list[dict]:
    weiter = workflow.weitergeleitet_je_zeile(zuwendung, weiterleitungen)
    return [
        {
            "position": p,
            "weitergeleitet": weiter.get(p.pk),
            "frei": (p.bewilligt or 0) - (weiter.get(p.pk) or 0),
        }
        for p in Position.objects.filter(antrag=zuwendung.antrag).order_by("nr", "pk")
    ]


@require_http_methods(["GET", "POST"])
def weiterleitung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="weiterleiten")
    verlange(permissions.can_forward(request.user, zuwendung))
    positionen = list(Position.objects.filter(antrag=zuwendung.antrag, bewilligt__gt=0).order_by("nr", "pk"))
    form = WeiterleitungForm(
        request.POST or None, positionen=positionen, initial={"datum": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            w = workflow.weiterleitung_erfassen(
                zuwendung=zuwendung, by=request.user, position=form.positionen[d["position"]], form=d["form"],
                datum_vertrag=d["datum"], einheiten=d["einheiten"], betrag=d["betrag"], anbest_p=d["anbest_p"],
                pruefrecht=d["pruefrecht"], erstattung_mit_zinsen=d["erstattung_mit_zinsen"],
            )  # fmt: skip
        except workflow.WeiterleitungFehler as e:
            form.add_error(e.feld if e.feld in form.fields else None, str(e))
        except workflow.WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Die Weiterleitung an {w.letztempfaenger} ist erfasst.")
            return redirect("zuwendungen:detail", pk=zuwendung.pk)
    return render(
        request,
        "zuwendungen/weiterleitung.html",
        {"zuwendung": zuwendung, "antrag": zuwendung.antrag, "form": form, "zeilen": _zeilen(zuwendung)},
    )


@require_GET
def weiterleitung_entwurf(request: HttpRequest, pk: int, weiterleitung_pk: int) -> HttpResponse:
    zuwendung = zuwendung_fuer(request, pk, zweck="lesen")
    w = get_object_or_404(
        Weiterleitung.objects.select_related("position"), pk=weiterleitung_pk, zuwendung=zuwendung
    )
    angesehen(request, zuwendung.antrag, seite="weiterleitungsvertrag", weiterleitung=w.pk)
    name = _dateiname("Weiterleitungsvertrag", zuwendung.antrag.aktenzeichen, f"{w.pk}-Entwurf")
    return _pdf(weiterleitungsvertrag.pdf(w), name, anhang=False)
