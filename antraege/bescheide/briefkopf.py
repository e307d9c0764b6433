"""Letterhead and addressee of every letter; the Verwaltungsgericht of the addressee's seat.

A letter needs a postal address of its recipient (DIN 5008 window) and, for the court named in
the Rechtsbehelfsbelehrung, the recipient's seat: a Kommune carries its court, a Träger its
Kreis or kreisfreie Stadt (one of the 54), whose court applies (§ 52 Nr. 3 S. 2 VwGO). There is
no fallback: ``briefangaben_fehlen`` names what is missing, and the workflow refuses the step.
"""

from __future__ import annotations

import datetime

from komman.models import Organisation
from programmteile.models import Briefkopf, Verwaltungsgericht

from .werte import name

PFLEGE = (
    "Die Angaben pflegt die Administration der Bezirksregierung unter „Benutzer und Organisationen“; "
    "bitte wenden Sie sich an sie."
)


def gerichtssitz(org: Organisation) -> str:
    """The seat of the competent Verwaltungsgericht, or "" when the organisation's seat is unknown."""
    if org.ist_kommune:
        return (org.verwaltungsgericht or "").strip()
    kreis = org.kreis
    return (kreis.verwaltungsgericht or "").strip() if kreis is not None else ""


def verwaltungsgericht(org: Organisation) -> str:
    """The seat of the court (DOMAIN.md §6.2); kept under this name for existing callers."""
    return gerichtssitz(org)


def gericht(org: Organisation) -> dict | None:
    """Seat and postal address of the competent court, as the snapshot stores it."""
    sitz = gerichtssitz(org)
    g = Verwaltungsgericht.objects.filter(sitz=sitz).first() if sitz else None
    if g is None:
        return None
    return {
        "sitz": g.sitz,
        "name": str(g),
        "strasse": g.strasse,
        "plz": g.plz,
        "ort": g.ort,
        "anschrift": g.anschrift,
    }


def anschrift_fehlt(org: Organisation) -> list[str]:
    """The parts of the postal address the organisation lacks, in words."""
    return [
        bezeichnung
        for feld, bezeichnung in (("strasse", "Straße und Hausnummer"), ("plz", "PLZ"), ("ort", "Ort"))
        if not (getattr(org, feld) or "").strip()
    ]


def kann_eingangsbestaetigung_erhalten(org: Organisation) -> tuple[bool, str]:
    """(allowed, reason): the Eingangsbestätigung goes by post to the DIN 5008 window like every
    letter, so it needs the postal address (no court: it is no Verwaltungsakt, no Rechtsbehelf)."""
    fehlt = anschrift_fehlt(org)
    if not fehlt:
        return True, ""
    return False, (
        f"Der Antrag kann noch nicht eingereicht werden: Die Eingangsbestätigung an „{org}“ braucht eine "
        f"Postanschrift, es fehlen: {', '.join(fehlt)}. {PFLEGE}"
    )


def briefangaben_fehlen(org: Organisation) -> list[str]:
    """What a letter to the organisation lacks, in words (empty: a letter can be issued)."""
    fehlt = anschrift_fehlt(org)
    if not org.ist_kommune and org.kreis_id is None:
        fehlt.append("Kreis oder kreisfreie Stadt des Sitzes (bestimmt das Verwaltungsgericht)")
        return fehlt
    sitz = gerichtssitz(org)
    if not sitz:
        fehlt.append("zuständiges Verwaltungsgericht")
    elif not Verwaltungsgericht.objects.filter(sitz=sitz).exists():
        fehlt.append(f"Anschrift des Verwaltungsgerichts {sitz}")
    return fehlt


def kann_brief_erhalten(org: Organisation) -> tuple[bool, str]:
    """(allowed, reason) like the can_*() checks: the guard of every step that issues a letter."""
    fehlt = briefangaben_fehlen(org)
    if not fehlt:
        return True, ""
    return False, (
        f"Ein Schreiben an „{org}“ kann nicht erstellt werden, weil Angaben fehlen: {', '.join(fehlt)}. {PFLEGE}"
    )


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
    """The address block of the window (DIN 5008: recipient, addition, street, postcode and town)."""
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
        "email": org.email,
    }
