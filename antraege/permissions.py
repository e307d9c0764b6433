"""Who may do what with an Antrag: one function per action returning (allowed, reason).

Views raise PermissionDenied(reason) (antraege.zugriff.verlange) and templates show the
reason beside a disabled button; workflow functions check the same function again under the
lock (DESIGN.md §7). Which states allow what comes from the status groups on Antrag.Status and
the transition table in antraege.uebergaenge; this module never imports antraege.workflow.
"""

from __future__ import annotations

from django.utils import timezone

from antraege.models import Antrag, status_fuer_antragsteller
from antraege.uebergaenge import ANTRAGSTELLER_ROLLEN, erlaubt
from komman.konten import vom_vorschlagenden_eingeladen
from komman.models import Rolle
from komman.permissions import roles_for

Erlaubnis = tuple[bool, str]
S = Antrag.Status


def _hat_rolle(user, antrag: Antrag, *rollen: str) -> bool:
    return bool(roles_for(user, antrag.antragsteller_id) & set(rollen))


# --- Antragstellung ---


def can_create(user, organisation, periode) -> Erlaubnis:
    """Anlegen: a member of the applicant organisation, in an open period of its Programmteil."""
    if not roles_for(user, organisation) & set(ANTRAGSTELLER_ROLLEN):
        return False, "Anträge legen nur Mitarbeitende der antragstellenden Organisation an."
    if periode.programmteil.antragsteller_art != organisation.art:
        return (
            False,
            f"Für Programmteil {periode.programmteil.nummer} ist {organisation} nicht antragsberechtigt.",
        )
    if not periode.ist_offen:
        return False, "Die Förderperiode ist nicht für Anträge geöffnet."
    return True, ""


def can_edit(user, antrag: Antrag) -> Erlaubnis:
    if not _hat_rolle(user, antrag, *ANTRAGSTELLER_ROLLEN):
        return False, "Bearbeiten dürfen nur Mitarbeitende der antragstellenden Organisation."
    if antrag.status not in S.BEARBEITBAR:
        return False, (
            f"Der Antrag ist im Status „{status_fuer_antragsteller(antrag.status)}“ und kann nicht mehr bearbeitet werden."
        )
    return True, ""


def can_submit(user, antrag: Antrag) -> Erlaubnis:
    if not _hat_rolle(user, antrag, Rolle.ZEICHNUNGSBERECHTIGT):
        return (
            False,
            "Einreichen dürfen nur zeichnungsberechtigte Personen der antragstellenden Organisation.",
        )
    if antrag.status not in S.BEARBEITBAR:
        return (
            False,
            f"Der Antrag ist im Status „{status_fuer_antragsteller(antrag.status)}“ und kann nicht eingereicht werden.",
        )
    return True, ""


def can_vorlegen(user, antrag: Antrag) -> Erlaubnis:
    """Zur Zeichnung vorlegen: whoever fills in the draft hands it to the signatories."""
    if not _hat_rolle(user, antrag, *ANTRAGSTELLER_ROLLEN):
        return False, "Vorlegen dürfen nur Mitarbeitende der antragstellenden Organisation."
    if antrag.status not in S.BEARBEITBAR:
        return False, (
            f"Der Antrag ist im Status „{antrag.get_status_display()}“; vorgelegt werden nur Entwürfe "
            "und Antworten auf eine Nachforderung."
        )
    return True, ""


def can_withdraw(user, antrag: Antrag) -> Erlaubnis:
    if not _hat_rolle(user, antrag, Rolle.ZEICHNUNGSBERECHTIGT):
        return (
            False,
            "Zurückziehen dürfen nur zeichnungsberechtigte Personen der antragstellenden Organisation.",
        )
    if erlaubt(antrag, S.ZURUECKGEZOGEN) is None:
        return False, (
            f"Ein Antrag im Status „{status_fuer_antragsteller(antrag.status)}“ kann nicht mehr zurückgezogen werden."
        )
    return True, ""


def can_see_internal(user) -> bool:
    """Internal state changes (intern=True) are for the Bezirksregierung only."""
    from komman.permissions import is_bezirksregierung

    return is_bezirksregierung(user)


# --- Prüfung und Entscheidung ---

NUR_PRUEFUNG = "Diesen Schritt darf nur die Prüfung der Bezirksregierung ausführen."
NUR_ZEICHNUNG = "Zeichnen dürfen nur Personen mit Zeichnungsbefugnis der Bezirksregierung."


def _br_rollen(user) -> set[str]:
    from komman.permissions import bezirksregierung_roles

    return bezirksregierung_roles(user)


def _im_status(antrag: Antrag, *status: str) -> Erlaubnis:
    if antrag.status in status:
        return True, ""
    return False, f"Das geht im Status „{antrag.get_status_display()}“ nicht."


def can_review(user, antrag: Antrag | None = None) -> Erlaubnis:
    """See the review pages (queue, reviewer's Antrag page): any role of the Bezirksregierung."""
    if not _br_rollen(user) & {Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN}:
        return False, "Die Prüfansicht ist der Bezirksregierung vorbehalten."
    if antrag is not None and antrag.status == S.ENTWURF:
        return False, "Entwürfe sind noch nicht eingereicht."
    return True, ""


def can_take_over(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    if antrag.bearbeitet_von_id == user.pk:
        return False, "Sie bearbeiten diesen Antrag bereits."
    return _im_status(antrag, *S.IN_PRUEFUNG)


def can_start_formal_check(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    return _im_status(antrag, S.EINGEREICHT)


def can_edit_pruefvermerk(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    ok, grund = _im_status(antrag, *S.IN_PRUEFUNG)
    if not ok:
        return False, f"Der Prüfvermerk ist im Status „{antrag.get_status_display()}“ abgeschlossen."
    return True, ""


def can_add_note(user, antrag: Antrag) -> Erlaubnis:
    """Internal notes: Prüfung and Zeichnung, in every state after submission."""
    if not _br_rollen(user) & {Rolle.PRUEFUNG, Rolle.ZEICHNUNG}:
        return False, "Vermerke schreiben nur Prüfung und Zeichnung der Bezirksregierung."
    if antrag.status == S.ENTWURF:
        return False, "Entwürfe sind noch nicht eingereicht."
    return True, ""


def checkliste_offen(antrag: Antrag) -> list[str]:
    """The unticked points of the formal checklist (labels), empty if all are done."""
    from antraege.models import Pruefvermerk

    vermerk = Pruefvermerk.objects.filter(antrag=antrag).first() or Pruefvermerk(antrag=antrag)
    return [
        str(Pruefvermerk._meta.get_field(name).verbose_name)
        for name in ("vollstaendig", "unterschrieben", "antragsberechtigt", "nicht_begonnen")
        if not getattr(vermerk, name)
    ]


def can_finish_formal_check(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    ok, grund = _im_status(antrag, S.FORMALE_PRUEFUNG)
    if not ok:
        return ok, grund
    offen = checkliste_offen(antrag)
    if offen:
        return False, "Die formale Prüfung ist noch nicht vollständig: " + "; ".join(offen) + "."
    return True, ""


def can_request_documents(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    ok, _ = _im_status(antrag, S.FORMALE_PRUEFUNG)
    if not ok:
        return False, "Unterlagen werden während der formalen Prüfung nachgefordert."
    return True, ""


def can_start_hearing(user, antrag: Antrag, *, heute=None) -> Erlaubnis:
    """Anhörung (§ 28 VwVfG NRW) before a decision worse than requested."""
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    # In state Anhörung: a second Anhörung, when the decision is to differ from the first to
    # the applicant's disadvantage (§ 28 VwVfG NRW).
    ok, grund = _im_status(antrag, S.FORMALE_PRUEFUNG, S.NACHFORDERUNG, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG)
    if not ok:
        return ok, grund
    if antrag.status == S.NACHFORDERUNG:
        offen = (
            antrag.schreiben.filter(art="nachforderung", beantwortet_am__isnull=True)
            .order_by("-frist")
            .first()
        )
        heute = heute or timezone.localdate()
        if offen and offen.frist >= heute:
            return False, (
                f"Die Frist der Nachforderung läuft noch bis {offen.frist:%d.%m.%Y}; "
                "eine Anhörung ist erst danach möglich."
            )
    return True, ""


def _anhoerung_erledigt(antrag: Antrag, *, heute=None) -> tuple[bool, str, object]:
    """The latest Anhörung is answered or its deadline has passed; returns (ok, reason, schreiben)."""
    anhoerung = (
        antrag.schreiben.filter(art="anhoerung", zurueckgezogen_am__isnull=True)
        .order_by("-erstellt_am", "-pk")
        .first()
    )
    if anhoerung is None:
        return False, "Vor dieser Entscheidung muss der Antragsteller angehört werden (§ 28 VwVfG NRW).", None
    heute = heute or timezone.localdate()
    if anhoerung.beantwortet_am is None and anhoerung.frist >= heute:
        return (
            False,
            f"Die Frist der Anhörung läuft noch bis {anhoerung.frist:%d.%m.%Y}. Entscheiden Sie nach der "
            "Stellungnahme oder nach Fristablauf.",
            anhoerung,
        )
    return True, "", anhoerung


def can_propose(user, antrag: Antrag) -> Erlaubnis:
    """Propose a Bewilligung (full, or partial after the Anhörung)."""
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    ok, _ = _im_status(antrag, S.INHALTLICHE_PRUEFUNG, S.ANHOERUNG)
    if not ok:
        return False, (
            f"Eine Entscheidung wird in der inhaltlichen Prüfung oder nach der Anhörung vorgeschlagen, "
            f"nicht im Status „{antrag.get_status_display()}“."
        )
    if antrag.status == S.ANHOERUNG:
        ok, grund, _ = _anhoerung_erledigt(antrag)
        if not ok:
            return ok, grund
    return True, ""


def can_propose_rejection(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    if antrag.status != S.ANHOERUNG:
        return False, "Eine Ablehnung kann erst nach einer Anhörung vorgeschlagen werden (§ 28 VwVfG NRW)."
    ok, grund, _ = _anhoerung_erledigt(antrag)
    return ok, grund


def can_sign(user, antrag: Antrag) -> Erlaubnis:
    """Zeichnung (four eyes): never the person who proposed the decision."""
    if Rolle.ZEICHNUNG not in _br_rollen(user):
        return False, NUR_ZEICHNUNG
    ok, _ = _im_status(antrag, *S.VORGESCHLAGEN)
    if not ok:
        return False, f"Im Status „{antrag.get_status_display()}“ liegt kein Vorschlag zum Zeichnen vor."
    if antrag.vorgeschlagen_von_id is not None and antrag.vorgeschlagen_von_id == user.pk:
        return False, "Sie haben diese Entscheidung vorgeschlagen; zeichnen muss eine zweite Person."
    if grund := vom_vorschlagenden_eingeladen(user, antrag.vorgeschlagen_von_id):
        return False, grund  # separation of duties across accounts (komman.konten)
    return True, ""


def can_send_back(user, antrag: Antrag) -> Erlaubnis:
    if Rolle.ZEICHNUNG not in _br_rollen(user):
        return False, "Zurückgeben dürfen nur Personen mit Zeichnungsbefugnis der Bezirksregierung."
    ok, _ = _im_status(antrag, *S.VORGESCHLAGEN)
    if not ok:
        return False, f"Im Status „{antrag.get_status_display()}“ liegt kein Vorschlag vor."
    return True, ""


def can_sign_or_send_back(user, antrag: Antrag) -> Erlaubnis:
    """The Zeichnung page: open to whoever may sign the proposal or send it back."""
    darf, grund = can_sign(user, antrag)
    if darf or can_send_back(user, antrag)[0]:
        return True, ""
    return False, grund


def can_answer(user, antrag: Antrag) -> Erlaubnis:
    """The applicant answers a Nachforderung (and resubmits) or an Anhörung."""
    # Bezirksregierung roles never include zeichnungsberechtigt, so this is the applicant's own role.
    if not _hat_rolle(user, antrag, Rolle.ZEICHNUNGSBERECHTIGT):
        return False, "Antworten dürfen nur zeichnungsberechtigte Personen der antragstellenden Organisation."
    if antrag.status not in (S.NACHFORDERUNG, S.ANHOERUNG):
        return False, f"Im Status „{status_fuer_antragsteller(antrag.status)}“ ist keine Antwort offen."
    if not antrag.schreiben.filter(
        art=antrag.status, beantwortet_am__isnull=True, zurueckgezogen_am__isnull=True
    ).exists():
        return False, "Sie haben bereits geantwortet."
    return True, ""


def can_decide_early_start(user, antrag: Antrag) -> Erlaubnis:
    """The authority decides on the early start (VV 1.3.1) while the Antrag is under review."""
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    if antrag.status not in S.IN_PRUEFUNG:
        return False, (
            "Über den vorzeitigen Maßnahmebeginn wird während der Prüfung entschieden, "
            f"nicht im Status „{antrag.get_status_display()}“."
        )
    return True, ""


def can_replace_letter(user, schreiben) -> Erlaubnis:
    """A Nachforderung or Anhörung sent by mistake is withdrawn and replaced while it is open."""
    antrag = schreiben.antrag
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, NUR_PRUEFUNG
    if schreiben.zurueckgezogen_am is not None:
        return False, "Dieses Schreiben ist bereits zurückgezogen und ersetzt."
    if schreiben.beantwortet_am is not None:
        return False, "Das Schreiben ist bereits beantwortet; es kann nicht mehr ersetzt werden."
    if antrag.status != schreiben.art:
        return False, "Ersetzt werden kann nur das Schreiben, auf das der Antrag gerade wartet."
    neuestes = antrag.schreiben.filter(art=schreiben.art).order_by("-erstellt_am", "-pk").first()
    if neuestes is None or neuestes.pk != schreiben.pk:
        return False, "Ersetzt werden kann nur das neueste Schreiben dieser Art."
    return True, ""


# --- Dokumente ---


def can_download(user, dokument) -> Erlaubnis:
    """Every letter of an Antrag is for its applicant and its reviewers; the caller fetched the
    Antrag through visible_to(), so other tenants never get this far (404)."""
    if not dokument.sha256:
        return False, "Das Dokument wird gerade erstellt. Es erscheint auf der Seite des Antrags, sobald es fertig ist."
    return True, ""


def can_preview(user, antrag: Antrag) -> Erlaubnis:
    """The draft Bescheid with the watermark "Entwurf": Bezirksregierung only, before signing."""
    from antraege.bescheide import VORSCHAU_STATUS

    if not _hat_rolle(user, antrag, Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN):
        return False, "Den Entwurf eines Bescheids sehen nur Prüfung und Zeichnung der Bezirksregierung."
    if antrag.status not in VORSCHAU_STATUS:
        return False, (
            f"Einen Entwurf gibt es nur während der inhaltlichen Prüfung und solange eine Entscheidung "
            f"vorgeschlagen ist; dieser Antrag ist im Status „{antrag.get_status_display()}“."
        )
    return True, ""


__all__ = ["Antrag", "Erlaubnis", "Rolle"]


# --- Bekanntgabe (issue 18) ---


def can_record_post(user, antrag: Antrag) -> Erlaubnis:
    """Prüfung records that an issued notice nobody downloaded went out by post."""
    if Rolle.PRUEFUNG not in _br_rollen(user):
        return False, "Den Versand per Post erfasst die Prüfung der Bezirksregierung."
    if antrag.status not in S.ANFECHTBAR:
        return False, (
            f"Im Status „{antrag.get_status_display()}“ ist kein Bescheid bekanntzugeben."
        )
    return True, ""
