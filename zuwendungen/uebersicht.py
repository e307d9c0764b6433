"""Kennzahlen of Zuwendungen for the lists and pages: granted, called, paid, open, next deadlines.

The one place that computes them (``zuwendungen.kennzahlen(qs)``): SQL aggregates as
annotations on the queryset, so a list of 5 or 500 grants costs the same number of queries.
Amounts of processes that do not exist yet are None ("noch nicht erfasst"), never 0.

Extending (the Mittelabruf/Auszahlung process): add an annotation in ``_annotiert`` and read it
in ``kennzahlen`` — nowhere else.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from programmteile import rules


@dataclass(frozen=True)
class Frist:
    am: datetime.date
    was: str


@dataclass
class Kennzahlen:
    zuwendung: object
    bewilligt: Decimal
    abgerufen: Decimal | None = None  # None: noch nicht erfasst
    ausgezahlt: Decimal | None = None
    offen: Decimal | None = None
    fristen: list[Frist] = field(default_factory=list)

    @property
    def naechste_frist(self) -> Frist | None:
        return self.fristen[0] if self.fristen else None


@dataclass
class Summen:
    anzahl: int = 0
    bewilligt: Decimal = Decimal("0.00")
    abgerufen: Decimal | None = None
    ausgezahlt: Decimal | None = None
    offen: Decimal | None = None


def _annotiert(qs: QuerySet) -> QuerySet:
    """The queryset with everything the figures need, in one query (called, paid, open: the
    payout process's subqueries, zuwendungen.abrufzahlen)."""
    from zuwendungen import abrufzahlen

    return abrufzahlen.annotieren(
        qs.select_related("antrag__antragsteller", "antrag__foerderperiode__programmteil")
    )


@functools.lru_cache(maxsize=4096)
def _vn_fristen(von: datetime.date, bis: datetime.date, vn_monate: int, zwischennachweis_monate: int):
    """rules.vn_fristen, once per Bewilligungszeitraum: grants of one period share it, and the
    holiday calendar behind each deadline cost a list of 50 grants 10 ms (issue 26)."""
    return rules.vn_fristen(von, bis, vn_monate=vn_monate, zwischennachweis_monate=zwischennachweis_monate)


def _fristen(zuwendung, heute: datetime.date, allgemein=None) -> list[Frist]:
    """The next deadlines of one grant from the rules (Bewilligungszeitraum, VN deadlines).
    ``allgemein``: the period's general parameters if the caller has them already."""
    p = allgemein or zuwendung.antrag.foerderperiode.parameter().allgemein
    return _fristen_im_zeitraum(
        zuwendung.bewilligungszeitraum_von,
        zuwendung.bewilligungszeitraum_bis,
        heute,
        (p.frist_vn_monate, p.frist_zwischennachweis_monate),
    )


def _fristen_im_zeitraum(
    von, bis, heute: datetime.date, monate: tuple[int | None, int | None]
) -> list[Frist]:
    """The deadlines of a Bewilligungszeitraum from today on; ``monate``: the period's
    frist_vn_monate and frist_zwischennachweis_monate."""
    fristen = [Frist(bis, "Ende des Bewilligungszeitraums")]
    if monate[0] is not None and monate[1] is not None:
        vn = _vn_fristen(von, bis, *monate)
        fristen += [Frist(z.faellig, f"Zwischennachweis {z.fuer_jahr}") for z in vn.zwischennachweise]
        fristen.append(Frist(vn.verwendungsnachweis_faellig, "Verwendungsnachweis"))
    return sorted((f for f in fristen if f.am >= heute), key=lambda f: f.am)


def kennzahlen(zuwendungen_qs: QuerySet, *, heute: datetime.date | None = None) -> list[Kennzahlen]:
    return aus_annotation(_annotiert(zuwendungen_qs), heute=heute)


def aus_annotation(zuwendungen, *, heute: datetime.date | None = None) -> list[Kennzahlen]:
    """Kennzahlen of grants read through ``_annotiert`` (model instances)."""
    from django.utils import timezone

    heute = heute or timezone.localdate()
    from zuwendungen import abrufzahlen

    zeilen, parameter = [], {}  # the parameters read once per period, not per row
    for z in zuwendungen:
        stand = abrufzahlen.aus_annotation(z)
        periode = z.antrag.foerderperiode
        if periode.pk not in parameter:
            parameter[periode.pk] = periode.parameter().allgemein
        zeilen.append(
            Kennzahlen(
                zuwendung=z, bewilligt=z.bewilligt, abgerufen=stand.abgerufen, ausgezahlt=stand.ausgezahlt,
                offen=stand.offen, fristen=_fristen(z, heute, parameter[periode.pk]),
            )
        )  # fmt: skip
    return zeilen


# The list of Zuwendungen reads plain values (issue 26): no Zuwendung, Antrag, Organisation and
# Förderperiode (with its rule parameters as JSON) per row. A row is a dict of these fields and
# the payout figures; Kennzahlen.zuwendung is that dict.
LISTE = (
    "pk",
    "bewilligt",
    "bewilligungszeitraum_von",
    "bewilligungszeitraum_bis",
    "bestandskraeftig_am",
    "antrag__aktenzeichen",
    "antrag__foerderperiode_id",
    "antrag__antragsteller__name",
    "antrag__antragsteller__art",
    "antrag__antragsteller__kommunentyp",
)


def als_werte(zuwendungen_qs: QuerySet) -> QuerySet:
    """The list's rows as values with the payout figures (annotieren's subqueries)."""
    from zuwendungen import abrufzahlen

    return abrufzahlen.annotieren(zuwendungen_qs).values(*LISTE, *abrufzahlen.ANNOTATIONEN)


def aus_werten(werte, *, monate: dict, heute: datetime.date | None = None) -> list[Kennzahlen]:
    """Kennzahlen of rows read through ``als_werte``; ``monate``: the periods' deadline
    parameters from the remembered lookup table (antraege.pruefliste.nachschlagen().vn_monate)."""
    from django.utils import timezone

    from zuwendungen import abrufzahlen

    heute = heute or timezone.localdate()
    zeilen = []
    for w in werte:
        stand = abrufzahlen.aus_annotation(w)
        fristen = _fristen_im_zeitraum(
            w["bewilligungszeitraum_von"],
            w["bewilligungszeitraum_bis"],
            heute,
            monate.get(w["antrag__foerderperiode_id"], (None, None)),
        )
        zeilen.append(
            Kennzahlen(
                zuwendung=w, bewilligt=w["bewilligt"], abgerufen=stand.abgerufen, ausgezahlt=stand.ausgezahlt,
                offen=stand.offen, fristen=fristen,
            )
        )  # fmt: skip
    return zeilen


def summen(zeilen: list[Kennzahlen]) -> Summen:
    """Totals of a list; a figure not yet recorded for any row stays None."""
    s = Summen(anzahl=len(zeilen), bewilligt=sum((z.bewilligt for z in zeilen), Decimal("0.00")))
    for name in ("abgerufen", "ausgezahlt", "offen"):
        werte = [getattr(z, name) for z in zeilen]
        if werte and all(w is not None for w in werte):
            setattr(s, name, sum(werte, Decimal("0.00")))
    return s


def gesamtsummen(
    zuwendungen_qs: QuerySet, *, anzahl: int, frage: str, beim_stand: str | None = None
) -> Summen:
    """Totals of every grant of a (paginated) list, in SQL, remembered per question and stand
    (every step of a call or payout writes a Statuswechsel, so the stand moves with it)."""
    from komman.seiten import gemerkt
    from zuwendungen import abrufzahlen

    def berechnen() -> Summen:
        g = abrufzahlen.gesamtstand(zuwendungen_qs)
        return Summen(anzahl=anzahl, bewilligt=g.bewilligt, abgerufen=g.abgerufen, ausgezahlt=g.ausgezahlt,
                      offen=g.offen)  # fmt: skip

    if not anzahl:
        return Summen()
    return gemerkt(zuwendungen_qs, berechnen, art="zuwendungssummen", frage=frage, beim_stand=beim_stand)
