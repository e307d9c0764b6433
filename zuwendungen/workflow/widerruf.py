"""Widerruf / Rücknahme and Erstattungsbescheid: one function per transition
(table: zuwendungen.permissions.UEBERGAENGE_RUECKFORDERUNG; DOMAIN.md §4a, §5).

erfasst → Anhörung (§ 28 VwVfG NRW; the one-year limit starts to show) → Entscheidung vorgeschlagen
(Prüfung, discretion in words) → beschieden (Zeichnung, a second person, never after the one-year
limit) → bezahlt (zuwendungen.workflow.rueckzahlung). Each: guard → atomic → lock the Zuwendung,
then the claim → re-check → change → a note on the Antrag's file → letters after commit.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from antraege.models import Statuswechsel
from antraege.workflow import WorkflowError
from komman.formate import datum, euro
from programmteile import rules
from zuwendungen import forderungen, fristen, permissions, rueckforderungen
from zuwendungen.models import Frist, Rueckforderung, Rueckforderungsbrief, Zuwendung
from zuwendungen.taeglich import schritt

R = Rueckforderung.Status
B = Rueckforderungsbrief.Art
_MITLADEN = ("antrag__foerderperiode__programmteil", "antrag__antragsteller", "antrag__bearbeitet_von")


def _require(erlaubnis: tuple[bool, str]) -> None:
    ok, grund = erlaubnis
    if not ok:
        raise WorkflowError(grund)


def sperren(forderung: Rueckforderung) -> Rueckforderung:
    """Locks the Zuwendung row first, then the claim (the order of every process of the grant)."""
    zuwendung = (
        Zuwendung.objects.select_for_update(of=("self",)).select_related(*_MITLADEN).get(pk=forderung.zuwendung_id)
    )
    gesperrt = Rueckforderung.objects.select_for_update().get(pk=forderung.pk)
    gesperrt.zuwendung = zuwendung
    return gesperrt


def wechsel(forderung: Rueckforderung, *, nach: str, felder: tuple[str, ...] = ()) -> None:
    forderung.status = nach
    forderung.version += 1
    forderung.save(update_fields=["status", "version", *felder])


def vermerk(forderung: Rueckforderung, *, by, grund: str, betrag: Decimal | None = None, intern=False) -> None:
    """The step on the Antrag's file, which both sides read (no state change of the Antrag)."""
    antrag = forderung.zuwendung.antrag
    Statuswechsel.objects.create(
        antrag=antrag, von=antrag.status, nach=antrag.status, wer=by, grund=grund, betrag=betrag, intern=intern
    )


def brief(forderung: Rueckforderung, art: str, by, heute: datetime.date) -> Rueckforderungsbrief:
    from zuwendungen import mails
    from zuwendungen.bescheide import erstattung

    b = erstattung.anlegen(forderung=forderung, art=art, by=by, heute=heute)
    transaction.on_commit(lambda: erstattung.rendern(brief_id=b.pk))
    transaction.on_commit(lambda: mails.rueckforderungsbrief(brief_id=b.pk))
    return b


def url(forderung: Rueckforderung) -> str:
    from django.urls import reverse

    return reverse("zuwendungen:rueckforderung", args=[forderung.pk])


def zahlungsfrist_setzen(forderung: Rueckforderung) -> None:
    """The recipient's deadline to pay the claim (opened by the Erstattungsbescheid, reopened
    when a Klage against it ends without annulling it)."""
    fristen.setzen(
        schluessel=f"rueckforderung:{forderung.pk}:zahlung", art=Frist.Art.ZAHLUNG,
        antrag=forderung.zuwendung.antrag, zuwendung=forderung.zuwendung, faellig_am=forderung.faellig_am,
        wer=Frist.Wer.ANTRAGSTELLER, url=url(forderung),
        titel=f"Zahlung der Erstattung (Kassenzeichen {forderung.kassenzeichen})",
    )  # fmt: skip


def _text(wert: str, was: str) -> str:
    wert = (wert or "").strip()
    if not wert:
        raise WorkflowError(f"Bitte geben Sie {was} an.")
    return wert


# --- Start ---


def rueckforderung_anlegen(
    *, zuwendung: Zuwendung, by, anlass: str, betrag: Decimal, entstanden_am: datetime.date, grund: str,
    aufteilung: list[dict] | None = None,
) -> Rueckforderung:  # fmt: skip
    """Prüfung's own finding (purpose missed, no VN, money not used in time, …), with a reason."""
    _require(permissions.can_rueckforderung_erfassen(by, zuwendung))
    grund = _text(grund, "die Begründung der Rückforderung")
    if anlass == Rueckforderung.Anlass.FREIWILLIG:
        raise WorkflowError("Eine freiwillige Rückzahlung wird direkt gebucht, nicht als Rückforderung eingeleitet.")
    if entstanden_am > timezone.localdate():
        raise WorkflowError("Der Erstattungsanspruch kann nicht in der Zukunft entstehen.")
    try:
        return rueckforderungen.erfassen(
            zuwendung=zuwendung, anlass=anlass, quelle=f"pruefung:{zuwendung.pk}:{uuid.uuid4().hex[:12]}",
            betrag=betrag, entstanden_am=entstanden_am, grund=grund, aufteilung=aufteilung, wer=by,
        )  # fmt: skip
    except ValueError as e:
        raise WorkflowError(str(e)) from e


@transaction.atomic
def anhoerung_einleiten(
    *, forderung: Rueckforderung, by, rechtsgrundlage: str, widerruf_ab: datetime.date | None,
    kenntnis_am: datetime.date, text: str, heute: datetime.date | None = None,
) -> Rueckforderung:  # fmt: skip
    """The mandatory Anhörung: intended decision, amount, interest from, deadline; the one-year
    limit from the authority's knowledge is recorded and shown from now on."""
    heute = heute or timezone.localdate()
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "anhoerung"))
    if rechtsgrundlage not in Rueckforderung.Rechtsgrundlage.values:
        raise WorkflowError("Bitte wählen Sie die Rechtsgrundlage.")
    if kenntnis_am > heute:
        raise WorkflowError("Der Tag der Kenntnis darf nicht in der Zukunft liegen.")
    ende = forderungen.jahresfrist_ende(kenntnis_am, forderung)
    if ende < heute:
        raise WorkflowError(
            f"Die Jahresfrist ist am {datum(ende)} abgelaufen (Kenntnis am {datum(kenntnis_am)}); "
            "ein Widerruf oder eine Rücknahme ist nicht mehr zulässig."
        )
    forderung.rechtsgrundlage = rechtsgrundlage
    forderung.widerruf_ab = widerruf_ab
    forderung.kenntnis_am = kenntnis_am
    forderung.jahresfrist_ende = ende
    forderung.anhoerung_text = _text(text, "die beabsichtigte Entscheidung und ihre Gründe")
    forderung.anhoerung_am = heute
    forderung.anhoerung_frist = rules.tagesfrist(heute, forderungen.wert(forderung, "frist_schreiben_tage"))
    wechsel(forderung, nach=R.ANHOERUNG, felder=(
        "rechtsgrundlage", "widerruf_ab", "kenntnis_am", "jahresfrist_ende", "anhoerung_text", "anhoerung_am",
        "anhoerung_frist",
    ))  # fmt: skip
    antrag = forderung.zuwendung.antrag
    fristen.setzen(
        schluessel=f"rueckforderung:{forderung.pk}:anhoerung", art=Frist.Art.ANHOERUNG, antrag=antrag,
        zuwendung=forderung.zuwendung, faellig_am=forderung.anhoerung_frist, wer=Frist.Wer.ANTRAGSTELLER,
        titel=f"Stellungnahme zur Anhörung (Rückforderung {euro(forderung.betrag)})", url=url(forderung),
    )  # fmt: skip
    fristen.setzen(
        schluessel=f"rueckforderung:{forderung.pk}:jahresfrist", art=Frist.Art.WIDERRUF_JAHRESFRIST,
        antrag=antrag, zuwendung=forderung.zuwendung, faellig_am=ende, wer=Frist.Wer.PRUEFUNG,
        titel=f"Letzter Tag für den Widerruf (Rückforderung {euro(forderung.betrag)})", url=url(forderung),
    )  # fmt: skip
    vermerk(
        forderung, by=by, betrag=forderung.betrag,
        grund=f"Anhörung vor {forderung.get_rechtsgrundlage_display()}: Erstattung von {euro(forderung.betrag)} "
        f"zuzüglich Zinsen ab {datum(forderung.entstanden_am)}; Stellungnahme bis {datum(forderung.anhoerung_frist)}.",
    )  # fmt: skip
    brief(forderung, B.ANHOERUNG, by, heute)
    return forderung


@transaction.atomic
def stellungnahme_abgeben(*, forderung: Rueckforderung, by, text: str) -> Rueckforderung:
    """The recipient answers the Anhörung in the portal (once)."""
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "stellungnahme"))
    forderung.stellungnahme = _text(text, "Ihre Stellungnahme")
    forderung.stellungnahme_am = timezone.now()
    wechsel(forderung, nach=R.ANHOERUNG, felder=("stellungnahme", "stellungnahme_am"))
    fristen.erledigen(f"rueckforderung:{forderung.pk}:anhoerung")
    vermerk(forderung, by=by, grund="Stellungnahme zur Anhörung über die Rückforderung eingegangen.")
    return forderung


@transaction.atomic
def entscheidung_vorschlagen(
    *, forderung: Rueckforderung, by, ermessen: str, heute: datetime.date | None = None
) -> Rueckforderung:
    """Prüfung proposes the decision with its discretion in words, once the recipient answered or
    the deadline has passed."""
    heute = heute or timezone.localdate()
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "vorschlagen"))
    if forderung.stellungnahme_am is None and forderung.anhoerung_frist >= heute:
        raise WorkflowError(
            f"Die Frist zur Stellungnahme läuft bis zum {datum(forderung.anhoerung_frist)}; vorher wird nur "
            "entschieden, wenn die Stellungnahme vorliegt."
        )
    _jahresfrist_pruefen(forderung, heute)
    forderung.ermessen = _text(ermessen, "die Ermessenserwägungen")
    forderung.vorgeschlagen_von = by
    forderung.vorgeschlagen_am = timezone.now()
    wechsel(forderung, nach=R.ENTSCHEIDUNG, felder=("ermessen", "vorgeschlagen_von", "vorgeschlagen_am"))
    fristen.erledigen(f"rueckforderung:{forderung.pk}:anhoerung")
    vermerk(forderung, by=by, grund="Widerruf und Erstattung zur Zeichnung vorgeschlagen.", intern=True)
    return forderung


@transaction.atomic
def entscheidung_zurueckgeben(*, forderung: Rueckforderung, by, grund: str) -> Rueckforderung:
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "zurueckgeben"))
    grund = _text(grund, "den Grund der Rückgabe")
    forderung.vorgeschlagen_von = None
    forderung.vorgeschlagen_am = None
    wechsel(forderung, nach=R.ANHOERUNG, felder=("vorgeschlagen_von", "vorgeschlagen_am"))
    vermerk(forderung, by=by, grund=f"Entscheidungsvorschlag zurückgegeben: {grund}", intern=True)
    return forderung


def _jahresfrist_pruefen(forderung: Rueckforderung, heute: datetime.date) -> None:
    r = rules.widerrufsfrist(
        forderung.kenntnis_am, jahre=forderungen.wert(forderung, "widerruf_frist_jahre"), entscheidung_am=heute
    )
    if r.befunde:
        raise WorkflowError(r.befunde[0].meldung)


@transaction.atomic
def bescheid_zeichnen(*, forderung: Rueckforderung, by, heute: datetime.date | None = None) -> Rueckforderung:
    """A second person signs: the Widerrufs-/Rücknahme- und Erstattungsbescheid with due date,
    Kassenzeichen and interest to the due date; never after the one-year limit."""
    heute = heute or timezone.localdate()
    forderung = sperren(forderung)
    _require(permissions.can_rueckforderung(by, forderung, "zeichnen"))
    _jahresfrist_pruefen(forderung, heute)
    forderung.gezeichnet_von = by
    forderung.bescheid_am = heute
    forderung.faellig_am = rules.tagesfrist(heute, forderungen.wert(forderung, "erstattung_zahlungsfrist_tage"))
    forderung.kassenzeichen = f"RF-{heute.year}-{forderung.pk:06d}"
    forderung.bekanntgabe_am = rules.bekanntgabe_post(heute, post_tage=forderungen.wert(forderung, "bekanntgabe_post_tage"))
    wechsel(forderung, nach=R.BESCHIEDEN, felder=(
        "gezeichnet_von", "bescheid_am", "faellig_am", "kassenzeichen", "bekanntgabe_am",
    ))  # fmt: skip
    antrag, zuwendung = forderung.zuwendung.antrag, forderung.zuwendung
    klagefrist = rules.bestandskraft(
        forderung.bekanntgabe_am, klagefrist_monate=forderungen.wert(forderung, "rechtsbehelf_frist_monate")
    ).klagefrist_ende
    fristen.erledigen(f"rueckforderung:{forderung.pk}:jahresfrist")
    fristen.setzen(
        schluessel=f"rueckforderung:{forderung.pk}:klagefrist", art=Frist.Art.KLAGEFRIST, antrag=antrag,
        zuwendung=zuwendung, faellig_am=klagefrist, wer=Frist.Wer.PRUEFUNG,
        titel="Klagefrist gegen den Erstattungsbescheid", url=url(forderung),
    )  # fmt: skip
    zahlungsfrist_setzen(forderung)
    b = brief(forderung, B.ERSTATTUNGSBESCHEID, by, heute)
    vermerk(
        forderung, by=by, betrag=forderung.betrag,
        grund=f"{b.daten['titel']} erlassen: Erstattung {euro(forderung.betrag)} zuzüglich Zinsen "
        f"({euro(b.daten['zinsen']['betrag'])} bis {datum(forderung.faellig_am)}), fällig am {datum(forderung.faellig_am)}.",
    )  # fmt: skip
    return forderung


@schritt("rueckforderung_bestandskraft")
def bestandskraft_feststellen(heute: datetime.date) -> int:
    """An Erstattungsbescheid becomes final the day after its Klagefrist if no Klage is recorded."""
    anzahl = 0
    # A recorded Klage decides instead (zuwendungen.workflow.widerruf_klage).
    offen = Rueckforderung.objects.filter(
        bekanntgabe_am__isnull=False, bestandskraeftig_am__isnull=True, klage_erhoben_am__isnull=True
    )
    for f in offen.select_related(
        "zuwendung__antrag__foerderperiode"
    ):
        b = rules.bestandskraft(f.bekanntgabe_am, klagefrist_monate=forderungen.wert(f, "rechtsbehelf_frist_monate"))
        if b.bestandskraeftig_ab is not None and b.bestandskraeftig_ab <= heute:
            with transaction.atomic():
                anzahl += Rueckforderung.objects.filter(pk=f.pk, bestandskraeftig_am__isnull=True).update(
                    bestandskraeftig_am=b.bestandskraeftig_ab
                )
                fristen.erledigen(f"rueckforderung:{f.pk}:klagefrist")
    return anzahl
