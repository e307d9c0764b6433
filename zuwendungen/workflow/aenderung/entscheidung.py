"""The authority's side of a change: take it, hear the recipient, propose, send back, sign.

Anhörung (§ 28 VwVfG NRW) exactly when the decision is worse for the recipient than what it
asked for (``rules.anhoerung_noetig``), not for exactly what was asked (§ 28 Abs. 2 Nr. 3).
Four eyes: whoever proposed never signs (``kern.darf``, the constraint aenderung_vier_augen).
A higher grant binds the difference at the signing under the Förderperiode's row lock and its
constraint foerderperiode_budget_reicht, as a Bewilligung does; a lower one releases it only
when the change is final (bestandskraft.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from antraege.workflow.kern import WorkflowError
from komman import audit
from komman.formate import datum, euro
from programmteile.models import Foerderperiode
from programmteile.rules import aenderungsrechnung as ar
from zuwendungen import mails_aenderung
from zuwendungen.models import Aenderungsantrag, AenderungSchritt, AenderungStatus
from zuwendungen.workflow.aenderung import rechnung
from zuwendungen.workflow.aenderung.antrag import AenderungFehler, anhoerung_frist, anhoerung_frist_setzen
from zuwendungen.workflow.aenderung.kern import darf, pruefe_version, require, sperren, wechsel

St = AenderungStatus
E = Aenderungsantrag.Ergebnis


def uebernehmen(*, aenderung: Aenderungsantrag, by) -> Aenderungsantrag:
    require(darf(by, aenderung, "uebernehmen"))
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "uebernehmen"))
        wechsel(
            aenderung,
            aktion="uebernehmen",
            by=by,
            grund="Prüfung des Änderungsantrags begonnen.",
            intern=True,
        )
    return aenderung


def _entschieden(
    aenderung: Aenderungsantrag, ergebnis: str, betrag: Decimal | None, bis: datetime.date | None
):
    """The decided figures: in full what was asked, refused the grant in force, in part as given."""
    if ergebnis == E.VOLL:
        return aenderung.beantragt_neu, aenderung.bis_beantragt
    if ergebnis == E.ABGELEHNT:
        return aenderung.zuwendung.bewilligt, aenderung.zuwendung.bewilligungszeitraum_bis
    return betrag, bis


def anhoerung_noetig(aenderung: Aenderungsantrag, ergebnis: str, betrag: Decimal, bis: datetime.date) -> bool:
    return ar.anhoerung_noetig(
        von_amts_wegen=aenderung.von_amts_wegen, bewilligt_vorher=aenderung.zuwendung.bewilligt,
        bis_vorher=aenderung.zuwendung.bewilligungszeitraum_bis, beantragt=aenderung.beantragt_neu,
        bis_beantragt=aenderung.bis_beantragt, entschieden=betrag, bis_entschieden=bis,
        abgelehnt=ergebnis == E.ABGELEHNT,
    )  # fmt: skip


def anhoeren(
    *,
    aenderung: Aenderungsantrag,
    by,
    text: str,
    betrag: Decimal | None = None,
    heute: datetime.date | None = None,
) -> Aenderungsantrag:
    """Prüfung tells the recipient the intended decision (amount, reasons) with a deadline."""
    require(darf(by, aenderung, "anhoeren"))
    text = (text or "").strip()
    if not text:
        raise AenderungFehler({"text": ["Bitte nennen Sie die beabsichtigte Entscheidung und ihre Gründe."]})
    if betrag is not None and betrag < 0:
        raise AenderungFehler({"betrag": ["Der Betrag darf nicht negativ sein."]})
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "anhoeren"))
        aenderung.anhoerung_text = text
        aenderung.anhoerung_betrag = betrag
        aenderung.anhoerung_frist = anhoerung_frist(aenderung, heute or timezone.localdate())
        aenderung.stellungnahme, aenderung.stellungnahme_am = "", None
        wechsel(
            aenderung, aktion="anhoeren", by=by, betrag=betrag,
            grund=f"Anhörung (§ 28 VwVfG NRW), Stellungnahme bis {datum(aenderung.anhoerung_frist)}: {text}",
            update_fields=("anhoerung_text", "anhoerung_betrag", "anhoerung_frist", "stellungnahme", "stellungnahme_am"),
        )  # fmt: skip
        anhoerung_frist_setzen(aenderung)
        mails_aenderung.nach_commit(aenderung, "aenderung_anhoerung")
    return aenderung


def vorschlagen(
    *,
    aenderung: Aenderungsantrag,
    by,
    ergebnis: str,
    gruende: str = "",
    betrag: Decimal | None = None,
    bis: datetime.date | None = None,
    version: int | None = None,
) -> Aenderungsantrag:
    """Prüfung proposes: in full, in part (amount and/or end of the period) or refused, with reasons."""
    require(darf(by, aenderung, "vorschlagen"))
    if ergebnis not in E.values:
        raise AenderungFehler({"ergebnis": ["Bitte wählen Sie die Entscheidung."]})
    gruende = (gruende or "").strip()
    with transaction.atomic():
        zuwendung, aenderung = sperren(aenderung)
        pruefe_version(aenderung, version)
        require(darf(by, aenderung, "vorschlagen"))
        if (
            aenderung.status == St.ANHOERUNG
            and aenderung.stellungnahme_am is None
            and aenderung.anhoerung_frist is not None
            and timezone.localdate() <= aenderung.anhoerung_frist
        ):
            raise WorkflowError(
                f"Die Frist zur Stellungnahme läuft bis {datum(aenderung.anhoerung_frist)}; vorher wird nicht entschieden."
            )
        neu, neu_bis = _entschieden(aenderung, ergebnis, betrag, bis)
        if neu is None or neu < 0:
            raise AenderungFehler({"betrag": ["Bitte geben Sie die neue Zuwendung an (ab 0,00 €)."]})
        if neu_bis is None or neu_bis < zuwendung.bewilligungszeitraum_von:
            raise AenderungFehler({"bis": ["Bitte geben Sie das Ende des Bewilligungszeitraums an."]})
        if (
            ergebnis == E.TEILWEISE
            and not aenderung.von_amts_wegen
            and (neu > max(aenderung.beantragt_neu, zuwendung.bewilligt) or neu_bis > aenderung.bis_beantragt)
        ):
            raise AenderungFehler({"betrag": [
                f"Mehr als beantragt ({euro(aenderung.beantragt_neu)}, bis {datum(aenderung.bis_beantragt)}) "
                "wird nicht geändert."
            ]})  # fmt: skip
        if ergebnis != E.VOLL and not gruende:
            raise AenderungFehler({"gruende": ["Bitte begründen Sie die Entscheidung (§ 39 VwVfG NRW)."]})
        if anhoerung_noetig(aenderung, ergebnis, neu, neu_bis):
            if aenderung.status != St.ANHOERUNG:
                raise WorkflowError(
                    "Die Entscheidung ist für den Zuwendungsempfänger ungünstiger als beantragt; vorher muss er "
                    "angehört werden (§ 28 VwVfG NRW)."
                )
            if aenderung.anhoerung_betrag is not None and neu < aenderung.anhoerung_betrag:
                raise WorkflowError(
                    f"Die neue Zuwendung ({euro(neu)}) liegt unter dem in der Anhörung genannten Betrag "
                    f"({euro(aenderung.anhoerung_betrag)}); dafür ist eine neue Anhörung nötig."
                )
        aenderung.ergebnis, aenderung.neu_bewilligt, aenderung.neu_bis = ergebnis, neu, neu_bis
        aenderung.entscheidungsgruende = gruende
        aenderung.vorgeschlagen_von, aenderung.vorgeschlagen_am = by, timezone.now()
        wechsel(
            aenderung, aktion="vorschlagen", by=by, betrag=neu, intern=True,
            grund=f"{E(ergebnis).label} vorgeschlagen: Zuwendung {euro(neu)}, bis {datum(neu_bis)}. {gruende}".strip(),
            update_fields=("ergebnis", "neu_bewilligt", "neu_bis", "entscheidungsgruende", "vorgeschlagen_von", "vorgeschlagen_am"),
        )  # fmt: skip
        mails_aenderung.nach_commit(aenderung, "aenderung_vorgeschlagen")
    return aenderung


def zurueckgeben(*, aenderung: Aenderungsantrag, by, grund: str) -> Aenderungsantrag:
    require(darf(by, aenderung, "zurueckgeben"))
    grund = (grund or "").strip()
    if not grund:
        raise AenderungFehler({"grund": ["Bitte schreiben Sie, was an dem Vorschlag zu ändern ist."]})
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "zurueckgeben"))
        aenderung.vorgeschlagen_von, aenderung.vorgeschlagen_am = None, None
        wechsel(
            aenderung, aktion="zurueckgeben", by=by, grund=f"Vorschlag zurückgegeben: {grund}", intern=True,
            update_fields=("vorgeschlagen_von", "vorgeschlagen_am"),
        )  # fmt: skip
    return aenderung


def _budget(periode_id: int, betrag: Decimal, *, by) -> None:
    """Adds ``betrag`` (negative: releases) to the period's bound money under its row lock; the
    constraints foerderperiode_budget_reicht / _gebunden_nicht_negativ back up the check."""
    periode = Foerderperiode.objects.select_for_update().get(pk=periode_id)
    if betrag > 0 and betrag > periode.budget - periode.gebunden:
        raise WorkflowError(
            f"Das Budget reicht nicht: verfügbar sind noch {euro(periode.budget - periode.gebunden)}, "
            f"die Erhöhung beträgt {euro(betrag)}."
        )
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=F("gebunden") + betrag)
    vorher = periode.gebunden
    periode.refresh_from_db(fields=["gebunden"])
    audit.betrag_geaendert(periode, {"gebunden": (vorher, periode.gebunden)}, wer=by)


def zeichnen(*, aenderung: Aenderungsantrag, by, version: int | None = None) -> Aenderungsantrag:
    """Zeichnung signs (four eyes): the Änderungsbescheid is issued; a higher grant binds the
    difference now (never over budget)."""
    from zuwendungen.bescheide import aenderung as brief

    require(darf(by, aenderung, "zeichnen"))
    with transaction.atomic():
        zuwendung, aenderung = sperren(aenderung)
        pruefe_version(aenderung, version)
        require(darf(by, aenderung, "zeichnen"))
        folgen = rechnung.entscheidung(
            aenderung, neu_bewilligt=aenderung.neu_bewilligt, neu_bis=aenderung.neu_bis
        )
        if aenderung.ergebnis != E.ABGELEHNT and folgen.zu_binden > 0:
            _budget(zuwendung.antrag.foerderperiode_id, folgen.zu_binden, by=by)
        aenderung.gezeichnet_von, aenderung.gezeichnet_am = by, timezone.now()
        aenderung.bescheid_am = timezone.localdate()
        wechsel(
            aenderung, aktion="zeichnen", by=by, betrag=aenderung.neu_bewilligt,
            grund=f"Änderungsbescheid gezeichnet: {aenderung.get_ergebnis_display()}, Zuwendung "
            f"{euro(aenderung.neu_bewilligt)}, Bewilligungszeitraum bis {datum(aenderung.neu_bis)}.",
            update_fields=("gezeichnet_von", "gezeichnet_am", "bescheid_am"),
        )  # fmt: skip
        if folgen.lrh_mitteilung and aenderung.ergebnis != E.ABGELEHNT:
            AenderungSchritt.objects.create(
                aenderung=aenderung, von=aenderung.status, nach=aenderung.status, wer=by, intern=True,
                grund="Der ursprüngliche Bescheid ging an den Landesrechnungshof; der Änderungsbescheid wird ihm "
                "in Kopie mitgeteilt (VV 4.4 / VVG 4.2 zu § 44 LHO).",
            )  # fmt: skip
        brief.anlegen(aenderung=aenderung, by=by)
        mails_aenderung.nach_commit(aenderung, "aenderung_beschieden")
    return aenderung
