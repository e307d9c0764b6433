"""The daily run's steps for the Verwendungsnachweis (registered with zuwendungen.taeglich.schritt).

- vn_fristen: every final grant not yet closed has its VN deadline and, across year ends, its
  Zwischennachweis deadlines as Frist rows (rules.vn_fristen); rows that exist are left alone.
- vn_mahnungen: the day after the VN's due day passed without a submitted VN a first Mahnung
  with a new deadline (frist.mahnung_tage), after that one a second; when the second's
  deadline has passed too the case is flagged for the Widerruf (a refund claim of what was
  paid, anlass KEIN_VN, and a note on the file).
The reminder mails before/on the due day are built generically from the Frist rows. Both steps
are idempotent: a second run on the same day does nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction

from komman.formate import datum, euro
from programmteile import rules
from zuwendungen import rueckforderungen
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.bescheide import vn as briefe
from zuwendungen.models import Frist, Rueckforderung, VnSchreiben, VnStatus, Zuwendung
from zuwendungen.taeglich import schritt
from zuwendungen.workflow.bestandskraft import systembenutzer
from zuwendungen.workflow.vn import frist_setzen, sperren, vermerk

logger = logging.getLogger(__name__)
EINGEREICHT = [s for s in VnStatus.values if s != VnStatus.ENTWURF]


def _param(periode, name: str) -> int:
    wert = getattr(periode.parameter().allgemein, name)
    return wert if wert is not None else getattr(rules.Regelparameter.standard().allgemein, name)


def fristen_der_zuwendung(zuwendung: Zuwendung) -> rules.VnFristen:
    periode = zuwendung.antrag.foerderperiode
    return rules.vn_fristen(
        zuwendung.bewilligungszeitraum_von, zuwendung.bewilligungszeitraum_bis,
        vn_monate=_param(periode, "frist_vn_monate"), zwischennachweis_monate=_param(periode, "frist_zwischennachweis_monate"),
    )  # fmt: skip


def fristen_anlegen(zuwendung: Zuwendung, *, fristen: rules.VnFristen | None = None) -> int:
    """Open the VN and Zwischennachweis deadlines that do not exist yet (never moves existing ones).
    ``fristen``: the grant's deadlines if the caller computed them already."""
    f = fristen or fristen_der_zuwendung(zuwendung)
    vorhanden = set(Frist.objects.filter(zuwendung=zuwendung).values_list("schluessel", flat=True))
    # values, not instances: .only() on the related manager deferred zuwendung_id, which the
    # manager reads back per row (one query per VN: 1,412 extra queries in the 10k bench)
    eingereicht = set(
        zuwendung.verwendungsnachweise.filter(status__in=EINGEREICHT).values_list("art", "fuer_jahr")
    )
    anzahl = 0
    for zn in f.zwischennachweise:
        schluessel = f"zn:{zuwendung.pk}:{zn.fuer_jahr}"
        if schluessel not in vorhanden and ("zwischen", zn.fuer_jahr) not in eingereicht:
            frist_setzen(zuwendung, schluessel=schluessel, art=Frist.Art.ZWISCHENNACHWEIS, faellig=zn.faellig,
                         titel=f"Zwischennachweis {zn.fuer_jahr} vorlegen", wer=Frist.Wer.ANTRAGSTELLER)  # fmt: skip
            anzahl += 1
    if f"vn:{zuwendung.pk}" not in vorhanden and ("vn", None) not in eingereicht:
        frist_setzen(zuwendung, schluessel=f"vn:{zuwendung.pk}", art=Frist.Art.VERWENDUNGSNACHWEIS,
                     faellig=f.verwendungsnachweis_faellig, titel="Verwendungsnachweis vorlegen",
                     wer=Frist.Wer.ANTRAGSTELLER)  # fmt: skip
        anzahl += 1
    return anzahl


def _schluessel(zuwendung: Zuwendung, f: rules.VnFristen) -> set[str]:
    """The Frist rows fristen_anlegen() may open for ``zuwendung``."""
    return {f"vn:{zuwendung.pk}", *(f"zn:{zuwendung.pk}:{zn.fuer_jahr}" for zn in f.zwischennachweise)}


@schritt("vn_fristen")
def vn_fristen(heute: datetime.date) -> int:
    anzahl = 0
    qs = Zuwendung.objects.filter(abgeschlossen_am__isnull=True).select_related("antrag__foerderperiode")
    # The deadlines depend on the period's parameters and the Bewilligungszeitraum only: computed
    # (period parameters read, holiday calendar walked) once per period and span, not per grant.
    gemerkt: dict[tuple, rules.VnFristen] = {}
    block: list[tuple[Zuwendung, rules.VnFristen]] = []

    def abarbeiten() -> int:
        # One query per block finds the grants whose deadlines all exist (rows are never removed,
        # so they still do below); only the others are checked and completed one by one.
        gesucht = {s for z, f in block for s in _schluessel(z, f)}
        da = set(Frist.objects.filter(zuwendung__in=[z for z, _ in block], schluessel__in=gesucht)
                 .values_list("schluessel", flat=True))  # fmt: skip
        neu = 0
        for z, f in block:
            if not _schluessel(z, f) <= da:
                with transaction.atomic():
                    neu += fristen_anlegen(z, fristen=f)
        block.clear()
        return neu

    for zuwendung in qs.order_by("pk").iterator(chunk_size=1000):
        art = (
            zuwendung.antrag.foerderperiode_id,
            zuwendung.bewilligungszeitraum_von,
            zuwendung.bewilligungszeitraum_bis,
        )
        if art not in gemerkt:
            gemerkt[art] = fristen_der_zuwendung(zuwendung)
        block.append((zuwendung, gemerkt[art]))
        if len(block) >= 500:
            anzahl += abarbeiten()
    return anzahl + abarbeiten()


def _offen(schluessel: str) -> bool:
    return Frist.objects.filter(schluessel=schluessel).exclude(status=Frist.Status.ERLEDIGT).exists()


@transaction.atomic
def mahnen(zuwendung: Zuwendung, *, nummer: int, heute: datetime.date) -> VnSchreiben | None:
    """Mahnung ``nummer`` with a new deadline (once: the letter's number is unique per grant)."""
    zuwendung, _ = sperren(zuwendung)
    if VnSchreiben.objects.filter(zuwendung=zuwendung, art=VnSchreiben.Art.MAHNUNG, nummer=nummer).exists():
        return None
    if zuwendung.verwendungsnachweise.filter(art="vn", status__in=EINGEREICHT).exists():
        return None
    neue_frist = rules.tagesfrist(heute, _param(zuwendung.antrag.foerderperiode, "frist_mahnung_tage"))
    alte = Frist.objects.get(
        schluessel=f"vn:{zuwendung.pk}" if nummer == 1 else f"vn_mahnung:{zuwendung.pk}:1"
    )
    frist_setzen(zuwendung, schluessel=f"vn_mahnung:{zuwendung.pk}:{nummer}", art=Frist.Art.MAHNUNG, faellig=neue_frist,
                 titel=f"Verwendungsnachweis vorlegen ({nummer}. Mahnung)", wer=Frist.Wer.ANTRAGSTELLER)  # fmt: skip
    brief = briefe.anlegen(zuwendung=zuwendung, art=VnSchreiben.Art.MAHNUNG, by=None, heute=heute, extra={
        "mahnung": {"alte_frist": alte.faellig_am.isoformat(), "neue_frist": neue_frist.isoformat(), "zweite": nummer == 2},
    })  # fmt: skip
    vermerk(zuwendung, by=systembenutzer(),
            grund=f"{nummer}. Mahnung zum Verwendungsnachweis; neue Frist bis {datum(neue_frist)}.")  # fmt: skip
    return brief


@transaction.atomic
def fuer_widerruf_vormerken(zuwendung: Zuwendung, *, heute: datetime.date) -> bool:
    """After the second Mahnung's deadline: the refund claim of all that was paid (KEIN_VN)."""
    zuwendung, _ = sperren(zuwendung)
    quelle = f"kein_vn:{zuwendung.pk}"
    if Rueckforderung.objects.filter(quelle=quelle).exists():
        return False
    if zuwendung.verwendungsnachweise.filter(art="vn", status__in=EINGEREICHT).exists():
        return False
    ausgezahlt = abrufstand(zuwendung).ausgezahlt
    grund = "Verwendungsnachweis trotz zweiter Mahnung nicht vorgelegt; Widerruf vorzubereiten"
    if ausgezahlt > 0:
        rueckforderungen.erfassen(zuwendung=zuwendung, anlass=Rueckforderung.Anlass.KEIN_VN, quelle=quelle,
                                  betrag=ausgezahlt, entstanden_am=heute, grund=f"{grund}.", wer=systembenutzer())  # fmt: skip
    vermerk(zuwendung, by=systembenutzer(), intern=True,
            grund=f"{grund} (ausgezahlt {euro(ausgezahlt)}).")  # fmt: skip
    return True


@schritt("vn_mahnungen")
def vn_mahnungen(heute: datetime.date) -> int:
    anzahl = 0
    faellig = Frist.objects.filter(
        art__in=[Frist.Art.VERWENDUNGSNACHWEIS, Frist.Art.MAHNUNG], faellig_am__lt=heute, zuwendung__isnull=False,
        zuwendung__abgeschlossen_am__isnull=True,
    ).exclude(status=Frist.Status.ERLEDIGT).select_related("zuwendung")  # fmt: skip
    for frist in faellig.order_by("pk"):
        z = frist.zuwendung
        if frist.schluessel == f"vn:{z.pk}":
            anzahl += mahnen(z, nummer=1, heute=heute) is not None
        elif frist.schluessel == f"vn_mahnung:{z.pk}:1":
            anzahl += mahnen(z, nummer=2, heute=heute) is not None
        elif frist.schluessel == f"vn_mahnung:{z.pk}:2":
            anzahl += fuer_widerruf_vormerken(z, heute=heute)
    return anzahl
