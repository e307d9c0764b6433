"""Antragstellung: create and save a draft, the amounts it asks for, submit (with the Aktenzeichen
from the period's counter) and withdraw."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from antraege import permissions
from antraege.models import Antrag, AntragTeil1, Dokument, Position, Statuswechsel
from antraege.regeln import pruefen
from antraege.workflow.kern import (
    VERSION_KONFLIKT,
    S,
    VersionKonflikt,
    WorkflowError,
    _change,
    _lock,
    _record,
    _require,
)
from programmteile.models import Foerderperiode


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


def entwurf_speichern(*, antrag: Antrag, by, version: int, antrag_form, teil_form=None, formset=None) -> Antrag:
    """Saves a draft's forms unless someone saved since `version` was loaded.

    guard → atomic → lock and version check in one conditional UPDATE (it locks the Antrag row
    until commit, and refuses a stale version or an Antrag submitted or withdrawn meanwhile:
    VersionKonflikt) → the forms, the lines with their Pauschalen, beantragt and zuwendungsfähig
    from the rules (every changed amount leaves its audit record through the model).

    A draft saves whatever can be saved (issue 25): the forms are validated; a field whose
    input has not the expected format keeps its saved value, every other field and row is
    saved (the caller shows the rejected input again, still typed).
    """
    _require(permissions.can_edit(by, antrag))
    with transaction.atomic():
        frei = Antrag.objects.filter(pk=antrag.pk, version=version, status__in=S.BEARBEITBAR).update(
            version=version + 1
        )
        if not frei:
            raise VersionKonflikt(VERSION_KONFLIKT)
        # A ModelForm puts every valid field on its instance, also when another field is invalid.
        antrag = antrag_form.instance
        antrag.version = version + 1
        antrag.save(update_fields=[*_gueltige_felder(antrag_form), "version", "geaendert_am"])
        if teil_form is not None:
            teil_form.instance.antrag = antrag
            _ohne_fehlerhafte(teil_form).save()
        if formset is not None:
            _zeilen_der_formulare(antrag, formset)
        betraege_speichern(antrag, pruefen(antrag))
        antrag.save(update_fields=["beantragt", "zuwendungsfaehig"])
    return antrag


def _ohne_fehlerhafte(form):
    """The form's instance with every field that has an error back at its saved value (an
    error added after cleaning, e.g. a sum over the bound, left the typed value there)."""
    for name in form.errors:
        if name in form._meta.fields:
            standard = form.instance._meta.get_field(name).get_default()
            setattr(form.instance, name, form.initial.get(name, standard) if form.instance.pk else standard)
    return form.instance


def _gueltige_felder(form) -> list[str]:
    return [name for name in form._meta.fields if name in getattr(form, "cleaned_data", {})]


def _zeilen_der_formulare(antrag: Antrag, formset) -> None:
    """Part II/III lines in form order (nr 1, 2, …); a Part II line's amount is Einheiten × Pauschale.

    Every row the user touched is saved with its valid fields (a row with a malformed number
    too, without that number); rows marked for removal are deleted.
    """
    pauschalen = antrag.foerderperiode.parameter().teil2.pauschalen
    nr = 0
    for form in formset.forms:
        obj = form.instance
        if formset.can_delete and formset._should_delete_form(form):
            if obj.pk is not None:
                obj.delete()
            continue
        if obj.pk is None and not form.has_changed():
            continue  # an empty extra row
        nr += 1
        obj = _ohne_fehlerhafte(form)
        obj.antrag = antrag
        obj.nr = nr
        if isinstance(obj, Position):
            pauschale = pauschalen.get(obj.pauschale)
            obj.betrag = pauschale * obj.einheiten if pauschale is not None and obj.einheiten else Decimal("0.00")
        obj.save()


def create_draft(*, organisation, periode, by) -> tuple[Antrag, bool]:
    """Anlegen: one Antrag per organisation and period; returns (antrag, created). A withdrawn
    Antrag stays on record and does not count: a new one can be made in the open period.

    A second attempt (a double click, a second tab) returns the existing one: the unique
    constraint antrag_einer_je_periode decides, not a read before the write.
    """
    _require(permissions.can_create(by, organisation, periode))
    try:
        with transaction.atomic():
            antrag = Antrag.objects.create(
                foerderperiode=periode, antragsteller=organisation, erstellt_von=by,
                # prefilled from the profile of whoever creates it (usually the contact person)
                kontakt_name=by.get_full_name(), kontakt_email=by.email or "",
            )  # fmt: skip
            if periode.programmteil.nummer == "I":
                AntragTeil1.objects.create(antrag=antrag)
            Statuswechsel.objects.create(
                antrag=antrag, von="", nach=S.ENTWURF, wer=by, grund="Antrag angelegt."
            )
    except IntegrityError:
        vorhanden = Antrag.objects.exclude(status=S.ZURUECKGEZOGEN)
        return vorhanden.get(foerderperiode=periode, antragsteller=organisation), False
    return antrag, True


def aktenzeichen_vergeben(antrag: Antrag) -> str:
    """Draws the next Aktenzeichen from the period's counter and sets it with the Eingang date.

    The caller holds the Antrag's lock (inside its transaction); the period row is locked here,
    always after the Antrag, so parallel submissions never share a number. The Antrag is changed
    in memory; the caller saves aktenzeichen and eingereicht_am with its Statuswechsel.
    """
    periode = Foerderperiode.objects.select_for_update().get(pk=antrag.foerderperiode_id)
    periode.aktenzeichen_zaehler += 1
    periode.save(update_fields=["aktenzeichen_zaehler"])
    antrag.aktenzeichen = (
        f"KA-{antrag.foerderperiode.programmteil.nummer}-{periode.foerderjahr}-{periode.aktenzeichen_zaehler:04d}"
    )
    antrag.eingereicht_am = timezone.now()
    return antrag.aktenzeichen


def _anschrift_gesperrt(antrag: Antrag) -> None:
    """Locks the applicant's row (after the Antrag, before the Foerderperiode) and refuses without
    a postal address: the address checked is the one the Eingangsbestätigung prints."""
    from antraege.bescheide.briefkopf import kann_eingangsbestaetigung_erhalten
    from komman.models import Organisation

    org = Organisation.objects.select_for_update().get(pk=antrag.antragsteller_id)
    antrag.antragsteller = org
    _require(kann_eingangsbestaetigung_erhalten(org))


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
    if erstmals:  # the Eingangsbestätigung needs the address it is sent to (issue 17)
        _anschrift_gesperrt(antrag)
    if erstmals:
        aktenzeichen_vergeben(antrag)
    betraege_speichern(antrag, ergebnis)
    wechsel = _change(
        antrag,
        to=S.EINGEREICHT,
        by=by,
        grund=(
            erklaerungen_text(antrag)
            if erstmals
            else "Antrag nach Nachforderung erneut eingereicht."
        ),
        betrag=antrag.beantragt,
        update_fields=("aktenzeichen", "eingereicht_am", "beantragt", "zuwendungsfaehig"),
    )
    if erstmals:
        from antraege import bescheide, mails

        dokument = bescheide.anlegen(statuswechsel=wechsel, art=Dokument.Art.EINGANGSBESTAETIGUNG, by=by)
        bescheide.erzeugen_lassen(dokument_id=dokument.pk)
        mails.eingangsbestaetigung(antrag_id=antrag.pk)
    return antrag


ERKLAERUNGEN_TEXT = (
    "Eingereicht mit den Erklärungen: Angaben vollständig und richtig; Maßnahme nicht vor der Bewilligung "
    "begonnen (außer bei zugelassenem vorzeitigem Beginn); Änderungen werden unverzüglich mitgeteilt"
)


def subventionserheblich(antrag) -> bool:
    """Whether the applicant declares, and the notices say, that the facts are subventionserheblich
    (§ 264 StGB, § 2 SubvG, Landessubventionsgesetz NRW). One decision for the submission form,
    the history and the notices (antraege/bescheide/texte.hinweise):

    - never for a Kommune: it is no Betrieb or Unternehmen in the sense of § 264 Abs. 8 StGB;
    - for a Träger only while the period's Bescheidtexte carry the note. Whether Part III serves
      the "Förderung der Wirtschaft" (§ 264 Abs. 8 Nr. 1 lit. b StGB) is for the Bezirksregierung
      to decide (docs/bescheide.md); blanking the note per period turns off both at once.
    """
    if antrag.antragsteller.ist_kommune:
        return False
    from programmteile.models import Bescheidtexte

    return bool(Bescheidtexte.aktuell(antrag.foerderperiode).hinweis_subventionsbetrug.strip())


def erklaerungen_text(antrag) -> str:
    """What the history records as declared on submission (forms EinreichenForm): the § 264 StGB
    declaration only where ``subventionserheblich`` (issue 17)."""
    if not subventionserheblich(antrag):
        return ERKLAERUNGEN_TEXT + "."
    return ERKLAERUNGEN_TEXT + "; Kenntnis der subventionserheblichen Tatsachen (§ 264 StGB, § 2 SubvG)."


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


@transaction.atomic
def zur_zeichnung_vorlegen(*, antrag: Antrag, by, hinweis: str = "") -> Antrag:
    """KI staff hand a finished draft (or the answer to a Nachforderung) to the signatories.

    Records who prepared it and when on the Antrag and in its history (Statuswechsel without a
    state change), and tells the organisation's Zeichnungsberechtigte by mail after commit.
    """
    antrag = _lock(antrag)
    _require(permissions.can_vorlegen(by, antrag))
    antrag.vorgelegt_von = by
    antrag.vorgelegt_am = timezone.now()
    antrag.save(update_fields=["vorgelegt_von", "vorgelegt_am", "geaendert_am"])
    hinweis = (hinweis or "").strip()
    grund = "Zur Zeichnung vorgelegt." + (f" Hinweis: {hinweis}" if hinweis else "")
    _record(antrag, by=by, grund=grund, intern=False)
    from antraege import mails

    mails.zur_zeichnung_vorgelegt(antrag_id=antrag.pk, hinweis=hinweis)  # outbox row in this transaction
    return antrag
