"""Which step an Antrag may take in which state, and which role takes it (DESIGN.md §6).

Pure data, read by antraege.permissions (may this person act?) and antraege.workflow
(re-check under the lock). It imports no other module of antraege but the models, so
neither of those two has to import the other.

The roles follow from the status groups on Antrag.Status:
- the applicant's Zeichnungsberechtigte submit from an editable state (BEARBEITBAR) and
  withdraw in every state before the decision (OFFEN; wave 1: until the Bescheid);
- the Prüfung moves the Antrag on while it is under review (IN_PRUEFUNG);
- the Zeichnung decides a proposed decision or sends it back (VORGESCHLAGEN).

After the notice (wave 2, DOMAIN.md §4a, §5) the issued notice (ANFECHTBAR) becomes final
by an event, not by anyone's decision: the Zeichnungsberechtigte's Rechtsbehelfsverzicht or
the end of the Klagefrist (the daily run). Those steps have the role SYSTEM: the named
workflow function checks who may cause the event (antraege.permissions / zuwendungen).
The Prüfung records a Klage and its outcome.
"""

from __future__ import annotations

from antraege.models import Antrag
from komman.models import Rolle

S = Antrag.Status

#: Roles that fill in an Antrag for their organisation (create, edit, attach).
ANTRAGSTELLER_ROLLEN = (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT)

#: Steps caused by an event (a waiver received, a deadline passed), not by a role's decision.
SYSTEM = "system"

# state → the states it may move to (Rücknahme is added below for every open state)
# fmt: off
NAECHSTE: dict[str, tuple[str, ...]] = {
    S.ENTWURF:                   (S.EINGEREICHT,),
    S.EINGEREICHT:               (S.FORMALE_PRUEFUNG,),
    S.FORMALE_PRUEFUNG:          (S.NACHFORDERUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG),
    S.NACHFORDERUNG:             (S.EINGEREICHT, S.ANHOERUNG),
    S.INHALTLICHE_PRUEFUNG:      (S.BEWILLIGUNG_VORGESCHLAGEN, S.ANHOERUNG),
    S.ANHOERUNG:                 (S.BEWILLIGUNG_VORGESCHLAGEN, S.ABLEHNUNG_VORGESCHLAGEN, S.ANHOERUNG),
    S.BEWILLIGUNG_VORGESCHLAGEN: (S.BEWILLIGT, S.INHALTLICHE_PRUEFUNG),
    S.ABLEHNUNG_VORGESCHLAGEN:   (S.ABGELEHNT, S.INHALTLICHE_PRUEFUNG),
}
# fmt: on


def _rolle(von: str, nach: str) -> str:
    """The role that takes the step von → nach, read off the status groups."""
    if nach == S.ZURUECKGEZOGEN and von in S.OFFEN:
        return Rolle.ZEICHNUNGSBERECHTIGT
    if nach == S.EINGEREICHT and von in S.BEARBEITBAR:
        return Rolle.ZEICHNUNGSBERECHTIGT
    if von in S.VORGESCHLAGEN:
        return Rolle.ZEICHNUNG
    if von in S.IN_PRUEFUNG:
        return Rolle.PRUEFUNG
    raise ValueError(f"Kein Schritt {von} → {nach} in den Statusgruppen.")


#: state → {next state: the role that takes the step}; the table of DESIGN.md §6.
TRANSITIONS: dict[str, dict[str, str]] = {
    von: {nach: _rolle(von, nach) for nach in (*ziele, S.ZURUECKGEZOGEN)} for von, ziele in NAECHSTE.items()
}

# After the notice (wave 2): state → {next state: role}; no Rücknahme any more (a Verzicht).
# fmt: off
NACH_DEM_BESCHEID: dict[str, dict[str, str]] = {
    S.BEWILLIGT:       {S.BESTANDSKRAEFTIG: SYSTEM, S.KLAGE_ANHAENGIG: Rolle.PRUEFUNG},
    S.ABGELEHNT:       {S.ABLEHNUNG_BESTANDSKRAEFTIG: SYSTEM, S.KLAGE_ANHAENGIG: Rolle.PRUEFUNG},
    # Klage withdrawn or dismissed: final; the notice changed (Abhilfe): back to bewilligt.
    S.KLAGE_ANHAENGIG: {
        S.BESTANDSKRAEFTIG: Rolle.PRUEFUNG,
        S.ABLEHNUNG_BESTANDSKRAEFTIG: Rolle.PRUEFUNG,
        S.BEWILLIGT: Rolle.PRUEFUNG,
    },
}
# fmt: on
TRANSITIONS.update(NACH_DEM_BESCHEID)


def erlaubt(antrag: Antrag, nach: str) -> str | None:
    """The role that may move the Antrag to `nach`, or None if the table has no such step."""
    return TRANSITIONS.get(antrag.status, {}).get(nach)
