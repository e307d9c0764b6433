"""Generated Förderdaten for the Auswertung tests: Anträge in every state, grants, calls,
payouts, refund claims and deadlines, written directly (the figures read rows, not workflows)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from antraege.models import Antrag, Statuswechsel
from komman.models import Organisation, Rolle
from tests.factories import bezirksregierung, make_periode, make_user
from zuwendungen.models import Buchung, Finanzierungsart, Frist, Mittelabruf, Rueckforderung, Zuwendung

S = Antrag.Status
BEZIRKE = ("Arnsberg", "Detmold", "Düsseldorf", "Köln", "Münster")


@dataclass
class Fall:
    """One Antrag and what happened to it."""

    teil: str = "III"
    jahr: int = 2026
    bezirk: str = "Arnsberg"
    status: str = S.EINGEREICHT
    beantragt: Decimal = Decimal("10000.00")
    zuwendung: Decimal | None = None
    final: bool = False  # a Zuwendung exists (bestandskräftig)
    bewilligt_heute: Decimal | None = None  # Zuwendung.bewilligt (after an Änderung) if not zuwendung
    abrufe: list[tuple[str, Decimal]] = field(default_factory=list)  # (AbrufStatus, betrag)
    auszahlungen: list[tuple[Decimal, bool]] = field(default_factory=list)  # (betrag, wertgestellt)
    erstattungen: list[Decimal] = field(default_factory=list)
    rueckforderungen: list[tuple[str, Decimal]] = field(default_factory=list)
    anerkannt: Decimal | None = None
    fristen: list[tuple[datetime.date, str]] = field(default_factory=list)
    art: str = Organisation.Art.TRAEGER


def pruefer():
    from komman.models import User

    return User.objects.filter(username="daten.pruefung").first() or make_user(
        "daten.pruefung", organisation=bezirksregierung(), rolle=Rolle.PRUEFUNG
    )


def periode(teil: str, jahr: int):
    from programmteile.models import Foerderperiode

    return Foerderperiode.objects.filter(programmteil__nummer=teil, foerderjahr=jahr).first() or make_periode(
        teil, jahr=jahr, budget=Decimal("5000000.00")
    )


def anlegen(faelle: list[Fall], *, eingang: datetime.datetime | None = None) -> list[Antrag]:
    wer = pruefer()
    start = Organisation.objects.count()
    antraege = []
    jetzt = eingang or timezone.make_aware(datetime.datetime(2026, 2, 2, 10, 0))
    for i, f in enumerate(faelle):
        org = Organisation.objects.create(
            name=f"Daten-Organisation {start + i:04d}", art=f.art, regierungsbezirk=f.bezirk
        )
        entschieden = f.status in S.ENTSCHIEDEN
        a = Antrag.objects.create(
            foerderperiode=periode(f.teil, f.jahr), antragsteller=org, status=f.status, beantragt=f.beantragt,
            zuwendung=f.zuwendung, erstellt_von=wer, aktenzeichen="" if f.status == S.ENTWURF else f"AW-{start + i:05d}",
            eingereicht_am=None if f.status == S.ENTWURF else jetzt,
            gezeichnet_am=jetzt + datetime.timedelta(days=10 + i % 7) if entschieden else None,
        )  # fmt: skip
        antraege.append(a)
        if f.status != S.ENTWURF:
            Statuswechsel.objects.create(antrag=a, von=S.ENTWURF, nach=S.EINGEREICHT, wer=wer)
        if not f.final:
            for tag, status in f.fristen:
                Frist.objects.create(schluessel=f"t:{a.pk}:{tag}", art=Frist.Art.NACHFORDERUNG, antrag=a,
                                     titel="Frist", faellig_am=tag, wer=Frist.Wer.ANTRAGSTELLER, status=status)  # fmt: skip
            continue
        z = Zuwendung.objects.create(
            antrag=a, bewilligt=f.bewilligt_heute if f.bewilligt_heute is not None else f.zuwendung,
            bewilligungszeitraum_von=datetime.date(f.jahr, 1, 1), bewilligungszeitraum_bis=datetime.date(f.jahr, 12, 31),
            finanzierungsart=Finanzierungsart.ANTEIL, bestandskraeftig_am=datetime.date(f.jahr, 3, 1),
            anerkannt=f.anerkannt, anerkannt_am=datetime.date(f.jahr + 1, 5, 1) if f.anerkannt is not None else None,
        )  # fmt: skip
        for n, (status, betrag) in enumerate(f.abrufe, start=1):
            Mittelabruf.objects.create(zuwendung=z, nummer=n, status=status, auszahlung_am=datetime.date(f.jahr, 4, 1),
                                       betrag=betrag, erstellt_von=wer)  # fmt: skip
        for n, (betrag, wert) in enumerate(f.auszahlungen):
            Buchung.objects.create(zuwendung=z, art=Buchung.Art.AUSZAHLUNG, betrag=betrag, wer=wer,
                                   gebucht_am=datetime.date(f.jahr, 4 + n % 6, 10),
                                   wertstellung=datetime.date(f.jahr, 4 + n % 6, 12) if wert else None)  # fmt: skip
        for betrag in f.erstattungen:
            Buchung.objects.create(zuwendung=z, art=Buchung.Art.ERSTATTUNG, betrag=betrag, wer=wer,
                                   gebucht_am=datetime.date(f.jahr, 11, 2))  # fmt: skip
        for n, (status, betrag) in enumerate(f.rueckforderungen):
            Rueckforderung.objects.create(zuwendung=z, anlass=Rueckforderung.Anlass.FREIWILLIG, quelle=f"t:{z.pk}:{n}",
                                          betrag=betrag, entstanden_am=datetime.date(f.jahr, 10, 1), status=status)  # fmt: skip
        for tag, status in f.fristen:
            Frist.objects.create(schluessel=f"t:{a.pk}:{tag}", art=Frist.Art.MITTELABRUF, antrag=a, zuwendung=z,
                                 titel="Frist", faellig_am=tag, wer=Frist.Wer.ANTRAGSTELLER, status=status)  # fmt: skip
    return antraege
