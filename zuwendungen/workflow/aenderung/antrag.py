"""The recipient's side of a change: draft, save, submit, withdraw, answer the Anhörung.

Prepared by the KI staff or the Träger (Sachbearbeitung or Zeichnungsberechtigte), submitted
and withdrawn by the Zeichnungsberechtigte, like an Antrag (DOMAIN.md §5). Prüfung may start a
change on its own (``von_amts_wegen``): it begins in in_pruefung.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from antraege.models import Antrag
from antraege.workflow.kern import WorkflowError
from komman.formate import datum, euro
from komman.models import ANTRAGSTELLER_ROLLEN, Rolle
from komman.permissions import bezirksregierung_roles, organisation_ids
from zuwendungen import fristen, mails_aenderung
from zuwendungen.models import Aenderungsantrag, AenderungSchritt, AenderungStatus, Frist, Zuwendung
from zuwendungen.workflow.aenderung import rechnung
from zuwendungen.workflow.aenderung.kern import darf, pruefe_version, require, sperren, wechsel

St = AenderungStatus


class AenderungFehler(WorkflowError):
    """Refused input with German messages per field (``felder``), from the rules' Befunde."""

    def __init__(self, felder: dict[str, list[str]]):
        self.felder = felder
        super().__init__(" ".join(m for ms in felder.values() for m in ms))


def can_anlegen(user, zuwendung: Zuwendung) -> tuple[bool, str]:
    """Recipient staff (or Prüfung, von Amts wegen) start a change while the grant is final,
    not closed, its Bewilligungszeitraum runs and no other change is open."""
    eigen = zuwendung.antrag.antragsteller_id in organisation_ids(user, *ANTRAGSTELLER_ROLLEN)
    if not eigen and Rolle.PRUEFUNG not in bezirksregierung_roles(user):
        return (
            False,
            "Eine Änderung beantragen nur Mitglieder der Organisation, der die Zuwendung gewährt wurde.",
        )
    if zuwendung.abgeschlossen_am is not None:
        return False, "Die Zuwendung ist abgeschlossen; sie kann nicht mehr geändert werden."
    if zuwendung.antrag.status == Antrag.Status.KLAGE_ANHAENGIG:
        return False, "Solange eine Klage gegen den Bescheid anhängig ist, wird er nicht geändert."
    if timezone.localdate() > zuwendung.bewilligungszeitraum_bis:
        return False, (
            f"Der Bewilligungszeitraum ist am {datum(zuwendung.bewilligungszeitraum_bis)} abgelaufen; "
            "Abweichungen werden im Verwendungsnachweis dargelegt."
        )
    if zuwendung.aenderungen.filter(status__in=St.offen()).exists():
        return False, "Zu dieser Zuwendung ist schon ein Änderungsantrag offen; bitte bearbeiten Sie diesen."
    return True, ""


def _pruefen(aenderung: Aenderungsantrag) -> rechnung.Rechnung:
    r = rechnung.berechnen(
        aenderung.zuwendung, aenderung.art, aenderung.angaben,
        bewilligt_vorher=aenderung.bewilligt_vorher, bis_vorher=aenderung.bis_vorher,
    )  # fmt: skip
    if not r.zulaessig:
        raise AenderungFehler({b.feld: [b.meldung] for b in r.befunde if b.schwere == "fehler"})
    return r


def aenderung_anlegen(
    *, zuwendung: Zuwendung, by, art: str, angaben: dict, begruendung: str = ""
) -> Aenderungsantrag:
    """A draft by the recipient; by the Prüfung a change von Amts wegen, in Prüfung at once."""
    require(can_anlegen(by, zuwendung))
    teil = zuwendung.antrag.foerderperiode.programmteil.nummer
    if art not in rechnung.ARTEN_JE_TEIL[teil]:
        raise WorkflowError(f"Diese Art der Änderung gibt es im Programmteil {teil} nicht.")
    with transaction.atomic():
        zuwendung, _ = sperren(zuwendung)
        require(can_anlegen(by, zuwendung))
        amtlich = zuwendung.antrag.antragsteller_id not in organisation_ids(by, *ANTRAGSTELLER_ROLLEN)
        nummer = (zuwendung.aenderungen.aggregate(m=Max("nummer"))["m"] or 0) + 1
        aenderung = Aenderungsantrag.objects.create(
            zuwendung=zuwendung, nummer=nummer, art=art, angaben=angaben, begruendung=(begruendung or "").strip(),
            bewilligt_vorher=zuwendung.bewilligt, bis_vorher=zuwendung.bewilligungszeitraum_bis,
            von_amts_wegen=amtlich, erstellt_von=by,
            status=St.IN_PRUEFUNG if amtlich else St.ENTWURF,
        )  # fmt: skip
        if amtlich:
            r = _pruefen(aenderung)
            aenderung.beantragt_neu, aenderung.bis_beantragt = r.neu_bewilligt, r.neu_bis
            aenderung.save(update_fields=["beantragt_neu", "bis_beantragt"])
        AenderungSchritt.objects.create(
            aenderung=aenderung, von="", nach=aenderung.status, wer=by,
            grund="Änderung von Amts wegen eingeleitet." if amtlich else "Entwurf angelegt.",
        )  # fmt: skip
    return aenderung


def aenderung_speichern(
    *, aenderung: Aenderungsantrag, by, angaben: dict, begruendung: str, version: int | None = None
) -> Aenderungsantrag:
    require(darf(by, aenderung, "bearbeiten"))
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        pruefe_version(aenderung, version)
        require(darf(by, aenderung, "bearbeiten"))
        aenderung.angaben = angaben
        aenderung.begruendung = (begruendung or "").strip()
        aenderung.version += 1
        aenderung.save(update_fields=["angaben", "begruendung", "version"])
    return aenderung


def aenderung_einreichen(*, aenderung: Aenderungsantrag, by, version: int | None = None) -> Aenderungsantrag:
    """The Zeichnungsberechtigte submits: the rules check the changed Antrag like a new one."""
    require(darf(by, aenderung, "einreichen"))
    with transaction.atomic():
        zuwendung, aenderung = sperren(aenderung)
        pruefe_version(aenderung, version)
        require(darf(by, aenderung, "einreichen"))
        if not aenderung.begruendung:
            raise AenderungFehler({"begruendung": ["Bitte begründen Sie, warum sich der Plan geändert hat."]})
        # The figures are taken from the grant in force today.
        aenderung.bewilligt_vorher, aenderung.bis_vorher = (
            zuwendung.bewilligt,
            zuwendung.bewilligungszeitraum_bis,
        )
        r = _pruefen(aenderung)
        aenderung.beantragt_neu, aenderung.bis_beantragt = r.neu_bewilligt, r.neu_bis
        aenderung.eingereicht_von, aenderung.eingereicht_am = by, timezone.now()
        wechsel(
            aenderung, aktion="einreichen", by=by, betrag=r.neu_bewilligt,
            grund=f"Änderung beantragt: {aenderung.get_art_display()}; neue Zuwendung {euro(r.neu_bewilligt)}, "
            f"Bewilligungszeitraum bis {datum(r.neu_bis)}. {aenderung.begruendung}",
            update_fields=("bewilligt_vorher", "bis_vorher", "beantragt_neu", "bis_beantragt", "eingereicht_von", "eingereicht_am"),
        )  # fmt: skip
        mails_aenderung.nach_commit(aenderung, "aenderung_eingereicht")
    return aenderung


def aenderung_zurueckziehen(*, aenderung: Aenderungsantrag, by, grund: str = "") -> Aenderungsantrag:
    require(darf(by, aenderung, "zurueckziehen"))
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "zurueckziehen"))
        wechsel(
            aenderung,
            aktion="zurueckziehen",
            by=by,
            grund=(grund or "Änderungsantrag zurückgezogen.").strip(),
        )
        fristen.erledigen(f"aenderung-anhoerung:{aenderung.pk}")
    return aenderung


def stellung_nehmen(*, aenderung: Aenderungsantrag, by, text: str) -> Aenderungsantrag:
    """The recipient answers the Anhörung (recorded on the change; the Prüfung then decides)."""
    require(darf(by, aenderung, "stellung_nehmen"))
    text = (text or "").strip()
    if not text:
        raise AenderungFehler({"stellungnahme": ["Bitte schreiben Sie Ihre Stellungnahme."]})
    with transaction.atomic():
        _, aenderung = sperren(aenderung)
        require(darf(by, aenderung, "stellung_nehmen"))
        aenderung.stellungnahme, aenderung.stellungnahme_am = text, timezone.now()
        wechsel(
            aenderung, aktion="stellung_nehmen", by=by, grund=f"Stellungnahme zur Anhörung: {text}",
            update_fields=("stellungnahme", "stellungnahme_am"),
        )  # fmt: skip
        fristen.erledigen(f"aenderung-anhoerung:{aenderung.pk}")
    return aenderung


def anhoerung_frist(aenderung: Aenderungsantrag, heute: datetime.date) -> datetime.date:
    from programmteile import rules

    tage = aenderung.zuwendung.antrag.foerderperiode.parameter().allgemein.frist_schreiben_tage
    if tage is None:
        raise WorkflowError(
            "Für die Förderperiode ist keine Frist für Schreiben hinterlegt (frist.schreiben_tage)."
        )
    return rules.tagesfrist(heute, tage)


def anhoerung_frist_setzen(aenderung: Aenderungsantrag) -> None:
    fristen.setzen(
        schluessel=f"aenderung-anhoerung:{aenderung.pk}", art=Frist.Art.ANHOERUNG,
        antrag=aenderung.zuwendung.antrag, zuwendung=aenderung.zuwendung, faellig_am=aenderung.anhoerung_frist,
        titel=f"Stellungnahme zur Anhörung (Änderungsantrag {aenderung.nummer})",
        wer=Frist.Wer.ANTRAGSTELLER, url=f"/zuwendungen/aenderungen/{aenderung.pk}/",
    )  # fmt: skip
