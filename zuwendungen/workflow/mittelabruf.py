"""Mittelabruf and Auszahlung: one function per transition (table: zuwendungen.permissions.UEBERGAENGE).

The shape of antraege.workflow: guard → atomic → lock the Zuwendung row, then the call
(always in this order, so two calls or two releases of one grant queue up) → re-check
under the lock (a double click fails cleanly) → change → one Statuswechsel on the Antrag's
file (the history both sides see) → on_commit for letters and mails.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from antraege.models import Statuswechsel
from antraege.workflow import WorkflowError
from komman.formate import datum, euro
from zuwendungen import permissions
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.models import (
    AbrufStatus,
    Auszahlungsanordnung,
    Buchung,
    Mittelabruf,
    Zahlungsbrief,
    Zuwendung,
)
from zuwendungen.workflow.pruefung_abruf import (
    Abrufdaten,
    Fehler,
    eingabe_pruefen,
    klage_anhaengig,
    regelpruefung,
)

A = AbrufStatus
_MITLADEN = ("antrag__foerderperiode__programmteil", "antrag__antragsteller", "antrag__bearbeitet_von")


class AbrufFehler(WorkflowError):
    """Refused input: German messages per field (``fehler.felder``) and the Befund codes."""

    def __init__(self, fehler: Fehler):
        self.fehler = fehler
        super().__init__(" ".join(m for ms in fehler.felder.values() for m in ms))


def _require(erlaubnis: tuple[bool, str]) -> None:
    ok, grund = erlaubnis
    if not ok:
        raise WorkflowError(grund)


def _sperren(abruf_or_zuwendung) -> tuple[Zuwendung, Mittelabruf | None]:
    """Locks the Zuwendung row first, then the call (if one is given)."""
    if isinstance(abruf_or_zuwendung, Mittelabruf):
        zuwendung_id, abruf_id = abruf_or_zuwendung.zuwendung_id, abruf_or_zuwendung.pk
    else:
        zuwendung_id, abruf_id = abruf_or_zuwendung.pk, None
    zuwendung = Zuwendung.objects.select_for_update(of=("self",)).select_related(*_MITLADEN).get(pk=zuwendung_id)
    if abruf_id is None:
        return zuwendung, None
    abruf = Mittelabruf.objects.select_for_update().get(pk=abruf_id)
    abruf.zuwendung = zuwendung
    return zuwendung, abruf


def _version(abruf: Mittelabruf, version: int | None) -> None:
    if version is not None and abruf.version != version:
        raise WorkflowError(
            "Der Mittelabruf wurde inzwischen von einer anderen Person geändert. Bitte prüfen Sie den "
            "aktuellen Stand und versuchen Sie es erneut."
        )


def _wechsel(abruf: Mittelabruf, *, nach: str, update_fields: tuple[str, ...] = ()) -> None:
    """The state change on a locked call (the lock makes the plain version increment safe)."""
    abruf.status = nach
    abruf.version += 1
    abruf.save(update_fields=["status", "version", *update_fields])


def _vermerk(
    abruf: Mittelabruf, *, by, grund: str, betrag: Decimal | None = None, intern: bool = False
) -> None:
    """The step on the Antrag's file (no state change of the Antrag)."""
    antrag = abruf.zuwendung.antrag
    Statuswechsel.objects.create(
        antrag=antrag,
        von=antrag.status,
        nach=antrag.status,
        wer=by,
        grund=grund,
        betrag=betrag,
        intern=intern,
    )


def _brief(abruf: Mittelabruf, art: str, by, *, mail: str | None = None) -> Zahlungsbrief:
    from zuwendungen import mails
    from zuwendungen.bescheide import zahlung as bescheide

    brief = bescheide.anlegen(abruf=abruf, art=art, by=by)
    transaction.on_commit(lambda: bescheide.rendern(brief_id=brief.pk))
    if mail:
        mails.senden_zu(abruf_id=abruf.pk, vorlage=mail)  # outbox row in this transaction
    return brief


def _speichern(abruf: Mittelabruf, d: Abrufdaten) -> None:
    abruf.auszahlung_am = d.auszahlung_am
    abruf.bedarfe = [
        {"faellig": f.isoformat(), "betrag": str(b.quantize(Decimal("0.01")))} for f, b in d.bedarfe
    ]
    abruf.betrag = d.betrag
    abruf.stellen_besetzt_am = d.stellen_besetzt_am
    abruf.stellen_vze = d.stellen_vze
    abruf.verwendung_bisher = (d.verwendung_bisher or "").strip()


# --- Antragsteller ---


@transaction.atomic
def abruf_anlegen(*, zuwendung: Zuwendung, by, daten: Abrufdaten) -> Mittelabruf:
    """KI staff or Träger prepare a call (draft). Only the form's own checks are run here."""
    zuwendung, _ = _sperren(zuwendung)
    _require(permissions.can_anlegen(by, zuwendung))
    nummer = (zuwendung.mittelabrufe.aggregate(m=Max("nummer"))["m"] or 0) + 1
    abruf = Mittelabruf(zuwendung=zuwendung, nummer=nummer, erstellt_von=by)
    _speichern(abruf, daten)
    abruf.save()
    return abruf


@transaction.atomic
def abruf_speichern(*, abruf: Mittelabruf, by, daten: Abrufdaten, version: int | None = None) -> Mittelabruf:
    zuwendung, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "bearbeiten"))
    _speichern(abruf, daten)
    abruf.version += 1
    abruf.save()
    return abruf


@transaction.atomic
def abruf_einreichen(
    *, abruf: Mittelabruf, by, version: int | None = None, heute: datetime.date | None = None
) -> Mittelabruf:
    """The Zeichnungsberechtigte submits: every check of the call, each Befund at its field."""
    heute = heute or timezone.localdate()
    zuwendung, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "einreichen"))
    fehler = eingabe_pruefen(zuwendung, Abrufdaten.aus_abruf(abruf), abruf=abruf, heute=heute)
    if fehler:
        raise AbrufFehler(fehler)
    abruf.eingereicht_von = by
    abruf.eingereicht_am = timezone.now()
    _wechsel(abruf, nach=A.EINGEREICHT, update_fields=("eingereicht_von", "eingereicht_am"))
    _vermerk(
        abruf,
        by=by,
        betrag=abruf.betrag,
        grund=f"Mittelabruf {abruf.nummer} eingereicht (Auszahlung zum {datum(abruf.auszahlung_am)}).",
    )
    _brief(abruf, Zahlungsbrief.Art.ABRUFBESTAETIGUNG, by, mail="abruf_eingegangen")
    return abruf


@transaction.atomic
def abruf_zurueckziehen(*, abruf: Mittelabruf, by, version: int | None = None) -> Mittelabruf:
    _, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "zurueckziehen"))
    war_eingereicht = abruf.status == A.EINGEREICHT
    _wechsel(abruf, nach=A.ZURUECKGEZOGEN)
    if war_eingereicht:
        _vermerk(abruf, by=by, betrag=abruf.betrag, grund=f"Mittelabruf {abruf.nummer} zurückgezogen.")
    return abruf


# --- Prüfung, Zeichnung, Kasse ---


def freigabe_hoechstens(abruf: Mittelabruf, *, heute: datetime.date | None = None) -> Decimal:
    """What rules.mittelabruf releases of this call today (its own amount not counted as open)."""
    heute = heute or timezone.localdate()
    return regelpruefung(
        abruf.zuwendung, abruf.bedarfsliste, auszahlung_am=abruf.auszahlung_am, abruf=abruf, heute=heute
    ).freigabe


@transaction.atomic
def abruf_freigeben(
    *,
    abruf: Mittelabruf,
    by,
    betrag: Decimal,
    pruefvermerk: str,
    begruendung: str = "",
    version: int | None = None,
    heute: datetime.date | None = None,
) -> Mittelabruf:
    """Prüfung releases the call in full or in part (with reasons); Zeichnung then signs the payout."""
    _, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "freigeben"))
    f = Fehler()
    if klage := klage_anhaengig(abruf.zuwendung):
        f.add("__all__", klage)
    if not (pruefvermerk or "").strip():
        f.add("pruefvermerk", "Bitte halten Sie im Prüfvermerk fest, was Sie geprüft haben.")
    hoechstens = freigabe_hoechstens(abruf, heute=heute)
    if betrag is None or betrag <= 0:
        f.add("betrag", "Der freigegebene Betrag muss größer als 0,00 € sein; sonst lehnen Sie den Abruf ab.")
    elif betrag > abruf.betrag:
        f.add("betrag", f"Freigegeben werden kann höchstens der angeforderte Betrag ({euro(abruf.betrag)}).")
    elif betrag > hoechstens:
        f.add(
            "betrag",
            f"Nach den Regeln des Mittelabrufs (Zeitfenster, Bewilligungszeitraum, Restbetrag) können "
            f"höchstens {euro(hoechstens)} freigegeben werden.",
            "abruf.restbetrag",
        )
    elif betrag < abruf.betrag and not (begruendung or "").strip():
        f.add("begruendung", "Bitte begründen Sie die Teilfreigabe.")
    if f:
        raise AbrufFehler(f)
    abruf.freigegeben = betrag
    abruf.pruefvermerk = pruefvermerk.strip()
    abruf.begruendung = (begruendung or "").strip()
    abruf.freigegeben_von = by
    abruf.freigegeben_am = timezone.now()
    _wechsel(
        abruf, nach=A.FREIGEGEBEN,
        update_fields=("freigegeben", "pruefvermerk", "begruendung", "freigegeben_von", "freigegeben_am"),
    )  # fmt: skip
    art = "teilweise freigegeben" if betrag < abruf.betrag else "freigegeben"
    _vermerk(
        abruf,
        by=by,
        betrag=betrag,
        intern=True,
        grund=f"Mittelabruf {abruf.nummer} {art}. {abruf.begruendung}".strip(),
    )
    return abruf


@transaction.atomic
def abruf_ablehnen(
    *, abruf: Mittelabruf, by, pruefvermerk: str, begruendung: str, version: int | None = None
) -> Mittelabruf:
    _, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "ablehnen"))
    f = Fehler()
    if not (pruefvermerk or "").strip():
        f.add("pruefvermerk", "Bitte halten Sie im Prüfvermerk fest, was Sie geprüft haben.")
    if not (begruendung or "").strip():
        f.add("begruendung", "Bitte begründen Sie die Ablehnung.")
    if f:
        raise AbrufFehler(f)
    abruf.pruefvermerk, abruf.begruendung = pruefvermerk.strip(), begruendung.strip()
    _wechsel(abruf, nach=A.ABGELEHNT, update_fields=("pruefvermerk", "begruendung"))
    _vermerk(
        abruf, by=by, betrag=abruf.betrag, grund=f"Mittelabruf {abruf.nummer} abgelehnt: {abruf.begruendung}"
    )
    return abruf


@transaction.atomic
def abruf_zurueckgeben(*, abruf: Mittelabruf, by, grund: str, version: int | None = None) -> Mittelabruf:
    """Zeichnung returns a release to the Prüfung (→ eingereicht) with a comment."""
    _, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "zurueckgeben"))
    if not (grund or "").strip():
        f = Fehler()
        f.add("grund", "Bitte schreiben Sie, was an der Freigabe zu ändern ist.")
        raise AbrufFehler(f)
    abruf.freigegeben = None
    abruf.freigegeben_von = None
    abruf.freigegeben_am = None
    _wechsel(abruf, nach=A.EINGEREICHT, update_fields=("freigegeben", "freigegeben_von", "freigegeben_am"))
    _vermerk(
        abruf,
        by=by,
        intern=True,
        grund=f"Freigabe des Mittelabrufs {abruf.nummer} zurückgegeben: {grund.strip()}",
    )
    return abruf


@transaction.atomic
def auszahlung_zeichnen(
    *, abruf: Mittelabruf, by, version: int | None = None, heute: datetime.date | None = None
) -> Auszahlungsanordnung:
    """Zeichnung signs the payout (four eyes): Auszahlungsanordnung, Buchung, letter. Under the
    Zuwendung's lock the grant is checked again: paid + open never exceed the grant."""
    heute = heute or timezone.localdate()
    zuwendung, abruf = _sperren(abruf)
    _version(abruf, version)
    _require(permissions.can_aktion(by, abruf, "zeichnen"))
    betrag = abruf.freigegeben or Decimal("0.00")
    if klage := klage_anhaengig(zuwendung):
        raise WorkflowError(klage)
    k = abrufstand(zuwendung, ohne_abruf=abruf)
    if k.ausgezahlt + k.offen + betrag > zuwendung.bewilligt:
        raise WorkflowError(
            f"Die Auszahlung ({euro(betrag)}) überstiege die Zuwendung: bewilligt {euro(zuwendung.bewilligt)}, "
            f"ausgezahlt {euro(k.ausgezahlt)}, angefordert und offen {euro(k.offen)}."
        )
    abruf.gezeichnet_von = by
    abruf.gezeichnet_am = timezone.now()
    _wechsel(abruf, nach=A.ANGEORDNET, update_fields=("gezeichnet_von", "gezeichnet_am"))
    from zuwendungen.bescheide import zahlung as bescheide

    anordnung = Auszahlungsanordnung.objects.create(
        mittelabruf=abruf,
        nummer=f"{zuwendung.antrag.aktenzeichen or zuwendung.antrag_id}-A{abruf.nummer}",
        betrag=betrag,
        daten=bescheide.anordnungsdaten(abruf, betrag=betrag, by=by, heute=heute),
    )
    Buchung.objects.create(
        zuwendung=zuwendung, art=Buchung.Art.AUSZAHLUNG, betrag=betrag, gebucht_am=heute, anordnung=anordnung,
        text=f"Auszahlung Mittelabruf {abruf.nummer}", wer=by,
    )  # fmt: skip
    _vermerk(
        abruf,
        by=by,
        betrag=betrag,
        grund=f"Auszahlung zum Mittelabruf {abruf.nummer} angeordnet ({anordnung.nummer}).",
    )
    _brief(abruf, Zahlungsbrief.Art.AUSZAHLUNGSANORDNUNG, by)
    return anordnung


@transaction.atomic
def als_bezahlt_melden(*, abruf: Mittelabruf, by, wertstellung: datetime.date) -> Mittelabruf:
    """Prüfung reports the Landeskasse's payment with its value date (once)."""
    _, abruf = _sperren(abruf)
    _bezahlt(abruf, Buchung.objects.filter(anordnung__mittelabruf=abruf).first(), by=by, wertstellung=wertstellung)
    return abruf


@transaction.atomic
def als_bezahlt_melden_liste(*, zahlungen: list[tuple[int, datetime.date]], by) -> int:
    """The Kasse's paid list: (call id, value date) pairs, all in one transaction (all or
    nothing). The grants are locked in one query (ordered by id), then the calls."""
    ids = [abruf_id for abruf_id, _ in zahlungen]
    zuwendung_ids = Mittelabruf.objects.filter(pk__in=ids).values_list("zuwendung_id", flat=True)
    zuwendungen = {
        z.pk: z
        for z in Zuwendung.objects.select_for_update(of=("self",))
        .filter(pk__in=list(zuwendung_ids))
        .select_related(*_MITLADEN)
        .order_by("pk")
    }
    abrufe = {
        a.pk: a
        for a in Mittelabruf.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("anordnung__buchung", "freigegeben_von")
        .order_by("pk")
    }
    for abruf_id, wertstellung in zahlungen:
        abruf = abrufe[abruf_id]
        abruf.zuwendung = zuwendungen[abruf.zuwendung_id]
        buchung = getattr(getattr(abruf, "anordnung", None), "buchung", None)
        _bezahlt(abruf, buchung, by=by, wertstellung=wertstellung)
    return len(zahlungen)


def _bezahlt(abruf: Mittelabruf, buchung: Buchung | None, *, by, wertstellung: datetime.date) -> None:
    """The transition to bezahlt on a locked call: the value date written once on its Buchung."""
    _require(permissions.can_aktion(by, abruf, "bezahlt"))
    if buchung is None:
        raise WorkflowError("Zu diesem Mittelabruf gibt es keine Buchung.")
    if wertstellung is None:
        f = Fehler()
        f.add("wertstellung", "Bitte geben Sie den Tag der Wertstellung an.")
        raise AbrufFehler(f)
    if wertstellung < buchung.gebucht_am:
        f = Fehler()
        f.add("wertstellung", f"Die Wertstellung kann nicht vor der Anordnung ({datum(buchung.gebucht_am)}) liegen.")
        raise AbrufFehler(f)
    if not Buchung.objects.wertstellen(pk=buchung.pk, wertstellung=wertstellung):
        raise WorkflowError("Diese Auszahlung ist bereits als ausgezahlt gemeldet.")
    buchung.wertstellung = wertstellung
    _wechsel(abruf, nach=A.BEZAHLT)
    _vermerk(abruf, by=by, betrag=buchung.betrag, grund=f"Mittelabruf {abruf.nummer} ausgezahlt (Wertstellung {datum(wertstellung)}).")
    _brief(abruf, Zahlungsbrief.Art.ZAHLUNGSBESTAETIGUNG, by, mail="auszahlung_erfolgt")
