"""Weiterleitung (Part II): the Kommune records the forwarding of a line to its Letztempfänger.

The sum forwarded per line never exceeds the amount granted for the line
(rules.weiterleitung_uebersteigt): checked under the lock of the Zuwendung row, so two
forwardings at the same time are checked one after the other.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from antraege.models import Position
from antraege.workflow.kern import WorkflowError, _record, _require
from komman.formate import datum, euro
from programmteile import rules
from zuwendungen import permissions
from zuwendungen.models import Weiterleitung, Zuwendung


class WeiterleitungFehler(WorkflowError):
    """A refused forwarding; ``feld`` names the form field the message belongs to."""

    def __init__(self, meldung: str, feld: str | None = None):
        super().__init__(meldung)
        self.feld = feld


def weitergeleitet_je_zeile(zuwendung: Zuwendung, weiterleitungen: list | None = None) -> dict[int, Decimal]:
    """{position id: forwarded sum} of a Zuwendung (one aggregate query); from ``weiterleitungen``
    (every Weiterleitung of the grant, as the grant's page has them loaded) without a query."""
    if weiterleitungen is not None:
        summen: dict[int, Decimal] = {}
        for w in weiterleitungen:
            summen[w.position_id] = summen.get(w.position_id, Decimal("0.00")) + w.betrag
        return summen
    return dict(
        Weiterleitung.objects.filter(zuwendung=zuwendung)
        .values("position_id")
        .annotate(summe=Sum("betrag"))
        .values_list("position_id", "summe")
    )


def weiterleitung_erfassen(
    *,
    zuwendung: Zuwendung,
    by,
    position: Position,
    form: str,
    datum_vertrag: datetime.date,
    einheiten: int,
    betrag: Decimal,
    anbest_p: bool,
    pruefrecht: bool,
    erstattung_mit_zinsen: bool,
) -> Weiterleitung:
    _require(permissions.can_forward(by, zuwendung))
    if position.antrag_id != zuwendung.antrag_id:
        raise WeiterleitungFehler("Diese Maßnahme gehört nicht zu der Zuwendung.", "position")
    if not (anbest_p and pruefrecht and erstattung_mit_zinsen):
        raise WeiterleitungFehler(
            "Der Vertrag muss die ANBest-P, das Prüfrecht von Bezirksregierung und Landesrechnungshof "
            "und die Erstattung mit Zinsen vereinbaren (VV 12 zu § 44 LHO).",
            "anbest_p",
        )
    if datum_vertrag > timezone.localdate():
        raise WeiterleitungFehler("Das Datum darf nicht in der Zukunft liegen.", "datum")
    if position.einheiten is not None and einheiten > position.einheiten:
        raise WeiterleitungFehler(
            f"Für diese Maßnahme sind {position.einheiten} Einheiten bewilligt.", "einheiten"
        )
    with transaction.atomic():
        # The Zuwendung's row is the lock every forwarding of this grant takes first.
        zuwendung = Zuwendung.objects.select_for_update().select_related("antrag").get(pk=zuwendung.pk)
        _require(permissions.can_forward(by, zuwendung))
        rahmen = {str(position.pk): position.bewilligt or Decimal("0.00")}
        bisher = {str(k): v for k, v in weitergeleitet_je_zeile(zuwendung).items()}
        fehler = rules.weiterleitung_uebersteigt(rahmen, bisher, {str(position.pk): betrag})
        if fehler:
            raise WeiterleitungFehler(fehler[str(position.pk)], "betrag")
        weiterleitung = Weiterleitung.objects.create(
            zuwendung=zuwendung,
            position=position,
            letztempfaenger=position.empfaenger or "Kommune selbst",
            form=form,
            datum=datum_vertrag,
            einheiten=einheiten,
            betrag=betrag,
            anbest_p=anbest_p,
            pruefrecht=pruefrecht,
            erstattung_mit_zinsen=erstattung_mit_zinsen,
            erfasst_von=by,
        )
        _record(
            zuwendung.antrag, by=by, intern=False, betrag=betrag,
            grund=(
                f"Weiterleitung an {weiterleitung.letztempfaenger} erfasst: {euro(betrag)} "
                f"({weiterleitung.get_form_display()} vom {datum(datum_vertrag)})."
            ),
        )  # fmt: skip
    return weiterleitung
