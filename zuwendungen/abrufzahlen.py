"""The payout figures of a grant: granted, called, paid, signed-but-unpaid, open, callable.

zuwendungen.kennzahlen(qs) (zuwendungen.uebersicht) shows them in the lists through
``annotieren``; the payout process reads ``abrufstand`` for one grant.

All sums over the process rows (Mittelabruf, Buchung), never fields, in SQL:
- abgerufen: the amounts of every submitted call (neither draft, nor withdrawn, nor refused);
- ausgezahlt: payouts the Landeskasse has made (Buchung Auszahlung with a value date);
- angewiesen: payouts signed and booked, not yet reported paid;
- offen: what is requested and not yet paid (submitted calls at their amount, released calls at
  the released amount, signed payouts) — rules.mittelabruf's ``angefordert_offen``;
- abrufbar: bewilligt − ausgezahlt − offen (never below zero).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from komman.fields import Betrag

NULL = Decimal("0.00")


@dataclass(frozen=True)
class Abrufstand:
    bewilligt: Decimal
    abgerufen: Decimal
    ausgezahlt: Decimal
    angewiesen: Decimal
    offen: Decimal

    @property
    def abrufbar(self) -> Decimal:
        return max(self.bewilligt - self.ausgezahlt - self.offen, NULL)


def _abruf_offen_betrag():
    """Per call: what it still binds while it is open (submitted: amount, released: the release)."""
    from zuwendungen.models import AbrufStatus

    return Case(
        When(status=AbrufStatus.EINGEREICHT, then=F("betrag")),
        When(status=AbrufStatus.FREIGEGEBEN, then=F("freigegeben")),
        default=Value(NULL),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _summe(qs, ausdruck, feld: str = "zuwendung") -> Subquery:
    return Coalesce(
        Subquery(
            qs.filter(**{feld: OuterRef("pk")}).order_by().values(feld).annotate(s=Sum(ausdruck)).values("s"),
            output_field=Betrag(),
        ),
        Value(NULL, output_field=Betrag()),
    )


def annotieren(zuwendungen):
    """Annotates abgerufen, ausgezahlt, angewiesen and abruf_offen on a Zuwendung queryset (subqueries)."""
    return zuwendungen.annotate(**_annotationen())


@functools.cache
def _annotationen() -> dict:
    """The four subqueries, built once per process: building them (querysets, filters, Coalesce)
    cost a page 3 ms each time. Django copies an expression when a queryset resolves it, so one
    set serves every queryset."""
    from zuwendungen.models import AbrufStatus, Buchung, Mittelabruf

    eingereicht = Mittelabruf.objects.exclude(
        status__in=[AbrufStatus.ENTWURF, AbrufStatus.ZURUECKGEZOGEN, AbrufStatus.ABGELEHNT]
    )
    auszahlungen = Buchung.objects.filter(art=Buchung.Art.AUSZAHLUNG)
    return {
        "k_abgerufen": _summe(eingereicht, "betrag"),
        "k_ausgezahlt": _summe(auszahlungen.filter(wertstellung__isnull=False), "betrag"),
        "k_angewiesen": _summe(auszahlungen.filter(wertstellung__isnull=True), "betrag"),
        "k_abruf_offen": _summe(
            Mittelabruf.objects.filter(status__in=AbrufStatus.offen()), _abruf_offen_betrag()
        ),
    }


ANNOTATIONEN = ("k_abgerufen", "k_ausgezahlt", "k_angewiesen", "k_abruf_offen")


def aus_annotation(z) -> Abrufstand:
    """The figures of a grant read through ``annotieren``: a Zuwendung or a row of its values
    (a dict with bewilligt and ANNOTATIONEN)."""
    w = z if isinstance(z, dict) else vars(z)
    return Abrufstand(
        bewilligt=w["bewilligt"],
        abgerufen=w["k_abgerufen"],
        ausgezahlt=w["k_ausgezahlt"],
        angewiesen=w["k_angewiesen"],
        offen=w["k_abruf_offen"] + w["k_angewiesen"],
    )


def abrufstand(zuwendung, *, ohne_abruf=None) -> Abrufstand:
    """The figures of one grant (one query); ``ohne_abruf``: leave that call out of ``offen``
    (the call being checked, so its own amount does not count against itself)."""
    from zuwendungen.models import Buchung, Mittelabruf

    abrufe = Mittelabruf.objects.filter(zuwendung_id=zuwendung.pk)
    abrufe_offen = abrufe.exclude(pk=ohne_abruf.pk) if ohne_abruf is not None else abrufe
    buchungen = Buchung.objects.filter(zuwendung_id=zuwendung.pk)
    return _stand(abrufe, abrufe_offen, buchungen, zuwendung.bewilligt)


def gesamtstand(zuwendungen) -> Abrufstand:
    """The same figures summed over a queryset of grants (the totals of a list), in four
    aggregate queries over the process rows instead of one subquery per grant."""
    from zuwendungen.models import Buchung, Mittelabruf

    bewilligt = zuwendungen.order_by().aggregate(s=Coalesce(Sum("bewilligt"), Value(NULL)))["s"]
    abrufe = Mittelabruf.objects.filter(zuwendung__in=zuwendungen.order_by().values("pk"))
    buchungen = Buchung.objects.filter(zuwendung__in=zuwendungen.order_by().values("pk"))
    return _stand(abrufe, abrufe, buchungen, bewilligt)


def ausgezahlt(zuwendung) -> Decimal:
    """Only ``abrufstand(zuwendung).ausgezahlt``, in one query instead of three."""
    from zuwendungen.models import Buchung

    return _buchungssummen(Buchung.objects.filter(zuwendung_id=zuwendung.pk, art=Buchung.Art.AUSZAHLUNG))[
        "ausgezahlt"
    ]


def _buchungssummen(auszahlungen) -> dict[str, Decimal]:
    return auszahlungen.aggregate(
        ausgezahlt=Coalesce(Sum("betrag", filter=Q(wertstellung__isnull=False)), Value(NULL)),
        angewiesen=Coalesce(Sum("betrag", filter=Q(wertstellung__isnull=True)), Value(NULL)),
    )


def _stand(abrufe, abrufe_offen, buchungen, bewilligt) -> Abrufstand:
    from zuwendungen.models import AbrufStatus, Buchung

    buchungen = buchungen.filter(art=Buchung.Art.AUSZAHLUNG)
    summen = abrufe.aggregate(
        abgerufen=Coalesce(
            Sum(
                "betrag",
                filter=~Q(
                    status__in=[AbrufStatus.ENTWURF, AbrufStatus.ZURUECKGEZOGEN, AbrufStatus.ABGELEHNT]
                ),
            ),
            Value(NULL),
        )
    )
    offen = abrufe_offen.filter(status__in=AbrufStatus.offen()).aggregate(
        s=Coalesce(Sum(_abruf_offen_betrag()), Value(NULL))
    )["s"]
    b = _buchungssummen(buchungen)
    return Abrufstand(
        bewilligt=bewilligt,
        abgerufen=summen["abgerufen"],
        ausgezahlt=b["ausgezahlt"],
        angewiesen=b["angewiesen"],
        offen=offen + b["angewiesen"],
    )


class _JeGruppe(ExpressionWrapper):
    """A figure correlated with the period's pk only: evaluated once per period, never a GROUP
    BY column. mit_budgetzahlen() aggregates the Anträge in the same query; as a GROUP BY column
    each subquery ran once per joined Antrag (minutes at 10,000 Anträge, issue 26)."""

    def get_group_by_cols(self):
        return []


def periodenzahlen(perioden):
    """Annotates summe_abgerufen, summe_ausgezahlt and summe_offen on Förderperioden (the
    Haushalt overview; registered with programmteile.models.budgetzahlen_ergaenzen)."""
    from zuwendungen.models import AbrufStatus, Buchung, Mittelabruf

    feld = "zuwendung__antrag__foerderperiode"
    eingereicht = Mittelabruf.objects.exclude(
        status__in=[AbrufStatus.ENTWURF, AbrufStatus.ZURUECKGEZOGEN, AbrufStatus.ABGELEHNT]
    )
    auszahlungen = Buchung.objects.filter(art=Buchung.Art.AUSZAHLUNG)
    return perioden.annotate(
        summe_abgerufen=_JeGruppe(_summe(eingereicht, "betrag", feld), output_field=Betrag()),
        summe_ausgezahlt=_JeGruppe(
            _summe(auszahlungen.filter(wertstellung__isnull=False), "betrag", feld), output_field=Betrag()
        ),
        summe_offen=_JeGruppe(
            _summe(auszahlungen.filter(wertstellung__isnull=True), "betrag", feld)
            + _summe(Mittelabruf.objects.filter(status__in=AbrufStatus.offen()), _abruf_offen_betrag(), feld),
            output_field=Betrag(),
        ),
    )
