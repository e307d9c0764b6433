"""Verwaltung of the texts: notice texts per period, the letterhead, the mail templates."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from komman.verwaltung import admin_erforderlich
from programmteile.forms import BescheidtexteForm, BriefkopfForm
from programmteile.models import Bescheidtexte, Briefkopf, Foerderperiode
from programmteile.views.gemeinsam import KEINE_AENDERUNG, periode_oder_404

BEISPIELGERICHT = "Gelsenkirchen (Bahnhofsvorplatz 3, 45879 Gelsenkirchen)"  # seat and address, as in a notice


@admin_erforderlich
def bescheidtexte(request: HttpRequest, pk: int) -> HttpResponse:
    """Saving creates a new version; earlier versions stay (issued Bescheide refer to them)."""
    periode = periode_oder_404(pk)
    aktuell = Bescheidtexte.aktuell(periode)
    form = BescheidtexteForm(
        request.POST or None,
        instance=Bescheidtexte(foerderperiode=periode),
        initial={f: getattr(aktuell, f) for f in Bescheidtexte.TEXTFELDER},
    )
    vorschau = None
    if request.method == "POST" and form.is_valid():
        if "vorschau" in request.POST:
            vorschau = form.cleaned_data
        elif aktuell.pk and all(
            form.cleaned_data[f] == getattr(aktuell, f) for f in Bescheidtexte.TEXTFELDER
        ):
            messages.info(request, KEINE_AENDERUNG)
            return redirect("programmteile:verwaltung_periode", pk=periode.pk)
        else:
            with transaction.atomic():
                Foerderperiode.objects.select_for_update().filter(pk=periode.pk).first()
                texte = form.save(commit=False)
                letzte = Bescheidtexte.objects.filter(foerderperiode=periode).first()
                texte.version = (letzte.version + 1) if letzte else 1
                texte.save()
            messages.success(request, f"Bescheidtexte gespeichert als Version {texte.version}.")
            return redirect("programmteile:verwaltung_periode", pk=periode.pk)
    elif request.method == "GET":
        vorschau = {f: getattr(aktuell, f) for f in Bescheidtexte.TEXTFELDER}
    if vorschau is not None:
        vorschau = {
            **vorschau,
            "rechtsbehelfsbelehrung": vorschau["rechtsbehelfsbelehrung"].replace(
                "{gericht}", BEISPIELGERICHT
            ),
        }
    versionen = Bescheidtexte.objects.filter(foerderperiode=periode).only(
        "version", "erstellt_am", "foerderperiode"
    )
    return render(
        request,
        "programmteile/verwaltung/bescheidtexte.html",
        {
            "periode": periode,
            "form": form,
            "vorschau": vorschau,
            "versionen": versionen,
            "aktuell": aktuell,
            "beispielgericht": BEISPIELGERICHT,
        },
    )


@admin_erforderlich
def briefkopf(request: HttpRequest) -> HttpResponse:
    """A new letterhead version from a date on; older versions stay for older Bescheide."""
    aktuell = Briefkopf.aktuell()
    initial = {f.name: getattr(aktuell, f.name) for f in Briefkopf._meta.fields if f.name not in ("id",)}
    initial["gueltig_ab"] = timezone.localdate()
    form = BriefkopfForm(request.POST or None, initial=initial)
    vorschau = aktuell
    if request.method == "POST" and form.is_valid():
        if "vorschau" in request.POST:
            vorschau = form.save(commit=False)
        else:
            neu = form.save()
            messages.success(request, f"Neuer Briefkopf gilt ab {neu.gueltig_ab:%d.%m.%Y}.")
            return redirect("programmteile:verwaltung_texte")
    return render(
        request,
        "programmteile/verwaltung/briefkopf.html",
        {"form": form, "vorschau": vorschau, "versionen": Briefkopf.objects.all()[:20]},
    )


# What a placeholder of a mail template stands for, in words (the last part of {{ a.b.c }}).
PLATZHALTER = {
    "aktenzeichen": "Aktenzeichen",
    "nummer": "Programmteil",
    "titel": "Titel des Programmteils",
    "foerderjahr": "Förderjahr",
    "antragsteller": "Antragsteller",
    "site_url": "Adresse des Portals",
}


def _lesbar(text: str) -> str:
    """A mail template as an administrator reads it: no template code, placeholders in words
    ("[Aktenzeichen]"), links as "[Link]"; parts shown only in some cases appear unconditionally."""
    text = re.sub(r"{%\s*url\b[^%]*%}", "[Link]", text)
    text = re.sub(r"{%[^%]*%}", "", text)

    def platzhalter(treffer: re.Match) -> str:
        name = treffer.group(1).split("|")[0].strip().split(".")[-1]
        return "[" + PLATZHALTER.get(name, name.replace("_", " ").capitalize()) + "]"

    text = re.sub(r"{{\s*([^}]*?)\s*}}", platzhalter, text)
    return text.replace("[Adresse des Portals][Link]", "[Link]")


def _mailvorlagen() -> list[dict]:
    ordner = Path(settings.BASE_DIR) / "templates" / "mails"
    vorlagen = []
    for datei in sorted(ordner.glob("*.txt")) if ordner.is_dir() else []:
        text = _lesbar(datei.read_text(encoding="utf-8"))
        betreff, _, inhalt = text.strip().partition("\n")
        vorlagen.append({"name": datei.name, "betreff": betreff.strip(), "inhalt": inhalt.strip()})
    return vorlagen


@admin_erforderlich
def texte(request: HttpRequest) -> HttpResponse:
    perioden_liste = (
        Foerderperiode.objects.select_related("programmteil")
        .filter(programmteil__antragsteller_art__gt="")
        .order_by("-foerderjahr", "programmteil__reihenfolge")
    )
    return render(
        request,
        "programmteile/verwaltung/texte.html",
        {"briefkopf": Briefkopf.aktuell(), "perioden": perioden_liste, "mailvorlagen": _mailvorlagen()},
    )
