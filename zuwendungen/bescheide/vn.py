"""Letters of the Verwendungsnachweis process on antraege.bescheide's machinery: Mahnung (with a
new deadline), Rückfrage (VN-Nachforderung) and Abschlussmitteilung (DOMAIN.md §6).

``anlegen`` writes the VnSchreiben with the snapshot of every fact it states inside the
transition's transaction; ``rendern`` makes the PDF once after commit. Amounts are strings,
dates ISO strings.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from antraege.bescheide import render_pdf
from antraege.bescheide.briefkopf import briefkopf, empfaenger
from antraege.bescheide.werte import betrag, iso, name
from programmteile.models import Briefkopf
from programmteile.rules import PROGRAMMTEILE
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.models import VnSchreiben

logger = logging.getLogger(__name__)
Art = VnSchreiben.Art
TITEL = {
    Art.MAHNUNG: "Mahnung: Verwendungsnachweis",
    Art.NACHFORDERUNG: "Rückfrage zum Verwendungsnachweis",
    Art.ABSCHLUSS: "Abschlussmitteilung",
}


def _text(wert) -> str:
    return betrag(wert) or "0.00"


def snapshot(zuwendung, art: str, *, by, heute: datetime.date, nummer: int, vn=None, extra: dict | None = None) -> dict:
    antrag = zuwendung.antrag
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    k = abrufstand(zuwendung)
    p = periode.parameter().allgemein
    return {
        "schema": 1,
        "art": str(art),
        "titel": TITEL[art] if art != Art.MAHNUNG else f"{nummer}. Mahnung: Verwendungsnachweis",
        "nummer": nummer,
        "datum": heute.isoformat(),
        "aktenzeichen": antrag.aktenzeichen,
        "briefkopf": briefkopf(heute, antrag.bearbeitet_von),
        "empfaenger": empfaenger(antrag.antragsteller),
        "betreff": (
            f"Zuwendungen des Landes Nordrhein-Westfalen; KOMM-AN NRW Programmteil {teil} – "
            f"{PROGRAMMTEILE.get(teil, periode.programmteil.titel)}; Förderjahr {periode.foerderjahr}; "
            "Verwendungsnachweis"
        ),
        "antrag": {"eingereicht_am": ""},
        "zuwendung": {
            "bewilligt": _text(zuwendung.bewilligt),
            "bestandskraeftig_am": zuwendung.bestandskraeftig_am.isoformat(),
            "bewilligung_von": zuwendung.bewilligungszeitraum_von.isoformat(),
            "bewilligung_bis": zuwendung.bewilligungszeitraum_bis.isoformat(),
            "ausgezahlt": _text(k.ausgezahlt),
        },
        "vn": {
            "eingereicht_am": iso(vn.eingereicht_am) if vn is not None else "",
            "pruefart": vn.get_pruefart_display() if vn is not None else "",
        },
        "parameter": {
            "belege_jahre": p.belege_aufbewahrung_jahre,
        },
        "unterschrift": {
            "formel": Briefkopf.aktuell(heute).zeichnungsformel,
            "name": name(by) if art == Art.ABSCHLUSS and by is not None else "",
            "maschinell": art != Art.ABSCHLUSS,
        },
        **(extra or {}),
    }


def anlegen(*, zuwendung, art: str, by, vn=None, extra: dict | None = None, heute: datetime.date | None = None) -> VnSchreiben:
    """The letter (next number of its kind for the grant) and its PDF after commit."""
    heute = heute or timezone.localdate()
    nummer = (VnSchreiben.objects.filter(zuwendung=zuwendung, art=art).aggregate(n=Max("nummer"))["n"] or 0) + 1
    brief = VnSchreiben.objects.create(
        zuwendung=zuwendung, verwendungsnachweis=vn, art=art, nummer=nummer,
        daten=snapshot(zuwendung, art, by=by, heute=heute, nummer=nummer, vn=vn, extra=extra),
    )  # fmt: skip
    transaction.on_commit(lambda: rendern(schreiben_id=brief.pk))
    return brief


def pdf_aus_daten(daten: dict) -> bytes:
    return render_pdf(f"zuwendungen/briefe/{daten['art']}.html", {"d": daten, "entwurf": False})


def rendern(*, schreiben_id: int) -> bool:
    daten = VnSchreiben.objects.filter(pk=schreiben_id, sha256="").values_list("daten", flat=True).first()
    if daten is None:
        return False
    try:
        pdf = pdf_aus_daten(daten)
    except Exception:
        logger.exception("Schreiben zum Verwendungsnachweis %s konnte nicht erzeugt werden.", schreiben_id)
        return False
    sha = hashlib.sha256(pdf).hexdigest()
    return bool(VnSchreiben.objects.filter(pk=schreiben_id, sha256="").update(pdf=pdf, sha256=sha))
