"""The yearly ministry report per Programmteil: the Übersicht's figures as XLSX and as PDF.

The same tables as the Übersicht (auswertung.views.tabellen) for one Förderjahr and one part,
so the report, the page and the exports never disagree. The PDF goes through the letters'
WeasyPrint machinery (antraege.bescheide.pdf.render_pdf): PDF/A-3a, tagged, fonts from static/.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from antraege.zugriff import verlange
from auswertung.auswahl import Auswahl
from auswertung.permissions import can_auswerten
from auswertung.tabellen import als_xlsx
from auswertung.views import XLSX, tabellen
from komman.audit import heruntergeladen
from programmteile.models import Programmteil

REIHENFOLGE = ("antraege", "betraege", "bezirke", "mittelabfluss", "bearbeitungszeiten", "fristen")


def inhalt(jahr: int, teil: str) -> dict:
    daten = tabellen(Auswahl(jahr=jahr, teil=teil))
    return {
        "jahr": jahr,
        "teil": Programmteil.objects.get(nummer=teil),
        "tabellen": [daten["tabellen"][n] for n in REIHENFOLGE],
        "abfluss": daten["diagramme"]["mittelabfluss"],
        "u": daten["uebersicht"],
        "stand": timezone.localtime(),
    }


def pdf(jahr: int, teil: str) -> bytes:
    from antraege.bescheide.pdf import render_pdf

    return render_pdf("bescheide/auswertung/bericht.html", inhalt(jahr, teil))


@require_GET
def bericht(request: HttpRequest, jahr: int, teil: str, fmt: str) -> HttpResponse:
    verlange(can_auswerten(request.user))
    if not Programmteil.objects.filter(nummer=teil).exclude(antragsteller_art="").exists() or not 2016 <= jahr <= 2100:
        raise Http404
    heruntergeladen(request, None, export=f"ministeriumsbericht_{jahr}_{teil}_{fmt}")
    name = f"Bericht_KOMM-AN_NRW_Teil_{teil}_{jahr}"
    if fmt == "pdf":
        response = HttpResponse(pdf(jahr, teil), content_type="application/pdf")
    else:
        response = HttpResponse(als_xlsx(inhalt(jahr, teil)["tabellen"]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
