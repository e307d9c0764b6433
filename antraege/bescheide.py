"""Letters and notices: snapshot in the transaction, PDF rendered after commit, written once.

Contract used by workflow.py (DESIGN.md §8):

- ``anlegen(*, statuswechsel, art, by) -> Dokument`` stores ``daten``, the JSON of every fact
  the letter states (addressee, amounts as strings, lines, dates, texts, court, signer),
  inside the transition's transaction.
- ``rendern(*, dokument_id) -> bool`` renders ``bescheide/<art>.html`` from ``daten`` only,
  never from live models, and stores PDF and SHA-256 with one ``UPDATE … WHERE sha256 = ''``;
  called from ``transaction.on_commit``. After that the row is immutable (model and database).
- ``vorschau(*, antrag, by) -> bytes`` renders the draft of the decision with the watermark
  "Entwurf" from a snapshot built the same way, without storing anything.
- ``nachholen(dokumente)`` renders rows a crash left empty (commands bescheide_erzeugen,
  dokumente_nachholen, demodaten).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

# Imported once per process (≈ 1 s): never spawn the weasyprint command per document.
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from antraege.models import Antrag, AntragTeil1, Dokument, Schreiben, Statuswechsel
from komman.formate import euro, prozent, zahl
from komman.models import Organisation
from programmteile.models import Bescheidtexte, Briefkopf, Foerderperiode
from programmteile.rules import BAUSTEINE, HANDLUNGSFELDER, PAUSCHALEN
from programmteile.rules import PROGRAMMTEILE as PROGRAMMTEIL_TITEL

logger = logging.getLogger(__name__)

SCHEMA = 1
STATIC_URI = (settings.BASE_DIR / "static").as_uri() + "/"
GERICHT_FALLBACK = "Arnsberg"  # seat of the Bewilligungsbehörde, when an organisation has no court on file

Art = Dokument.Art
S = Antrag.Status

TITEL = {
    Art.EINGANGSBESTAETIGUNG: "Eingangsbestätigung",
    Art.NACHFORDERUNG: "Anforderung fehlender Unterlagen",
    Art.ANHOERUNG: "Anhörung nach § 28 VwVfG NRW",
    Art.ZUWENDUNGSBESCHEID: "Zuwendungsbescheid (Projektförderung)",
    Art.ABLEHNUNGSBESCHEID: "Ablehnungsbescheid",
}

# Used where the administration has not maintained its own text (Bescheidtexte left blank).
STANDARD_PROGRAMMBEDINGUNGEN = {
    "I": [
        "Die geförderten Stellen sind mit Fachkräften zu besetzen. Die Besetzung (Datum, Stellenumfang) "
        "ist mit dem ersten Mittelabruf mitzuteilen.",
        "Bleibt eine Stelle ganz oder teilweise unbesetzt, ist dies unverzüglich mitzuteilen; der Festbetrag "
        "wird für die Monate der Nichtbesetzung anteilig gekürzt.",
        "Die Sachmittel sind für Maßnahmen mit der Zivilgesellschaft im Sinne des Zuwendungszwecks zu verwenden.",
    ],
    "II": [
        "Ankommenstreffpunkte werden nur gefördert, wenn der Raum mindestens zu einem Drittel (33 %) seiner "
        "Nutzungszeit als Ankommenstreffpunkt genutzt wird; dies ist durch einen Belegungsplan nachzuweisen.",
        "Die Pauschalen dürfen nur für die bewilligten Bausteine und Einheiten verwendet werden; "
        "Verschiebungen zwischen den Bausteinen bedürfen der vorherigen Zustimmung.",
        "Bei Veröffentlichungen und Veranstaltungen ist auf die Förderung durch das Land Nordrhein-Westfalen "
        "im Rahmen von KOMM-AN NRW hinzuweisen.",
    ],
    "III": [
        "Personalausgaben sind höchstens bis zur Höhe der Entgeltgruppe 11 Stufe 5 TV-L zuwendungsfähig.",
        "Investitionsausgaben sind nicht zuwendungsfähig.",
        "Bei Veröffentlichungen und Veranstaltungen ist auf die Förderung durch das Land Nordrhein-Westfalen "
        "im Rahmen von KOMM-AN NRW hinzuweisen.",
    ],
}
STANDARD_HINWEISE = [
    "Aus der Bewilligung für das Förderjahr kann kein Anspruch auf eine Förderung in späteren Jahren "
    "abgeleitet werden.",
    "Die Angaben im Antrag und in den Nachweisen sind subventionserheblich im Sinne des § 264 "
    "Strafgesetzbuch. Falsche oder unvollständige Angaben können als Subventionsbetrug strafbar sein.",
    "Ihre personenbezogenen Daten werden zur Bearbeitung des Zuwendungsverfahrens nach Art. 6 Abs. 1 "
    "Buchst. e DSGVO verarbeitet.",
]


# --- Rendering: WeasyPrint, fonts and files only from static/ ---


class StaticOnlyFetcher(URLFetcher):
    """A Bescheid must look the same in ten years: nothing from the network or the host."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_URI) or ".." in url:
            raise ValueError(f"PDF templates may only load files from static/: {url}")
        return super().fetch(url, headers)


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, {"static_uri": STATIC_URI, **context})
    return HTML(
        string=html, base_url=STATIC_URI, url_fetcher=StaticOnlyFetcher(fail_on_errors=True)
    ).write_pdf(pdf_variant="pdf/a-3b", font_config=FontConfiguration())


def pdf_aus_daten(daten: dict, *, entwurf: bool = False) -> bytes:
    """The PDF of a snapshot; nothing but `daten` goes into the template."""
    return render_pdf(f"bescheide/{daten['art']}.html", {"d": daten, "entwurf": entwurf})


# --- The contract ---


def anlegen(
    *, statuswechsel: Statuswechsel, art: str, by, bezieht_sich_auf: Dokument | None = None
) -> Dokument:
    """Creates the Dokument row with the snapshot of every fact it states (inside the transaction)."""
    antrag = statuswechsel.antrag
    daten = snapshot(
        antrag=antrag,
        art=art,
        datum=timezone.localtime(statuswechsel.wann).date() if statuswechsel.wann else timezone.localdate(),
        unterzeichner=statuswechsel.wer,
        betrag=statuswechsel.betrag,
        grund=statuswechsel.grund,
    )
    if bezieht_sich_auf is not None:
        daten["bezieht_sich_auf"] = {
            "art": bezieht_sich_auf.get_art_display(),
            "datum": bezieht_sich_auf.daten.get("datum", ""),
            "sha256": bezieht_sich_auf.sha256,
        }
    return Dokument.objects.create(
        antrag=antrag,
        statuswechsel=statuswechsel,
        art=art,
        daten=daten,
        erstellt_von=by,
        bezieht_sich_auf=bezieht_sich_auf,
    )


def rendern(*, dokument_id: int) -> bool:
    """Renders and stores the PDF once. False if it was already rendered or rendering failed.

    Runs after commit: an exception here would reach a user whose transition already
    succeeded, so failures are logged and the row stays empty for dokumente_nachholen.
    """
    daten = Dokument.objects.filter(pk=dokument_id, sha256="").values_list("daten", flat=True).first()
    if daten is None:
        return False
    try:
        pdf = pdf_aus_daten(daten)
    except Exception:
        logger.exception(
            "Dokument %s konnte nicht erzeugt werden; dokumente_nachholen holt es nach.", dokument_id
        )
        return False
    return speichern(dokument_id=dokument_id, pdf=pdf)


def speichern(*, dokument_id: int, pdf: bytes) -> bool:
    """Write once: the UPDATE only matches while sha256 is still empty."""
    sha = hashlib.sha256(pdf).hexdigest()
    return bool(Dokument.objects.filter(pk=dokument_id, sha256="").update(pdf=pdf, sha256=sha))


VORSCHAU_STATUS = {
    S.BEWILLIGUNG_VORGESCHLAGEN: Art.ZUWENDUNGSBESCHEID,
    S.INHALTLICHE_PRUEFUNG: Art.ZUWENDUNGSBESCHEID,
    S.ABLEHNUNG_VORGESCHLAGEN: Art.ABLEHNUNGSBESCHEID,
}


def vorschau_daten(*, antrag: Antrag) -> dict:
    """The snapshot the signed Bescheid would hold today; not stored."""
    art = VORSCHAU_STATUS[antrag.status]
    return snapshot(
        antrag=antrag, art=art, datum=timezone.localdate(), unterzeichner=None, betrag=None, grund=""
    )


def vorschau(*, antrag: Antrag) -> bytes:
    return pdf_aus_daten(vorschau_daten(antrag=antrag), entwurf=True)


# --- Bulk: missing rows and missing PDFs ---

ENTSCHEIDUNGEN = {S.BEWILLIGT: Art.ZUWENDUNGSBESCHEID, S.ABGELEHNT: Art.ABLEHNUNGSBESCHEID}


def fehlende_bescheide_anlegen(perioden: Iterable[Foerderperiode] | None = None) -> int:
    """Creates the Dokument of every signing Statuswechsel that has none (e.g. decisions imported
    from before the portal issued Bescheide). Safe to repeat: one Dokument per Statuswechsel."""
    wechsel = (
        Statuswechsel.objects.filter(nach__in=list(ENTSCHEIDUNGEN), dokument__isnull=True)
        .select_related("antrag")
        .order_by("pk")
    )
    if perioden is not None:
        wechsel = wechsel.filter(antrag__foerderperiode__in=list(perioden))
    angelegt = 0
    for w in wechsel.iterator():
        try:
            with transaction.atomic():
                antrag = Antrag.objects.select_for_update().get(pk=w.antrag_id)
                w.antrag = antrag
                if not Dokument.objects.filter(statuswechsel=w).exists():
                    anlegen(statuswechsel=w, art=ENTSCHEIDUNGEN[w.nach], by=w.wer)
                    angelegt += 1
        except IntegrityError:  # a parallel run created it first
            continue
    return angelegt


def nachholen(
    dokumente,
    *,
    fortschritt: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Renders every Dokument of the queryset whose PDF is missing, oldest first.

    Each PDF is committed on its own, so an interrupted run loses at most the one in hand
    and the next run continues where this one stopped.
    """
    ids = list(dokumente.filter(sha256="").order_by("pk").values_list("pk", flat=True))
    erzeugt = 0
    for i, pk in enumerate(ids, start=1):
        if stop is not None and stop():
            break
        if rendern(dokument_id=pk):
            erzeugt += 1
        if fortschritt is not None:
            fortschritt(i, len(ids))
    return erzeugt


# --- The snapshot: every fact the letter states ---


def snapshot(
    *,
    antrag: Antrag,
    art: str,
    datum: datetime.date,
    unterzeichner,
    betrag: Decimal | None,
    grund: str,
) -> dict:
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    org = antrag.antragsteller
    texte = Bescheidtexte.aktuell(periode)
    gericht = verwaltungsgericht(org)
    daten = {
        "schema": SCHEMA,
        "art": str(art),
        "titel": TITEL[art],
        "datum": datum.isoformat(),
        "aktenzeichen": antrag.aktenzeichen,
        "briefkopf": _briefkopf(datum, antrag.bearbeitet_von),
        "empfaenger": _empfaenger(org),
        "programmteil": teil,
        "programmteil_titel": PROGRAMMTEIL_TITEL.get(teil, periode.programmteil.titel),
        "foerderjahr": periode.foerderjahr,
        "betreff": (
            f"Zuwendungen des Landes Nordrhein-Westfalen; KOMM-AN NRW Programmteil {teil} – "
            f"{PROGRAMMTEIL_TITEL.get(teil, periode.programmteil.titel)}; Förderjahr {periode.foerderjahr}"
        ),
        "antrag": {
            "eingereicht_am": _iso(antrag.eingereicht_am),
            "beantragt": _betrag(antrag.beantragt),
            "antragsfrist": periode.antragsfrist.isoformat(),
            "verspaetet": bool(
                antrag.eingereicht_am
                and timezone.localtime(antrag.eingereicht_am).date() > periode.antragsfrist
            ),
            "massnahmebeginn": _iso(antrag.massnahmebeginn),
            "kontakt": antrag.kontakt_name,
        },
        "zeitraum": {
            "bewilligung_von": periode.bewilligungszeitraum_von.isoformat(),
            "bewilligung_bis": periode.bewilligungszeitraum_bis.isoformat(),
        },
        "rechtsgrundlage": texte.rechtsgrundlage,
        "texte_version": texte.version if texte.pk else 0,
        "rechtsbehelf": {
            "gericht": gericht,
            "text": texte.rechtsbehelfsbelehrung.replace("{gericht}", gericht),
        },
        "unterschrift": {
            "formel": Briefkopf.aktuell(datum).zeichnungsformel,
            "name": _name(unterzeichner) if unterzeichner is not None else "",
            "maschinell": art == Art.EINGANGSBESTAETIGUNG,
        },
    }
    if art == Art.NACHFORDERUNG:
        daten["schreiben"] = _schreiben(antrag, Schreiben.Art.NACHFORDERUNG, grund)
    elif art == Art.ANHOERUNG:
        daten["schreiben"] = _schreiben(antrag, Schreiben.Art.ANHOERUNG, grund)
        bb = daten["schreiben"]["beabsichtigter_betrag"]
        daten["schreiben"]["beabsichtigt"] = (
            "ablehnung" if bb is None or Decimal(bb) == 0 else "teilbewilligung"
        )
    elif art == Art.ZUWENDUNGSBESCHEID:
        daten["bewilligung"] = _bewilligung(antrag, periode, texte, betrag)
    elif art == Art.ABLEHNUNGSBESCHEID:
        daten["ablehnung"] = {
            "gruende": antrag.begruendung or grund,
            "anhoerung": _letzte_anhoerung(antrag),
        }
    return daten


def verwaltungsgericht(org: Organisation) -> str:
    """The Verwaltungsgericht of the addressee's seat (DOMAIN.md §6.2): the organisation's own entry;
    for a Träger without one, that of the Kommune its Ort names (a kreisfreie Stadt, or the Kreis
    named after its seat town, which contains it); else Arnsberg, the seat of the authority."""
    gericht = (org.verwaltungsgericht or "").strip()
    if not gericht and not org.ist_kommune and org.ort:
        gericht = (
            Organisation.objects.kommunen()
            .filter(name=org.ort.strip())
            .exclude(verwaltungsgericht="")
            .values_list("verwaltungsgericht", flat=True)
            .first()
            or ""
        )
    return gericht or GERICHT_FALLBACK


def _briefkopf(datum: datetime.date, bearbeiter) -> dict:
    b = Briefkopf.aktuell(datum)
    return {
        "behoerde": b.behoerde,
        "dezernat": b.dezernat,
        "strasse": b.strasse,
        "plz": b.plz,
        "ort": b.ort,
        "telefon": b.telefon,
        "email": b.email,
        "internet": b.internet,
        "auskunft": _name(bearbeiter) if bearbeiter else "",
        "auskunft_email": (bearbeiter.email if bearbeiter else "") or b.email,
    }


def _empfaenger(org: Organisation) -> dict:
    zeilen = [str(org)]
    if org.ist_kommune:
        zeilen.append("Kommunales Integrationszentrum")
    if org.strasse:
        zeilen.append(org.strasse)
    if org.plz or org.ort:
        zeilen.append(f"{org.plz} {org.ort}".strip())
    return {
        "name": str(org),
        "art": org.art,
        "ist_kommune": org.ist_kommune,
        "zeilen": zeilen,
        "anschrift": org.anschrift,
    }


def _schreiben(antrag: Antrag, art: str, grund: str) -> dict:
    s = antrag.schreiben.filter(art=art).order_by("-erstellt_am", "-id").first()
    if s is None:
        return {"text": grund, "punkte": [], "frist": "", "beabsichtigter_betrag": None}
    return {
        "text": s.text,
        "punkte": [_punkt(p) for p in (s.punkte or []) if _punkt(p)],
        "frist": s.frist.isoformat(),
        "beabsichtigter_betrag": _betrag(s.beabsichtigter_betrag),
    }


def _punkt(p) -> str:
    if isinstance(p, dict):
        return str(p.get("text") or p.get("bezeichnung") or p.get("titel") or "").strip()
    return str(p or "").strip()


def _letzte_anhoerung(antrag: Antrag) -> dict | None:
    s = antrag.schreiben.filter(art=Schreiben.Art.ANHOERUNG).order_by("-erstellt_am", "-id").first()
    if s is None:
        return None
    return {
        "datum": timezone.localtime(s.erstellt_am).date().isoformat(),
        "frist": s.frist.isoformat(),
        "antwort": s.antwort,
    }


def _bewilligung(
    antrag: Antrag, periode: Foerderperiode, texte: Bescheidtexte, betrag: Decimal | None
) -> dict:
    teil = periode.programmteil.nummer
    p = periode.regelparameter or {}
    if teil == "I":
        tabelle, zweck = _tabelle_teil1(antrag, p)
    elif teil == "II":
        tabelle, zweck = _tabelle_teil2(antrag, p)
    else:
        tabelle, zweck = _tabelle_teil3(antrag, p)
    summe = sum((Decimal(z["bewilligt"]) for z in tabelle["zeilen"]), Decimal("0.00"))
    zuwendung = betrag if betrag is not None else antrag.zuwendung
    if zuwendung is None:  # a preview before the amount is proposed: what the lines allow
        zuwendung = summe
    if zuwendung != summe:
        tabelle["zeilen"].append(
            {
                "bezeichnung": "Festsetzung durch die Bewilligungsbehörde (siehe Begründung)",
                "rechnung": "",
                "beantragt": "",
                "bewilligt": _betrag(zuwendung - summe),
                "kuerzungsgrund": antrag.begruendung,
            }
        )
    beantragt = antrag.beantragt or Decimal("0.00")
    kuerzungen = [z for z in tabelle["zeilen"] if z.get("kuerzungsgrund") and z["beantragt"]]
    kommune = antrag.antragsteller.ist_kommune
    lrh_schwelle = Decimal(str(p.get("lrh.schwelle") or "50000.00"))
    von, bis = periode.bewilligungszeitraum_von, periode.bewilligungszeitraum_bis
    # The measure runs from its planned start if that lies inside the Bewilligungszeitraum, or
    # before it when an early start was allowed (DOMAIN.md §6.1 #5); otherwise with the period.
    beginn, durchfuehrung_von = antrag.massnahmebeginn, von
    if beginn and (von < beginn <= bis or (beginn < von and antrag.vorzeitiger_beginn_zugelassen)):
        durchfuehrung_von = beginn
    vn_monate = int(p.get("frist.vn_monate") or 6)
    foerdersatz = Decimal(str(p.get("III.foerdersatz_max") or "0.90"))
    return {
        "zuwendung": _betrag(zuwendung),
        "beantragt": _betrag(beantragt),
        "teilbewilligung": zuwendung < beantragt,
        "begruendung": antrag.begruendung,
        "kuerzungen": kuerzungen,
        "zweck": zweck,
        "tabelle": tabelle,
        "durchfuehrung_von": durchfuehrung_von.isoformat(),
        "durchfuehrung_bis": bis.isoformat(),
        "vorzeitiger_beginn": antrag.vorzeitiger_beginn_zugelassen,
        "finanzierungsart": "Anteilfinanzierung" if teil == "III" else "Festbetragsfinanzierung",
        "foerdersatz": str(foerdersatz),
        "zuwendungsfaehig": _betrag(antrag.zuwendungsfaehig or tabelle.get("zuwendungsfaehig") or 0),
        "finanzierungsform": "Zuweisung" if kommune else "Zuschuss",
        "anbest": "ANBest-G" if kommune else "ANBest-P",
        "nebenbestimmungen": texte.nebenbestimmungen_kommune if kommune else texte.nebenbestimmungen_traeger,
        "programmbedingungen": _absaetze(texte.programmbedingungen) or STANDARD_PROGRAMMBEDINGUNGEN[teil],
        "hinweise": _absaetze(texte.hinweise) or STANDARD_HINWEISE,
        "bedarf_monate": int(p.get("auszahlung.bedarf_monate") or 2),
        "vn_faellig": _plus_monate(bis, vn_monate).isoformat(),
        "vn_monate": vn_monate,
        "weiterleitung": teil == "II",
        "lrh_kopie": zuwendung > lrh_schwelle,
        "lrh_schwelle": _betrag(lrh_schwelle),
    }


def _tabelle_teil1(antrag: Antrag, p: dict) -> tuple[dict, list[str]]:
    t = AntragTeil1.objects.filter(antrag=antrag).first()  # fresh: never a stale cached relation
    stellen = (t.stellen if t else None) or Decimal("0")
    zuweisung = (
        antrag.foerderperiode.zuweisungen.filter(kommune=antrag.antragsteller)
        .values_list("stellen", flat=True)
        .first()
    )
    stufe = min(stellen, zuweisung) if zuweisung else stellen
    festbetrag = Decimal(str(p.get("I.festbetrag_stelle") or "0"))
    sach_max = Decimal(str(p.get(f"I.sachmittel.{_stufe_schluessel(zuweisung or stellen)}") or "0"))
    personal_beantragt = (t.personalausgaben if t else None) or Decimal("0.00")
    sach_beantragt = (t.sachmittel if t else None) or Decimal("0.00")
    # The amounts the reviewer proposed per line (Prüfung adds these fields); else the rule caps.
    personal = getattr(t, "personal_bewilligt", None)
    if personal is None:
        personal = min(personal_beantragt, stufe * festbetrag).quantize(Decimal("0.01"))
    sach = getattr(t, "sachmittel_bewilligt", None)
    if sach is None:
        sach = min(sach_beantragt, sach_max)
    personal_grund = getattr(t, "personal_kuerzungsgrund", "") or (
        f"Zuwendungsfähig sind höchstens {zahl(stufe)} Stellen × {euro(festbetrag)}."
    )
    sach_grund = getattr(t, "sachmittel_kuerzungsgrund", "") or (
        f"Für die Stellenstufe {zahl(zuweisung or stellen)} sind höchstens {euro(sach_max)} Sachmittel zuwendungsfähig."
    )
    zeilen = [
        {
            "bezeichnung": "Personalausgaben (Festbetrag)",
            "rechnung": f"{zahl(stufe)} Stellen × {euro(festbetrag)} je Vollzeitstelle",
            "beantragt": _betrag(personal_beantragt),
            "bewilligt": _betrag(personal),
            "kuerzungsgrund": personal_grund if personal < personal_beantragt else "",
        },
        {
            "bezeichnung": "Sachmittel",
            "rechnung": f"Stellenstufe {zahl(zuweisung or stellen)}: höchstens {euro(sach_max)}",
            "beantragt": _betrag(sach_beantragt),
            "bewilligt": _betrag(sach),
            "kuerzungsgrund": sach_grund if sach < sach_beantragt else "",
        },
    ]
    zweck = [
        f"Finanzierung von {zahl(stufe)} zusätzlichen Stellen für Fachkräfte im Kommunalen Integrationszentrum "
        "zur Koordinierung, Vernetzung und Qualifizierung der Integrationsarbeit, insbesondere der "
        "Flüchtlingshilfe entlang einer Integrationskette, einschließlich des ehrenamtlichen Engagements.",
        "Sachmittel für Maßnahmen mit der Zivilgesellschaft im Sinne dieses Zwecks.",
    ]
    if t and t.fachkraft:
        zweck.append(f"Fachkraft: {t.fachkraft}" + (f" ({t.entgeltgruppe})" if t.entgeltgruppe else "") + ".")
    return {"art": "I", "zeilen": zeilen}, zweck


def _tabelle_teil2(antrag: Antrag, p: dict) -> tuple[dict, list[str]]:
    zeilen = []
    je_baustein: dict[str, list[str]] = {}
    for pos in antrag.positionen.all():
        pauschale = Decimal(str(p.get(f"II.pauschale.{pos.pauschale}") or "0"))
        bewilligt = pos.bewilligt if pos.bewilligt is not None else pos.betrag
        zeilen.append(
            {
                "nr": pos.nr,
                "baustein": pos.baustein,
                "bezeichnung": f"{pos.pauschale} {PAUSCHALEN.get(pos.pauschale, '')}"
                + (f": {pos.bezeichnung}" if pos.bezeichnung else ""),
                "empfaenger": pos.empfaenger,
                "rechnung": f"{pos.einheiten or 0} × {euro(pauschale)}",
                "beantragt": _betrag(pos.betrag),
                "bewilligt": _betrag(bewilligt),
                "kuerzungsgrund": pos.kuerzungsgrund if bewilligt < pos.betrag else "",
            }
        )
        je_baustein.setdefault(pos.baustein, []).append(
            f"{pos.einheiten or 0} × {PAUSCHALEN.get(pos.pauschale, pos.pauschale)}"
        )
    zweck = [
        f"Baustein {b} – {BAUSTEINE.get(b, '')}: {', '.join(teile)}"
        for b, teile in sorted(je_baustein.items())
    ]
    zweck.insert(
        0,
        "Bedarfsorientierte Maßnahmen vor Ort zur Unterstützung des ehrenamtlichen Engagements in der "
        "Flüchtlingshilfe und für Neuzugewanderte, mit den geplanten Einheiten:",
    )
    return {"art": "II", "zeilen": zeilen}, zweck


def _tabelle_teil3(antrag: Antrag, p: dict) -> tuple[dict, list[str]]:
    satz = Decimal(str(p.get("III.foerdersatz_max") or "0.90"))
    sachpauschale = Decimal(str(p.get("III.sachpauschale") or "0"))
    zeilen = []
    zf_summe = Decimal("0.00")
    zweck = ["Stärkung der Integrationsagentur durch folgende Maßnahmen:"]
    for m in antrag.massnahmen.all():
        stellen = m.stellen or Decimal("0")
        sach = min(m.sachausgaben or Decimal("0"), (stellen * sachpauschale).quantize(Decimal("0.01")))
        zf = (m.personalausgaben or 0) + (m.honorarausgaben or 0) + sach
        zf_summe += zf
        beantragt = m.beantragt or Decimal("0.00")
        bewilligt = m.bewilligt if m.bewilligt is not None else beantragt
        zeilen.append(
            {
                "nr": m.nr,
                "bezeichnung": m.titel or f"Maßnahme {m.nr}",
                "handlungsfeld": HANDLUNGSFELDER.get(m.handlungsfeld, m.handlungsfeld),
                "rechnung": f"{prozent(satz)} von {euro(zf)} zuwendungsfähigen Ausgaben",
                "zuwendungsfaehig": _betrag(zf),
                "beantragt": _betrag(beantragt),
                "bewilligt": _betrag(bewilligt),
                "kuerzungsgrund": m.kuerzungsgrund if bewilligt < beantragt else "",
            }
        )
        zweck.append(
            f"„{m.titel or f'Maßnahme {m.nr}'}“, Handlungsfeld „{HANDLUNGSFELDER.get(m.handlungsfeld, m.handlungsfeld)}“"
            + (f", {zahl(stellen)} Stellen" if stellen else "")
        )
    return {"art": "III", "zeilen": zeilen, "zuwendungsfaehig": _betrag(zf_summe)}, zweck


# --- Small helpers: snapshot values are strings, never Decimal or date objects ---


def _betrag(wert) -> str | None:
    if wert is None or wert == "":
        return None
    return str(Decimal(wert).quantize(Decimal("0.01")))


def _iso(wert) -> str:
    if not wert:
        return ""
    if isinstance(wert, datetime.datetime):
        return timezone.localtime(wert).date().isoformat()
    return wert.isoformat()


def _name(user) -> str:
    return user.get_full_name() or user.username


def _absaetze(text: str) -> list[str]:
    return [a.strip() for a in (text or "").split("\n\n") if a.strip()]


def _plus_monate(d: datetime.date, monate: int) -> datetime.date:
    """31.12.2026 + 6 months -> 30.06.2027 (the day clamped to the month's length)."""
    jahr, monat = divmod(d.month - 1 + monate, 12)
    jahr, monat = d.year + jahr, monat + 1
    letzter = calendar.monthrange(jahr, monat)[1]
    tag = letzter if d.day == calendar.monthrange(d.year, d.month)[1] else min(d.day, letzter)
    return datetime.date(jahr, monat, tag)


def _stufe_schluessel(stellen: Decimal | None) -> str:
    if stellen is None:
        return ""
    return format(Decimal(stellen).normalize(), "f")
