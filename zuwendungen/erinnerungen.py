"""Reminders of deadlines (issue 22 item 4): the daily step ``fristen_erinnern``.

For every running Frist the pure plan ``rules.erinnerungen.faellige_erinnerung`` says which
reminder is due today (four weeks, one week before, on the day … per ``Frist.Art``, moved off
weekends and NRW holidays). The step sends it as an outbox mail to whoever acts (``Frist.wer``:
the applicant organisation's members, the reviewer in charge or the Prüfung, the Zeichnung,
the Administration; a Wiedervorlage only to its ``person``) and records the stages in
``Frist.erinnerungen`` with the status ``erinnert`` — the mail row and the record in one
transaction per deadline, so a second run sends nothing and a crashed run simply starts again.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse

from antraege.mails import _bezirksregierung_adressen, adressen_der_organisation
from komman.mails import senden
from komman.models import Rolle
from programmteile.rules import erinnerungen as plan
from zuwendungen.models import Frist
from zuwendungen.taeglich import schritt

W = Frist.Wer
#: The furthest any plan reaches ahead: deadlines further away need no look today.
VORLAUF = max((max(t, default=0) for t in plan.PLAENE.values()), default=0) + max(plan.STANDARDPLAN)


def empfaenger(frist: Frist) -> list[str]:
    """Who is reminded of ``frist`` (select_related antrag__bearbeitet_von, person)."""
    if frist.person_id:
        return [frist.person.email] if frist.person.is_active else []
    antrag = frist.antrag
    if frist.wer == W.ANTRAGSTELLER:
        return [
            *adressen_der_organisation(antrag.antragsteller_id, Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT),
            antrag.kontakt_email,
        ]
    if frist.wer == W.PRUEFUNG and antrag.bearbeitet_von and antrag.bearbeitet_von.is_active:
        return [antrag.bearbeitet_von.email]
    rolle = {W.PRUEFUNG: Rolle.PRUEFUNG, W.ZEICHNUNG: Rolle.ZEICHNUNG, W.ADMINISTRATION: Rolle.ADMIN}[frist.wer]
    return _bezirksregierung_adressen(rolle)


def verweis(frist: Frist) -> str:
    """Where the person reminded acts: the process's own page, else the Antrag's."""
    if frist.url:
        return frist.url
    if frist.wer == W.ANTRAGSTELLER:
        return reverse("antraege:detail", args=[frist.antrag_id])
    return reverse("antraege:pruefung_detail", args=[frist.antrag_id])


def erinnern(frist_id: int, heute: datetime.date) -> bool:
    """Send the reminder of one deadline that is due today, once; True if one was sent."""
    with transaction.atomic():
        frist = (
            Frist.objects.select_for_update(of=("self",))
            .select_related("antrag__antragsteller", "antrag__bearbeitet_von", "person")
            .filter(pk=frist_id, status__in=Frist.Status.laufend())
            .first()
        )
        if frist is None:
            return False
        erinnerung, stufen = plan.faellige_erinnerung(
            frist.art, frist.faellig_am, heute=heute, gesendet=frist.erinnerungen
        )
        if erinnerung is None:
            return False
        senden(
            an=empfaenger(frist),
            vorlage="frist_erinnerung",
            kontext={
                "frist": frist,
                "antrag": frist.antrag,
                "tage": (frist.faellig_am - heute).days,
                "verweis": verweis(frist),
            },
        )
        frist.erinnerungen = [*frist.erinnerungen, *stufen]
        frist.status = Frist.Status.ERINNERT
        frist.save(update_fields=["erinnerungen", "status", "geaendert_am"])
    return True


@schritt("fristen_erinnern")
def erinnern_taeglich(heute: datetime.date) -> int:
    """Every running deadline due within the longest plan: its reminder of today, if any."""
    kandidaten = Frist.objects.filter(
        status__in=Frist.Status.laufend(),
        faellig_am__gte=heute,
        faellig_am__lte=heute + datetime.timedelta(days=VORLAUF),
    ).values_list("pk", "art", "faellig_am", "erinnerungen")
    anzahl = 0
    for pk, art, faellig_am, gesendet in kandidaten.order_by("faellig_am", "pk").iterator():
        if plan.faellige_erinnerung(art, faellig_am, heute=heute, gesendet=gesendet)[0] is None:
            continue  # decided without a lock for the many with nothing to send today
        anzahl += erinnern(pk, heute)
    return anzahl
