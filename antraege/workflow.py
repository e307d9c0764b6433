"""The lifecycle of an Antrag: one table, one function per transition (DESIGN.md §6).

Every transition has the same shape: guard → atomic → select_for_update() of the Antrag
(then of the Foerderperiode when money is committed, always in this order) → re-check
under the lock (a double click fails cleanly) → change → one Statuswechsel →
transaction.on_commit for mails and PDFs, so a rollback sends nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from antraege import mails, permissions
from antraege.models import (
    Antrag,
    AntragTeil1,
    Dokument,
    Massnahme,
    Position,
    Pruefvermerk,
    Schreiben,
    Statuswechsel,
    Vermerk,
)
from antraege.regeln import bewilligungsparameter, pruefen, regel_eingabe, zeilen_im_rahmen  # noqa: F401 - used by views as workflow.*
from antraege.uebergaenge import TRANSITIONS, erlaubt  # noqa: F401 - the table lives there (pure data)
from komman.models import Rolle
from komman.permissions import roles_for
from programmteile.models import Foerderperiode

S = Antrag.Status


class WorkflowError(Exception):
    """A transition that is not allowed; the message is German and shown to the user."""


def _require(result: tuple[bool, str]) -> None:
    allowed, reason = result
    if not allowed:
        raise WorkflowError(reason)


def _lock(antrag: Antrag) -> Antrag:
    return (
        # of=("self",): lock only the Antrag row; the period row is locked explicitly when
        # money or the Aktenzeichen counter is involved (always after the Antrag).
        Antrag.objects.select_for_update(of=("self",))
        .select_related("foerderperiode__programmteil", "antragsteller")
        .get(pk=antrag.pk)
    )


def _change(
    antrag: Antrag,
    *,
    to: str,
    by,
    grund: str = "",
    betrag: Decimal | None = None,
    intern: bool = False,
    update_fields: tuple[str, ...] = (),
) -> Statuswechsel:
    """Checks the table and the role, writes the Statuswechsel, sets the status, bumps the version."""
    rolle = erlaubt(antrag, to)
    if rolle is None:
        raise WorkflowError(
            f"Ein Antrag im Status „{antrag.get_status_display()}“ kann nicht in den Status "
            f"„{S(to).label}“ wechseln."
        )
    if rolle not in roles_for(by, antrag.antragsteller_id):
        raise WorkflowError(f"Diesen Schritt darf nur die Rolle „{Rolle(rolle).label}“ ausführen.")
    wechsel = Statuswechsel.objects.create(
        antrag=antrag, von=antrag.status, nach=to, wer=by, grund=grund, betrag=betrag, intern=intern
    )
    antrag.status = to
    antrag.version = F("version") + 1
    antrag.save(update_fields=["status", "version", "geaendert_am", *update_fields])
    antrag.refresh_from_db(fields=["version"])
    return wechsel


def _on_commit(func, /, **kwargs) -> None:
    transaction.on_commit(lambda: func(**kwargs))


# --- Antragstellung: submit, withdraw, answer ---


def beantragter_betrag(antrag: Antrag, *, teil1=None, positionen=None, massnahmen=None) -> Decimal:
    """What the applicant asks for, as entered: Part I posts + Sachmittel, II the Pauschalen, III the Maßnahmen."""
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "I":
        if teil1 is None:
            teil1 = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        return (teil1.personalausgaben or Decimal("0.00")) + (teil1.sachmittel or Decimal("0.00"))
    if teil == "II":
        if positionen is None:
            positionen = list(antrag.positionen.all())
        return sum((p.betrag or Decimal("0.00") for p in positionen), Decimal("0.00"))
    if massnahmen is None:
        massnahmen = list(antrag.massnahmen.all())
    return sum((m.beantragt or Decimal("0.00") for m in massnahmen), Decimal("0.00"))


def betraege_speichern(antrag: Antrag, ergebnis, **zeilen) -> None:
    """Stores beantragt and zuwendungsfaehig on the Antrag (in memory; the caller saves)."""
    antrag.beantragt = beantragter_betrag(antrag, **zeilen)
    antrag.zuwendungsfaehig = ergebnis.berechnung.zuwendungsfaehige_ausgaben


def create_draft(*, organisation, periode, by) -> tuple[Antrag, bool]:
    """Anlegen: one Antrag per organisation and period; returns (antrag, created).

    A second attempt (a double click, a second tab) returns the existing one: the unique
    constraint antrag_einer_je_periode decides, not a read before the write.
    """
    _require(permissions.can_create(by, organisation, periode))
    try:
        with transaction.atomic():
            antrag = Antrag.objects.create(
                foerderperiode=periode, antragsteller=organisation, erstellt_von=by
            )
            if periode.programmteil.nummer == "I":
                AntragTeil1.objects.create(antrag=antrag)
            Statuswechsel.objects.create(
                antrag=antrag, von="", nach=S.ENTWURF, wer=by, grund="Antrag angelegt."
            )
    except IntegrityError:
        return Antrag.objects.get(foerderperiode=periode, antragsteller=organisation), False
    return antrag, True


def _aktenzeichen(periode: Foerderperiode) -> str:
    return f"KA-{periode.programmteil.nummer}-{periode.foerderjahr}-{periode.aktenzeichen_zaehler:04d}"


@transaction.atomic
def submit(*, antrag: Antrag, by) -> Antrag:
    """Zeichnungsberechtigte submit a draft (or the answer to a Nachforderung).

    The first submission draws the Aktenzeichen from the period's counter under the row lock
    (lock order Antrag, then Foerderperiode) and issues the Eingangsbestätigung.
    """
    antrag = _lock(antrag)
    _require(permissions.can_submit(by, antrag))  # re-checked under the lock: a double click fails here
    ergebnis = pruefen(antrag)
    if not ergebnis.zulaessig:
        fehler = [b.meldung for b in ergebnis.befunde if b.schwere == "fehler"]
        raise WorkflowError("Der Antrag kann noch nicht eingereicht werden: " + " ".join(fehler))
    erstmals = not antrag.aktenzeichen
    if erstmals:
        periode = Foerderperiode.objects.select_for_update().get(pk=antrag.foerderperiode_id)
        periode.aktenzeichen_zaehler += 1
        periode.save(update_fields=["aktenzeichen_zaehler"])
        antrag.aktenzeichen = _aktenzeichen(periode)
        antrag.eingereicht_am = timezone.now()
    betraege_speichern(antrag, ergebnis)
    wechsel = _change(
        antrag,
        to=S.EINGEREICHT,
        by=by,
        grund=ERKLAERUNGEN_TEXT if erstmals else "Antrag nach Nachforderung erneut eingereicht.",
        betrag=antrag.beantragt,
        update_fields=("aktenzeichen", "eingereicht_am", "beantragt", "zuwendungsfaehig"),
    )
    if erstmals:
        from antraege import bescheide, mails

        dokument = bescheide.anlegen(statuswechsel=wechsel, art=Dokument.Art.EINGANGSBESTAETIGUNG, by=by)
        _on_commit(bescheide.rendern, dokument_id=dokument.pk)
        _on_commit(mails.eingangsbestaetigung, antrag_id=antrag.pk)
    return antrag


ERKLAERUNGEN_TEXT = (
    "Eingereicht mit den Erklärungen: Angaben vollständig und richtig; Maßnahme nicht vor der Bewilligung "
    "begonnen (außer bei zugelassenem vorzeitigem Beginn); Kenntnis der subventionserheblichen Tatsachen "
    "(§ 264 StGB, § 2 SubvG)."
)


@transaction.atomic
def withdraw(*, antrag: Antrag, by, grund: str) -> Antrag:
    """Rücknahme by the applicant before a decision; the reason is required and on record."""
    antrag = _lock(antrag)
    _require(permissions.can_withdraw(by, antrag))
    grund = (grund or "").strip()
    if not grund:
        raise WorkflowError("Bitte geben Sie einen Grund für die Rücknahme an.")
    _change(antrag, to=S.ZURUECKGEZOGEN, by=by, grund=grund)
    return antrag


# --- Prüfung und Entscheidung: take over, formal check, Nachforderung, Anhörung, proposals, Zeichnung ---


@dataclass(frozen=True)
class Vorschlagszeile:
    """One line of a decision: Part I Personal/Sachmittel, a Part II Position, a Part III Maßnahme."""

    schluessel: str  # "personal", "sachmittel", "position-<pk>", "massnahme-<pk>"
    bezeichnung: str
    beantragt: Decimal
    bewilligt: Decimal | None
    kuerzungsgrund: str


def vorschlagszeilen(antrag: Antrag) -> list[Vorschlagszeile]:
    """The lines a proposal sets an amount for, with what was requested and what is on record."""
    teil = antrag.foerderperiode.programmteil.nummer
    null = Decimal("0.00")
    if teil == "I":
        t = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
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
        return [
            Vorschlagszeile(
                f"position-{p.pk}",
                f"{p.nr}. {p.pauschale} × {p.einheiten or 0}: {p.bezeichnung}".strip(),
                p.betrag or null,
                p.bewilligt,
                p.kuerzungsgrund,
            )
            for p in antrag.positionen.all()
        ]
    return [
        Vorschlagszeile(
            f"massnahme-{m.pk}", f"{m.nr}. {m.titel}", m.beantragt or null, m.bewilligt, m.kuerzungsgrund
        )
        for m in antrag.massnahmen.all()
    ]


def hoechstgrenze(antrag: Antrag) -> tuple[Decimal | None, str]:
    """The cap of the Kommune's Zuweisung (Part I Stellenzuweisung, Part II Höchstbetrag), with its label."""
    from programmteile.models import Zuweisung

    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "III":
        return None, ""
    zuweisung = Zuweisung.objects.filter(
        foerderperiode_id=antrag.foerderperiode_id, kommune_id=antrag.antragsteller_id
    ).first()
    if teil == "II":
        if zuweisung is None or zuweisung.hoechstbetrag is None:
            return Decimal("0.00"), "für die Kommune ist kein Höchstbetrag hinterlegt"
        return zuweisung.hoechstbetrag, "Höchstbetrag der Kommune"
    if zuweisung is None or zuweisung.stellen is None:
        return Decimal("0.00"), "für die Kommune ist keine Stellenzuweisung hinterlegt"
    from programmteile import rules

    grenze = rules.hoechstgrenze_teil1(zuweisung.stellen, antrag.foerderperiode.parameter())
    return (grenze, "Stellenzuweisung der Kommune") if grenze is not None else (None, "")


def _pruefe_hoechstgrenze(antrag: Antrag, zuwendung: Decimal) -> None:
    from komman.formate import euro

    grenze, was = hoechstgrenze(antrag)
    if grenze is not None and zuwendung > grenze:
        raise WorkflowError(
            f"Die Zuwendung ({euro(zuwendung)}) übersteigt die Obergrenze ({was}: {euro(grenze)})."
        )


def budgetstand(periode: Foerderperiode) -> dict[str, Decimal]:
    """Haushaltsmittel, gebunden, vorgeschlagen (proposed, not yet signed) and verfügbar of a period."""
    vorgeschlagen = Antrag.objects.filter(
        foerderperiode=periode, status=S.BEWILLIGUNG_VORGESCHLAGEN
    ).aggregate(s=Sum("zuwendung"))["s"] or Decimal("0.00")
    return {
        "budget": periode.budget,
        "gebunden": periode.gebunden,
        "vorgeschlagen": vorgeschlagen,
        "verfuegbar": periode.budget - periode.gebunden,
        "verfuegbar_nach_vorschlaegen": periode.budget - periode.gebunden - vorgeschlagen,
    }


def _record(antrag: Antrag, *, by, grund: str, intern: bool, betrag: Decimal | None = None) -> Statuswechsel:
    """A step on the file without a state change (take over, an answer to an Anhörung)."""
    return Statuswechsel.objects.create(
        antrag=antrag,
        von=antrag.status,
        nach=antrag.status,
        wer=by,
        grund=grund,
        betrag=betrag,
        intern=intern,
    )


def _pruefe_version(antrag: Antrag, version: int | None) -> None:
    if version is not None and antrag.version != version:
        raise WorkflowError(
            "Der Antrag wurde inzwischen von einer anderen Person geändert. Ihre Eingaben sind nicht "
            "gespeichert; bitte prüfen Sie den aktuellen Stand und versuchen Sie es erneut."
        )


def _dokument(wechsel: Statuswechsel, art: str, by) -> None:
    from antraege import bescheide

    dokument = bescheide.anlegen(statuswechsel=wechsel, art=art, by=by)
    _on_commit(bescheide.rendern, dokument_id=dokument.pk)


@transaction.atomic
def take_over(*, antrag: Antrag, by) -> Antrag:
    """A reviewer assigns the Antrag to themselves (internal)."""
    antrag = _lock(antrag)
    _require(permissions.can_take_over(by, antrag))
    vorher = antrag.bearbeitet_von
    antrag.bearbeitet_von = by
    antrag.version = F("version") + 1
    antrag.save(update_fields=["bearbeitet_von", "version", "geaendert_am"])
    antrag.refresh_from_db(fields=["version"])
    grund = f"Bearbeitung übernommen (vorher: {vorher})." if vorher else "Bearbeitung übernommen."
    _record(antrag, by=by, grund=grund, intern=True)
    return antrag


@transaction.atomic
def start_formal_check(*, antrag: Antrag, by) -> Antrag:
    """eingereicht → formale_pruefung; the reviewer takes the Antrag if nobody has it yet."""
    antrag = _lock(antrag)
    _require(permissions.can_start_formal_check(by, antrag))
    if antrag.bearbeitet_von_id is None:
        antrag.bearbeitet_von = by
    _change(
        antrag,
        to=S.FORMALE_PRUEFUNG,
        by=by,
        grund="Formale Prüfung begonnen.",
        update_fields=("bearbeitet_von",),
    )
    Pruefvermerk.objects.get_or_create(antrag=antrag)
    return antrag


@transaction.atomic
def finish_formal_check(*, antrag: Antrag, by) -> Antrag:
    """formale_pruefung → inhaltliche_pruefung once the checklist is complete."""
    antrag = _lock(antrag)
    _require(permissions.can_finish_formal_check(by, antrag))
    _change(
        antrag, to=S.INHALTLICHE_PRUEFUNG, by=by, grund="Formale Prüfung ohne Beanstandung abgeschlossen."
    )
    return antrag


def save_pruefvermerk(*, antrag: Antrag, by, version: int, **felder) -> Pruefvermerk:
    """Saves the checklist and review result unless someone else saved since `version` was loaded."""
    erlaubt_felder = {"vollstaendig", "unterschrieben", "antragsberechtigt", "nicht_begonnen", "ergebnis"}
    unbekannt = set(felder) - erlaubt_felder
    if unbekannt:
        raise ValueError(f"Unbekannte Felder: {sorted(unbekannt)}")
    with transaction.atomic():
        antrag = _lock(antrag)
        _require(permissions.can_edit_pruefvermerk(by, antrag))
        Pruefvermerk.objects.get_or_create(antrag=antrag)
        geaendert = Pruefvermerk.objects.filter(antrag=antrag, version=version).update(
            version=version + 1, geaendert_von=by, geaendert_am=timezone.now(), **felder
        )
        if not geaendert:
            raise WorkflowError(
                "Jemand anderes hat den Prüfvermerk inzwischen gespeichert. Ihre Eingaben sind unten noch "
                "da; bitte vergleichen Sie mit dem aktuellen Stand und speichern Sie erneut."
            )
    return Pruefvermerk.objects.get(antrag=antrag)


@transaction.atomic
def add_note(*, antrag: Antrag, by, text: str) -> Vermerk:
    """An internal note on the file (material review); the applicant never sees it."""
    antrag = _lock(antrag)
    _require(permissions.can_add_note(by, antrag))
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Bitte schreiben Sie einen Vermerk.")
    return Vermerk.objects.create(antrag=antrag, text=text, von=by)


def _frist(antrag: Antrag, frist: datetime.date | None) -> datetime.date:
    heute = timezone.localdate()
    if frist is None:
        tage = antrag.foerderperiode.parameter().allgemein.frist_schreiben_tage or 14
        return heute + datetime.timedelta(days=tage)
    if frist <= heute:
        raise WorkflowError("Die Frist muss in der Zukunft liegen.")
    return frist


@transaction.atomic
def request_documents(
    *, antrag: Antrag, by, punkte: list[str], text: str = "", frist: datetime.date | None = None
) -> Schreiben:
    """Nachforderung: the missing items and a deadline; the applicant is told after commit."""
    antrag = _lock(antrag)
    _require(permissions.can_request_documents(by, antrag))
    punkte = [p.strip() for p in punkte if p and p.strip()]
    if not punkte:
        raise WorkflowError("Bitte nennen Sie mindestens eine fehlende Unterlage oder Angabe.")
    frist = _frist(antrag, frist)
    schreiben = Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.NACHFORDERUNG, text=text.strip(), punkte=punkte, frist=frist,
        erstellt_von=by,
    )  # fmt: skip
    wechsel = _change(
        antrag, to=S.NACHFORDERUNG, by=by,
        grund=f"Nachforderung bis {frist:%d.%m.%Y}: " + "; ".join(punkte),
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.NACHFORDERUNG, by)
    _on_commit(mails.schreiben_versandt, schreiben_id=schreiben.pk)
    return schreiben


@transaction.atomic
def start_hearing(
    *, antrag: Antrag, by, text: str, beabsichtigter_betrag: Decimal, frist: datetime.date | None = None
) -> Schreiben:
    """Anhörung (§ 28 VwVfG NRW): the intended decision, its reasons, the amount and a deadline."""
    antrag = _lock(antrag)
    _require(permissions.can_start_hearing(by, antrag))
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Bitte begründen Sie die beabsichtigte Entscheidung.")
    if beabsichtigter_betrag is None or beabsichtigter_betrag < 0:
        raise WorkflowError("Bitte geben Sie den beabsichtigten Betrag an (0,00 € bei einer Ablehnung).")
    frist = _frist(antrag, frist)
    schreiben = Schreiben.objects.create(
        antrag=antrag, art=Schreiben.Art.ANHOERUNG, text=text, frist=frist,
        beabsichtigter_betrag=beabsichtigter_betrag, erstellt_von=by,
    )  # fmt: skip
    wechsel = _change(
        antrag, to=S.ANHOERUNG, by=by, betrag=beabsichtigter_betrag,
        grund=f"Anhörung bis {frist:%d.%m.%Y}: {text}",
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.ANHOERUNG, by)
    _on_commit(mails.schreiben_versandt, schreiben_id=schreiben.pk)
    return schreiben


@transaction.atomic
def answer_request(*, antrag: Antrag, by, antwort: str) -> Antrag:
    """The applicant answers the open Nachforderung (and resubmits → eingereicht) or Anhörung."""
    antrag = _lock(antrag)
    _require(permissions.can_answer(by, antrag))
    antwort = (antwort or "").strip()
    if not antwort:
        raise WorkflowError("Bitte schreiben Sie Ihre Antwort.")
    schreiben = (
        antrag.schreiben.filter(art=antrag.status, beantwortet_am__isnull=True)
        .order_by("-erstellt_am")
        .first()
    )
    Schreiben.objects.filter(pk=schreiben.pk).update(
        antwort=antwort, beantwortet_von=by, beantwortet_am=timezone.now()
    )
    if antrag.status == S.NACHFORDERUNG:
        _change(
            antrag, to=S.EINGEREICHT, by=by, grund=f"Nachforderung beantwortet, erneut eingereicht: {antwort}"
        )
    else:
        _record(antrag, by=by, grund=f"Stellungnahme zur Anhörung: {antwort}", intern=False)
    _on_commit(mails.antwort_eingegangen, schreiben_id=schreiben.pk)
    return antrag


def _massstab(antrag: Antrag) -> Decimal:
    """What the applicant asked for; a decision below it is worse for the applicant (§ 28 VwVfG NRW)."""
    return antrag.beantragt or Decimal("0.00")


@transaction.atomic
def propose_approval(
    *,
    antrag: Antrag,
    by,
    zeilen: dict[str, tuple[Decimal, str]],
    begruendung: str = "",
    version: int | None = None,
) -> Antrag:
    """Prüfung proposes a Bewilligung, in full or in part (amount and reason per line); Zeichnung signs it."""
    from komman.formate import euro

    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_propose(by, antrag))
    _require(bewilligungsparameter(antrag))  # every parameter the notice computes with is maintained
    soll = vorschlagszeilen(antrag)
    fehlend = [z.bezeichnung for z in soll if z.schluessel not in zeilen]
    if fehlend:
        raise WorkflowError("Bitte geben Sie einen Betrag an für: " + "; ".join(fehlend) + ".")
    zuwendung = Decimal("0.00")
    for z in soll:
        betrag, grund = zeilen[z.schluessel]
        if betrag is None or betrag < 0:
            raise WorkflowError(f"{z.bezeichnung}: Der Betrag darf nicht negativ sein.")
        if betrag > z.beantragt:
            raise WorkflowError(
                f"{z.bezeichnung}: Bewilligt werden kann höchstens der beantragte Betrag ({euro(z.beantragt)})."
            )
        if betrag < z.beantragt and not (grund or "").strip():
            raise WorkflowError(f"{z.bezeichnung}: Bitte begründen Sie die Kürzung (§ 39 VwVfG NRW).")
        zuwendung += betrag
    if zuwendung <= 0:
        raise WorkflowError(
            "Eine Bewilligung über 0,00 € ist eine Ablehnung; bitte schlagen Sie die Ablehnung vor."
        )
    _pruefe_hoechstgrenze(antrag, zuwendung)
    _require(zeilen_im_rahmen(antrag, zeilen))  # no line above the rules' cap (the notice's "höchstens")
    massstab = _massstab(antrag)
    if zuwendung < massstab:
        if antrag.status != S.ANHOERUNG:
            raise WorkflowError(
                f"Die Zuwendung ({euro(zuwendung)}) liegt unter dem beantragten Betrag ({euro(massstab)}). "
                "Vor einer Teilbewilligung muss der Antragsteller angehört werden (§ 28 VwVfG NRW)."
            )
        anhoerung = (
            antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG).order_by("-erstellt_am", "-pk").first()
        )
        if (
            anhoerung
            and anhoerung.beabsichtigter_betrag is not None
            and zuwendung < anhoerung.beabsichtigter_betrag
        ):
            raise WorkflowError(
                f"Die Zuwendung ({euro(zuwendung)}) liegt unter dem in der Anhörung genannten Betrag "
                f"({euro(anhoerung.beabsichtigter_betrag)}); dafür ist eine neue Anhörung nötig."
            )
        if not begruendung.strip():
            raise WorkflowError("Bitte begründen Sie die Teilbewilligung.")
    _zeilen_speichern(antrag, zeilen)
    antrag.zuwendung = zuwendung
    antrag.begruendung = begruendung.strip()
    antrag.vorgeschlagen_von = by
    antrag.vorgeschlagen_am = timezone.now()
    art = "Teilbewilligung" if zuwendung < massstab else "Bewilligung"
    _change(
        antrag, to=S.BEWILLIGUNG_VORGESCHLAGEN, by=by, betrag=zuwendung, intern=True,
        grund=f"{art} vorgeschlagen." + (f" {antrag.begruendung}" if antrag.begruendung else ""),
        update_fields=("zuwendung", "begruendung", "vorgeschlagen_von", "vorgeschlagen_am"),
    )  # fmt: skip
    _on_commit(mails.vorschlag_wartet, antrag_id=antrag.pk)
    return antrag


def _zeilen_speichern(antrag: Antrag, zeilen: dict[str, tuple[Decimal, str]]) -> None:
    for schluessel, (betrag, grund) in zeilen.items():
        grund = (grund or "").strip()
        if schluessel in ("personal", "sachmittel"):
            AntragTeil1.objects.filter(antrag=antrag).update(
                **{f"{schluessel}_bewilligt": betrag, f"{schluessel}_kuerzungsgrund": grund}
            )
        elif schluessel.startswith("position-"):
            Position.objects.filter(antrag=antrag, pk=int(schluessel[9:])).update(
                bewilligt=betrag, kuerzungsgrund=grund
            )
        elif schluessel.startswith("massnahme-"):
            Massnahme.objects.filter(antrag=antrag, pk=int(schluessel[10:])).update(
                bewilligt=betrag, kuerzungsgrund=grund
            )


@transaction.atomic
def propose_rejection(*, antrag: Antrag, by, begruendung: str, version: int | None = None) -> Antrag:
    """Prüfung proposes an Ablehnung after the Anhörung; Zeichnung signs it."""
    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_propose_rejection(by, antrag))
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise WorkflowError("Bitte begründen Sie die Ablehnung (§ 39 VwVfG NRW).")
    antrag.zuwendung = Decimal("0.00")
    antrag.begruendung = begruendung
    antrag.vorgeschlagen_von = by
    antrag.vorgeschlagen_am = timezone.now()
    _change(
        antrag, to=S.ABLEHNUNG_VORGESCHLAGEN, by=by, grund=f"Ablehnung vorgeschlagen. {begruendung}", intern=True,
        update_fields=("zuwendung", "begruendung", "vorgeschlagen_von", "vorgeschlagen_am"),
    )  # fmt: skip
    _on_commit(mails.vorschlag_wartet, antrag_id=antrag.pk)
    return antrag


@transaction.atomic
def approve(*, antrag: Antrag, by, version: int | None = None) -> Antrag:
    """Zeichnung signs the proposed Bewilligung (four eyes), binds the money, issues the Bescheid."""
    from komman.formate import euro

    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_sign(by, antrag))  # four eyes, re-checked under the lock
    if antrag.status != S.BEWILLIGUNG_VORGESCHLAGEN:
        raise WorkflowError("Es liegt keine vorgeschlagene Bewilligung vor.")
    _require(bewilligungsparameter(antrag))
    zuwendung = antrag.zuwendung or Decimal("0.00")
    _pruefe_hoechstgrenze(antrag, zuwendung)
    # Lock order: the Antrag, then the Foerderperiode (every transition does the same).
    periode = Foerderperiode.objects.select_for_update().get(pk=antrag.foerderperiode_id)
    verfuegbar = periode.budget - periode.gebunden
    if zuwendung > verfuegbar:
        raise WorkflowError(
            f"Das Budget reicht nicht: verfügbar sind noch {euro(verfuegbar)}, "
            f"die Bewilligung beträgt {euro(zuwendung)}."
        )
    Foerderperiode.objects.filter(pk=periode.pk).update(gebunden=F("gebunden") + zuwendung)
    antrag.gezeichnet_von = by
    antrag.gezeichnet_am = timezone.now()
    wechsel = _change(
        antrag, to=S.BEWILLIGT, by=by, betrag=zuwendung,
        grund=f"Bewilligung gezeichnet. {antrag.begruendung}".strip(),
        update_fields=("gezeichnet_von", "gezeichnet_am"),
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.ZUWENDUNGSBESCHEID, by)
    _on_commit(mails.entschieden, antrag_id=antrag.pk)
    return antrag


@transaction.atomic
def reject(*, antrag: Antrag, by, version: int | None = None) -> Antrag:
    """Zeichnung signs the proposed Ablehnung (four eyes) and issues the Ablehnungsbescheid."""
    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_sign(by, antrag))
    if antrag.status != S.ABLEHNUNG_VORGESCHLAGEN:
        raise WorkflowError("Es liegt keine vorgeschlagene Ablehnung vor.")
    antrag.gezeichnet_von = by
    antrag.gezeichnet_am = timezone.now()
    wechsel = _change(
        antrag, to=S.ABGELEHNT, by=by, grund=f"Ablehnung gezeichnet. {antrag.begruendung}".strip(),
        update_fields=("gezeichnet_von", "gezeichnet_am"),
    )  # fmt: skip
    _dokument(wechsel, Dokument.Art.ABLEHNUNGSBESCHEID, by)
    _on_commit(mails.entschieden, antrag_id=antrag.pk)
    return antrag


@transaction.atomic
def send_back(*, antrag: Antrag, by, grund: str, version: int | None = None) -> Antrag:
    """Zeichnung returns a proposal to the Prüfung with a comment (→ inhaltliche_pruefung)."""
    antrag = _lock(antrag)
    _pruefe_version(antrag, version)
    _require(permissions.can_send_back(by, antrag))
    grund = (grund or "").strip()
    if not grund:
        raise WorkflowError("Bitte schreiben Sie, was an dem Vorschlag zu ändern ist.")
    antrag.vorgeschlagen_von = None
    antrag.vorgeschlagen_am = None
    _change(
        antrag, to=S.INHALTLICHE_PRUEFUNG, by=by, grund=f"Vorschlag zurückgegeben: {grund}", intern=True,
        update_fields=("vorgeschlagen_von", "vorgeschlagen_am"),
    )  # fmt: skip
    return antrag
