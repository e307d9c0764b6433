"""Letters of the Widerruf process on antraege.bescheide's machinery (letterhead, PDF/A-3a tagged).

- ``anlegen(*, forderung, art, by, heute)``: the Rueckforderungsbrief with the snapshot of every
  fact it states (figures from zuwendungen.forderungen, i.e. the rules), in the transaction.
- ``rendern(*, brief_id)``: the PDF once, after commit. The GiroCode (EPC QR, segno) is drawn
  from the snapshot when the PDF is rendered, so the snapshot stays plain data.
Amounts in the snapshot are strings ("1234.50"), dates ISO strings.
"""

from __future__ import annotations

import datetime

import segno.helpers
from django.conf import settings

from antraege.bescheide import render_pdf
from antraege.bescheide.briefkopf import briefkopf, empfaenger
from antraege.bescheide.briefkopf import gericht as gericht_von
from antraege.bescheide.werte import betrag, iso, name
from antraege.models import Dokument
from programmteile.models import Bescheidtexte, Briefkopf
from programmteile.rules import PROGRAMMTEILE
from zuwendungen import forderungen
from zuwendungen.abrufzahlen import abrufstand
from zuwendungen.bescheide import alle_nachholen, einmal_rendern
from zuwendungen.models import Rueckforderung, Rueckforderungsbrief

Art = Rueckforderungsbrief.Art
TITEL = {
    Art.ANHOERUNG: "Anhörung nach § 28 VwVfG NRW vor Widerruf und Erstattung",
    Art.ERSTATTUNGSBESCHEID: "Widerrufs-/Rücknahme- und Erstattungsbescheid",
    Art.MAHNUNG: "Mahnung",
    Art.ABSCHLUSS: "Abschlussmitteilung",
}
TITEL_NEBENBESTIMMUNG = "Erstattungsbescheid"


def _t(wert) -> str:
    return betrag(wert) or "0.00"


def _lrh_kopie(forderung: Rueckforderung) -> bool:
    """Whether the original notice went to the Landesrechnungshof (its own snapshot says so)."""
    daten = (
        Dokument.objects.filter(antrag_id=forderung.zuwendung.antrag_id, art=Dokument.Art.ZUWENDUNGSBESCHEID)
        .order_by("pk")
        .values_list("daten", flat=True)
        .first()
    )
    return bool(((daten or {}).get("bewilligung") or {}).get("lrh_kopie"))


def _zinsen(forderung: Rueckforderung, bis: datetime.date) -> dict:
    s = forderungen.stand(forderung, bis)
    return {
        "pp": str(forderungen.wert(forderung, "erstattung_zins_pp")),
        "ab": forderung.entstanden_am.isoformat(),
        "bis": bis.isoformat(),
        "betrag": _t(s.zinsen),
        "offen_zinsen": _t(s.offen_zinsen),
        "offen_haupt": _t(s.offen_hauptforderung),
        "bezahlt": _t(s.bezahlt),
        "offen": _t(s.offen),
        "ueberzahlung": _t(s.ueberzahlung),
        "verzinst": forderung.verzinst,
        "abschnitte": [
            {"von": a.von.isoformat(), "bis": a.bis.isoformat(), "tage": a.tage, "satz": str(a.satz),
             "zinsen": str(a.zinsen.quantize(a.zinsen.__class__("0.0001")))}
            for a in s.abschnitte
        ],  # fmt: skip
    }


def _snapshot(forderung: Rueckforderung, art: str, by, heute: datetime.date) -> dict:
    zuwendung = forderung.zuwendung
    antrag = zuwendung.antrag
    periode = antrag.foerderperiode
    teil = periode.programmteil.nummer
    org = antrag.antragsteller
    k = abrufstand(zuwendung)
    titel = TITEL[art]
    if art == Art.ERSTATTUNGSBESCHEID and forderung.rechtsgrundlage == Rueckforderung.Rechtsgrundlage.NEBENBESTIMMUNG:
        titel = TITEL_NEBENBESTIMMUNG
    daten = {
        "schema": 1,
        "art": str(art),
        "titel": titel,
        "datum": heute.isoformat(),
        "aktenzeichen": antrag.aktenzeichen,
        "briefkopf": briefkopf(heute, antrag.bearbeitet_von),
        "empfaenger": empfaenger(org),
        "betreff": (
            f"Zuwendungen des Landes Nordrhein-Westfalen; KOMM-AN NRW Programmteil {teil} – "
            f"{PROGRAMMTEILE.get(teil, periode.programmteil.titel)}; Förderjahr {periode.foerderjahr}"
        ),
        "antrag": {"eingereicht_am": ""},
        "zuwendung": {
            "bewilligt": _t(zuwendung.bewilligt),
            "ausgezahlt": _t(k.ausgezahlt),
            "anerkannt": betrag(zuwendung.anerkannt) or "",
            "bewilligung_von": zuwendung.bewilligungszeitraum_von.isoformat(),
            "bewilligung_bis": zuwendung.bewilligungszeitraum_bis.isoformat(),
            "bescheid_am": iso(antrag.gezeichnet_am),
        },
        "forderung": {
            "nummer": forderung.pk,
            "betrag": _t(forderung.betrag),
            "entstanden_am": forderung.entstanden_am.isoformat(),
            "anlass": forderung.get_anlass_display(),
            "rechtsgrundlage": forderung.rechtsgrundlage,
            "rechtsgrundlage_text": forderung.get_rechtsgrundlage_display() if forderung.rechtsgrundlage else "",
            "widerruf_ab": iso(forderung.widerruf_ab),
            "grund": forderung.grund,
            "aufteilung": forderung.aufteilung,
            "kassenzeichen": forderung.kassenzeichen,
            "vollstaendig": forderung.betrag >= k.ausgezahlt,
            "faellig_am": iso(forderung.faellig_am),
        },
        "unterschrift": {
            "formel": Briefkopf.aktuell(heute).zeichnungsformel,
            "name": name(by) if art == Art.ERSTATTUNGSBESCHEID else "",
            "maschinell": art != Art.ERSTATTUNGSBESCHEID,
        },
        "hinweise": {"elektronisch": Bescheidtexte.aktuell(periode).hinweis_elektronisch.strip()},
    }
    if art == Art.ANHOERUNG:
        daten["anhoerung"] = {"text": forderung.anhoerung_text, "frist": iso(forderung.anhoerung_frist)}
        daten["zinsen"] = _zinsen(forderung, forderung.anhoerung_frist or heute)
    if art in (Art.ERSTATTUNGSBESCHEID, Art.MAHNUNG):
        konto = settings.LANDESKASSE_KONTO
        daten["bank"] = {k2: konto[k2] for k2 in ("name", "iban", "bic", "bank")}
    if art == Art.ERSTATTUNGSBESCHEID:
        texte = Bescheidtexte.aktuell(periode)
        gericht = gericht_von(org)
        gericht_text = f"{gericht['sitz']} ({gericht['anschrift']})" if gericht else ""
        daten["entscheidung"] = {
            "ermessen": forderung.ermessen,
            "stellungnahme": forderung.stellungnahme,
            "stellungnahme_am": iso(forderung.stellungnahme_am),
            "anhoerung_am": iso(forderung.anhoerung_am),
            "vorgeschlagen_von": name(forderung.vorgeschlagen_von) if forderung.vorgeschlagen_von else "",
        }
        daten["zinsen"] = _zinsen(forderung, forderung.faellig_am)
        daten["rechtsbehelf"] = {
            "text": texte.rechtsbehelfsbelehrung.replace("{gericht}", gericht_text) if gericht else ""
        }
        daten["lrh_kopie"] = _lrh_kopie(forderung)
    if art == Art.MAHNUNG:
        daten["zinsen"] = _zinsen(forderung, heute)
        daten["mahnung"] = {"neue_frist": iso(forderung.faellig_am)}
    if art == Art.ABSCHLUSS:
        daten["zinsen"] = _zinsen(forderung, heute)
        a = forderungen.aufbewahrung(zuwendung, heute)
        daten["aufbewahrung"] = {"belege_bis": iso(a.belege_bis), "akten_bis": a.akten_bis.isoformat()}
    return daten


def anlegen(*, forderung: Rueckforderung, art: str, by, heute: datetime.date) -> Rueckforderungsbrief:
    return Rueckforderungsbrief.objects.create(
        rueckforderung=forderung, art=art, daten=_snapshot(forderung, art, by, heute)
    )


def zu_zahlen(daten: dict) -> str:
    """What the GiroCode and the letter ask for: the claim plus interest to the due date (or open)."""
    z = daten.get("zinsen") or {}
    if daten["art"] == Art.MAHNUNG:
        return z.get("offen", "0.00")
    from decimal import Decimal

    return str(Decimal(daten["forderung"]["betrag"]) + Decimal(z.get("betrag", "0.00")))


def girocode(daten: dict) -> str:
    """The EPC QR code (GiroCode) as inline SVG: the recipient's bank app fills the transfer."""
    bank = daten["bank"]
    qr = segno.helpers.make_epc_qr(
        name=bank["name"][:70],
        iban=bank["iban"],
        bic=bank["bic"] or None,
        amount=zu_zahlen(daten),
        text=f"{daten['forderung']['kassenzeichen']} Az. {daten['aktenzeichen']}"[:140],
    )
    # Inline SVG: the PDF renderer loads nothing but static files (antraege.bescheide.pdf).
    return qr.svg_inline(scale=3, border=2, title="GiroCode", svgclass="girocode")


def pdf_aus_daten(daten: dict) -> bytes:
    extra = {"girocode": girocode(daten), "zu_zahlen": zu_zahlen(daten)} if "bank" in daten else {}
    return render_pdf(f"zuwendungen/briefe/rf_{daten['art']}.html", {"d": daten, "entwurf": False, **extra})


def rendern(*, brief_id: int) -> bool:
    """Renders and stores the PDF once; failures are logged (nachholen renders it later)."""
    return einmal_rendern(Rueckforderungsbrief, brief_id, pdf_aus_daten)


def nachholen() -> int:
    return alle_nachholen(Rueckforderungsbrief, rendern)
