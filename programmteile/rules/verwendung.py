"""The recognised grant in the Verwendungsnachweis and the Änderung of a grant, pure Python,
no Django (DOMAIN.md §4a "Recognised grant", "Änderung")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from komman.formate import euro

from .ergebnis import NULL, Befund, befund, cent, cent_abrunden


@dataclass(frozen=True)
class Unbesetzt:
    """Posts left vacant for whole months: ``stellen`` (e.g. 0.5) × ``monate`` × Festbetrag je Stelle."""

    stellen: Decimal
    monate: int
    festbetrag_stelle: Decimal


def kuerzung_unbesetzt(unbesetzt: Sequence[Unbesetzt]) -> Decimal:
    """The vacancy cut: per line Stellen × Festbetrag per post × unfilled whole months / 12,
    each line rounded half up to the cent, then added."""
    return sum((cent(u.stellen * u.festbetrag_stelle * u.monate / 12) for u in unbesetzt), NULL)


def anerkannt_anteil(
    foerdersatz: Decimal, hoechstbetrag: Decimal, zuwendungsfaehige_ausgaben_ist: Decimal
) -> Decimal:
    """Anteilfinanzierung (Part III): the lower of the Höchstbetrag and Fördersatz × eligible
    actual expenditure, the product rounded down to the cent ("höchstens 90 %")."""
    return min(hoechstbetrag, cent_abrunden(foerdersatz * zuwendungsfaehige_ausgaben_ist))


def anerkannt_festbetrag(
    festbetrag: Decimal, ausgaben_ist: Decimal, unbesetzt: Sequence[Unbesetzt]
) -> Decimal:
    """Festbetragsfinanzierung (Part I): the Festbetrag less the vacancy cuts, never below zero
    and never more than the actual expenditure; higher costs do not raise it."""
    return min(max(festbetrag - kuerzung_unbesetzt(unbesetzt), NULL), ausgaben_ist)


@dataclass(frozen=True)
class Pauschalzeile:
    pauschale: str
    satz: Decimal
    einheiten_bewilligt: int
    einheiten_erbracht: int
    empfaenger: str

    @property
    def bewilligt(self) -> Decimal:
        return self.einheiten_bewilligt * self.satz

    @property
    def anerkannt(self) -> Decimal:
        """min(delivered, granted) × rate: more units do not raise the line, nor offset another."""
        return min(self.einheiten_erbracht, self.einheiten_bewilligt) * self.satz


@dataclass(frozen=True)
class Empfaengeranteil:
    empfaenger: str
    anerkannt: Decimal
    erstattung: Decimal


def je_empfaenger(zeilen: Sequence[Pauschalzeile]) -> list[Empfaengeranteil]:
    """Per Letztempfänger (first appearance order): its recognised amount and its refund =
    its granted minus its recognised amount."""
    summen: dict[str, list[Decimal]] = {}
    for z in zeilen:
        bewilligt, anerkannt = summen.setdefault(z.empfaenger, [NULL, NULL])
        summen[z.empfaenger] = [bewilligt + z.bewilligt, anerkannt + z.anerkannt]
    return [Empfaengeranteil(e, cent(a), cent(b - a)) for e, (b, a) in summen.items()]


def erstattung(ausgezahlt: Decimal, anerkannt: Decimal) -> Decimal:
    """Refund = paid − recognised, never below zero."""
    return max(ausgezahlt - anerkannt, NULL)


@dataclass(frozen=True)
class Verwendungsergebnis:
    anerkannt: Decimal
    erstattung: Decimal
    je_empfaenger: list[Empfaengeranteil] | None = None  # only for Pauschalen
    befunde: list[Befund] = field(default_factory=list)


def verwendungsnachweis_anteil(
    *,
    foerdersatz: Decimal,
    hoechstbetrag: Decimal,
    zuwendungsfaehige_ausgaben_ist: Decimal,
    ausgezahlt: Decimal,
) -> Verwendungsergebnis:
    anerkannt = anerkannt_anteil(foerdersatz, hoechstbetrag, zuwendungsfaehige_ausgaben_ist)
    return Verwendungsergebnis(
        anerkannt, erstattung(ausgezahlt, anerkannt), befunde=_ueberzahlt(ausgezahlt, anerkannt)
    )


def verwendungsnachweis_festbetrag(
    *, festbetrag: Decimal, ausgaben_ist: Decimal, unbesetzt: Sequence[Unbesetzt], ausgezahlt: Decimal
) -> Verwendungsergebnis:
    anerkannt = anerkannt_festbetrag(festbetrag, ausgaben_ist, unbesetzt)
    return Verwendungsergebnis(
        anerkannt, erstattung(ausgezahlt, anerkannt), befunde=_ueberzahlt(ausgezahlt, anerkannt)
    )


def verwendungsnachweis_pauschalen(
    *, zeilen: Sequence[Pauschalzeile], ausgezahlt: Decimal
) -> Verwendungsergebnis:
    anerkannt = cent(sum((z.anerkannt for z in zeilen), NULL))
    anteile = je_empfaenger(zeilen)
    betrag = erstattung(ausgezahlt, anerkannt)
    befunde = _ueberzahlt(ausgezahlt, anerkannt)
    aufgeteilt = sum((a.erstattung for a in anteile), NULL)
    if aufgeteilt != betrag:
        befunde.append(
            befund(
                "verwendung.aufteilung",
                "ausgezahlt",
                (
                    f"Die Erstattung je Letztempfänger (zusammen {euro(aufgeteilt)}) folgt den bewilligten "
                    f"Einheiten; sie weicht von der Erstattung an das Land ({euro(betrag)}) ab, weil nicht die "
                    "ganze bewilligte Summe ausgezahlt wurde."
                ),
            )
        )
    return Verwendungsergebnis(anerkannt, betrag, anteile, befunde)


def _ueberzahlt(ausgezahlt: Decimal, anerkannt: Decimal) -> list[Befund]:
    if ausgezahlt <= anerkannt:
        return []
    return [
        befund(
            "verwendung.erstattung",
            "ausgezahlt",
            (
                f"Anerkannt werden {euro(anerkannt)}; ausgezahlt wurden {euro(ausgezahlt)}. "
                f"Zu erstatten sind {euro(ausgezahlt - anerkannt)} (mit Zinsen ab Entstehen des Anspruchs)."
            ),
        )
    ]


@dataclass(frozen=True)
class Aenderung:
    neu_bewilligt: Decimal
    noch_abrufbar: Decimal
    lrh_mitteilung: bool
    befunde: list[Befund] = field(default_factory=list)


def aenderung(
    *, bewilligt: Decimal, ausgezahlt: Decimal, unbesetzt: Sequence[Unbesetzt], lrh_schwelle: Decimal
) -> Aenderung:
    """An Änderungsbescheid for vacant posts: new grant = grant − vacancy cut (never below
    zero); what is paid stays paid, calls are capped at new grant − paid; a notice whose
    original went to the Landesrechnungshof (grant above the threshold) is reported again."""
    neu = max(bewilligt - kuerzung_unbesetzt(unbesetzt), NULL)
    lrh = bewilligt > lrh_schwelle
    befunde = []
    if ausgezahlt > neu:
        befunde.append(
            befund(
                "aenderung.ueberzahlung",
                "ausgezahlt",
                (
                    f"Ausgezahlt sind {euro(ausgezahlt)}, mehr als die neue Zuwendung von {euro(neu)}; "
                    f"{euro(ausgezahlt - neu)} sind zurückzufordern."
                ),
            )
        )
    if lrh:
        befunde.append(
            befund(
                "aenderung.lrh_mitteilung",
                "bewilligt",
                (
                    f"Der ursprüngliche Bescheid über {euro(bewilligt)} ging an den Landesrechnungshof "
                    f"(mehr als {euro(lrh_schwelle)}); die Änderung ist ihm mitzuteilen."
                ),
            )
        )
    return Aenderung(neu, max(neu - ausgezahlt, NULL), lrh, befunde)
