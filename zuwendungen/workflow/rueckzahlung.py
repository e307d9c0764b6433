"""Payments on refund claims, Mahnung, waiver, voluntary refunds, § 49a Abs. 4 interest and the
Abschluss of the grant (issue 21; table: zuwendungen.permissions.UEBERGAENGE_RUECKFORDERUNG).

A payment is split by rules.forderungsstand (interest first, § 367 BGB by analogy) into a ZINSEN
and an ERSTATTUNG Buchung (append-only) and recorded as a Zahlungseingang; when nothing is left
open the claim is paid, and a grant whose VN result is in and whose claims are all settled is
closed with its Abschlussmitteilung.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from antraege.workflow import WorkflowError
from komman.formate import datum, euro
from programmteile import basiszins, rules
from zuwendungen import forderungen, fristen, permissions, rueckforderungen
from zuwendungen.models import Buchung, Frist, Rueckforderung, Verwendungszinsen, Zahlungseingang, Zuwendung
from zuwendungen.models.rueckforderung import KLAGE_ANHAENGIG
from zuwendungen.workflow.widerruf import B, R, _require, _text, brief, sperren, url, vermerk, wechsel

ERLEDIGT = (R.BEZAHLT, R.ERLASSEN, R.EINGESTELLT)


def _buchung(forderung: Rueckforderung, art: str, betrag: Decimal, am: datetime.date, by, text: str):
    if betrag <= 0:
        return None
    return Buchung.objects.create(
        zuwendung=forderung.zuwendung, art=art, betrag=betrag, gebucht_am=timezone.localdate(), wertstellung=am,
        text=text[:300], wer=by,
    )  # fmt: skip


def _eingang(forderung: Rueckforderung, *, by, betrag: Decimal, eingang_am: datetime.date) -> Zahlungseingang:
    """Apply one payment (interest first) and book it; the claim's figures from the rules."""
    stand = forderungen.stand(forderung, eingang_am, weitere=[(eingang_am, betrag)])
    v = [x for x in stand.verrechnungen if x.tag == eingang_am][-1]
    kz = forderung.kassenzeichen or f"Rückforderung {forderung.pk}"
    return Zahlungseingang.objects.create(
        rueckforderung=forderung, eingang_am=eingang_am, betrag=betrag, auf_zinsen=v.auf_zinsen,
        auf_hauptforderung=v.auf_hauptforderung, ueberzahlung=v.ueberzahlung, erfasst_von=by,
        buchung_zinsen=_buchung(forderung, Buchung.Art.ZINSEN, v.auf_zinsen, eingang_am, by, f"Zinsen {kz}"),
        buchung_erstattung=_buchung(
            forderung, Buchung.Art.ERSTATTUNG, v.auf_hauptforderung, eingang_am, by, f"Erstattung {kz}"
        ),
    )  # fmt: skip


@transaction.atomic
def zahlung_buchen(
    *, forderung: Rueckforderung, by, betrag: Decimal, eingang_am: datetime.date, heute: datetime.date | None = None
) -> Zahlungseingang:
    """A payment received by the Landeskasse: interest first, then the principal."""
    heute = heute or timezone.localdate()
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "zahlung"))
    if betrag is None or betrag <= 0:
        raise WorkflowError("Der Betrag einer Zahlung muss größer als 0,00 € sein.")
    if eingang_am > heute:
        raise WorkflowError("Der Zahlungseingang darf nicht in der Zukunft liegen.")
    letzte = forderung.zahlungen.order_by("-eingang_am").values_list("eingang_am", flat=True).first()
    if letzte is not None and eingang_am < letzte:
        raise WorkflowError(
            f"Es ist schon eine Zahlung vom {datum(letzte)} gebucht; Zahlungen werden in der Reihenfolge "
            "ihres Eingangs gebucht."
        )
    z = _eingang(forderung, by=by, betrag=betrag, eingang_am=eingang_am)
    stand = forderungen.stand(forderung, eingang_am)
    grund = (
        f"Zahlung von {euro(betrag)} am {datum(eingang_am)} gebucht: {euro(z.auf_zinsen)} auf Zinsen, "
        f"{euro(z.auf_hauptforderung)} auf die Erstattung; offen {euro(stand.offen)}."
    )
    if z.ueberzahlung:
        grund += f" Überzahlung {euro(z.ueberzahlung)} (zu erstatten)."
    vermerk(forderung, by=by, grund=grund, betrag=betrag)
    if stand.erledigt:
        forderung.erledigt_am = eingang_am
        wechsel(forderung, nach=R.BEZAHLT, felder=("erledigt_am",))
        fristen.erledigen(f"rueckforderung:{forderung.pk}:zahlung")
        fristen.erledigen(f"rueckforderung:{forderung.pk}:mahnung")
        if forderung.zuwendung.anerkannt is not None and _alles_erledigt(forderung.zuwendung):
            _abschluss(forderung.zuwendung, forderung, by=by, heute=heute)
    return z


def ueberfaellig(heute: datetime.date | None = None):
    """Decided claims past their due date (the overdue list); the open amount is on each page."""
    heute = heute or timezone.localdate()
    return Rueckforderung.objects.filter(status=R.BESCHIEDEN, faellig_am__lt=heute).exclude(KLAGE_ANHAENGIG)


@transaction.atomic
def mahnen(*, forderung: Rueckforderung, by, heute: datetime.date | None = None) -> Rueckforderung:
    """A Mahnung with the amount open today (interest to date) and a new deadline."""
    heute = heute or timezone.localdate()
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "mahnen"))
    if forderung.faellig_am >= heute:
        raise WorkflowError(f"Die Zahlung ist erst am {datum(forderung.faellig_am)} fällig; gemahnt wird danach.")
    forderung.faellig_am = rules.tagesfrist(heute, forderungen.wert(forderung, "frist_schreiben_tage"))
    wechsel(forderung, nach=R.BESCHIEDEN, felder=("faellig_am",))
    fristen.setzen(
        schluessel=f"rueckforderung:{forderung.pk}:mahnung", art=Frist.Art.MAHNUNG,
        antrag=forderung.zuwendung.antrag, zuwendung=forderung.zuwendung, faellig_am=forderung.faellig_am,
        wer=Frist.Wer.ANTRAGSTELLER, titel=f"Zahlung nach Mahnung (Kassenzeichen {forderung.kassenzeichen})",
        url=url(forderung),
    )  # fmt: skip
    b = brief(forderung, B.MAHNUNG, by, heute)
    vermerk(forderung, by=by, grund=f"Mahnung: offen {euro(b.daten['zinsen']['offen'])}, neue Frist {datum(forderung.faellig_am)}.")
    return forderung


@transaction.atomic
def verzichten(*, forderung: Rueckforderung, by, grund: str) -> Rueckforderung:
    """A claim below the Bagatellgrenze is not pursued: a recorded decision with its reason."""
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "verzichten"))
    if not forderungen.ist_bagatelle(forderung):
        grenze = forderungen.wert(forderung, "erstattung_bagatellgrenze")
        raise WorkflowError(
            f"Auf eine Rückforderung von {euro(forderung.betrag)} kann nicht wegen Geringfügigkeit verzichtet "
            f"werden; die Bagatellgrenze liegt bei {euro(grenze) if grenze is not None else '– (keine)'}."
        )
    return _beenden(forderung, by=by, nach=R.ERLASSEN, grund=_text(grund, "die Begründung des Verzichts"))


@transaction.atomic
def einstellen(*, forderung: Rueckforderung, by, grund: str) -> Rueckforderung:
    """The procedure is dropped (e.g. the Anhörung showed no claim): a recorded decision."""
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "einstellen"))
    return _beenden(forderung, by=by, nach=R.EINGESTELLT, grund=_text(grund, "die Begründung der Einstellung"))


def _beenden(forderung: Rueckforderung, *, by, nach: str, grund: str) -> Rueckforderung:
    forderung.erledigt_grund = grund
    forderung.erledigt_am = timezone.localdate()
    wechsel(forderung, nach=nach, felder=("erledigt_grund", "erledigt_am"))
    for teil in ("anhoerung", "jahresfrist", "zahlung", "mahnung"):
        fristen.erledigen(f"rueckforderung:{forderung.pk}:{teil}")
    text = "nicht geltend gemacht (Bagatelle)" if nach == R.ERLASSEN else "eingestellt"
    vermerk(forderung, by=by, grund=f"Rückforderung über {euro(forderung.betrag)} {text}: {grund}", intern=True)
    return forderung


@transaction.atomic
def freiwillige_rueckzahlung(
    *, zuwendung: Zuwendung, by, betrag: Decimal, eingang_am: datetime.date, grund: str = ""
) -> Rueckforderung:
    """Unused money paid back without a Widerruf: recorded and booked at once (anlass FREIWILLIG)."""
    zuwendung = Zuwendung.objects.select_for_update(of=("self",)).get(pk=zuwendung.pk)
    _require(permissions.can_rueckforderung_erfassen(by, zuwendung))
    if betrag is None or betrag <= 0:
        raise WorkflowError("Der Betrag einer Rückzahlung muss größer als 0,00 € sein.")
    if eingang_am > timezone.localdate():
        raise WorkflowError("Der Zahlungseingang darf nicht in der Zukunft liegen.")
    forderung = rueckforderungen.erfassen(
        zuwendung=zuwendung, anlass=Rueckforderung.Anlass.FREIWILLIG,
        quelle=f"freiwillig:{zuwendung.pk}:{uuid.uuid4().hex[:12]}", betrag=betrag, entstanden_am=eingang_am,
        grund=grund.strip() or "Freiwillige Rückzahlung nicht verbrauchter Mittel.", wer=by,
    )  # fmt: skip
    forderung.verzinst = False
    forderung.status = R.BEZAHLT
    forderung.erledigt_am = eingang_am
    forderung.save(update_fields=["verzinst", "status", "erledigt_am"])
    forderung.zuwendung = zuwendung
    _eingang(forderung, by=by, betrag=betrag, eingang_am=eingang_am)
    vermerk(forderung, by=by, betrag=betrag, grund=f"Freiwillige Rückzahlung von {euro(betrag)} am {datum(eingang_am)} gebucht.")
    return forderung


def _alles_erledigt(zuwendung: Zuwendung) -> bool:
    return not zuwendung.rueckforderungen.exclude(status__in=ERLEDIGT).exists()


def _abschluss(zuwendung: Zuwendung, forderung: Rueckforderung, *, by, heute: datetime.date) -> None:
    zuwendung.abgeschlossen_am = heute
    zuwendung.save(update_fields=["abgeschlossen_am"])
    b = brief(forderung, B.ABSCHLUSS, by, heute)
    vermerk(
        forderung, by=by,
        grund=f"Zuwendung abgeschlossen: Erstattung und Zinsen vollständig bezahlt. Akten aufzubewahren bis "
        f"{datum(datetime.date.fromisoformat(b.daten['aufbewahrung']['akten_bis']))}.",
    )  # fmt: skip


@transaction.atomic
def abschliessen(*, zuwendung: Zuwendung, by, heute: datetime.date | None = None) -> Zuwendung:
    """Prüfung closes a grant whose claims are all settled (with the Abschlussmitteilung)."""
    heute = heute or timezone.localdate()
    zuwendung = Zuwendung.objects.select_for_update(of=("self",)).select_related(
        "antrag__foerderperiode__programmteil", "antrag__antragsteller", "antrag__bearbeitet_von"
    ).get(pk=zuwendung.pk)
    _require(permissions.can_abschliessen(by, zuwendung))
    letzte = zuwendung.rueckforderungen.order_by("-erfasst_am", "-pk").first()
    if letzte is None:
        raise WorkflowError("Ohne Rückforderung schließt die Prüfung des Verwendungsnachweises die Zuwendung ab.")
    letzte.zuwendung = zuwendung
    _abschluss(zuwendung, letzte, by=by, heute=heute)
    return zuwendung


# --- § 49a Abs. 4: interest for money not used within two months ---


def verwendungszinsen_berechnen(*, zuwendung: Zuwendung, by, verwendungen: list[tuple[datetime.date, Decimal]]):
    """The proposal from the grant's payouts (value dates) and the dated uses (first in, first out)."""
    _require(permissions.can_rueckforderung_erfassen(by, zuwendung))
    if not verwendungen:
        raise WorkflowError("Bitte geben Sie mindestens eine Verwendung mit Datum und Betrag an.")
    p = zuwendung.antrag.foerderperiode.parameter().allgemein
    auszahlungen = list(
        zuwendung.buchungen.filter(art=Buchung.Art.AUSZAHLUNG, wertstellung__isnull=False).values_list(
            "wertstellung", "betrag"
        )
    )
    if not auszahlungen:
        raise WorkflowError("Es ist noch keine Auszahlung mit Wertstellung gebucht.")
    r = rules.verwendungszinsen(
        auszahlungen, verwendungen, alsbald_monate=p.auszahlung_bedarf_monate or 2,
        aufschlag=p.erstattung_zins_pp, basiszins=basiszins.tabelle(),
    )  # fmt: skip
    return Verwendungszinsen.objects.create(
        zuwendung=zuwendung, verwendungen=[{"am": t.isoformat(), "betrag": str(b)} for t, b in verwendungen],
        zinsen=r.zinsen, berechnet_von=by,
        berechnung={"posten": [
            {"betrag": str(x.betrag), "ausgezahlt_am": x.ausgezahlt_am.isoformat(),
             "verwendet_am": x.verwendet_am.isoformat() if x.verwendet_am else "", "zinsen": str(rules.cent(x.zinsen))}
            for x in r.posten
        ], "befunde": [b.meldung for b in r.befunde]},
    )  # fmt: skip


@transaction.atomic
def verwendungszinsen_entscheiden(*, vz: Verwendungszinsen, by, erheben: bool, grund: str) -> Verwendungszinsen:
    """The recorded decision: charge (a claim that bears no interest of its own) or waive."""
    vz = Verwendungszinsen.objects.select_for_update().select_related("zuwendung").get(pk=vz.pk)
    _require(permissions.can_rueckforderung_erfassen(by, vz.zuwendung))
    if vz.entscheidung != Verwendungszinsen.Entscheidung.OFFEN:
        raise WorkflowError("Über diese Zinsen ist schon entschieden.")
    vz.grund = _text(grund, "die Begründung der Entscheidung")
    vz.entscheidung = Verwendungszinsen.Entscheidung.ERHEBEN if erheben else Verwendungszinsen.Entscheidung.VERZICHTEN
    vz.entschieden_von, vz.entschieden_am = by, timezone.now()
    vz.save(update_fields=["grund", "entscheidung", "entschieden_von", "entschieden_am"])
    if erheben and vz.zinsen > 0:
        f = rueckforderungen.erfassen(
            zuwendung=vz.zuwendung, anlass=Rueckforderung.Anlass.ZWEI_MONATE, quelle=f"verwendungszinsen:{vz.pk}",
            betrag=vz.zinsen, entstanden_am=timezone.localdate(), grund=vz.grund, wer=by,
        )  # fmt: skip
        Rueckforderung.objects.filter(pk=f.pk).update(verzinst=False)
    return vz
