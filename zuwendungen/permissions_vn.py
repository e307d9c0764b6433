"""Who may do what with a Verwendungsnachweis: the transition table and one function per action
returning (allowed, reason), like zuwendungen.permissions for the Mittelabruf."""

from __future__ import annotations

from antraege.permissions import Erlaubnis
from komman.models import ANTRAGSTELLER_ROLLEN, Rolle
from komman.permissions import bezirksregierung_roles, organisation_ids, roles_for
from zuwendungen.models import Verwendungsnachweis, VnStatus

V = VnStatus

# action: (states it starts from, state it leads to, roles that may, German participle)
UEBERGAENGE: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], str]] = {
    "bearbeiten": ((V.ENTWURF, V.NACHFORDERUNG), "", ANTRAGSTELLER_ROLLEN, "bearbeitet"),
    "einreichen": ((V.ENTWURF,), V.EINGEREICHT, (Rolle.ZEICHNUNGSBERECHTIGT,), "eingereicht"),
    "antworten": ((V.NACHFORDERUNG,), V.PRUEFUNG, ANTRAGSTELLER_ROLLEN, "beantwortet"),
    "pruefen": ((V.EINGEREICHT, V.PRUEFUNG), V.PRUEFUNG, (Rolle.PRUEFUNG,), "geprüft"),
    "fragen": ((V.EINGEREICHT, V.PRUEFUNG), V.NACHFORDERUNG, (Rolle.PRUEFUNG,), "nachgefragt"),
    "vorschlagen": ((V.EINGEREICHT, V.PRUEFUNG), V.VORGESCHLAGEN, (Rolle.PRUEFUNG,), "zur Zeichnung vorgelegt"),
    "zurueckgeben": ((V.VORGESCHLAGEN,), V.PRUEFUNG, (Rolle.ZEICHNUNG,), "zurückgegeben"),
    "zeichnen": ((V.VORGESCHLAGEN,), V.ABGESCHLOSSEN, (Rolle.ZEICHNUNG,), "gezeichnet"),
}

ROLLENNAMEN = {
    Rolle.SACHBEARBEITUNG: "Sachbearbeitung oder Zeichnungsberechtigte der Organisation",
    Rolle.ZEICHNUNGSBERECHTIGT: "Zeichnungsberechtigte der Organisation",
    Rolle.PRUEFUNG: "Prüfung der Bezirksregierung",
    Rolle.ZEICHNUNG: "Zeichnung der Bezirksregierung",
}


def _hat_rolle(user, organisation_id: int, rollen: tuple[str, ...]) -> bool:
    if set(rollen) & set(ANTRAGSTELLER_ROLLEN):
        # Recipient steps: only members of the organisation itself, never the Bezirksregierung.
        return organisation_id in organisation_ids(user, *rollen)
    return bool(roles_for(user, organisation_id) & set(rollen))


def can_vn(user, vn: Verwendungsnachweis, aktion: str) -> Erlaubnis:
    """The table: is ``aktion`` allowed on ``vn`` in its state for this user (four eyes included)."""
    von, _, rollen, name = UEBERGAENGE[aktion]
    if vn.status not in von:
        return False, f"Ein Verwendungsnachweis im Status „{vn.get_status_display()}“ kann nicht {name} werden."
    if not _hat_rolle(user, vn.zuwendung.antrag.antragsteller_id, rollen):
        return False, f"Ein Verwendungsnachweis kann nur {name} werden von: {ROLLENNAMEN[rollen[0]]}."
    if aktion == "zeichnen" and vn.vorgeschlagen_von_id == user.pk:
        return False, "Sie haben dieses Ergebnis vorgeschlagen; zeichnen muss eine zweite Person."
    return True, ""


def can_vn_anlegen(user, zuwendung) -> Erlaubnis:
    """KI staff or Träger prepare the VN of a grant whose notice is final and not yet closed."""
    if zuwendung.antrag.antragsteller_id not in organisation_ids(user, *ANTRAGSTELLER_ROLLEN):
        return False, "Den Verwendungsnachweis erstellt die Organisation, der die Zuwendung gewährt wurde."
    if zuwendung.abgeschlossen_am is not None:
        return False, "Die Zuwendung ist abgeschlossen."
    return True, ""


def can_vn_pruefen(user) -> Erlaubnis:
    """The queue of VNs and the sample draw: Prüfung (Zeichnung and Administration read)."""
    if not bezirksregierung_roles(user) & {Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN}:
        return False, "Diese Seite sehen nur Prüfung und Zeichnung der Bezirksregierung."
    return True, ""


def can_stichprobe(user) -> Erlaubnis:
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Die Stichprobe zieht die Prüfung der Bezirksregierung."
    return True, ""
