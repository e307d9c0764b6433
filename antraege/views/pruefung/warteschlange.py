"""The reviewers' queue (filters, sorting, 50 per page, counts per status) and its CSV export.

Built for 100,000 Anträge (antraege/pruefliste.py, docs/leistung.md).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from antraege import pruefliste
from antraege.filters import SORTIERFELDER, PruefungFilter
from antraege.models import Antrag, Schreiben
from antraege.zugriff import antraege_fuer
from komman import seiten
from komman.audit import heruntergeladen
from komman.export import zeile
from komman.formate import datum, euro  # datum: dates only; datetimes go through localtime first
from komman.seiten import gemerkt, seite_lesen

S = Antrag.Status


def _mit_fristen(qs):
    """Annotates the open deadline of the current Nachforderung/Anhörung (the latest one).

    It has passed when it lies before today: the queue, its filter "Nur mit abgelaufener
    Frist" and the export all read it off this one value, so they always agree.
    """
    offen = Schreiben.objects.filter(
        antrag=OuterRef("pk"), art=OuterRef("status"), beantwortet_am__isnull=True
    )
    return qs.annotate(offene_frist=Subquery(offen.order_by("-frist").values("frist")[:1]))


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
    # Seiten: the count is remembered per stand, the last page is read from the other end.
    seite, query = seite_lesen(
        request,
        (filterset.qs if filterset else basis).values(*pruefliste.FELDER),
        frage=wer,
        beim_stand=stand,
        zaehlt_nicht=("sortierung",),
    )
    seite.object_list = pruefliste.zeilen(list(seite.object_list), pruefliste.nachschlagen())
    zaehlung = (
        antraege_fuer(request, zweck="pruefen").order_by().values_list("status").annotate(n=Count("pk"))
    )
    zahlen = gemerkt(
        zaehlung, lambda: dict(zaehlung.values_list("status", "n")), art="status", beim_stand=stand, frage=wer
    )
    status_zahlen = [(v, label, zahlen.get(v, 0)) for v, label in S.choices if v != S.ENTWURF]
    return render(
        request,
        "antraege/pruefung/warteschlange.html",
        {
            "filter_html": pruefliste.filter_html(
                request, lambda: filterset or PruefungFilter(None, queryset=basis, user=request.user)
            ),
            "seite": seite,
            "status_zahlen": status_zahlen,
            "query": query,
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
        yield "\ufeff" + writer.writerow(zeile(CSV_SPALTEN))
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
                    zeile(
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
                    )  # fmt: skip - zelle() on every cell: no formula reaches Excel
                )
            )
        if puffer:
            yield "".join(puffer)

    heruntergeladen(request, export="pruefung", filter={k: v for k, v in request.GET.items() if v})
    response = StreamingHttpResponse(zeilen(), content_type="text/csv; charset=utf-8")
    stempel = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="antraege-pruefung-{stempel}.csv"'
    return response
