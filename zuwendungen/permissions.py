"""Who may do what after the notice: one function per action returning (allowed, reason).

Same shape as antraege.permissions (DESIGN.md §7, §14): views turn a refusal into a 403 with the
reason (antraege.zugriff.verlange), templates show it beside a disabled button, and the workflow
functions check the same function again under the lock.
"""

from __future__ import annotations

from antraege.models import Antrag
from antraege.permissions import Erlaubnis
from komman.models import ANTRAGSTELLER_ROLLEN, Rolle
from komman.permissions import bezirksregierung_roles, is_admin, organisation_ids, roles_for
from zuwendungen.models import AbrufStatus, Mittelabruf, Rueckforderung, Zuwendung
from zuwendungen.models.rueckforderung import KlageAusgang

S = Antrag.Status


def _status(antrag: Antrag) -> str:
    return f"„{antrag.get_status_display()}“"


def can_waive(user, antrag: Antrag) -> Erlaubnis:
    """The Zeichnungsberechtigte uploads the signed Rechtsbehelfsverzicht while the notice is not final."""
    if Rolle.ZEICHNUNGSBERECHTIGT not in roles_for(user, antrag.antragsteller_id) - bezirksregierung_roles(
        user
    ):
        return False, (
            "Den Rechtsbehelfsverzicht reichen nur zeichnungsberechtigte Personen der "
            "antragstellenden Organisation ein."
        )
    if antrag.status not in S.ANFECHTBAR:
        return False, f"Im Status {_status(antrag)} ist kein Rechtsbehelfsverzicht mehr möglich."
    return True, ""


def can_record_klage(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Eine Klage erfasst die Prüfung der Bezirksregierung."
    if antrag.status not in S.ANFECHTBAR:
        return False, f"Im Status {_status(antrag)} kann keine Klage erfasst werden."
    return True, ""


def can_decide_klage(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Den Ausgang einer Klage erfasst die Prüfung der Bezirksregierung."
    if antrag.status != S.KLAGE_ANHAENGIG:
        return False, f"Im Status {_status(antrag)} ist keine Klage anhängig."
    return True, ""


def can_see_all(user) -> bool:
    """Prüfung, Zeichnung and Administration see every Zuwendung; applicants their own."""
    return bool(bezirksregierung_roles(user))


def can_forward(user, zuwendung) -> Erlaubnis:
    """The Kommune's staff record a Weiterleitung of a final Part II grant."""
    antrag = zuwendung.antrag
    eigene = roles_for(user, antrag.antragsteller_id) - bezirksregierung_roles(user)
    if not eigene & {Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT}:
        return False, "Weiterleitungen erfasst die Kommune, die die Zuwendung erhalten hat."
    if antrag.foerderperiode.programmteil.nummer != "II":
        return False, "Weitergeleitet werden nur Zuwendungen des Programmteils II."
    if antrag.status == S.KLAGE_ANHAENGIG:
        return False, "Solange eine Klage anhängig ist, wird nichts weitergeleitet."
    return nicht_abgeschlossen(zuwendung)


# --- Mittelabruf und Auszahlung ---

# action: (states it starts from, state it leads to, roles that may, German participle of the action)
UEBERGAENGE: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], str]] = {
    "bearbeiten": ((AbrufStatus.ENTWURF,), AbrufStatus.ENTWURF, ANTRAGSTELLER_ROLLEN, "bearbeitet"),
    "einreichen": (
        (AbrufStatus.ENTWURF,),
        AbrufStatus.EINGEREICHT,
        (Rolle.ZEICHNUNGSBERECHTIGT,),
        "eingereicht",
    ),
    "zurueckziehen": (
        (AbrufStatus.ENTWURF, AbrufStatus.EINGEREICHT),
        AbrufStatus.ZURUECKGEZOGEN,
        (Rolle.ZEICHNUNGSBERECHTIGT,),
        "zurückgezogen",
    ),
    "freigeben": ((AbrufStatus.EINGEREICHT,), AbrufStatus.FREIGEGEBEN, (Rolle.PRUEFUNG,), "freigegeben"),
    "ablehnen": ((AbrufStatus.EINGEREICHT,), AbrufStatus.ABGELEHNT, (Rolle.PRUEFUNG,), "abgelehnt"),
    "zeichnen": ((AbrufStatus.FREIGEGEBEN,), AbrufStatus.ANGEORDNET, (Rolle.ZEICHNUNG,), "gezeichnet"),
    "zurueckgeben": (
        (AbrufStatus.FREIGEGEBEN,),
        AbrufStatus.EINGEREICHT,
        (Rolle.ZEICHNUNG,),
        "zurückgegeben",
    ),
    "bezahlt": ((AbrufStatus.ANGEORDNET,), AbrufStatus.BEZAHLT, (Rolle.PRUEFUNG,), "als ausgezahlt melden"),
}

ROLLENNAMEN = {
    Rolle.SACHBEARBEITUNG: "Sachbearbeitung oder Zeichnungsberechtigte der Organisation",
    Rolle.ZEICHNUNGSBERECHTIGT: "Zeichnungsberechtigte der Organisation",
    Rolle.PRUEFUNG: "Prüfung der Bezirksregierung",
    Rolle.ZEICHNUNG: "Zeichnung der Bezirksregierung",
}


def _organisation_id(zuwendung: Zuwendung) -> int:
    return zuwendung.antrag.antragsteller_id


def can_aktion(user, abruf: Mittelabruf, aktion: str) -> Erlaubnis:
    """The table: is `aktion` allowed on `abruf` in its state for this user (four eyes included)."""
    von, _, rollen, name = UEBERGAENGE[aktion]
    ok, grund = nicht_abgeschlossen(abruf.zuwendung)
    if not ok:
        return ok, grund
    if abruf.status not in von:
        return False, f"Ein Mittelabruf im Status „{abruf.get_status_display()}“ kann nicht {name} werden."
    if not _hat_rolle(user, abruf.zuwendung, rollen):
        return False, f"Ein Mittelabruf kann nur {name} werden von: {ROLLENNAMEN[rollen[0]]}."
    if aktion == "zeichnen" and abruf.freigegeben_von_id is not None and abruf.freigegeben_von_id == user.pk:
        return (
            False,
            "Sie haben diesen Mittelabruf freigegeben; die Auszahlung muss eine zweite Person zeichnen.",
        )
    return True, ""


def _hat_rolle(user, zuwendung: Zuwendung, rollen: tuple[str, ...]) -> bool:
    org = _organisation_id(zuwendung)
    if set(rollen) & set(ANTRAGSTELLER_ROLLEN):
        # Applicant steps: only members of the organisation itself, never the Bezirksregierung.
        return org in organisation_ids(user, *rollen)
    return bool(roles_for(user, org) & set(rollen))


def can_anlegen(user, zuwendung: Zuwendung) -> Erlaubnis:
    """KI staff or Träger prepare a call (Sachbearbeitung or Zeichnungsberechtigte)."""
    if _organisation_id(zuwendung) not in organisation_ids(user, *ANTRAGSTELLER_ROLLEN):
        return (
            False,
            "Mittelabrufe bereiten nur Mitglieder der Organisation vor, der die Zuwendung gewährt wurde.",
        )
    ok, grund = nicht_abgeschlossen(zuwendung)
    if not ok:
        return ok, grund
    if zuwendung.mittelabrufe.filter(status=AbrufStatus.ENTWURF).exists():
        return False, "Es gibt schon einen Entwurf eines Mittelabrufs; bitte bearbeiten Sie diesen."
    return True, ""


def can_pruefen(user) -> Erlaubnis:
    """The reviewer's pages of the payouts (list, export, import): Prüfung, Zeichnung, Administration."""
    if not bezirksregierung_roles(user) & {Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN}:
        return False, "Diese Seite sehen nur Prüfung und Zeichnung der Bezirksregierung."
    return True, ""


def can_kasse(user) -> Erlaubnis:
    """Export for the Landeskasse and its paid list: Prüfung."""
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Die Auszahlungsliste für die Landeskasse bearbeitet die Prüfung der Bezirksregierung."
    return True, ""


def can_bankverbindung_aendern(user) -> Erlaubnis:
    if not is_admin(user):
        return False, "Bankverbindungen ändert nur die Administration."
    return True, ""


# --- Widerruf, Rückforderung und Abschluss (issue 21) ---

R = Rueckforderung.Status
# action: (states it starts from, state it leads to ("": unchanged), roles that may, German participle)
UEBERGAENGE_RUECKFORDERUNG: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], str]] = {
    "anhoerung": ((R.ERFASST,), R.ANHOERUNG, (Rolle.PRUEFUNG,), "angehört"),
    "stellungnahme": ((R.ANHOERUNG,), R.ANHOERUNG, ANTRAGSTELLER_ROLLEN, "beantwortet"),
    "vorschlagen": ((R.ANHOERUNG,), R.ENTSCHEIDUNG, (Rolle.PRUEFUNG,), "zur Entscheidung vorgeschlagen"),
    "zeichnen": ((R.ENTSCHEIDUNG,), R.BESCHIEDEN, (Rolle.ZEICHNUNG,), "gezeichnet"),
    "zurueckgeben": ((R.ENTSCHEIDUNG,), R.ANHOERUNG, (Rolle.ZEICHNUNG,), "zurückgegeben"),
    "zahlung": ((R.BESCHIEDEN,), R.BEZAHLT, (Rolle.PRUEFUNG,), "als bezahlt gebucht"),
    "mahnen": ((R.BESCHIEDEN,), R.BESCHIEDEN, (Rolle.PRUEFUNG,), "gemahnt"),
    "verzichten": ((R.ERFASST, R.ANHOERUNG), R.ERLASSEN, (Rolle.PRUEFUNG,), "erlassen"),
    "einstellen": (
        (R.ERFASST, R.ANHOERUNG, R.ENTSCHEIDUNG, R.BESCHIEDEN), R.EINGESTELLT, (Rolle.PRUEFUNG,), "eingestellt"
    ),
    "klage": ((R.BESCHIEDEN, R.BEZAHLT), "", (Rolle.PRUEFUNG,), "mit einer Klage erfasst"),
    "klage_entschieden": ((R.BESCHIEDEN, R.BEZAHLT), "", (Rolle.PRUEFUNG,), "mit dem Ausgang der Klage erfasst"),
}


def can_rueckforderung(user, forderung: Rueckforderung, aktion: str) -> Erlaubnis:
    """The table for a refund claim: state, role, four eyes, closed grants."""
    von, _, rollen, name = UEBERGAENGE_RUECKFORDERUNG[aktion]
    if forderung.status not in von:
        return False, f"Eine Rückforderung im Status „{forderung.get_status_display()}“ kann nicht {name} werden."
    if not _hat_rolle(user, forderung.zuwendung, rollen):
        return False, f"Eine Rückforderung kann nur {name} werden von: {ROLLENNAMEN[rollen[0]]}."
    if aktion == "zeichnen" and forderung.vorgeschlagen_von_id == user.pk:
        return False, "Sie haben diese Entscheidung vorgeschlagen; zeichnen muss eine zweite Person."
    if aktion == "stellungnahme" and forderung.stellungnahme_am is not None:
        return False, "Zur Anhörung liegt schon eine Stellungnahme vor."
    return _klage_erlaubt(forderung, aktion)


def _klage_erlaubt(forderung: Rueckforderung, aktion: str) -> Erlaubnis:
    """A Klage against the Erstattungsbescheid (zuwendungen.workflow.widerruf_klage)."""
    if aktion == "klage":
        if forderung.klage_erhoben_am is not None:
            return False, "Gegen diesen Erstattungsbescheid ist schon eine Klage erfasst."
        if forderung.bekanntgabe_am is None or forderung.bestandskraeftig_am is not None:
            return False, "Eine Klage wird nur gegen einen bekanntgegebenen, nicht bestandskräftigen Bescheid erfasst."
    if aktion == "klage_entschieden" and not forderung.klage_anhaengig:
        return False, "Gegen diesen Erstattungsbescheid ist keine Klage anhängig."
    if aktion == "mahnen" and forderung.klage_anhaengig:
        return False, "Solange die Klage gegen den Erstattungsbescheid anhängig ist, wird nicht gemahnt (§ 80 Abs. 1 VwGO)."
    if aktion == "einstellen" and forderung.status == R.BESCHIEDEN and forderung.klage_ausgang != KlageAusgang.AUFGEHOBEN:
        return False, "Ein erlassener Erstattungsbescheid wird nur eingestellt, wenn das Gericht ihn aufgehoben hat."
    return True, ""


def can_rueckforderung_erfassen(user, zuwendung: Zuwendung) -> Erlaubnis:
    """Prüfung starts a claim of its own (or a voluntary refund) on a grant not yet closed."""
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Rückforderungen und Rückzahlungen erfasst die Prüfung der Bezirksregierung."
    return nicht_abgeschlossen(zuwendung)


def can_abschliessen(user, zuwendung: Zuwendung) -> Erlaubnis:
    """Prüfung closes a grant once every claim of it is settled (paid, waived or dropped)."""
    if Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return False, "Eine Zuwendung schließt die Prüfung der Bezirksregierung ab."
    ok, grund = nicht_abgeschlossen(zuwendung)
    if not ok:
        return ok, grund
    if zuwendung.anerkannt is None and not zuwendung.rueckforderungen.filter(anlass=Rueckforderung.Anlass.KEIN_VN).exists():
        return False, "Abgeschlossen wird nach dem Ergebnis des Verwendungsnachweises (oder nach Widerruf mangels Nachweis)."
    if zuwendung.rueckforderungen.exclude(status__in=[R.BEZAHLT, R.ERLASSEN, R.EINGESTELLT]).exists():
        return False, "Es gibt noch offene Rückforderungen; abgeschlossen wird erst, wenn alles bezahlt ist."
    return True, ""


def nicht_abgeschlossen(zuwendung: Zuwendung) -> Erlaubnis:
    """A closed grant and its documents are read-only (guard of every change after the close)."""
    if zuwendung.abgeschlossen_am is not None:
        return False, f"Die Zuwendung ist seit dem {zuwendung.abgeschlossen_am:%d.%m.%Y} abgeschlossen; sie wird nicht mehr geändert."
    return True, ""
