"""Entscheidung: the lines of a proposal, the caps, the budget, proposals of Bewilligung and
Ablehnung, Zeichnung (four eyes) and sending a proposal back. Every changed amount is audited."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from antraege import mails, permissions
from antraege.models import Antrag, AntragTeil1, Dokument, Massnahme, Position, Schreiben
from antraege.regeln import (
    beginn_moeglich,
    bewilligungsparameter,
    finanzierungsplan_moeglich,
    zeilen_im_rahmen,
    zeitraum_moeglich,
    zeitraum_vorschlag,
)
from antraege.workflow.kern import (
    S,
    WorkflowError,
    _brief_moeglich,
    _change,
    _dokument,
    _lock,
    _pruefe_version,
    _require,
)
from antraege.workflow.vorschlag import (
    _pruefe_hoechstgrenze,
    anlagen_vorhanden,
    vorschlagszeilen,
)
from komman import audit
from programmteile.models import Foerderperiode


def budgetstand(periode: Foerderperiode) -> dict[str, Decimal]:
    """Haushaltsmittel, gebunden, vorgeschlagen (proposed, not yet signed) and verfügbar of a period."""
    vorgeschlagen = Antrag.objects.filter(
        foerderperiode=periode, status=S.BEWILLIGUNG_VORGESCHLAGEN
    ).aggregate(s=Sum("zuwendung"))["s"] or Decimal("0.00")
    return {
        "budget": periode.budget,
        "gebunden": periode.gebunden,
        "vorgeschlagen": vorgeschlagen,
        "verfuegbar": periode.budget - periode.gebunden,
        "verfuegbar_nach_vorschlaegen": periode.budget - periode.gebunden - vorgeschlagen,
    }


def _massstab(antrag: Antrag) -> Decimal:
    """What the applicant asked for; a decision below it is worse for the applicant (§ 28 VwVfG NRW)."""
    return antrag.beantragt or Decimal("0.00")


@transaction.atomic
def propose_approval(
    *,
    antrag: Antrag,
    by,
    zeilen: dict[str, tuple[Decimal, str]],
    begruendung: str = "",
    version: int | None = None,
    bewilligung_von=None,
    bewilligung_bis=None,
) -> Antrag:
    """Prüfung proposes a Bewilligung, in full or in part (amount and reason per line) and the
    notice's Bewilligungszeitraum (default: rules.zeitraum.vorschlag); Zeichnung signs it."""
    from komman.formate import euro

    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_propose(by, antrag))
    _brief_moeglich(antrag)
    _require(bewilligungsparameter(antrag))  # every parameter the notice computes with is maintained
    if bewilligung_von is None or bewilligung_bis is None:
        vorschlag_von, vorschlag_bis = zeitraum_vorschlag(antrag)
        bewilligung_von = bewilligung_von or vorschlag_von
        bewilligung_bis = bewilligung_bis or vorschlag_bis
    _require(zeitraum_moeglich(antrag, bewilligung_von, bewilligung_bis))
    _require(beginn_moeglich(antrag))
    _require(finanzierungsplan_moeglich(antrag))  # Part III: VV 1.2 blocks, it does not only warn
    _require(anlagen_vorhanden(antrag))
    soll = vorschlagszeilen(antrag)
    fehlend = [z.bezeichnung for z in soll if z.schluessel not in zeilen]
    if fehlend:
        raise WorkflowError("Bitte geben Sie einen Betrag an für: " + "; ".join(fehlend) + ".")
    zuwendung = Decimal("0.00")
    for z in soll:
        betrag, grund, *_ = zeilen[z.schluessel]
        if betrag is None or betrag < 0:
            raise WorkflowError(f"{z.bezeichnung}: Der Betrag darf nicht negativ sein.")
        if betrag > z.beantragt:
            raise WorkflowError(
                f"{z.bezeichnung}: Bewilligt werden kann höchstens der beantragte Betrag ({euro(z.beantragt)})."
            )
        if betrag < z.beantragt and not (grund or "").strip():
            raise WorkflowError(f"{z.bezeichnung}: Bitte begründen Sie die Kürzung (§ 39 VwVfG NRW).")
        zuwendung += betrag
    if zuwendung <= 0:
        raise WorkflowError(
            "Eine Bewilligung über 0,00 € ist eine Ablehnung; bitte schlagen Sie die Ablehnung vor."
        )
    _pruefe_hoechstgrenze(antrag, zuwendung)
    # no line above the rules' cap (the notice's "höchstens") for the months granted
    _require(zeilen_im_rahmen(antrag, zeilen, (bewilligung_von, bewilligung_bis)))
    massstab = _massstab(antrag)
    if zuwendung < massstab:
        if antrag.status != S.ANHOERUNG:
            raise WorkflowError(
                f"Die Zuwendung ({euro(zuwendung)}) liegt unter dem beantragten Betrag ({euro(massstab)}). "
                "Vor einer Teilbewilligung muss der Antragsteller angehört werden (§ 28 VwVfG NRW)."
            )
        anhoerung = (
            antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG).order_by("-erstellt_am", "-pk").first()
        )
        if (
            anhoerung
            and anhoerung.beabsichtigter_betrag is not None
            and zuwendung < anhoerung.beabsichtigter_betrag
        ):
            raise WorkflowError(
                f"Die Zuwendung ({euro(zuwendung)}) liegt unter dem in der Anhörung genannten Betrag "
                f"({euro(anhoerung.beabsichtigter_betrag)}); dafür ist eine neue Anhörung nötig."
            )
        if not begruendung.strip():
            raise WorkflowError("Bitte begründen Sie die Teilbewilligung.")
    _zeilen_speichern(antrag, zeilen)
    antrag.zuwendung = zuwendung
    antrag.begruendung = begruendung.strip()
    antrag.vorgeschlagen_von = by
    antrag.vorgeschlagen_am = timezone.now()
    antrag.bewilligung_von, antrag.bewilligung_bis = bewilligung_von, bewilligung_bis
    art = "Teilbewilligung" if zuwendung < massstab else "Bewilligung"
    _change(
        antrag, to=S.BEWILLIGUNG_VORGESCHLAGEN, by=by, betrag=zuwendung, intern=True,
        grund=f"{art} vorgeschlagen, Bewilligungszeitraum {bewilligung_von:%d.%m.%Y} bis "
        f"{bewilligung_bis:%d.%m.%Y}." + (f" {antrag.begruendung}" if antrag.begruendung else ""),
        update_fields=(
            "zuwendung", "begruendung", "vorgeschlagen_von", "vorgeschlagen_am", "bewilligung_von",
            "bewilligung_bis",
        ),
    )  # fmt: skip
    mails.vorschlag_wartet(antrag_id=antrag.pk)
    return antrag


def _zeilen_speichern(antrag: Antrag, zeilen: dict[str, tuple]) -> None:
    """The approved amount and reason per line, saved through the model (the caller holds the
    Antrag's lock): every changed amount leaves its audit record (komman.audit). A Part III line
    may carry a third value: the costs not recognised as eligible."""
    teil1 = AntragTeil1.objects.filter(antrag=antrag).first()
    positionen = {f"position-{p.pk}": p for p in Position.objects.filter(antrag=antrag)}
    massnahmen = {f"massnahme-{m.pk}": m for m in Massnahme.objects.filter(antrag=antrag)}
    for schluessel, (betrag, grund, *abzug) in zeilen.items():
        grund = (grund or "").strip()
        if schluessel in ("personal", "sachmittel") and teil1 is not None:
            setattr(teil1, f"{schluessel}_bewilligt", betrag)
            setattr(teil1, f"{schluessel}_kuerzungsgrund", grund)
        elif zeile := positionen.get(schluessel):
            zeile.bewilligt, zeile.kuerzungsgrund = betrag, grund
            zeile.save(update_fields=["bewilligt", "kuerzungsgrund"])
        elif zeile := massnahmen.get(schluessel):
            zeile.bewilligt, zeile.kuerzungsgrund = betrag, grund
            zeile.nicht_zuwendungsfaehig = (abzug[0] or None) if abzug else None
            zeile.save(update_fields=["bewilligt", "kuerzungsgrund", "nicht_zuwendungsfaehig"])
    if teil1 is not None and {"personal", "sachmittel"} & set(zeilen):
        teil1.save(
            update_fields=[
                "personal_bewilligt", "personal_kuerzungsgrund", "sachmittel_bewilligt", "sachmittel_kuerzungsgrund"
            ]
        )  # fmt: skip


def _mittel_binden(periode: Foerderperiode, betrag: Decimal, *, by) -> None:
    """Adds `betrag` to the period's bound money (the caller holds the period's row lock).

    F() keeps the addition in the database and the constraint foerderperiode_budget_reicht
    backs up the check; the audit record of the amount is written in the same transaction.
    """
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=F("gebunden") + betrag)
    vorher = periode.gebunden
    periode.refresh_from_db(fields=["gebunden"])
    audit.betrag_geaendert(periode, {"gebunden": (vorher, periode.gebunden)}, wer=by)


@transaction.atomic
def propose_rejection(
    *, antrag: Antrag, by, begruendung: str, ermessen: str = "", version: int | None = None
) -> Antrag:
    """Prüfung proposes an Ablehnung after the Anhörung, with its reasons and the discretion
    exercised (§ 39 Abs. 1 S. 3 VwVfG NRW); Zeichnung signs it."""
    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_propose_rejection(by, antrag))
    _brief_moeglich(antrag)
    begruendung = (begruendung or "").strip()
    ermessen = (ermessen or "").strip()
    if not begruendung:
        raise WorkflowError("Bitte begründen Sie die Ablehnung (§ 39 VwVfG NRW).")
    if not ermessen:
        raise WorkflowError(
            "Bitte nennen Sie die Ermessenserwägungen: von welchen Gesichtspunkten die Behörde bei der "
            "Ablehnung ausgegangen ist (§ 39 Abs. 1 Satz 3 VwVfG NRW)."
        )
    antrag.zuwendung = Decimal("0.00")
    antrag.begruendung = begruendung
    antrag.ermessen = ermessen
    antrag.vorgeschlagen_von = by
    antrag.vorgeschlagen_am = timezone.now()
    _change(
        antrag, to=S.ABLEHNUNG_VORGESCHLAGEN, by=by, grund=f"Ablehnung vorgeschlagen. {begruendung}", intern=True,
        update_fields=("zuwendung", "begruendung", "ermessen", "vorgeschlagen_von", "vorgeschlagen_am"),
    )  # fmt: skip
    mails.vorschlag_wartet(antrag_id=antrag.pk)
    return antrag


@transaction.atomic
def approve(*, antrag: Antrag, by, version: int | None = None) -> Antrag:
    """Zeichnung signs the proposed Bewilligung (four eyes), binds the money, issues the Bescheid."""
    from komman.formate import euro

    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_sign(by, antrag))  # four eyes, re-checked under the lock
    if antrag.status != S.BEWILLIGUNG_VORGESCHLAGEN:
        raise WorkflowError("Es liegt keine vorgeschlagene Bewilligung vor.")
    _brief_moeglich(antrag)
    _require(bewilligungsparameter(antrag))
    # The period and the early start are checked again against the day of the signing; a
    # proposal from before periods were decided gets the default period of the signing day.
    if antrag.bewilligung_von is None or antrag.bewilligung_bis is None:
        antrag.bewilligung_von, antrag.bewilligung_bis = zeitraum_vorschlag(antrag)
    _require(zeitraum_moeglich(antrag, antrag.bewilligung_von, antrag.bewilligung_bis))
    _require(beginn_moeglich(antrag))
    _require(finanzierungsplan_moeglich(antrag))
    _require(anlagen_vorhanden(antrag))  # the notice names each Anlage with its Fassung
    zuwendung = antrag.zuwendung or Decimal("0.00")
    _pruefe_hoechstgrenze(antrag, zuwendung)
    # Lock order: the Antrag, then the Foerderperiode (every transition does the same).
    periode = Foerderperiode.objects.select_for_update().get(pk=antrag.foerderperiode_id)
    verfuegbar = periode.budget - periode.gebunden
    if zuwendung > verfuegbar:
        raise WorkflowError(
            f"Das Budget reicht nicht: verfügbar sind noch {euro(verfuegbar)}, "
            f"die Bewilligung beträgt {euro(zuwendung)}."
        )
    _mittel_binden(periode, zuwendung, by=by)
    antrag.gezeichnet_von = by
    antrag.gezeichnet_am = timezone.now()
    wechsel = _change(
        antrag, to=S.BEWILLIGT, by=by, betrag=zuwendung,
        grund=f"Bewilligung gezeichnet. {antrag.begruendung}".strip(),
        update_fields=("gezeichnet_von", "gezeichnet_am", "bewilligung_von", "bewilligung_bis"),
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.ZUWENDUNGSBESCHEID, by)
    mails.entschieden(antrag_id=antrag.pk)
    return antrag


@transaction.atomic
def reject(*, antrag: Antrag, by, version: int | None = None) -> Antrag:
    """Zeichnung signs the proposed Ablehnung (four eyes) and issues the Ablehnungsbescheid."""
    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_sign(by, antrag))
    if antrag.status != S.ABLEHNUNG_VORGESCHLAGEN:
        raise WorkflowError("Es liegt keine vorgeschlagene Ablehnung vor.")
    _brief_moeglich(antrag)
    antrag.gezeichnet_von = by
    antrag.gezeichnet_am = timezone.now()
    wechsel = _change(
        antrag, to=S.ABGELEHNT, by=by, grund=f"Ablehnung gezeichnet. {antrag.begruendung}".strip(),
        update_fields=("gezeichnet_von", "gezeichnet_am"),
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.ABLEHNUNGSBESCHEID, by)
    mails.entschieden(antrag_id=antrag.pk)
    return antrag


@transaction.atomic
def send_back(*, antrag: Antrag, by, grund: str, version: int | None = None) -> Antrag:
    """Zeichnung returns a proposal to the Prüfung with a comment (→ inhaltliche_pruefung)."""
    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_send_back(by, antrag))
    grund = (grund or "").strip()
    if not grund:
        raise WorkflowError("Bitte schreiben Sie, was an dem Vorschlag zu ändern ist.")
    antrag.vorgeschlagen_von = None
    antrag.vorgeschlagen_am = None
    _change(
        antrag, to=S.INHALTLICHE_PRUEFUNG, by=by, grund=f"Vorschlag zurückgegeben: {grund}", intern=True,
        update_fields=("vorgeschlagen_von", "vorgeschlagen_am"),
    )  # fmt: skip
    return antrag
