"""The lifecycle of an Antrag: one table, one function per transition (DESIGN.md §6).

Every transition has the same shape: guard → atomic → select_for_update() of the Antrag
(then of the Foerderperiode when money is committed, always in this order) → re-check
under the lock (a double click fails cleanly) → change → one Statuswechsel →
transaction.on_commit for mails and PDFs, so a rollback sends nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from antraege import permissions
from antraege.models import Antrag, AntragTeil1, Dokument, Statuswechsel
from komman.models import Rolle
from komman.permissions import roles_for
from programmteile.models import Foerderperiode

S = Antrag.Status
ZB, P, Z = Rolle.ZEICHNUNGSBERECHTIGT, Rolle.PRUEFUNG, Rolle.ZEICHNUNG

# fmt: off
TRANSITIONS: dict[str, dict[str, str]] = {
    S.ENTWURF:                   {S.EINGEREICHT: ZB},
    S.EINGEREICHT:               {S.FORMALE_PRUEFUNG: P},
    S.FORMALE_PRUEFUNG:          {S.NACHFORDERUNG: P, S.INHALTLICHE_PRUEFUNG: P, S.ANHOERUNG: P},
    S.NACHFORDERUNG:             {S.EINGEREICHT: ZB, S.ANHOERUNG: P},
    S.INHALTLICHE_PRUEFUNG:      {S.BEWILLIGUNG_VORGESCHLAGEN: P, S.ANHOERUNG: P},
    S.ANHOERUNG:                 {S.BEWILLIGUNG_VORGESCHLAGEN: P, S.ABLEHNUNG_VORGESCHLAGEN: P},
    S.BEWILLIGUNG_VORGESCHLAGEN: {S.BEWILLIGT: Z, S.INHALTLICHE_PRUEFUNG: Z},
    S.ABLEHNUNG_VORGESCHLAGEN:   {S.ABGELEHNT: Z, S.INHALTLICHE_PRUEFUNG: Z},
}
# fmt: on
for _state in TRANSITIONS:  # wave 1: Rücknahme is possible in every state before the Bescheid
    TRANSITIONS[_state][S.ZURUECKGEZOGEN] = ZB


class WorkflowError(Exception):
    """A transition that is not allowed; the message is German and shown to the user."""


def _require(result: tuple[bool, str]) -> None:
    allowed, reason = result
    if not allowed:
        raise WorkflowError(reason)


def erlaubt(antrag: Antrag, nach: str) -> str | None:
    """The role that may move the Antrag to `nach`, or None if the table has no such step."""
    return TRANSITIONS.get(antrag.status, {}).get(nach)


def _lock(antrag: Antrag) -> Antrag:
    return (
        Antrag.objects.select_for_update()
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


def _betrag_text(betrag: Decimal | None) -> str:
    return f"{betrag:f}" if betrag is not None else "0.00"


def regel_eingabe(antrag: Antrag, *, teil1=None, positionen=None, massnahmen=None, zuweisung=None) -> dict:
    """The rules' JSON input (DESIGN.md §5) from an Antrag and its lines; form field names are its keys.

    Lines may be passed in (unsaved form instances); otherwise they are read from the database.
    Empty amounts of a draft count as 0,00 €, except where the rules must say they are missing.
    """
    from programmteile.models import Zuweisung

    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    d: dict = {
        "programmteil": teil,
        "foerderjahr": periode.foerderjahr,
        "antragsfrist": periode.antragsfrist.isoformat(),
        "vorzeitiger_beginn_zugelassen": antrag.vorzeitiger_beginn_zugelassen,
        "fortfuehrung": antrag.fortfuehrung,
    }
    if antrag.eingereicht_am:
        d["eingang"] = timezone.localdate(antrag.eingereicht_am).isoformat()
    if antrag.massnahmebeginn:
        d["massnahmebeginn"] = antrag.massnahmebeginn.isoformat()
    if teil in ("I", "II") and zuweisung is None:
        zuweisung = Zuweisung.objects.filter(
            foerderperiode=periode, kommune_id=antrag.antragsteller_id
        ).first()
    if teil == "I":
        if teil1 is None:
            teil1 = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        stellen_zuweisung = zuweisung.stellen if zuweisung and zuweisung.stellen is not None else Decimal("0")
        d["stellen_zuweisung"] = f"{stellen_zuweisung:f}"
        if teil1.stellen is not None:
            d["stellen"] = f"{teil1.stellen:f}"
        if teil1.personalausgaben is not None:
            d["personalausgaben"] = f"{teil1.personalausgaben:f}"
        if teil1.sachmittel is not None:
            d["sachmittel"] = f"{teil1.sachmittel:f}"
    elif teil == "II":
        if positionen is None:
            positionen = list(antrag.positionen.all())
        hoechstbetrag = zuweisung.hoechstbetrag if zuweisung and zuweisung.hoechstbetrag is not None else None
        d["hoechstbetrag"] = _betrag_text(hoechstbetrag)
        d["massnahmen"] = []
        for p in positionen:
            m = {
                "baustein": p.baustein,
                "pauschale": p.pauschale,
                "einheiten": p.einheiten,
                "bezeichnung": p.bezeichnung,
                "empfaenger": p.empfaenger,
                "empfaenger_rechtsform": p.empfaenger_rechtsform,
                "empfaenger_anschrift": p.empfaenger_anschrift,
            }
            if p.raumnutzung_prozent is not None:
                m["raumnutzung_prozent"] = p.raumnutzung_prozent
            if p.geplante_kosten is not None:
                m["geplante_kosten"] = f"{p.geplante_kosten:f}"
            d["massnahmen"].append(m)
    else:
        if massnahmen is None:
            massnahmen = list(antrag.massnahmen.all())
        d["massnahmen"] = [
            {
                "titel": m.titel,
                "handlungsfeld": m.handlungsfeld,
                "stellen": f"{m.stellen if m.stellen is not None else Decimal('0')}",
                "personalausgaben": _betrag_text(m.personalausgaben),
                "honorarausgaben": _betrag_text(m.honorarausgaben),
                "sachausgaben": _betrag_text(m.sachausgaben),
                "investitionsausgaben": _betrag_text(m.investitionsausgaben),
                "beantragt": _betrag_text(m.beantragt),
            }
            for m in massnahmen
        ]
    return d


def pruefen(antrag: Antrag, **zeilen):
    """Runs the rules of the Antrag's Förderperiode on its current content, plus completeness.

    The rules judge amounts and posts; what an Antrag needs besides (a contact person, the
    Part I Konzept, at least one Maßnahme) is checked here with code "antrag.unvollstaendig".
    """
    from programmteile import rules

    ergebnis = rules.pruefe(
        regel_eingabe(antrag, **zeilen), antrag.foerderperiode.parameter(), heute=timezone.localdate()
    )
    fehlend = list(_unvollstaendig(antrag, **zeilen))
    if not fehlend:
        return ergebnis
    return rules.Ergebnis(befunde=fehlend + list(ergebnis.befunde), berechnung=ergebnis.berechnung)


def _unvollstaendig(antrag: Antrag, *, teil1=None, positionen=None, massnahmen=None, zuweisung=None):
    from programmteile import rules

    def befund(feld: str, meldung: str):
        return rules.Befund(
            schwere="fehler", code="antrag.unvollstaendig", feld=feld, meldung=meldung, quelle=""
        )

    if not antrag.kontakt_name.strip():
        yield befund("kontakt_name", "Bitte geben Sie eine Ansprechperson für Rückfragen an.")
    if not antrag.kontakt_email.strip():
        yield befund("kontakt_email", "Bitte geben Sie die E-Mail-Adresse der Ansprechperson an.")
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "I":
        if teil1 is None:
            teil1 = AntragTeil1.objects.filter(antrag=antrag).first() or AntragTeil1(antrag=antrag)
        if not teil1.konzept.strip():
            yield befund("konzept", "Bitte beschreiben Sie kurz die Aufgaben der beantragten Stellen.")
    else:
        zeilen = positionen if teil == "II" else massnahmen
        if zeilen is None:
            zeilen = list(antrag.positionen.all() if teil == "II" else antrag.massnahmen.all())
        if not zeilen:
            yield befund(
                "massnahmen", "Der Antrag enthält noch keine Maßnahme. Bitte geben Sie mindestens eine an."
            )


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
