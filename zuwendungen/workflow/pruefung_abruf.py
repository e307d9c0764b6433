"""The checks of a call before it is submitted, released or signed: the portal's own (dates,
Abruftermine, the Part I reports) and rules.mittelabruf's Befunde, each at its field."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from komman.formate import datum
from programmteile import rules
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.models import AbrufStatus, Mittelabruf, Zuwendung


@dataclass
class Abrufdaten:
    """What the applicant enters for a call."""

    auszahlung_am: datetime.date
    bedarfe: list[tuple[datetime.date, Decimal]]
    stellen_besetzt_am: datetime.date | None = None
    stellen_vze: Decimal | None = None
    verwendung_bisher: str = ""

    @property
    def betrag(self) -> Decimal:
        return sum((b for _, b in self.bedarfe), Decimal("0.00"))

    @classmethod
    def aus_abruf(cls, abruf: Mittelabruf) -> Abrufdaten:
        return cls(
            auszahlung_am=abruf.auszahlung_am,
            bedarfe=abruf.bedarfsliste,
            stellen_besetzt_am=abruf.stellen_besetzt_am,
            stellen_vze=abruf.stellen_vze,
            verwendung_bisher=abruf.verwendung_bisher,
        )


@dataclass
class Fehler:
    """German messages per field ("auszahlung_am", "bedarfe.0.faellig", …) and the Befund codes."""

    felder: dict[str, list[str]] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)

    def add(self, feld: str, meldung: str, code: str = "") -> None:
        self.felder.setdefault(feld, []).append(meldung)
        if code:
            self.codes.append(code)

    def __bool__(self) -> bool:
        return bool(self.felder)


def klage_anhaengig(zuwendung: Zuwendung) -> str:
    """While a Klage against the notice is pending nothing is paid (the reason, else "")."""
    from antraege.models import Antrag

    if zuwendung.antrag.status == Antrag.Status.KLAGE_ANHAENGIG:
        return "Gegen den Bescheid ist eine Klage anhängig; bis zur Entscheidung wird nichts ausgezahlt."
    return ""


def zwischennachweis_fehlt(zuwendung: Zuwendung) -> str:
    """A late Zwischennachweis blocks payouts only if the Prüfung decided so (the reason, else "")."""
    gesperrt = zuwendung.verwendungsnachweise.filter(auszahlung_gesperrt=True).values_list("fuer_jahr", "sperrgrund").first()
    if gesperrt is None:
        return ""
    return (f"Bis zur Vorlage des Zwischennachweises {gesperrt[0]} hält die Bezirksregierung Auszahlungen zurück: "
            f"{gesperrt[1]}")  # fmt: skip


def ist_teil1(zuwendung: Zuwendung) -> bool:
    return zuwendung.antrag.foerderperiode.programmteil.nummer == "I"


def fruehere_abrufe(zuwendung: Zuwendung, abruf: Mittelabruf | None) -> int:
    """Calls submitted before this one (neither withdrawn nor refused)."""
    qs = zuwendung.mittelabrufe.exclude(
        status__in=[AbrufStatus.ENTWURF, AbrufStatus.ZURUECKGEZOGEN, AbrufStatus.ABGELEHNT]
    )
    if abruf is not None and abruf.pk:
        qs = qs.exclude(pk=abruf.pk)
    return qs.count()


def eingabe_pruefen(
    zuwendung: Zuwendung, d: Abrufdaten, *, abruf: Mittelabruf | None, heute: datetime.date
) -> Fehler:
    """Everything a call must satisfy to be submitted (also run when a draft is saved)."""
    f = Fehler()
    klage = klage_anhaengig(zuwendung)
    if klage:
        f.add("__all__", klage)
    zurueckgehalten = zwischennachweis_fehlt(zuwendung)
    if zurueckgehalten:
        f.add("__all__", zurueckgehalten)
    if not d.bedarfe:
        f.add("bedarfe.0.betrag", "Bitte geben Sie mindestens einen Bedarf mit Betrag und Fälligkeit an.")
    for i, (_, betrag) in enumerate(d.bedarfe):
        if betrag <= 0:
            f.add(f"bedarfe.{i}.betrag", "Der Betrag eines Bedarfs muss größer als 0,00 € sein.")
    if d.auszahlung_am < heute:
        f.add(
            "auszahlung_am",
            f"Der Auszahlungstag darf nicht in der Vergangenheit liegen (heute ist der {datum(heute)}).",
        )
    termine = zuwendung.antrag.foerderperiode.abruftermin_liste
    if termine and d.auszahlung_am not in termine:
        kommende = [t for t in termine if t >= heute]
        f.add(
            "auszahlung_am",
            "Für diese Förderperiode sind Abruftermine festgelegt; bitte wählen Sie einen davon: "
            + (", ".join(datum(t) for t in kommende) if kommende else "keiner liegt mehr in der Zukunft")
            + ".",
        )
    if ist_teil1(zuwendung):
        if fruehere_abrufe(zuwendung, abruf) == 0:
            if d.stellen_besetzt_am is None:
                f.add(
                    "stellen_besetzt_am",
                    "Bitte melden Sie mit dem ersten Mittelabruf, seit wann die Stellen besetzt sind.",
                )
            elif d.stellen_besetzt_am > heute:
                f.add(
                    "stellen_besetzt_am",
                    "Die Stellen müssen besetzt sein; das Datum darf nicht in der Zukunft liegen.",
                )
            if d.stellen_vze is None or d.stellen_vze <= 0:
                f.add(
                    "stellen_vze",
                    "Bitte geben Sie die besetzten Stellen in Vollzeitäquivalenten an (z. B. 1,5).",
                )
        elif not d.verwendung_bisher.strip():
            f.add(
                "verwendung_bisher",
                "Ab dem zweiten Mittelabruf ist eine summarische Erklärung über die Verwendung der bisher "
                "ausgezahlten Mittel nötig.",
            )
    if bedarf_monate(zuwendung) is None:
        f.add(
            "__all__",
            "Für diese Förderperiode ist der Bedarfszeitraum des Mittelabrufs (Monate) nicht gepflegt; "
            "bitte wenden Sie sich an die Bezirksregierung.",
        )
    if f or not d.bedarfe:
        return f
    ergebnis = regelpruefung(zuwendung, d.bedarfe, auszahlung_am=d.auszahlung_am, abruf=abruf, heute=heute)
    for b in ergebnis.befunde:
        f.add(b.feld, b.meldung, b.code)
    return f


def bedarf_monate(zuwendung: Zuwendung) -> int | None:
    """The period's parameter auszahlung.bedarf_monate (the two-month rule); None if not maintained."""
    return zuwendung.antrag.foerderperiode.parameter().allgemein.auszahlung_bedarf_monate


def regelpruefung(
    zuwendung: Zuwendung,
    bedarfe: list[tuple[datetime.date, Decimal]],
    *,
    auszahlung_am: datetime.date,
    abruf: Mittelabruf | None,
    heute: datetime.date,
) -> rules.Mittelabruf:
    """rules.mittelabruf for this grant as it stands (the call itself left out of ``offen``)."""
    k = abrufstand(zuwendung, ohne_abruf=abruf if abruf is not None and abruf.pk else None)
    bestandskraeftig = zuwendung.bestandskraeftig_am if zuwendung.bestandskraeftig_am <= heute else None
    return rules.mittelabruf(
        bewilligt=k.bewilligt,
        ausgezahlt=k.ausgezahlt,
        angefordert_offen=k.offen,
        auszahlung_am=max(auszahlung_am, heute),
        bestandskraeftig_ab=bestandskraeftig,
        bewilligungszeitraum_bis=zuwendung.bewilligungszeitraum_bis,
        bedarfe=[rules.Bedarf(faellig=f, betrag=b) for f, b in bedarfe],
        bedarf_monate=bedarf_monate(zuwendung),
    )
