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
    return {
        "ablehnung": {
            "gruende": antrag.begruendung or grund,
            "ermessen": antrag.ermessen,
            "anhoerung": _letzte_anhoerung(antrag),
        }
    }


def _schreiben(antrag: Antrag, art: str, grund: str) -> dict:
    s = antrag.schreiben.filter(art=art, zurueckgezogen_am__isnull=True).order_by("-erstellt_am", "-id").first()
    if s is None:
        return {"text": grund, "punkte": [], "frist": "", "beabsichtigter_betrag": None, "zeilen": []}
    vorher = antrag.schreiben.filter(art=art, erstellt_am__lt=s.erstellt_am).exclude(pk=s.pk)
    return {
        "text": s.text,
        "punkte": [_punkt(p) for p in (s.punkte or []) if _punkt(p)],
        "frist": s.frist.isoformat(),
        "beabsichtigter_betrag": betrag(s.beabsichtigter_betrag),
        # Anhörung: the intended amount per line, as decided when it was sent
        "zeilen": [dict(z) for z in (s.zeilen or [])],
        # a second Anhörung (not a replacement) says that it follows an earlier one
        "erneut": art == Schreiben.Art.ANHOERUNG
        and vorher.filter(zurueckgezogen_am__isnull=True).exists(),
    }


def _punkt(p) -> str:
    if isinstance(p, dict):
        return str(p.get("text") or p.get("bezeichnung") or p.get("titel") or "").strip()
    return str(p or "").strip()


def _letzte_anhoerung(antrag: Antrag) -> dict | None:
    """The last Anhörung as it was issued: date and deadline from its Dokument's snapshot (never
    from an editable row); whether the applicant answered from the answer on file."""
    from antraege.models import Dokument

    dokument = (
        Dokument.objects.filter(antrag=antrag, art=Dokument.Art.ANHOERUNG, korrekturen__isnull=True)
        .order_by("-erstellt_am", "-id")
        .first()
    )
    if dokument is None:
        return None
    daten = dokument.daten
    s = Schreiben.objects.filter(dokument=dokument).first() or (
        antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG, zurueckgezogen_am__isnull=True)
        .order_by("-erstellt_am", "-id")
        .first()
    )
    return {
        "datum": daten.get("datum", ""),
        "frist": (daten.get("schreiben") or {}).get("frist", ""),
        "beabsichtigter_betrag": (daten.get("schreiben") or {}).get("beabsichtigter_betrag"),
        "sha256": dokument.sha256,
        "antwort": bool(s and s.antwort),
        "antwort_am": timezone.localtime(s.beantwortet_am).date().isoformat() if s and s.beantwortet_am else "",
    }
