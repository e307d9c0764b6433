"""A refund claim after its Erstattungsbescheid: running interest, part payments, the one-year
limit, retention dates; pure Python, no Django (DOMAIN.md §4a "Interest", "Widerruf / Rücknahme").

Conventions (on top of ``zinsen``):
- Interest on the open principal runs from the day after the claim arose through the day of each
  payment (the day a payment is received still bears interest; from the next day only the rest
  of the principal does). Each period between two payments is one ``zinsen`` computation,
  rounded once to the cent; "recomputed on each payment" (issue 21).
- A payment settles the open interest first, then the principal (§ 367 Abs. 1 BGB by analogy;
  there are no costs in the portal). Interest never bears interest: only the principal does.
- What exceeds interest and principal is an overpayment (to be paid back), never a credit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .ergebnis import NULL, Befund
from .fristen import plus_monate
from .zinsen import Zinsabschnitt, Zinstabelle, zinsen

# The portal warns this many months before the one-year limit of a Widerruf ends (issue 21).
JAHRESFRIST_WARNUNG_MONATE = 2


@dataclass(frozen=True)
class Verrechnung:
    """One payment and how it was applied."""

    tag: date
    betrag: Decimal
    zinsen_zeitraum: Decimal  # interest accrued since the previous payment (or the claim)
    auf_zinsen: Decimal
    auf_hauptforderung: Decimal
    ueberzahlung: Decimal
    offen_hauptforderung: Decimal  # after this payment
    offen_zinsen: Decimal  # after this payment


@dataclass(frozen=True)
class Forderungsstand:
    hauptforderung: Decimal
    entstanden_am: date
    stichtag: date
    zinsen: Decimal  # all interest accrued up to the stichtag
    bezahlt_zinsen: Decimal
    bezahlt_hauptforderung: Decimal
    offen_hauptforderung: Decimal
    offen_zinsen: Decimal
    ueberzahlung: Decimal
    verrechnungen: list[Verrechnung]
    abschnitte: list[Zinsabschnitt]  # every interest section, for the Zinsberechnung
    befunde: list[Befund] = field(default_factory=list)

    @property
    def bezahlt(self) -> Decimal:
        return self.bezahlt_zinsen + self.bezahlt_hauptforderung

    @property
    def offen(self) -> Decimal:
        return self.offen_hauptforderung + self.offen_zinsen

    @property
    def erledigt(self) -> bool:
        return self.offen == NULL


def zahlung_verrechnen(betrag: Decimal, *, offen_zinsen: Decimal, offen_hauptforderung: Decimal):
    """(auf Zinsen, auf Hauptforderung, Überzahlung) of one payment: interest first (§ 367 BGB)."""
    if betrag <= 0:
        raise ValueError("Eine Zahlung braucht einen Betrag über 0,00 €.")
    auf_zinsen = min(betrag, offen_zinsen)
    auf_haupt = min(betrag - auf_zinsen, offen_hauptforderung)
    return auf_zinsen, auf_haupt, betrag - auf_zinsen - auf_haupt


def forderungsstand(
    hauptforderung: Decimal,
    entstanden_am: date,
    zahlungen: Sequence[tuple[date, Decimal]],
    stichtag: date,
    *,
    aufschlag: Decimal,
    basiszins: Zinstabelle | None = None,
    verzinst: bool = True,
) -> Forderungsstand:
    """The claim on ``stichtag``: interest accrued on the open principal, the payments (up to the
    stichtag) applied interest first, what is still open. ``verzinst=False`` for a claim that
    bears no interest of its own (interest under § 49a Abs. 4 claimed as such)."""
    haupt, offen_z, gesamt_z = hauptforderung, NULL, NULL
    bezahlt_z = bezahlt_h = ueber = NULL
    letzter = entstanden_am
    verrechnungen: list[Verrechnung] = []
    abschnitte: list[Zinsabschnitt] = []
    befunde: list[Befund] = []

    def laufend(bis: date) -> Decimal:
        if not verzinst or haupt <= 0 or bis <= letzter:
            return NULL
        r = zinsen(haupt, letzter, bis, aufschlag=aufschlag, basiszins=basiszins)
        abschnitte.extend(r.abschnitte)
        befunde.extend(b for b in r.befunde if b not in befunde)
        return r.zinsen

    for tag, betrag in sorted(zahlungen, key=lambda z: z[0]):
        if tag > stichtag:
            continue
        z = laufend(tag)
        offen_z += z
        gesamt_z += z
        letzter = max(letzter, tag)
        auf_z, auf_h, rest = zahlung_verrechnen(betrag, offen_zinsen=offen_z, offen_hauptforderung=haupt)
        offen_z -= auf_z
        haupt -= auf_h
        bezahlt_z += auf_z
        bezahlt_h += auf_h
        ueber += rest
        verrechnungen.append(Verrechnung(tag, betrag, z, auf_z, auf_h, rest, haupt, offen_z))
    z = laufend(stichtag)
    return Forderungsstand(
        hauptforderung=hauptforderung,
        entstanden_am=entstanden_am,
        stichtag=stichtag,
        zinsen=gesamt_z + z,
        bezahlt_zinsen=bezahlt_z,
        bezahlt_hauptforderung=bezahlt_h,
        offen_hauptforderung=haupt,
        offen_zinsen=offen_z + z,
        ueberzahlung=ueber,
        verrechnungen=verrechnungen,
        abschnitte=abschnitte,
        befunde=befunde,
    )


@dataclass(frozen=True)
class Jahresfrist:
    ende: date  # the last day a Widerruf or Rücknahme may be decided
    warnung_ab: date
    warnen: bool  # within the warning period, not yet over
    abgelaufen: bool
    tage_bis_ende: int


def jahresfrist_stand(ende: date, heute: date) -> Jahresfrist:
    """Where ``heute`` stands against the one-year limit ending on ``ende`` (from
    ``widerrufsfrist``): a warning from two months before, refused from the day after."""
    warnung_ab = plus_monate(ende, -JAHRESFRIST_WARNUNG_MONATE)
    return Jahresfrist(
        ende=ende,
        warnung_ab=warnung_ab,
        warnen=warnung_ab <= heute <= ende,
        abgelaufen=heute > ende,
        tage_bis_ende=(ende - heute).days,
    )


def ist_bagatelle(betrag: Decimal, grenze: Decimal | None) -> bool:
    """A claim below the Bagatellgrenze may be waived (recorded decision); none without a limit."""
    return grenze is not None and betrag < grenze


@dataclass(frozen=True)
class Aufbewahrung:
    belege_bis: date | None  # receipts: years after the VN (ANBest-G 7.5)
    akten_bis: date  # files: years after closing


def aufbewahrung(
    abgeschlossen_am: date, *, vn_am: date | None, belege_jahre: int, akten_jahre: int
) -> Aufbewahrung:
    """Retention dates of a closed grant (DOMAIN.md §3 ``belege.aufbewahrung_jahre``,
    ``akten.aufbewahrung_jahre``): the same date so many years later (§ 188 Abs. 2 BGB)."""
    return Aufbewahrung(
        belege_bis=plus_monate(vn_am, 12 * belege_jahre) if vn_am is not None else None,
        akten_bis=plus_monate(abgeschlossen_am, 12 * akten_jahre),
    )
