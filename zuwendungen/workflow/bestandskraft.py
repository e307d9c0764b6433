"""The notice becomes final (DOMAIN.md §4a, §5): waiver, Klage, end of the Frist, and the Zuwendung.

Every function has the shape of antraege.workflow (guard → atomic → lock the Antrag → re-check
→ change → one Statuswechsel → on_commit). Dates come from the rules: the Bekanntgabe from
antraege' Bekanntgabe row, the Klagefrist and the day of Bestandskraft from
``rules.bestandskraft`` only. At Bestandskraft of a grant the Zuwendung is created
(``zuwendung_anlegen``, idempotent).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from antraege.models import Antrag, Dokument
from antraege.workflow.bekanntgabe import bekanntgabe_von
from antraege.workflow.kern import WorkflowError, _change, _lock, _require
from komman import ablage, audit
from komman.formate import datum
from programmteile import rules
from zuwendungen import mails, permissions
from zuwendungen.models import Finanzierungsart, Klage, Rechtsbehelfsverzicht, Zuwendung

S = Antrag.Status
#: The account the daily run acts as (inactive, no password: nobody can log in with it).
SYSTEM_BENUTZER = "system.fristen"


def systembenutzer():
    user, angelegt = get_user_model().objects.get_or_create(
        username=SYSTEM_BENUTZER,
        defaults={"first_name": "Täglicher Lauf", "last_name": "(Portal)", "is_active": False},
    )
    if angelegt:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def stand(antrag: Antrag, bekanntgabe=None) -> rules.Bestandskraft | None:
    """Klagefrist and the day of Bestandskraft of the Antrag's notice (rules.bestandskraft), or None
    while the notice is not made known or the period lacks the Klagefrist parameter.
    ``bekanntgabe``: the Antrag's Bekanntgabe if the caller has it already."""
    bekanntgabe = bekanntgabe or bekanntgabe_von(antrag)
    monate = antrag.foerderperiode.parameter().allgemein.rechtsbehelf_frist_monate
    if bekanntgabe is None or monate is None:
        return None
    verzicht = (
        Rechtsbehelfsverzicht.objects.filter(antrag=antrag).values_list("eingegangen_am", flat=True).first()
    )
    return rules.bestandskraft(
        bekanntgabe.bekanntgegeben_am,
        klagefrist_monate=monate,
        rechtsbehelfsverzicht_eingang=verzicht,
        klage_erhoben=antrag.status == S.KLAGE_ANHAENGIG,
    )


def _zeitraum(antrag: Antrag) -> tuple[datetime.date, datetime.date]:
    """The Bewilligungszeitraum as the issued Zuwendungsbescheid states it (its snapshot)."""
    bescheid = (
        Dokument.objects.filter(antrag=antrag, art=Dokument.Art.ZUWENDUNGSBESCHEID)
        .only("daten")
        .order_by("-erstellt_am", "-pk")
        .first()
    )
    if bescheid is None or "zeitraum" not in bescheid.daten:
        raise WorkflowError("Zu diesem Antrag gibt es keinen Zuwendungsbescheid mit Bewilligungszeitraum.")
    z = bescheid.daten["zeitraum"]
    return (
        datetime.date.fromisoformat(z["bewilligung_von"]),
        datetime.date.fromisoformat(z["bewilligung_bis"]),
    )


def zuwendung_anlegen(antrag: Antrag, *, bestandskraeftig_am: datetime.date) -> Zuwendung:
    """The Zuwendung of a final grant (idempotent: returns the existing one). Called inside the
    transaction that makes the grant final."""
    vorhanden = Zuwendung.objects.filter(antrag=antrag).first()
    if vorhanden is not None:
        return vorhanden
    von, bis = _zeitraum(antrag)
    return Zuwendung.objects.create(
        antrag=antrag,
        bewilligt=antrag.zuwendung,
        bewilligungszeitraum_von=von,
        bewilligungszeitraum_bis=bis,
        finanzierungsart=Finanzierungsart(rules.finanzierungsart(antrag.foerderperiode.programmteil.nummer)),
        bestandskraeftig_am=bestandskraeftig_am,
    )


def _endgueltig(antrag: Antrag, *, by, am: datetime.date, grund: str) -> Zuwendung | None:
    """The notice is final on `am`: grant → bestandskraeftig + Zuwendung; rejection → final."""
    if antrag.ist_bewilligt:
        _change(antrag, to=S.BESTANDSKRAEFTIG, by=by, betrag=antrag.zuwendung, grund=grund)
        zuwendung = zuwendung_anlegen(antrag, bestandskraeftig_am=am)
        mails.bestandskraeftig(antrag_id=antrag.pk)  # outbox row in this transaction
        return zuwendung
    _change(antrag, to=S.ABLEHNUNG_BESTANDSKRAEFTIG, by=by, grund=grund)
    return None


def verzicht_einreichen(
    *, antrag: Antrag, by, datei, heute: datetime.date | None = None
) -> Rechtsbehelfsverzicht:
    """The Zeichnungsberechtigte uploads the signed Rechtsbehelfsverzicht (a PDF checked by
    komman.uploads): received today, the notice is final today (rules.bestandskraft)."""

    heute = heute or timezone.localdate()
    _require(permissions.can_waive(by, antrag))
    geprueft = datei.komman_pruefung
    if geprueft.content_type != "application/pdf":
        raise WorkflowError("Bitte laden Sie den unterschriebenen Rechtsbehelfsverzicht als PDF hoch.")
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_waive(by, antrag))  # re-checked under the lock
        bekanntgabe = bekanntgabe_von(antrag)
        if bekanntgabe is None:
            raise WorkflowError(
                "Der Bescheid ist noch nicht bekanntgegeben. Bitte laden Sie zuerst den Bescheid herunter; "
                "ein Verzicht vor der Bekanntgabe ist unwirksam."
            )
        if heute < bekanntgabe.bekanntgegeben_am:
            raise WorkflowError(
                f"Der Bescheid gilt erst am {datum(bekanntgabe.bekanntgegeben_am)} als bekanntgegeben; ein "
                "Verzicht vor der Bekanntgabe ist unwirksam. Bitte reichen Sie ihn ab diesem Tag ein."
            )
        verzicht = Rechtsbehelfsverzicht.objects.create(
            antrag=antrag,
            dateiname=geprueft.dateiname,
            pfad=ablage.speichere(datei, unterordner=f"verzicht/{antrag.pk}"),
            content_type=geprueft.content_type,
            groesse=geprueft.groesse,
            sha256=geprueft.sha256,
            eingegangen_am=heute,
            hochgeladen_von=by,
        )
        audit.protokolliere(
            wer=by, aktion=audit.Aktion.HOCHGELADEN, objekt=verzicht,
            details={"antrag": antrag.pk, "dateiname": verzicht.dateiname, "sha256": verzicht.sha256},
            request=audit.aktuelle_anfrage.get(),
        )  # fmt: skip
        ergebnis = stand(antrag)
        if ergebnis is None or ergebnis.bestandskraeftig_ab is None:
            raise WorkflowError(
                "Der Tag der Bestandskraft lässt sich nicht bestimmen; bitte wenden Sie sich an die Prüfung."
            )
        am = ergebnis.bestandskraeftig_ab  # the receipt day, or the day after an already passed Frist
        _endgueltig(
            antrag, by=by, am=am,
            grund=f"Rechtsbehelfsverzicht am {datum(heute)} eingegangen; der Bescheid ist bestandskräftig seit {datum(am)}.",
        )  # fmt: skip
    return verzicht


def klage_erfassen(
    *, antrag: Antrag, by, erhoben_am: datetime.date, gericht: str, aktenzeichen: str
) -> Klage:
    """Prüfung records a Klage against the notice: not final, payouts stop (klage_anhaengig)."""
    _require(permissions.can_record_klage(by, antrag))
    gericht, aktenzeichen = (gericht or "").strip(), (aktenzeichen or "").strip()
    if not gericht or not aktenzeichen:
        raise WorkflowError("Bitte geben Sie das Gericht und sein Aktenzeichen an.")
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_record_klage(by, antrag))
        if erhoben_am > timezone.localdate():
            raise WorkflowError("Der Tag der Klageerhebung darf nicht in der Zukunft liegen.")
        klage = Klage.objects.create(
            antrag=antrag, gegen=antrag.status, erhoben_am=erhoben_am, gericht=gericht,
            aktenzeichen=aktenzeichen, erfasst_von=by,
        )  # fmt: skip
        _change(
            antrag, to=S.KLAGE_ANHAENGIG, by=by,
            grund=f"Klage am {datum(erhoben_am)} erhoben ({gericht}, Az. {aktenzeichen}); Auszahlungen ruhen.",
        )  # fmt: skip
    return klage


def klage_entschieden(*, antrag: Antrag, by, ausgang: str, entschieden_am: datetime.date) -> Klage:
    """Prüfung records how the Klage ended: withdrawn or dismissed → the notice is final on the day
    the proceedings ended; the notice changed → back to bewilligt (DOMAIN.md §5, Abhilfe)."""
    _require(permissions.can_decide_klage(by, antrag))
    if ausgang not in Klage.Ausgang.values:
        raise WorkflowError("Bitte wählen Sie den Ausgang des Verfahrens.")
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_decide_klage(by, antrag))
        klage = Klage.objects.select_for_update().get(antrag=antrag, ausgang="")
        if entschieden_am < klage.erhoben_am or entschieden_am > timezone.localdate():
            raise WorkflowError(
                f"Das Verfahren kann nur zwischen der Klageerhebung ({datum(klage.erhoben_am)}) und heute enden."
            )
        klage.ausgang = ausgang
        klage.entschieden_am = entschieden_am
        klage.entschieden_erfasst_von = by
        klage.save(update_fields=["ausgang", "entschieden_am", "entschieden_erfasst_von"])
        text = f"{Klage.Ausgang(ausgang).label} am {datum(entschieden_am)} (Az. {klage.aktenzeichen})."
        if ausgang == Klage.Ausgang.BESCHEID_GEAENDERT:
            _change(
                antrag, to=S.BEWILLIGT, by=by, grund=f"{text} Der geänderte Bescheid wird neu bekanntgegeben."
            )
        else:
            _endgueltig(antrag, by=by, am=entschieden_am, grund=f"{text} Der Bescheid ist bestandskräftig.")
    return klage


def bestandskraft_durch_frist(antrag: Antrag, *, heute: datetime.date) -> bool:
    """The daily run: the notice is final on the day after the Klagefrist (rules.bestandskraft) if no
    Klage is recorded by then; True if this call made it final. Idempotent."""
    with transaction.atomic():
        antrag = _lock(antrag)
        if antrag.status not in S.ANFECHTBAR:
            return False
        ergebnis = stand(antrag)
        if ergebnis is None or ergebnis.bestandskraeftig_ab is None or ergebnis.bestandskraeftig_ab > heute:
            return False
        if _wartet_auf_neuen_bescheid(antrag):
            return False
        am = ergebnis.bestandskraeftig_ab
        _endgueltig(
            antrag, by=systembenutzer(), am=am,
            grund=f"Klagefrist am {datum(ergebnis.klagefrist_ende)} abgelaufen; der Bescheid ist bestandskräftig seit {datum(am)}.",
        )  # fmt: skip
    return True


def _wartet_auf_neuen_bescheid(antrag: Antrag) -> bool:
    """After a Klage ended with a changed notice, the old Bekanntgabe starts no Frist any more."""
    bekanntgabe = bekanntgabe_von(antrag)
    return Klage.objects.filter(
        antrag=antrag,
        ausgang=Klage.Ausgang.BESCHEID_GEAENDERT,
        entschieden_am__gte=bekanntgabe.bekanntgegeben_am if bekanntgabe else datetime.date.min,
    ).exists()
