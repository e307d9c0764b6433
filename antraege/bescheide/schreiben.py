"""Snapshot builders of the Nachforderung, the Anhörung and the Ablehnungsbescheid."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, Schreiben

from .werte import betrag


def nachforderung(antrag: Antrag, grund: str) -> dict:
    return {"schreiben": _schreiben(antrag, Schreiben.Art.NACHFORDERUNG, grund)}


def anhoerung(antrag: Antrag, grund: str) -> dict:
    schreiben = _schreiben(antrag, Schreiben.Art.ANHOERUNG, grund)
    bb = schreiben["beabsichtigter_betrag"]
    schreiben["beabsichtigt"] = "ablehnung" if bb is None or Decimal(bb) == 0 else "teilbewilligung"
    return {"schreiben": schreiben}


def ablehnung(antrag: Antrag, grund: str) -> dict:
    return {"ablehnung": {"gruende": antrag.begruendung or grund, "anhoerung": _letzte_anhoerung(antrag)}}


def _schreiben(antrag: Antrag, art: str, grund: str) -> dict:
    s = antrag.schreiben.filter(art=art).order_by("-erstellt_am", "-id").first()
    if s is None:
        return {"text": grund, "punkte": [], "frist": "", "beabsichtigter_betrag": None}
    return {
        "text": s.text,
        "punkte": [_punkt(p) for p in (s.punkte or []) if _punkt(p)],
        "frist": s.frist.isoformat(),
        "beabsichtigter_betrag": betrag(s.beabsichtigter_betrag),
    }


def _punkt(p) -> str:
    if isinstance(p, dict):
        return str(p.get("text") or p.get("bezeichnung") or p.get("titel") or "").strip()
    return str(p or "").strip()


def _letzte_anhoerung(antrag: Antrag) -> dict | None:
    s = antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG).order_by("-erstellt_am", "-id").first()
    if s is None:
        return None
    return {
        "datum": timezone.localtime(s.erstellt_am).date().isoformat(),
        "frist": s.frist.isoformat(),
        "antwort": s.antwort,
    }
