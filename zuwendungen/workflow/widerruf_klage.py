"""A Klage against the Erstattungsbescheid (issue 21; DOMAIN.md §4a).

The Klage has suspensive effect (§ 80 Abs. 1 VwGO; a refund claim is no public levy under § 80
Abs. 2 Nr. 1): while it is pending the Erstattungsbescheid does not become final, the payment
deadline rests and no Mahnung goes out. Interest keeps running from the day the claim arose
(§ 49a Abs. 3 VwVfG NRW); a payment made meanwhile is booked as usual.

Its end: withdrawn or dismissed → final on the day the proceedings ended, the payment deadline
runs again; the Erstattungsbescheid annulled → the Prüfung drops the claim or starts anew
(``einstellen`` from BESCHIEDEN is open only then).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from antraege.workflow import WorkflowError
from komman.formate import datum
from zuwendungen import fristen, permissions
from zuwendungen.models import Rueckforderung
from zuwendungen.models.rueckforderung import KlageAusgang
from zuwendungen.workflow.widerruf import _require, _text, sperren, vermerk, wechsel, zahlungsfrist_setzen


@transaction.atomic
def klage_erfassen(
    *, forderung: Rueckforderung, by, erhoben_am: datetime.date, gericht: str, aktenzeichen: str
) -> Rueckforderung:
    """Prüfung records a Klage against the Erstattungsbescheid: not final, not enforced."""
    gericht, aktenzeichen = (
        _text(gericht, "das Gericht"),
        _text(aktenzeichen, "das Aktenzeichen des Gerichts"),
    )
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "klage"))
    if erhoben_am > timezone.localdate():
        raise WorkflowError("Der Tag der Klageerhebung darf nicht in der Zukunft liegen.")
    if forderung.bescheid_am and erhoben_am < forderung.bescheid_am:
        raise WorkflowError(
            f"Die Klage kann nicht vor dem Erstattungsbescheid vom {datum(forderung.bescheid_am)} erhoben sein."
        )
    forderung.klage_erhoben_am, forderung.klage_gericht, forderung.klage_aktenzeichen = (
        erhoben_am, gericht, aktenzeichen,
    )  # fmt: skip
    wechsel(
        forderung, nach=forderung.status, felder=("klage_erhoben_am", "klage_gericht", "klage_aktenzeichen")
    )
    for teil in ("klagefrist", "zahlung", "mahnung"):
        fristen.erledigen(f"rueckforderung:{forderung.pk}:{teil}")
    vermerk(
        forderung, by=by,
        grund=f"Klage gegen den Erstattungsbescheid am {datum(erhoben_am)} erhoben ({gericht}, Az. {aktenzeichen}). "
        "Bis zur Entscheidung wird der Bescheid nicht bestandskräftig und nicht gemahnt; die Zinsen laufen weiter.",
    )  # fmt: skip
    return forderung


@transaction.atomic
def klage_entschieden(
    *, forderung: Rueckforderung, by, ausgang: str, entschieden_am: datetime.date
) -> Rueckforderung:
    """Prüfung records how the proceedings ended (see the module's docstring)."""
    if ausgang not in KlageAusgang.values:
        raise WorkflowError("Bitte wählen Sie den Ausgang des Verfahrens.")
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "klage_entschieden"))
    heute = timezone.localdate()
    if entschieden_am < forderung.klage_erhoben_am or entschieden_am > heute:
        raise WorkflowError(
            f"Das Verfahren kann nur zwischen der Klageerhebung ({datum(forderung.klage_erhoben_am)}) und heute enden."
        )
    forderung.klage_ausgang, forderung.klage_entschieden_am = ausgang, entschieden_am
    felder = ["klage_ausgang", "klage_entschieden_am"]
    text = f"{KlageAusgang(ausgang).label} am {datum(entschieden_am)} (Az. {forderung.klage_aktenzeichen})."
    if ausgang == KlageAusgang.AUFGEHOBEN:
        text += " Die Rückforderung ist einzustellen oder neu zu bescheiden."
    else:
        forderung.bestandskraeftig_am = entschieden_am
        felder.append("bestandskraeftig_am")
        text += " Der Erstattungsbescheid ist bestandskräftig."
        if forderung.status == Rueckforderung.Status.BESCHIEDEN:
            zahlungsfrist_setzen(forderung)  # overdue at once if its day has passed: Mahnung follows
    wechsel(forderung, nach=forderung.status, felder=tuple(felder))
    vermerk(forderung, by=by, grund=text)
    return forderung
