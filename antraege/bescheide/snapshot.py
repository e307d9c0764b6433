"""The snapshot: every fact a letter states; the common part here, one builder per letter kind."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, Dokument
from programmteile.models import Bescheidtexte, Briefkopf
from programmteile.rules import PROGRAMMTEILE as PROGRAMMTEIL_TITEL

from . import schreiben, zuwendung
from .anlagen import anlagen
from .briefkopf import briefkopf, empfaenger
from .briefkopf import gericht as gericht_von
from .texte import hinweise
from .werte import betrag as _betrag
from .werte import iso, name

SCHEMA = 1
Art = Dokument.Art

TITEL = {
    Art.EINGANGSBESTAETIGUNG: "Eingangsbestätigung",
    Art.NACHFORDERUNG: "Anforderung fehlender Unterlagen",
    Art.ANHOERUNG: "Anhörung nach § 28 VwVfG NRW",
    Art.ZUWENDUNGSBESCHEID: "Zuwendungsbescheid (Projektförderung)",
    Art.ABLEHNUNGSBESCHEID: "Ablehnungsbescheid",
}

# art -> builder(antrag, texte, betrag, grund) of the letter's own part; the Eingangsbestätigung has none
BRIEFTEIL: dict[str, Callable[..., dict]] = {
    Art.NACHFORDERUNG: lambda antrag, texte, betrag, grund: schreiben.nachforderung(antrag, grund),
    Art.ANHOERUNG: lambda antrag, texte, betrag, grund: schreiben.anhoerung(antrag, grund),
    Art.ZUWENDUNGSBESCHEID: lambda antrag, texte, betrag, grund: zuwendung.bewilligung(antrag, texte, betrag),
    Art.ABLEHNUNGSBESCHEID: lambda antrag, texte, betrag, grund: schreiben.ablehnung(antrag, grund),
}


def snapshot(
    *,
    antrag: Antrag,
    art: str,
    datum: datetime.date,
    unterzeichner,
    betrag: Decimal | None,
    grund: str,
) -> dict:
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    org = antrag.antragsteller
    texte = Bescheidtexte.aktuell(periode)
    gericht = gericht_von(org)
    gericht_text = f"{gericht['sitz']} ({gericht['anschrift']})" if gericht else ""
    titel = PROGRAMMTEIL_TITEL.get(teil, periode.programmteil.titel)
    daten = {
        "schema": SCHEMA,
        "art": str(art),
        "titel": TITEL[art],
        "datum": datum.isoformat(),
        "aktenzeichen": antrag.aktenzeichen,
        "briefkopf": briefkopf(datum, antrag.bearbeitet_von),
        "empfaenger": empfaenger(org),
        "programmteil": teil,
        "programmteil_titel": titel,
        "foerderjahr": periode.foerderjahr,
        "betreff": (
            f"Zuwendungen des Landes Nordrhein-Westfalen; KOMM-AN NRW Programmteil {teil} – "
            f"{titel}; Förderjahr {periode.foerderjahr}"
        ),
        "antrag": {
            "eingereicht_am": iso(antrag.eingereicht_am),
            "beantragt": _betrag(antrag.beantragt),
            "antragsfrist": periode.antragsfrist.isoformat(),
            "verspaetet": bool(
                antrag.eingereicht_am
                and timezone.localtime(antrag.eingereicht_am).date() > periode.antragsfrist
            ),
            "massnahmebeginn": iso(antrag.massnahmebeginn),
            "kontakt": antrag.kontakt_name,
        },
        "zeitraum": {
            "bewilligung_von": periode.bewilligungszeitraum_von.isoformat(),
            "bewilligung_bis": periode.bewilligungszeitraum_bis.isoformat(),
        },
        "rechtsgrundlage": texte.rechtsgrundlage,
        "texte_version": texte.version if texte.pk else 0,
        "rechtsbehelf": {
            "gericht": gericht["sitz"] if gericht else "",
            "gericht_anschrift": gericht,
            "text": texte.rechtsbehelfsbelehrung.replace("{gericht}", gericht_text) if gericht else "",
        },
        "hinweise": hinweise(texte, org),
        "unterschrift": {
            "formel": Briefkopf.aktuell(datum).zeichnungsformel,
            "name": name(unterzeichner) if unterzeichner is not None else "",
            "maschinell": art == Art.EINGANGSBESTAETIGUNG,
        },
    }
    if art == Art.ZUWENDUNGSBESCHEID:
        daten["anlagen"] = anlagen(org, datum)
    teil_des_briefs = BRIEFTEIL.get(art)
    if teil_des_briefs is not None:
        daten.update(teil_des_briefs(antrag, texte, betrag, grund))
    return daten
