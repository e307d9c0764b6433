"""Bekanntgabe and Bestandskraft of an Änderungsbescheid, and what changes with it.

Made known the day after the Zeichnungsberechtigte first downloads it (``rules.bekanntgabe_abruf``)
or the presumed day after posting (``rules.bekanntgabe_post``); final after the Klagefrist
(``rules.bestandskraft``, a KLAGEFRIST Frist row) or on the day a Rechtsbehelfsverzicht is
received. At Bestandskraft (``_endgueltig``): ``Zuwendung.bewilligt`` and the end of the
Bewilligungszeitraum become the new ones, a lower grant releases the difference from the
period's bound money, and more paid than the new grant becomes a refund claim
(``rueckforderungen.erfassen``, anlass AENDERUNG).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from antraege.workflow.kern import WorkflowError
from komman.formate import datum, euro
from komman.models import Rolle
from komman.permissions import roles_for
from programmteile import rules
from zuwendungen import fristen, rueckforderungen
from zuwendungen.models import Aenderungsantrag, AenderungStatus, Frist, Rueckforderung
from zuwendungen.taeglich import schritt
from zuwendungen.workflow.aenderung import rechnung
from zuwendungen.workflow.aenderung.entscheidung import _budget
from zuwendungen.workflow.aenderung.kern import darf, require, sperren, wechsel

St = AenderungStatus
E = Aenderungsantrag.Ergebnis


def stand(aenderung: Aenderungsantrag) -> rules.Bestandskraft | None:
    """Klagefrist and day of Bestandskraft of the Änderungsbescheid (None before its Bekanntgabe)."""
    monate = aenderung.zuwendung.antrag.foerderperiode.parameter().allgemein.rechtsbehelf_frist_monate
    if aenderung.bekanntgegeben_am is None or monate is None:
        return None
    return rules.bestandskraft(
        aenderung.bekanntgegeben_am,
        klagefrist_monate=monate,
        rechtsbehelfsverzicht_eingang=aenderung.verzicht_am,
    )


def _klagefrist_setzen(aenderung: Aenderungsantrag) -> None:
    ergebnis = stand(aenderung)
    if ergebnis is None:
        return
    fristen.setzen(
        schluessel=f"aenderung-klagefrist:{aenderung.pk}", art=Frist.Art.KLAGEFRIST,
        antrag=aenderung.zuwendung.antrag, zuwendung=aenderung.zuwendung, faellig_am=ergebnis.klagefrist_ende,
        titel=f"Klagefrist gegen den Änderungsbescheid Nr. {aenderung.nummer}", wer=Frist.Wer.PRUEFUNG,
        url=f"/zuwendungen/aenderungen/{aenderung.pk}/",
    )  # fmt: skip


def abruf_erfassen(*, aenderung: Aenderungsantrag, by, jetzt: datetime.datetime | None = None) -> bool:
    """The first download by a Zeichnungsberechtigte of the recipient makes the letter known
    the next day; anything else changes nothing (False)."""
    if aenderung.status != St.BESCHIEDEN or aenderung.bekanntgegeben_am is not None:
        return False
    if Rolle.ZEICHNUNGSBERECHTIGT not in roles_for(by, aenderung.zuwendung.antrag.antragsteller_id):
        return False
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        if aenderung.bekanntgegeben_am is not None:
            return False
        jetzt = jetzt or timezone.now()
        aenderung.abgerufen_am = jetzt
        aenderung.bekanntgegeben_am = rules.bekanntgabe_abruf(timezone.localdate(jetzt))
        aenderung.save(update_fields=["abgerufen_am", "bekanntgegeben_am"])
        _klagefrist_setzen(aenderung)
    return True


def post_erfassen(*, aenderung: Aenderungsantrag, by, zur_post_am: datetime.date) -> Aenderungsantrag:
    """Prüfung records the posting of the letter (statutory presumption ``bekanntgabe.post_tage``)."""
    require(darf(by, aenderung, "post"))
    tage = aenderung.zuwendung.antrag.foerderperiode.parameter().allgemein.bekanntgabe_post_tage
    if tage is None:
        raise WorkflowError(
            "Für die Förderperiode ist keine Postlaufzeit hinterlegt (bekanntgabe.post_tage)."
        )
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "post"))
        if aenderung.bekanntgegeben_am is not None:
            raise WorkflowError(
                f"Der Änderungsbescheid ist seit {datum(aenderung.bekanntgegeben_am)} bekanntgegeben."
            )
        aenderung.zur_post_am = zur_post_am
        aenderung.bekanntgegeben_am = rules.bekanntgabe_post(zur_post_am, post_tage=tage)
        wechsel(
            aenderung, aktion="post", by=by,
            grund=f"Änderungsbescheid am {datum(zur_post_am)} zur Post gegeben; bekanntgegeben am "
            f"{datum(aenderung.bekanntgegeben_am)}.",
            update_fields=("zur_post_am", "bekanntgegeben_am"),
        )  # fmt: skip
        _klagefrist_setzen(aenderung)
    return aenderung


def verzichten(*, aenderung: Aenderungsantrag, by, heute: datetime.date | None = None) -> Aenderungsantrag:
    """The Zeichnungsberechtigte declares the Rechtsbehelfsverzicht: final on its day."""
    heute = heute or timezone.localdate()
    require(darf(by, aenderung, "verzichten"))
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "verzichten"))
        if aenderung.bekanntgegeben_am is None or heute < aenderung.bekanntgegeben_am:
            raise WorkflowError(
                "Der Änderungsbescheid ist noch nicht bekanntgegeben; ein Verzicht vor der Bekanntgabe ist unwirksam. "
                "Bitte laden Sie zuerst den Bescheid herunter."
            )
        aenderung.verzicht_am = heute
        aenderung.save(update_fields=["verzicht_am"])
        ergebnis = stand(aenderung)
        am = ergebnis.bestandskraeftig_ab if ergebnis and ergebnis.bestandskraeftig_ab else heute
        _endgueltig(
            aenderung, aktion="verzichten", by=by, am=am,
            grund=f"Rechtsbehelfsverzicht am {datum(heute)} erklärt; der Änderungsbescheid ist bestandskräftig seit {datum(am)}.",
        )  # fmt: skip
    return aenderung


def bestandskraft_durch_frist(aenderung: Aenderungsantrag, *, heute: datetime.date) -> bool:
    """The daily run: final the day after the Klagefrist. Idempotent (True if this call did it)."""
    from zuwendungen.workflow.bestandskraft import systembenutzer

    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        if aenderung.status != St.BESCHIEDEN:
            return False
        ergebnis = stand(aenderung)
        if ergebnis is None or ergebnis.bestandskraeftig_ab is None or ergebnis.bestandskraeftig_ab > heute:
            return False
        am = ergebnis.bestandskraeftig_ab
        _endgueltig(
            aenderung, aktion="bestandskraft", by=systembenutzer(), am=am,
            grund=f"Klagefrist am {datum(ergebnis.klagefrist_ende)} abgelaufen; der Änderungsbescheid ist "
            f"bestandskräftig seit {datum(am)}.",
        )  # fmt: skip
    return True


@schritt("aenderung_bestandskraft")
def taeglich(heute: datetime.date) -> int:
    """Every Änderungsbescheid made known whose Klagefrist has run becomes final (once)."""
    faellig = Aenderungsantrag.objects.filter(status=St.BESCHIEDEN, bekanntgegeben_am__isnull=False).order_by(
        "pk"
    )
    return sum(bestandskraft_durch_frist(a, heute=heute) for a in faellig)


def _endgueltig(aenderung: Aenderungsantrag, *, aktion: str, by, am: datetime.date, grund: str) -> None:
    """The change is final (caller holds the locks): the grant in force changes, money follows."""
    zuwendung = aenderung.zuwendung
    aenderung.bestandskraeftig_am = am
    wechsel(aenderung, aktion=aktion, by=by, grund=grund, betrag=aenderung.neu_bewilligt,
            update_fields=("bestandskraeftig_am",))  # fmt: skip
    fristen.erledigen(f"aenderung-klagefrist:{aenderung.pk}")
    if aenderung.ergebnis == E.ABGELEHNT:
        return
    folgen = rechnung.entscheidung(
        aenderung, neu_bewilligt=aenderung.neu_bewilligt, neu_bis=aenderung.neu_bis
    )
    if folgen.freigegeben > 0:
        _budget(zuwendung.antrag.foerderperiode_id, -folgen.freigegeben, by=by)
    zuwendung.bewilligt = folgen.neu_bewilligt
    zuwendung.bewilligungszeitraum_bis = aenderung.neu_bis
    zuwendung.save(update_fields=["bewilligt", "bewilligungszeitraum_bis"])
    if folgen.rueckforderung > 0:
        rueckforderungen.erfassen(
            zuwendung=zuwendung, anlass=Rueckforderung.Anlass.AENDERUNG, quelle=f"aenderung:{aenderung.pk}",
            betrag=folgen.rueckforderung, entstanden_am=aenderung.bekanntgegeben_am or am, wer=by,
            grund=f"Änderungsbescheid Nr. {aenderung.nummer} vom {datum(aenderung.bescheid_am)}: neue Zuwendung "
            f"{euro(folgen.neu_bewilligt)}, ausgezahlt mehr; zu erstatten {euro(folgen.rueckforderung)}.",
        )  # fmt: skip
