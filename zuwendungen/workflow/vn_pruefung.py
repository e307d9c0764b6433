"""Prüfung of the Verwendungsnachweis (VV 11 zu § 44 LHO): the sample for the vertiefte Prüfung,
the Prüfvermerk, questions to the recipient, the proposed result and its signature (four eyes).

Signing the result of the final VN sets ``Zuwendung.anerkannt``; recognised ≥ paid closes the
grant with an Abschlussmitteilung, recognised < paid records the refund claim through
``rueckforderungen.erfassen`` (split by Letztempfänger in Part II).
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from antraege.workflow import WorkflowError
from komman.formate import datum, euro
from programmteile import rules
from zuwendungen import fristen, rueckforderungen
from zuwendungen.bescheide import vn as briefe
from zuwendungen.models import (
    Frist,
    Rueckforderung,
    Stichprobe,
    Verwendungsnachweis,
    VnFrage,
    VnSchreiben,
    VnStatus,
)
from zuwendungen.permissions_vn import can_stichprobe, can_vn
from zuwendungen.workflow.vn import (
    VnFehler,
    _require,
    frist_setzen,
    sperren,
    vermerk,
    version_pruefen,
    wechsel,
)
from zuwendungen.workflow.vn_zahlen import daten, ergebnis

V = VnStatus
VN = Verwendungsnachweis

CHECKLISTE = (
    ("fristgerecht", "Der Nachweis wurde fristgerecht vorgelegt (oder die Verspätung ist vermerkt)."),
    ("vollstaendig", "Sachbericht und zahlenmäßiger Nachweis sind vollständig."),
    ("zweck", "Der Zuwendungszweck ist erreicht (Erfolgskontrolle)."),
    ("finanzierungsplan", "Die Ausgaben entsprechen dem Finanzierungsplan; Abweichungen sind begründet."),
    ("einnahmen", "Die Einnahmen sind vollständig angegeben."),
    ("belege", "Die Belegliste ist plausibel; in der vertieften Prüfung wurden die Belege eingesehen."),
)
CHECKPUNKT_TEIL2 = ("letztempfaenger", "Die Kommune hat die Nachweise der Letztempfänger geprüft und bestätigt.")


def checkliste(vn: VN) -> tuple[tuple[str, str], ...]:
    if vn.zuwendung.antrag.foerderperiode.programmteil.nummer == "II":
        return (*CHECKLISTE, CHECKPUNKT_TEIL2)
    return CHECKLISTE


def stichprobe_prozent(periode) -> int:
    """The period's share (vn.stichprobe_prozent), else the shipped default."""
    prozent = periode.parameter().allgemein.vn_stichprobe_prozent
    if prozent is None:
        prozent = rules.Regelparameter.standard().allgemein.vn_stichprobe_prozent
    return prozent or 0


@transaction.atomic
def stichprobe_ziehen(*, periode, by, seed: int | None = None) -> Stichprobe:
    """Draw the vertiefte Prüfung's sample among the period's submitted VNs not yet in a draw; the
    seed, share, candidates and result are recorded (repeat it with rules.stichprobe)."""
    _require(can_stichprobe(by))
    kandidaten = list(
        VN.objects.select_for_update()
        .filter(zuwendung__antrag__foerderperiode=periode, art=VN.Art.VN, stichprobe__isnull=True)
        .exclude(status=V.ENTWURF)
        .values_list("pk", flat=True)
    )
    if not kandidaten:
        raise WorkflowError("Es gibt keinen eingereichten Verwendungsnachweis dieser Förderperiode ohne Stichprobe.")
    seed = secrets.randbits(48) if seed is None else seed
    prozent = stichprobe_prozent(periode)
    zug = rules.stichprobe(kandidaten, prozent=prozent, seed=seed)
    s = Stichprobe.objects.create(
        foerderperiode=periode, seed=seed, prozent=prozent, kandidaten=sorted(kandidaten), gezogen=zug.gezogen,
        gezogen_von=by,
    )  # fmt: skip
    VN.objects.filter(pk__in=kandidaten).update(stichprobe=s)
    VN.objects.filter(pk__in=zug.gezogen).update(pruefart=VN.Pruefart.VERTIEFT)
    for vn in VN.objects.filter(pk__in=zug.gezogen).select_related("zuwendung__antrag"):
        vermerk(vn, by=by, grund=f"Für die vertiefte Prüfung gezogen (Stichprobe {prozent} %, Startwert {seed}).", intern=True)
    return s


@transaction.atomic
def pruefvermerk_speichern(*, vn: VN, by, haken: dict[str, bool], feststellungen: dict[str, str], vermerk_text: str,
                           version: int | None = None) -> VN:  # fmt: skip
    """The reviewer's checklist and findings per line (the VN moves to „In Prüfung“)."""
    _, vn = sperren(vn)
    _require(can_vn(by, vn, "pruefen"))
    version_pruefen(vn, version)
    vn.pruefvermerk = {
        "checkliste": {k: bool(haken.get(k)) for k, _ in checkliste(vn)},
        "feststellungen": {k: v.strip() for k, v in feststellungen.items() if v and v.strip()},
        "vermerk": vermerk_text.strip(),
        "bearbeitet_von": by.get_full_name() or by.username,
        "bearbeitet_am": timezone.now().isoformat(),
    }
    wechsel(vn, V.PRUEFUNG, "pruefvermerk")
    return vn


def antwortfrist(periode, heute: datetime.date) -> datetime.date:
    tage = periode.parameter().allgemein.frist_schreiben_tage
    if tage is None:
        tage = rules.Regelparameter.standard().allgemein.frist_schreiben_tage
    return rules.tagesfrist(heute, tage)


@transaction.atomic
def frage_stellen(*, vn: VN, by, frage: str, frist: datetime.date | None = None) -> VnFrage:
    """A question with a deadline (VN-Nachforderung): letter, deadline row, VN waits for the answer."""
    _, vn = sperren(vn)
    _require(can_vn(by, vn, "fragen"))
    heute = timezone.localdate()
    if not frage.strip():
        raise VnFehler({"frage": ["Bitte formulieren Sie die Frage an den Zuwendungsempfänger."]})
    frist = frist or antwortfrist(vn.zuwendung.antrag.foerderperiode, heute)
    if frist <= heute:
        raise VnFehler({"frist": ["Die Antwortfrist muss nach dem heutigen Tag liegen."]})
    f = VnFrage.objects.create(verwendungsnachweis=vn, frage=frage.strip(), frist=frist, gestellt_von=by)
    wechsel(vn, V.NACHFORDERUNG)
    frist_setzen(vn, schluessel=f"vn_frage:{f.pk}", art=Frist.Art.VN_NACHFORDERUNG, faellig=frist,
                 titel=f"Antwort auf die Rückfrage zum {vn}", wer=Frist.Wer.ANTRAGSTELLER)  # fmt: skip
    briefe.anlegen(zuwendung=vn.zuwendung, art=VnSchreiben.Art.NACHFORDERUNG, by=by, vn=vn,
                   extra={"frage": {"text": f.frage, "frist": frist.isoformat()}})  # fmt: skip
    vermerk(vn, by=by, grund=f"Rückfrage zum {vn} mit Frist bis {datum(frist)}: {f.frage}")
    return f


@transaction.atomic
def auszahlung_zurueckhalten(*, zuwendung, fuer_jahr: int, by, grund: str) -> VN:
    """The Prüfung decides that payouts wait for a late Zwischennachweis (recorded with its
    reason); submitting that Zwischennachweis releases them again."""
    zuwendung, _ = sperren(zuwendung)
    _require(can_stichprobe(by))
    if not grund.strip():
        raise VnFehler({"grund": ["Bitte begründen Sie, warum Auszahlungen zurückgehalten werden."]})
    vn, _ = VN.objects.get_or_create(zuwendung=zuwendung, art=VN.Art.ZWISCHEN, fuer_jahr=fuer_jahr)
    if vn.status != V.ENTWURF:
        raise WorkflowError(f"Der Zwischennachweis {fuer_jahr} liegt vor; es gibt nichts zurückzuhalten.")
    vn.zuwendung = zuwendung
    vn.auszahlung_gesperrt, vn.sperrgrund = True, grund.strip()
    vn.save(update_fields=["auszahlung_gesperrt", "sperrgrund", "geaendert_am"])
    vermerk(vn, by=by, grund=f"Auszahlungen bis zur Vorlage des Zwischennachweises {fuer_jahr} zurückgehalten: {grund.strip()}")
    return vn


def ergebnisdaten(vn: VN) -> tuple[rules.Verwendungsergebnis, dict]:
    d = daten(vn)
    e = ergebnis(vn, d)
    return e, {
        "anerkannt": str(e.anerkannt),
        "erstattung": str(e.erstattung),
        "ausgezahlt": str(d.ausgezahlt),
        "bewilligt": str(d.bewilligt),
        "je_empfaenger": [
            {"empfaenger": a.empfaenger, "anerkannt": str(a.anerkannt), "erstattung": str(a.erstattung)}
            for a in (e.je_empfaenger or [])
        ],
        "befunde": [b.meldung for b in e.befunde],
    }


@transaction.atomic
def ergebnis_vorschlagen(*, vn: VN, by, version: int | None = None) -> VN:
    """The reviewer proposes the result computed by the Zuwendungsrechner (checklist complete)."""
    _, vn = sperren(vn)
    _require(can_vn(by, vn, "vorschlagen"))
    version_pruefen(vn, version)
    haken = (vn.pruefvermerk or {}).get("checkliste", {})
    offen = [text for k, text in checkliste(vn) if not haken.get(k)]
    if offen:
        raise VnFehler({"checkliste": [f"Noch nicht abgehakt: {text}" for text in offen]})
    e, vn.ergebnis = ergebnisdaten(vn)
    vn.anerkannt, vn.erstattung = e.anerkannt, e.erstattung
    vn.vorgeschlagen_von, vn.vorgeschlagen_am = by, timezone.now()
    wechsel(vn, V.VORGESCHLAGEN, "ergebnis", "anerkannt", "erstattung", "vorgeschlagen_von", "vorgeschlagen_am")
    vermerk(vn, by=by, grund=f"Ergebnis zum {vn} vorgeschlagen: anerkannt {euro(e.anerkannt)}.", betrag=e.anerkannt, intern=True)
    return vn


@transaction.atomic
def ergebnis_zurueckgeben(*, vn: VN, by, grund: str) -> VN:
    _, vn = sperren(vn)
    _require(can_vn(by, vn, "zurueckgeben"))
    if not grund.strip():
        raise VnFehler({"grund": ["Bitte begründen Sie die Rückgabe."]})
    vn.vorgeschlagen_von, vn.vorgeschlagen_am = None, None
    wechsel(vn, V.PRUEFUNG, "vorgeschlagen_von", "vorgeschlagen_am")
    vermerk(vn, by=by, grund=f"Ergebnis zum {vn} zurückgegeben: {grund.strip()}", intern=True)
    return vn


@transaction.atomic
def ergebnis_zeichnen(*, vn: VN, by) -> VN:
    """A second person signs: the grant records the recognised amount; a refund claim or the
    Abschlussmitteilung follows (final VN only; a Zwischennachweis is merely taken note of)."""
    zuwendung, vn = sperren(vn)
    _require(can_vn(by, vn, "zeichnen"))
    heute = timezone.localdate()
    vn.gezeichnet_von, vn.gezeichnet_am = by, timezone.now()
    wechsel(vn, V.ABGESCHLOSSEN, "gezeichnet_von", "gezeichnet_am")
    if vn.art != VN.Art.VN:
        vermerk(vn, by=by, grund=f"{vn} geprüft und zur Kenntnis genommen.")
        return vn
    zuwendung.anerkannt, zuwendung.anerkannt_am = vn.anerkannt, heute
    felder = ["anerkannt", "anerkannt_am"]
    if vn.erstattung and vn.erstattung > 0:
        rueckforderungen.erfassen(
            zuwendung=zuwendung, anlass=Rueckforderung.Anlass.VERWENDUNGSNACHWEIS, quelle=f"vn:{vn.pk}",
            betrag=vn.erstattung, entstanden_am=heute, wer=by, aufteilung=aufteilung(vn),
            grund=(f"Im Verwendungsnachweis wurden {euro(vn.anerkannt)} anerkannt; ausgezahlt wurden "
                   f"{euro(Decimal(vn.ergebnis['ausgezahlt']))}."),
        )  # fmt: skip
        vermerk(vn, by=by, grund=f"Prüfung des {vn} abgeschlossen: anerkannt {euro(vn.anerkannt)}, "
                f"zu erstatten {euro(vn.erstattung)}.", betrag=vn.anerkannt)  # fmt: skip
    else:
        zuwendung.abgeschlossen_am = heute
        felder.append("abgeschlossen_am")
        briefe.anlegen(zuwendung=zuwendung, art=VnSchreiben.Art.ABSCHLUSS, by=by, vn=vn, extra={
            "ergebnis": vn.ergebnis, "aufbewahren_bis": aufbewahren_bis(vn).isoformat() if aufbewahren_bis(vn) else "",
        })  # fmt: skip
        vermerk(vn, by=by, grund=f"Prüfung des {vn} abgeschlossen: anerkannt {euro(vn.anerkannt)}; "
                "Zuwendung abgeschlossen (Abschlussmitteilung).", betrag=vn.anerkannt)  # fmt: skip
    zuwendung.save(update_fields=felder)
    fristen.erledigen(f"vn:{zuwendung.pk}")
    return vn


def aufteilung(vn: VN) -> list[dict]:
    """Part II: the refund per Letztempfänger as rules.je_empfaenger computed it."""
    return [
        {"empfaenger": a["empfaenger"], "weiterleitung": None, "betrag": a["erstattung"]}
        for a in (vn.ergebnis or {}).get("je_empfaenger", [])
        if Decimal(a["erstattung"]) > 0
    ]


def aufbewahren_bis(vn: VN) -> datetime.date | None:
    """Receipts kept until (belege.aufbewahrung_jahre after the VN was submitted)."""
    if vn.eingereicht_am is None:
        return None
    jahre = vn.zuwendung.antrag.foerderperiode.parameter().allgemein.belege_aufbewahrung_jahre
    if jahre is None:
        jahre = rules.Regelparameter.standard().allgemein.belege_aufbewahrung_jahre
    return rules.belege_aufbewahren_bis(timezone.localdate(vn.eingereicht_am), jahre=jahre)


def akte_vernichten_ab(zuwendung) -> datetime.date | None:
    if zuwendung.abgeschlossen_am is None:
        return None
    jahre = zuwendung.antrag.foerderperiode.parameter().allgemein.akten_aufbewahrung_jahre
    if jahre is None:
        jahre = rules.Regelparameter.standard().allgemein.akten_aufbewahrung_jahre
    return rules.akte_vernichten_ab(zuwendung.abgeschlossen_am, jahre=jahre)
