"""The lines of a proposal (an amount, or for Part II whole Pauschale units, per line), the
caps of the Kommune's Zuweisung and the Anlagen a notice needs; used by entscheidung."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, AntragTeil1
from antraege.workflow.kern import WorkflowError


@dataclass(frozen=True)
class Vorschlagszeile:
    """One line of a decision: Part I Personal/Sachmittel, a Part II Position, a Part III Maßnahme."""

    schluessel: str  # "personal", "sachmittel", "position-<pk>", "massnahme-<pk>"
    bezeichnung: str
    beantragt: Decimal
    bewilligt: Decimal | None
    kuerzungsgrund: str
    # Part II: decided in whole Pauschale units (issue 17); the amount follows from the rules
    satz: Decimal | None = None  # the Pauschale per unit; None: the line is decided as an amount
    einheiten: int | None = None  # units requested
    einheit: str = ""  # "Stunde", "Monat", …
    # Part III: the decision may declare part of the costs not eligible (Anteilfinanzierung)
    anteil: bool = False
    nicht_zuwendungsfaehig: Decimal | None = None

    @property
    def einheiten_bewilligt(self) -> int | None:
        """The units on record (bewilligt / Pauschale), None if none or not whole."""
        from programmteile import rules

        if self.satz is None or self.bewilligt is None:
            return None
        return rules.ganze_einheiten(self.bewilligt, self.satz)


def vorschlagszeilen(antrag: Antrag, *, teil1: AntragTeil1 | None = None) -> list[Vorschlagszeile]:
    """The lines a proposal sets an amount for, with what was requested and what is on record
    (``teil1``: the Part I figures if the caller has them loaded)."""
    teil = antrag.foerderperiode.programmteil.nummer
    null = Decimal("0.00")
    if teil == "I":
        t = teil1 or AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        return [
            Vorschlagszeile(
                "personal", "Personalausgaben", t.personalausgaben or null, t.personal_bewilligt,
                t.personal_kuerzungsgrund,
            ),
            Vorschlagszeile(
                "sachmittel", "Sachmittel", t.sachmittel or null, t.sachmittel_bewilligt,
                t.sachmittel_kuerzungsgrund,
            ),
        ]  # fmt: skip
    if teil == "II":
        from programmteile import rules

        pauschalen = antrag.foerderperiode.parameter().teil2.pauschalen
        return [
            Vorschlagszeile(
                f"position-{p.pk}",
                f"{p.nr}. {p.pauschale} × {p.einheiten or 0}: {p.bezeichnung}".strip(),
                p.betrag or null,
                p.bewilligt,
                p.kuerzungsgrund,
                satz=pauschalen.get(p.pauschale) if p.einheiten else None,
                einheiten=p.einheiten,
                einheit=rules.PAUSCHALE_EINHEIT.get(p.pauschale, "Einheit"),
            )
            for p in antrag.positionen.all()
        ]
    return [
        Vorschlagszeile(
            f"massnahme-{m.pk}", f"{m.nr}. {m.titel}", m.beantragt or null, m.bewilligt, m.kuerzungsgrund,
            anteil=True, nicht_zuwendungsfaehig=m.nicht_zuwendungsfaehig,
        )  # fmt: skip
        for m in antrag.massnahmen.all()
    ]


_LADEN = object()


def zuweisung_von(antrag: Antrag):
    """The Kommune's Zuweisung of the Antrag's period (None if there is none)."""
    from programmteile.models import Zuweisung

    return Zuweisung.objects.filter(
        foerderperiode_id=antrag.foerderperiode_id, kommune_id=antrag.antragsteller_id
    ).first()


def hoechstgrenze(antrag: Antrag, *, zuweisung=_LADEN) -> tuple[Decimal | None, str]:
    """The cap of the Kommune's Zuweisung (Part I Stellenzuweisung, Part II Höchstbetrag), with its
    label (``zuweisung``: the Kommune's Zuweisung of the period, or None, if the caller has read it)."""
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "III":
        return None, ""
    if zuweisung is _LADEN:
        zuweisung = zuweisung_von(antrag)
    if teil == "II":
        if zuweisung is None or zuweisung.hoechstbetrag is None:
            return Decimal("0.00"), "für die Kommune ist kein Höchstbetrag hinterlegt"
        return zuweisung.hoechstbetrag, "Höchstbetrag der Kommune"
    if zuweisung is None or zuweisung.stellen is None:
        return Decimal("0.00"), "für die Kommune ist keine Stellenzuweisung hinterlegt"
    from programmteile import rules

    grenze = rules.hoechstgrenze_teil1(zuweisung.stellen, antrag.foerderperiode.parameter())
    return (grenze, "Stellenzuweisung der Kommune") if grenze is not None else (None, "")


def anlagen_vorhanden(antrag: Antrag) -> tuple[bool, str]:
    """(allowed, reason): the Anlagen the notice imposes (ANBest-G/-P, forms) exist in a Fassung."""
    from antraege.bescheide import anlagen

    return anlagen.vorhanden(antrag.antragsteller, timezone.localdate())


def _pruefe_hoechstgrenze(antrag: Antrag, zuwendung: Decimal) -> None:
    from komman.formate import euro

    grenze, was = hoechstgrenze(antrag)
    if grenze is not None and zuwendung > grenze:
        raise WorkflowError(
            f"Die Zuwendung ({euro(zuwendung)}) übersteigt die Obergrenze ({was}: {euro(grenze)})."
        )
