"""Rendering: WeasyPrint, fonts and files only from static/ (DESIGN.md §8); tagged PDF/A-3a."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

# Imported once per process (≈ 1 s): never spawn the weasyprint command per document.
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

STATIC_DIR = (settings.BASE_DIR / "static").resolve()
STATIC_URI = STATIC_DIR.as_uri() + "/"


def in_static(url: str) -> bool:
    """True only for a file:// URL whose decoded, resolved path lies inside static/.

    %2e%2e, %2f and double encodings are decoded before the check (issue 24.11)."""
    if not url.startswith("file://"):
        return False
    pfad = urlsplit(url).path
    for _ in range(5):  # decode until nothing changes (bounded: %25 nests)
        entschluesselt = unquote(pfad)
        if entschluesselt == pfad:
            break
        pfad = entschluesselt
    else:
        return False
    if "\x00" in pfad:
        return False
    return Path(pfad).resolve().is_relative_to(STATIC_DIR)

# PDF/A-3 level A: archivable (PDF/A) and tagged (structure tree, reading order, headings, table
# headers, alternative texts, /MarkInfo /Marked, /Lang) in one file. WeasyPrint 70 writes the
# tags with this variant (pdf_tags); PDF/UA-1 would be tagged too but is no PDF/A, and the
# project needs PDF/A for the files it keeps for ten years (docs/bescheide.md).
PDF_VARIANT = "pdf/a-3a"


class StaticOnlyFetcher(URLFetcher):
    """A Bescheid must look the same in ten years: nothing from the network or the host."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_URI) or not in_static(url):
            raise ValueError(f"PDF templates may only load files from static/: {url}")
        return super().fetch(url, headers)


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, {"static_uri": STATIC_URI, **context})
    return HTML(
        string=html, base_url=STATIC_URI, url_fetcher=StaticOnlyFetcher(fail_on_errors=True)
    ).write_pdf(pdf_variant=PDF_VARIANT, font_config=FontConfiguration())


def pdf_aus_daten(daten: dict, *, entwurf: bool = False) -> bytes:
    """The PDF of a snapshot; nothing but `daten` goes into the template."""
    return render_pdf(f"bescheide/{daten['art']}.html", {"d": daten, "entwurf": entwurf})
