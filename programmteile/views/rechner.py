"""The page "Zinsrechner und Fristenrechner" for Prüfung and Administration.

A GET form (nothing is stored). Both calculations call exactly the rules: ``rules.zinsen``
with the Basiszinssatz table of the database (programmteile.basiszins.tabelle) and
``rules.bestandskraft``; the durations and the default Aufschlag come from the parameters.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from komman import permissions
from programmteile import basiszins, perioden, rules
from programmteile.forms.rechner import FristForm, ZinsForm

NUR_PRUEFUNG = (
    "Der Zins- und Fristenrechner ist der Prüfung und der Administration der Bezirksregierung vorbehalten."
)


parameter = perioden.juengste_parameter  # the lookup lives beside the periods, not in the view


def _zinsen(form: ZinsForm) -> dict | None:
    d = form.cleaned_data
    try:
        r = rules.zinsen(
            d["betrag"], d["von"], d["bis"], aufschlag=d["aufschlag"], basiszins=basiszins.tabelle()
        )
    except rules.BasiszinsFehlt as fehler:
        form.add_error("von", f"{fehler} Bitte die Tabelle der Basiszinssätze prüfen.")
        return None
    return {"rechnung": r, "betrag": d["betrag"], "aufschlag": d["aufschlag"]}


def _fristen(form: FristForm, monate: int) -> dict:
    d = form.cleaned_data
    r = rules.bestandskraft(
        d["bekanntgabe"],
        klagefrist_monate=monate,
        rechtsbehelfsverzicht_eingang=d["verzicht"],
        klage_erhoben=d["klage"],
    )
    unverschoben = rules.fristende(d["bekanntgabe"], monate, verschieben=False)
    verschoben = [
        {"tag": tag, "grund": grund, "feiertag": bool(rules.feiertag_nrw(tag))}
        for tag, grund in rules.verschobene_tage(unverschoben)
    ]
    return {"rechnung": r, "monate": monate, "unverschoben": unverschoben, "verschoben": verschoben}


@require_safe
def rechner(request: HttpRequest) -> HttpResponse:
    if not permissions.darf_rechnen(request.user):
        raise PermissionDenied(NUR_PRUEFUNG)
    p = parameter().allgemein
    art = request.GET.get("rechnung", "")
    zins_form = ZinsForm(
        request.GET if art == "zinsen" else None,
        initial={"aufschlag": p.erstattung_zins_pp},
        auto_id="zins_%s",
    )
    frist_form = FristForm(request.GET if art == "fristen" else None, auto_id="frist_%s")
    zins_ergebnis = frist_ergebnis = None
    if art == "zinsen" and zins_form.is_valid():
        zins_ergebnis = _zinsen(zins_form)
    if art == "fristen" and frist_form.is_valid():
        frist_ergebnis = _fristen(frist_form, p.rechtsbehelf_frist_monate)
    fehlt = basiszins.fehlendes_halbjahr(timezone.localdate())
    return render(
        request,
        "programmteile/rechner.html",
        {
            "zins_form": zins_form,
            "frist_form": frist_form,
            "zins_ergebnis": zins_ergebnis,
            "frist_ergebnis": frist_ergebnis,
            "art": art,
            "aufschlag_standard": p.erstattung_zins_pp,
            "klagefrist_monate": p.rechtsbehelf_frist_monate,
            "basiszins_fehlt": fehlt,
            "basiszins_fehlt_text": basiszins.halbjahr_text(fehlt) if fehlt else "",
        },
    )
