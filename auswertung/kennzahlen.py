"""Every figure of the Übersicht, defined once: which rows it counts and which amount it sums.

A ``Kennzahl`` names a model, the condition on its rows and the amount (or None: it counts).
The Übersicht aggregates all figures of one model in one SQL query (conditional Count/Sum,
grouped by Förderperiode or Regierungsbezirk); the list behind a figure (``zeilen``) is the
same queryset row by row, so every total equals the sum over its list by construction.

Figures of processes that have no data yet (``prozess``) are ``None`` — shown as "noch nicht
erfasst", never as 0 (see ``auswertung.prozesse``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from antraege.budget import NICHT_MITGEZAEHLT
from antraege.models import Antrag, AntragStatus
from auswertung.auswahl import bezirk_ausdruck
from komman.fields import Betrag
from zuwendungen.models import AbrufStatus, Buchung, Mittelabruf, Rueckforderung, Zuwendung

S = AntragStatus

# The way from each model to its Antrag (Auswahl.q and the grouping use it).
PFADE: dict[type, str] = {
    Antrag: "",
    Zuwendung: "antrag__",
    Mittelabruf: "zuwendung__antrag__",
    Buchung: "zuwendung__antrag__",
    Rueckforderung: "zuwendung__antrag__",
}

#: A notice granting money is signed (final, challenged or not): Antrag.ist_bewilligt as a query.
BEWILLIGT = Q(status__in=[S.BEWILLIGT, S.BESTANDSKRAEFTIG]) | Q(status=S.KLAGE_ANHAENGIG, zuwendung__gt=0)
#: A rejection is signed (a Klage against a rejection counts here).
ABGELEHNT = Q(status__in=[S.ABGELEHNT, S.ABLEHNUNG_BESTANDSKRAEFTIG]) | (
    Q(status=S.KLAGE_ANHAENGIG) & (Q(zuwendung__isnull=True) | Q(zuwendung=0))
)


def _bewilligt_betrag():
    """The grant valid today: the Zuwendung's amount once final (an Änderung updates it), else the notice's."""
    return Coalesce(F("zuwendungsfall__bewilligt"), F("zuwendung"), output_field=Betrag())


@dataclass(frozen=True)
class Kennzahl:
    name: str
    titel: str
    modell: type
    bedingung: Q
    betrag: str | Callable | None = None  # None: the figure counts rows
    prozess: str | None = None  # auswertung.prozesse: None until the process has data
    datum: str = ""  # the row's date shown in its list
    erklaerung: str = ""

    @property
    def pfad(self) -> str:
        return PFADE[self.modell]

    @property
    def ist_betrag(self) -> bool:
        return self.betrag is not None

    def ausdruck(self):
        return self.betrag() if callable(self.betrag) else F(self.betrag)

    def aggregat(self):
        if self.betrag is None:
            return Count("pk", filter=self.bedingung)
        return Sum(self.ausdruck(), filter=self.bedingung, output_field=Betrag())


ANZAHLEN = [
    Kennzahl("eingegangen", "Eingegangen", Antrag, ~Q(status=S.ENTWURF), datum="eingereicht_am",
             erklaerung="Alle eingereichten Anträge (auch zurückgezogene), ohne Entwürfe."),
    Kennzahl("in_pruefung", "In Prüfung", Antrag, Q(status__in=S.IN_PRUEFUNG), datum="eingereicht_am"),
    Kennzahl("vorgeschlagen", "Entscheidung vorgeschlagen", Antrag, Q(status__in=S.VORGESCHLAGEN),
             datum="eingereicht_am"),
    Kennzahl("bewilligt_anzahl", "Bewilligt", Antrag, BEWILLIGT, datum="gezeichnet_am"),
    Kennzahl("abgelehnt", "Abgelehnt", Antrag, ABGELEHNT, datum="gezeichnet_am"),
    Kennzahl("zurueckgezogen", "Zurückgezogen", Antrag, Q(status=S.ZURUECKGEZOGEN), datum="eingereicht_am"),
]  # fmt: skip

BETRAEGE = [
    Kennzahl("beantragt", "Beantragt", Antrag, ~Q(status__in=NICHT_MITGEZAEHLT), "beantragt",
             datum="eingereicht_am",
             erklaerung="Beantragte Zuwendung der eingereichten Anträge, ohne zurückgezogene und abgelehnte "
             "(wie im Haushaltsüberblick)."),
    Kennzahl("bewilligt", "Bewilligt", Antrag, BEWILLIGT, _bewilligt_betrag, datum="gezeichnet_am",
             erklaerung="Gezeichnete Bewilligungen; nach der Bestandskraft die heute gültige Zuwendung."),
    Kennzahl("abgerufen", "Abgerufen", Mittelabruf,
             ~Q(status__in=[AbrufStatus.ENTWURF, AbrufStatus.ZURUECKGEZOGEN, AbrufStatus.ABGELEHNT]), "betrag",
             datum="eingereicht_am", erklaerung="Eingereichte Mittelabrufe (ohne zurückgezogene und abgelehnte)."),
    Kennzahl("ausgezahlt", "Ausgezahlt", Buchung,
             Q(art=Buchung.Art.AUSZAHLUNG, wertstellung__isnull=False), "betrag", datum="wertstellung",
             erklaerung="Auszahlungen, die die Landeskasse geleistet hat (Buchung mit Wertstellung)."),
    Kennzahl("anerkannt", "Anerkannt", Zuwendung, Q(anerkannt__isnull=False), "anerkannt",
             prozess="verwendungsnachweis", datum="anerkannt_am",
             erklaerung="Im Verwendungsnachweis anerkannte Zuwendung."),
    Kennzahl("zurueckgefordert", "Zurückgefordert", Rueckforderung,
             ~Q(status__in=[Rueckforderung.Status.ERLASSEN, Rueckforderung.Status.EINGESTELLT]), "betrag",
             prozess="rueckforderung", datum="entstanden_am",
             erklaerung="Festgestellte Erstattungsansprüche (ohne erlassene und eingestellte)."),
    Kennzahl("erstattet", "Erstattet", Buchung, Q(art=Buchung.Art.ERSTATTUNG), "betrag",
             prozess="erstattung", datum="gebucht_am", erklaerung="Gebuchte Erstattungen (Hauptforderung)."),
    Kennzahl("zinsen", "Zinsen", Buchung, Q(art=Buchung.Art.ZINSEN), "betrag",
             prozess="erstattung", datum="gebucht_am", erklaerung="Gebuchte Zinsen (§ 49a VwVfG NRW)."),
    Kennzahl("vorgeschlagen_betrag", "Vorgeschlagen", Antrag, Q(status=S.BEWILLIGUNG_VORGESCHLAGEN), "zuwendung",
             datum="vorgeschlagen_am", erklaerung="Vorgeschlagene, noch nicht gezeichnete Bewilligungen."),
]  # fmt: skip

KENNZAHLEN: dict[str, Kennzahl] = {k.name: k for k in (*ANZAHLEN, *BETRAEGE)}


def berechnen(auswahl, *, nach: str, kennzahlen=None, erfasst: dict[str, bool]) -> dict[object, dict]:
    """{group key: {figure: value}} for the selection; one query per model.

    ``nach``: "foerderperiode" or "regierungsbezirk" (the applicant's, auswahl.bezirk_ausdruck).
    A figure whose process has no data yet is None in every group.
    """
    kennzahlen = list(kennzahlen or KENNZAHLEN.values())
    ergebnis: dict[object, dict] = {}
    for modell in PFADE:
        eigene = [k for k in kennzahlen if k.modell is modell and erfasst.get(k.prozess or "", True)]
        if not eigene:
            continue
        pfad = PFADE[modell]
        qs = modell.objects.filter(auswahl.q(pfad)).order_by()
        if nach == "regierungsbezirk":
            schluessel = "gruppe"
            qs = qs.annotate(gruppe=bezirk_ausdruck(pfad))
        else:
            schluessel = f"{pfad}{nach}"
        zeilen = qs.values(schluessel).annotate(**{k.name: k.aggregat() for k in eigene})
        for zeile in zeilen:
            werte = ergebnis.setdefault(zeile[schluessel], {})
            for k in eigene:
                werte[k.name] = zeile[k.name] if zeile[k.name] is not None else (Decimal("0.00") if k.ist_betrag else 0)
    for werte in ergebnis.values():
        for k in kennzahlen:
            if not erfasst.get(k.prozess or "", True):
                werte[k.name] = None
            else:
                werte.setdefault(k.name, Decimal("0.00") if k.ist_betrag else 0)
    return ergebnis


def leer(kennzahlen=None, *, erfasst: dict[str, bool]) -> dict[str, object]:
    """The values of a group without rows: 0, or None for a process without data."""
    return {
        k.name: (None if not erfasst.get(k.prozess or "", True) else (Decimal("0.00") if k.ist_betrag else 0))
        for k in (kennzahlen or KENNZAHLEN.values())
    }


def zeilen(kennzahl: Kennzahl, auswahl, *, periode: int | None = None):
    """The rows a figure counts, each with its ``wert`` (amount, or 1 for a count) and its Antrag."""
    pfad = kennzahl.pfad
    qs = kennzahl.modell.objects.filter(auswahl.q(pfad)).filter(kennzahl.bedingung)
    if periode is not None:
        qs = qs.filter(**{f"{pfad}foerderperiode_id": periode})
    if kennzahl.ist_betrag:
        qs = qs.annotate(wert=kennzahl.ausdruck())
    antrag = pfad.rstrip("_") if pfad else ""
    vor = f"{antrag}__" if antrag else ""
    if antrag:
        qs = qs.select_related(f"{antrag}__antragsteller__kreis", f"{antrag}__foerderperiode__programmteil")
    else:
        qs = qs.select_related("antragsteller__kreis", "foerderperiode__programmteil")
    return qs.order_by(f"{vor}foerderperiode__foerderjahr", f"{vor}aktenzeichen", "pk")


def antrag_von(objekt) -> Antrag:
    """The Antrag a list row belongs to (the row is an Antrag, Zuwendung, Mittelabruf, …)."""
    if isinstance(objekt, Antrag):
        return objekt
    if isinstance(objekt, Zuwendung):
        return objekt.antrag
    return objekt.zuwendung.antrag
