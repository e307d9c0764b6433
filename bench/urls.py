"""Bench-only URLconf: the portal's URLs plus the reference views L0-http/-stack/-db/-pdf.

Loaded only through bench/settings.py (ROOT_URLCONF); the production URLconf never sees it.
"""

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from weasyprint import HTML

from antraege.models import Antrag
from komman.urls import handler400, handler403, handler404, handler500  # noqa: F401
from komman.urls import urlpatterns as portal_urlpatterns

# The same table the reviewer queue shows, as lean as it gets: one query, five columns,
# no layout, no filters, no pagination.
L0_DB_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang='de'><title>L0-db</title><table><caption>Anträge</caption>"
    "{% for a in antraege %}<tr><td>{{ a.aktenzeichen }}</td><td>{{ a.antragsteller.name }}</td>"
    "<td>{{ a.get_status_display }}</td><td>{{ a.beantragt }}</td>"
    "<td>{{ a.eingereicht_am|date:'d.m.Y' }}</td></tr>{% endfor %}</table></html>"
)
# The portal's layout (base.html, navigation, context processors) around an empty page: the
# floor of every portal page, to show how much of a page is layout and how much is the view.
L0_LAYOUT_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Leer{% endblock %}'
    "{% block content %}<h1>Leere Seite</h1>{% endblock %}"
)
L0_PDF_HTML = "<html lang='de'><head><title>L0-pdf</title></head><body><p>KOMM-AN NRW</p></body></html>"

# L0-pdf-4: what WeasyPrint alone needs for a letter like a Zuwendungsbescheid: four A4 pages
# in the same three fonts, the same page margins, running header/footer with "Seite x von y",
# headings, paragraphs and a table of figures; no template, no snapshot, no PDF/A, no
# attachment. The Bescheid's p50 against this one is our overhead (target ≤ 2×).
_ABSATZ = (
    "Auf Ihren Antrag bewillige ich Ihnen für die Durchführung des oben bezeichneten Vorhabens "
    "eine Zuwendung in Höhe von bis zu 123.456,78 Euro als Festbetragsfinanzierung. Die Zuwendung "
    "ist zweckgebunden; sie darf nur für die im Antrag und im Finanzierungsplan genannten Ausgaben "
    "verwendet werden. Die Allgemeinen Nebenbestimmungen sind Bestandteil dieses Bescheids. "
)
L0_PDF4_HTML = (
    "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>L0-pdf-4</title><style>"
    '@font-face { font-family: "S"; font-weight: normal; src: url("fonts/DejaVuSans.ttf"); }'
    '@font-face { font-family: "S"; font-weight: bold; src: url("fonts/DejaVuSans-Bold.ttf"); }'
    '@font-face { font-family: "S"; font-style: italic; src: url("fonts/DejaVuSans-Oblique.ttf"); }'
    'html { font-family: "S"; font-size: 9.5pt; line-height: 1.4; }'
    "@page { size: A4; margin: 20mm 18mm 22mm 25mm;"
    ' @top-right { content: "Zuwendungsbescheid · Az. KA-II-2026-0001"; font-size: 7.5pt; }'
    ' @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 7.5pt; } }'
    "h1 { font-size: 13pt; } h2 { font-size: 10.5pt; } table { width: 100%; border-collapse: collapse; }"
    "td, th { border: 0.5pt solid #000; padding: 1mm; } td.b { text-align: right; }"
    "</style></head><body><h1>Zuwendungsbescheid</h1>"
    + "".join(
        f"<h2>{n}. Abschnitt</h2><p>{_ABSATZ * 2}</p><p><em>{_ABSATZ}</em></p>"
        + (
            "<table><tr><th>Nr.</th><th>Maßnahme</th><th>Betrag</th></tr>"
            + "".join(
                f"<tr><td>{i}</td><td>Bench-Maßnahme {i}</td><td class='b'>1.234,56 €</td></tr>"
                for i in range(1, 9)
            )
            + "</table>"
            if n == 3
            else ""
        )
        for n in range(1, 12)
    )
    + "</body></html>"
)


@login_not_required
def l0_http(request):
    """Served by bench.wsgi's handler without middleware: Django's floor."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def l0_stack(request):
    """A constant view for a logged-in user: served behind Django's stock middleware as
    /bench/l0-stack/ (L0-stack, bench.wsgi) and behind the portal's full middleware as
    /bench/l0-portal/ (what the portal's own middleware costs).

    @login_required, as a stock Django project guards a page: it reads the session and the
    user (two queries), which every page of the portal needs too.
    """
    return HttpResponse("ok", content_type="text/plain")


def l0_db(request):
    antraege = (
        Antrag.objects.exclude(status=Antrag.Status.ENTWURF)
        .select_related("antragsteller")
        .only("aktenzeichen", "status", "beantragt", "eingereicht_am", "antragsteller__name")
        .order_by("-eingereicht_am", "-id")[:50]
    )
    return HttpResponse(L0_DB_TEMPLATE.render({"antraege": antraege}))


def l0_layout(request):
    return HttpResponse(L0_LAYOUT_TEMPLATE.render({}, request))


def l0_pdf_4(request):
    from antraege.bescheide.pdf import STATIC_URI

    pdf = HTML(string=L0_PDF4_HTML, base_url=STATIC_URI).write_pdf()
    return HttpResponse(pdf, content_type="application/pdf")


def l0_pdf(request):
    # PDF/A-3b like every Bescheid (and like bench/bescheide.py's bare page).
    pdf = HTML(string=L0_PDF_HTML).write_pdf(pdf_variant="pdf/a-3b")
    return HttpResponse(pdf, content_type="application/pdf")


urlpatterns = [
    path("bench/l0-http/", l0_http, name="bench_l0_http"),
    path("bench/l0-stack/", l0_stack, name="bench_l0_stack"),
    path("bench/l0-portal/", l0_stack, name="bench_l0_portal"),
    path("bench/l0-db/", l0_db, name="bench_l0_db"),
    path("bench/l0-layout/", l0_layout, name="bench_l0_layout"),
    path("bench/l0-pdf/", l0_pdf, name="bench_l0_pdf"),
    path("bench/l0-pdf-4/", l0_pdf_4, name="bench_l0_pdf_4"),
    *portal_urlpatterns,
]
