"""The Änderungsbescheid on antraege.bescheide's machinery (letterhead, court, PDF/A-3a tagged).

``anlegen(*, aenderung, by)`` stores the snapshot of every fact the letter states inside the
transaction that signs the change; ``rendern(*, bescheid_id)`` renders the PDF once after
commit (``UPDATE … WHERE sha256 = ''``), as a task (``pdf_erzeugen``). The letter refers to
the original Zuwendungsbescheid (date, Aktenzeichen) and to every earlier Änderungsbescheid,
lists the changed items with old and new figures, the new totals and the Zuwendungszweck, says
that the rest of the notice stays in force, has its own Rechtsbehelfsbelehrung (court of the
recipient's seat) and the note to the Landesrechnungshof where the original went there.
Every figure comes from the rules (workflow.aenderung.rechnung); amounts are strings.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from decimal import Decimal

from antraege.bescheide import render_pdf
from antraege.bescheide.briefkopf import briefkopf, empfaenger, gericht
from antraege.bescheide.werte import betrag, name
from antraege.models import Dokument
from komman.formate import datum, euro, zahl
from komman.hintergrund import aufgabe, nach_commit
from programmteile import rules
from programmteile.models import Bescheidtexte, Briefkopf
from programmteile.rules import BAUSTEINE, PAUSCHALEN, PROGRAMMTEILE
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.models import Aenderungsantrag, Aenderungsbescheid, AenderungStatus
from zuwendungen.workflow.aenderung import rechnung

logger = logging.getLogger(__name__)
Art = Aenderungsantrag.Art
E = Aenderungsantrag.Ergebnis


def _b(wert) -> str:
    return betrag(wert) or "0.00"


def _ursprung(antrag) -> dict:
    bescheid = (
        Dokument.objects.filter(antrag=antrag, art=Dokument.Art.ZUWENDUNGSBESCHEID)
        .only("daten", "erstellt_am")
        .order_by("-erstellt_am", "-pk")
        .first()
    )
    daten = bescheid.daten if bescheid else {}
    return {
        "datum": daten.get("datum", ""),
        "aktenzeichen": antrag.aktenzeichen,
        "zuwendung": _b(antrag.zuwendung),
        "zweck": (daten.get("bewilligung") or {}).get("zweck", []),
    }


def _fruehere(aenderung: Aenderungsantrag) -> list[dict]:
    return [
        {"nummer": a.nummer, "datum": a.bescheid_am.isoformat(), "zuwendung": _b(a.neu_bewilligt),
         "bis": a.neu_bis.isoformat(), "ergebnis": a.get_ergebnis_display()}
        for a in aenderung.zuwendung.aenderungen.filter(
            nummer__lt=aenderung.nummer, status__in=(AenderungStatus.BESCHIEDEN, AenderungStatus.BESTANDSKRAEFTIG)
        ).order_by("nummer")
    ]  # fmt: skip


def _zeilen_teil2(alt: list[dict], neu: list[dict], p) -> list[dict]:
    zeilen = []
    for i in range(max(len(alt), len(neu))):
        a, n = (alt[i] if i < len(alt) else {}), (neu[i] if i < len(neu) else {})
        satz = p.teil2.pauschalen.get(n.get("pauschale") or a.get("pauschale")) or Decimal("0")
        ea, en = int(a.get("einheiten") or 0), int(n.get("einheiten") or 0)
        pauschale = n.get("pauschale") or a.get("pauschale", "")
        if (ea, a.get("empfaenger"), a.get("pauschale")) == (en, n.get("empfaenger"), n.get("pauschale")):
            continue
        zeilen.append({
            "bezeichnung": f"{i + 1}. Baustein {BAUSTEINE.get(n.get('baustein') or a.get('baustein'), '')}, "
            f"{pauschale} {PAUSCHALEN.get(pauschale, '')}: {n.get('bezeichnung') or a.get('bezeichnung', '')}",
            "bisher": f"{ea} × {euro(satz)} = {euro(satz * ea)}" + (f"; {a.get('empfaenger')}" if a.get("empfaenger") else ""),
            "neu": f"{en} × {euro(satz)} = {euro(satz * en)}" + (f"; {n.get('empfaenger')}" if n.get("empfaenger") else ""),
        })  # fmt: skip
    return zeilen


def _zeilen_teil3(alt: list[dict], neu: list[dict]) -> list[dict]:
    zeilen = []
    felder = (("personalausgaben", "Personal"), ("honorarausgaben", "Honorare"), ("sachausgaben", "Sachausgaben"),
              ("investitionsausgaben", "Investitionen"), ("beantragt", "Zuwendung"))  # fmt: skip
    for i in range(max(len(alt), len(neu))):
        a, n = (alt[i] if i < len(alt) else {}), (neu[i] if i < len(neu) else {})
        for feld, text in felder:
            if Decimal(a.get(feld) or 0) != Decimal(n.get(feld) or 0):
                zeilen.append({
                    "bezeichnung": f"{i + 1}. {n.get('titel') or a.get('titel', '')}: {text}",
                    "bisher": euro(Decimal(a.get(feld) or 0)), "neu": euro(Decimal(n.get(feld) or 0)),
                })  # fmt: skip
    return zeilen


def geaenderte_posten(aenderung: Aenderungsantrag) -> list[dict]:
    """The changed items, old and new, as the letter lists them."""
    z = aenderung.zuwendung
    p = z.antrag.foerderperiode.parameter()
    posten: list[dict] = []
    if aenderung.art == Art.UNBESETZT:
        festbetrag = p.teil1.festbetrag_stelle or Decimal("0")
        for (stellen, monate), roh in zip(
            rechnung.unbesetzt_zeilen(z, aenderung.angaben),
            aenderung.angaben.get("unbesetzt") or [],
            strict=False,
        ):
            besetzt = (
                f", besetzt ab {datum(datetime.date.fromisoformat(roh['besetzt_ab']))}"
                if roh.get("besetzt_ab")
                else ""
            )
            posten.append({
                "bezeichnung": f"Personalausgaben: {zahl(stellen)} Stelle(n) {monate} volle Monate unbesetzt{besetzt}",
                "bisher": "—",
                "neu": f"Kürzung {zahl(stellen)} × {euro(festbetrag)} × {monate}/12 = "
                f"{euro(rules.kuerzung_unbesetzt([rules.Unbesetzt(stellen, monate, festbetrag)]))}",
            })  # fmt: skip
    elif aenderung.art in (Art.EINHEITEN, Art.KOSTEN):
        alt = rechnung.letzte_zeilen(z).get("massnahmen", [])
        neu = aenderung.angaben.get("massnahmen", [])
        posten += _zeilen_teil2(alt, neu, p) if aenderung.art == Art.EINHEITEN else _zeilen_teil3(alt, neu)
    if aenderung.neu_bis != z.bewilligungszeitraum_bis:
        posten.append({"bezeichnung": "Ende des Bewilligungszeitraums", "bisher": datum(z.bewilligungszeitraum_bis),
                       "neu": datum(aenderung.neu_bis)})  # fmt: skip
    if aenderung.neu_bewilligt != z.bewilligt:
        posten.append(
            {"bezeichnung": "Zuwendung", "bisher": euro(z.bewilligt), "neu": euro(aenderung.neu_bewilligt)}
        )
    return posten


def _zweck(aenderung: Aenderungsantrag, ursprung: dict) -> list[str]:
    z = aenderung.zuwendung
    zweck = list(ursprung["zweck"])
    if aenderung.art == Art.EINHEITEN:
        zweck = ["Maßnahmen vor Ort in folgenden Bausteinen und Pauschalen:"] + [
            f"{m.get('pauschale')} {PAUSCHALEN.get(m.get('pauschale'), '')}: {m.get('einheiten')} Einheiten – "
            f"{m.get('bezeichnung', '')} (Letztempfänger: {m.get('empfaenger', '')})"
            for m in aenderung.angaben.get("massnahmen", [])
        ]
    elif aenderung.art == Art.KOSTEN:
        zweck = ["Stärkung der Integrationsagentur durch folgende Maßnahmen:"] + [
            f"{m.get('titel')} (Zuwendung höchstens {euro(Decimal(m.get('beantragt') or 0))})"
            for m in aenderung.angaben.get("massnahmen", [])
        ]
    elif aenderung.art == Art.UNBESETZT:
        zweck.append(
            "Für die Monate, in denen geförderte Stellen nicht besetzt waren, wird der Festbetrag anteilig gekürzt."
        )
    zweck.append(f"Bewilligungszeitraum: {datum(z.bewilligungszeitraum_von)} bis {datum(aenderung.neu_bis)}.")
    return zweck


def snapshot(aenderung: Aenderungsantrag, *, by, heute: datetime.date) -> dict:
    z = aenderung.zuwendung
    antrag = z.antrag
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    org = antrag.antragsteller
    texte = Bescheidtexte.aktuell(periode)
    g = gericht(org)
    gericht_text = f"{g['sitz']} ({g['anschrift']})" if g else ""
    folgen = rechnung.entscheidung(
        aenderung, neu_bewilligt=aenderung.neu_bewilligt, neu_bis=aenderung.neu_bis
    )
    stand = abrufstand(z)
    ursprung = _ursprung(antrag)
    abgelehnt = aenderung.ergebnis == E.ABGELEHNT
    nach_regeln = None
    if aenderung.art in (Art.EINHEITEN, Art.KOSTEN) and not abgelehnt:
        nach_regeln = rechnung.berechnen(z, aenderung.art, aenderung.angaben).berechnet
    return {
        "schema": 1,
        "art": "aenderungsbescheid",
        "titel": f"Änderungsbescheid Nr. {aenderung.nummer}",
        "datum": heute.isoformat(),
        "aktenzeichen": antrag.aktenzeichen,
        "briefkopf": briefkopf(heute, antrag.bearbeitet_von),
        "empfaenger": empfaenger(org),
        "programmteil": teil,
        "betreff": (
            f"Zuwendungen des Landes Nordrhein-Westfalen; KOMM-AN NRW Programmteil {teil} – "
            f"{PROGRAMMTEILE.get(teil, periode.programmteil.titel)}; Förderjahr {periode.foerderjahr}; "
            f"Änderung des Zuwendungsbescheids vom {datum(datetime.date.fromisoformat(ursprung['datum'])) if ursprung['datum'] else '—'}"
        ),
        "antrag": {"eingereicht_am": ""},
        "rechtsgrundlage": texte.rechtsgrundlage,
        "ursprung": ursprung,
        "fruehere": _fruehere(aenderung),
        "aenderung": {
            "nummer": aenderung.nummer,
            "art": aenderung.get_art_display(),
            "von_amts_wegen": aenderung.von_amts_wegen,
            "eingereicht_am": aenderung.eingereicht_am.date().isoformat() if aenderung.eingereicht_am else "",
            "begruendung": aenderung.begruendung,
            "ergebnis": aenderung.ergebnis,
            "ergebnis_text": aenderung.get_ergebnis_display(),
            "gruende": aenderung.entscheidungsgruende,
            "beantragt": _b(aenderung.beantragt_neu),
            "bis_beantragt": aenderung.bis_beantragt.isoformat() if aenderung.bis_beantragt else "",
            "anhoerung_am": aenderung.anhoerung_frist.isoformat() if aenderung.anhoerung_frist else "",
            "stellungnahme": bool(aenderung.stellungnahme),
        },
        "posten": [] if abgelehnt else geaenderte_posten(aenderung),
        "summen": {
            "bisher": _b(z.bewilligt),
            "neu": _b(folgen.neu_bewilligt),
            "differenz": _b(abs(folgen.differenz)),
            "gesenkt": folgen.differenz < 0,
            "ausgezahlt": _b(stand.ausgezahlt),
            "noch_abrufbar": _b(folgen.noch_abrufbar),
            "rueckforderung": _b(folgen.rueckforderung),
            "von": z.bewilligungszeitraum_von.isoformat(),
            "bis_bisher": z.bewilligungszeitraum_bis.isoformat(),
            "bis": aenderung.neu_bis.isoformat(),
            "nach_regeln": betrag(nach_regeln) or "",
        },
        "zweck": [] if abgelehnt else _zweck(aenderung, ursprung),
        "lrh": {
            "mitteilung": folgen.lrh_mitteilung and not abgelehnt,
            "schwelle": _b(periode.parameter().allgemein.lrh_schwelle),
        },  # fmt: skip
        "rechtsbehelf": {
            "gericht": g["sitz"] if g else "",
            "text": texte.rechtsbehelfsbelehrung.replace("{gericht}", gericht_text) if g else "",
        },
        "unterschrift": {
            "formel": Briefkopf.aktuell(heute).zeichnungsformel,
            "name": name(by),
            "maschinell": False,
        },
    }


def anlegen(*, aenderung: Aenderungsantrag, by) -> Aenderungsbescheid:
    heute = aenderung.bescheid_am
    brief = Aenderungsbescheid.objects.create(
        aenderung=aenderung, daten=snapshot(aenderung, by=by, heute=heute)
    )
    nach_commit(pdf_erzeugen, bescheid_id=brief.pk)
    return brief


def pdf_aus_daten(daten: dict, *, entwurf: bool = False) -> bytes:
    return render_pdf("zuwendungen/bescheide/aenderungsbescheid.html", {"d": daten, "entwurf": entwurf})


def rendern(*, bescheid_id: int, fehler_melden: bool = False) -> bool:
    daten = (
        Aenderungsbescheid.objects.filter(pk=bescheid_id, sha256="").values_list("daten", flat=True).first()
    )
    if daten is None:
        return False
    try:
        pdf = pdf_aus_daten(daten)
    except Exception:
        if fehler_melden:
            raise
        logger.exception("Änderungsbescheid %s konnte nicht erzeugt werden.", bescheid_id)
        return False
    sha = hashlib.sha256(pdf).hexdigest()
    return bool(Aenderungsbescheid.objects.filter(pk=bescheid_id, sha256="").update(pdf=pdf, sha256=sha))


@aufgabe(versuche=5, pause=30, titel="PDF eines Änderungsbescheids")
def pdf_erzeugen(*, bescheid_id: int) -> bool:
    return rendern(bescheid_id=bescheid_id, fehler_melden=True)


def nachholen() -> int:
    return sum(
        rendern(bescheid_id=pk)
        for pk in Aenderungsbescheid.objects.filter(sha256="").values_list("pk", flat=True)
    )
