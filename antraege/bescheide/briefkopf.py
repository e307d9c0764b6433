"""Letterhead and addressee of every letter; the Verwaltungsgericht of the addressee's seat."""

from __future__ import annotations

import datetime

from komman.models import Organisation
from programmteile.models import Briefkopf

from .werte import name

GERICHT_FALLBACK = "Arnsberg"  # seat of the Bewilligungsbehörde, when an organisation has no court on file


def verwaltungsgericht(org: Organisation) -> str:
    """The Verwaltungsgericht of the addressee's seat (DOMAIN.md §6.2): the organisation's own entry;
    for a Träger without one, that of the Kommune its Ort names (a kreisfreie Stadt, or the Kreis
    named after its seat town, which contains it); else Arnsberg, the seat of the authority."""
    gericht = (org.verwaltungsgericht or "").strip()
    if not gericht and not org.ist_kommune and org.ort:
        gericht = (
            Organisation.objects.kommunen()
            .filter(name=org.ort.strip())
            .exclude(verwaltungsgericht="")
            .values_list("verwaltungsgericht", flat=True)
            .first()
            or ""
        )
    return gericht or GERICHT_FALLBACK


def briefkopf(datum: datetime.date, bearbeiter) -> dict:
    b = Briefkopf.aktuell(datum)
    return {
        "behoerde": b.behoerde,
        "dezernat": b.dezernat,
        "strasse": b.strasse,
        "plz": b.plz,
        "ort": b.ort,
        "telefon": b.telefon,
        "email": b.email,
        "internet": b.internet,
        "auskunft": name(bearbeiter) if bearbeiter else "",
        "auskunft_email": (bearbeiter.email if bearbeiter else "") or b.email,
    }


def empfaenger(org: Organisation) -> dict:
    zeilen = [str(org)]
    if org.ist_kommune:
        zeilen.append("Kommunales Integrationszentrum")
    if org.strasse:
        zeilen.append(org.strasse)
    if org.plz or org.ort:
        zeilen.append(f"{org.plz} {org.ort}".strip())
    return {
        "name": str(org),
        "art": org.art,
        "ist_kommune": org.ist_kommune,
        "zeilen": zeilen,
        "anschrift": org.anschrift,
    }
