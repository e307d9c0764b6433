"""The figures of a refund claim for pages, letters and the workflow, all from the rules.

``stand(forderung, stichtag)``: interest to date, paid, open (rules.forderungsstand with the
Basiszins table of the database and the claim's payments); ``jahresfrist(forderung, heute)``:
the one-year limit and its warning; ``wert(forderung, name)``: a parameter of the claim's
Förderperiode, falling back to the shipped default for periods created before the parameter
existed (erstattung.zahlungsfrist_tage, erstattung.bagatellgrenze).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from programmteile import basiszins, rules
from zuwendungen.models import Rueckforderung

_STANDARD = None


def _standard() -> rules.ParameterAllgemein:
    global _STANDARD
    if _STANDARD is None:
        _STANDARD = rules.Regelparameter.standard().allgemein
    return _STANDARD


def wert(forderung: Rueckforderung, name: str):
    """The parameter ``name`` (attribute of rules.ParameterAllgemein) of the claim's period."""
    periode = forderung.zuwendung.antrag.foerderperiode
    eigener = getattr(periode.parameter().allgemein, name)
    return getattr(_standard(), name) if eigener is None else eigener


def zahlungen(forderung: Rueckforderung) -> list[tuple[datetime.date, Decimal]]:
    """The payments received on the claim (uses the prefetch ``zahlungen`` if there is one)."""
    return [(z.eingang_am, z.betrag) for z in forderung.zahlungen.all()]


def stand(
    forderung: Rueckforderung,
    stichtag: datetime.date | None = None,
    *,
    tabelle=None,
    weitere: list[tuple[datetime.date, Decimal]] | None = None,
) -> rules.Forderungsstand:
    """Interest, paid and open of the claim on ``stichtag`` (default today)."""
    return rules.forderungsstand(
        forderung.betrag,
        forderung.entstanden_am,
        zahlungen(forderung) + (weitere or []),
        stichtag or timezone.localdate(),
        aufschlag=wert(forderung, "erstattung_zins_pp"),
        basiszins=basiszins.tabelle() if tabelle is None else tabelle,
        verzinst=forderung.verzinst,
    )


def jahresfrist_ende(kenntnis_am: datetime.date, forderung: Rueckforderung) -> datetime.date:
    return rules.widerrufsfrist(kenntnis_am, jahre=wert(forderung, "widerruf_frist_jahre")).frist_ende


def jahresfrist(forderung: Rueckforderung, heute: datetime.date | None = None) -> rules.Jahresfrist | None:
    """The one-year limit of the case (None before the Anhörung, and once decided)."""
    if forderung.jahresfrist_ende is None:
        return None
    return rules.jahresfrist_stand(forderung.jahresfrist_ende, heute or timezone.localdate())


def ist_bagatelle(forderung: Rueckforderung) -> bool:
    return rules.ist_bagatelle(forderung.betrag, wert(forderung, "erstattung_bagatellgrenze"))


def aufbewahrung(zuwendung, abgeschlossen_am: datetime.date) -> rules.Aufbewahrung:
    """Retention dates of a closed grant: receipts after the VN (anerkannt_am), files after closing."""
    p = zuwendung.antrag.foerderperiode.parameter().allgemein
    s = _standard()
    return rules.aufbewahrung(
        abgeschlossen_am,
        vn_am=zuwendung.anerkannt_am,
        belege_jahre=p.belege_aufbewahrung_jahre or s.belege_aufbewahrung_jahre,
        akten_jahre=p.akten_aufbewahrung_jahre or s.akten_aufbewahrung_jahre,
    )
