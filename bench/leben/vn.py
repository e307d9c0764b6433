"""Verwendungsnachweise of the final grants in every state (zuwendungen Verwendungsnachweis,
Beleg, VnFrage, Stichprobe), written after the recognition and the refund claims.

- recognised grants (``Zuwendung.anerkannt_am``): the VN is abgeschlossen, submitted four months
  after the Bewilligungszeitraum, signed on the day of recognition, with the recognised amount;
- last year's grants (due this year, not yet recognised): entwurf, eingereicht, in Prüfung,
  Rückfrage (an open VnFrage), vorgeschlagen, or none yet (the daily run reminds them);
- this year's grants: one in ten has a draft;
- one submitted VN in ten is in the vertiefte Prüfung: one Stichprobe per Förderperiode with the
  drawn VNs, an answered question each;
- 2–5 Belege per VN (the Belegliste), the figures (``zahlen``) per Programmteil from the Antrag's
  lines (Part I posts, Part II units per Position, Part III costs per Maßnahme).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from antraege.models import AntragTeil1, Massnahme, Position
from bench.leben import Kontext, in_bloecken, prozess, schreiben, zeitpunkt
from programmteile import rules
from zuwendungen.models import Beleg, Stichprobe, Verwendungsnachweis, VnFrage, Zuwendung
from zuwendungen.workflow.vn_pruefung import CHECKLISTE, CHECKPUNKT_TEIL2

V = Verwendungsnachweis.Status
VORJAHR = {
    V.ENTWURF: 8,
    V.EINGEREICHT: 25,
    V.PRUEFUNG: 25,
    V.NACHFORDERUNG: 12,
    V.VORGESCHLAGEN: 10,
    None: 20,
}
ENTWURF_AKTUELL = 10  # one draft in ENTWURF_AKTUELL grants of this year
VERTIEFT = 10  # one in VERTIEFT submitted VNs is drawn for the vertiefte Prüfung
SACHBERICHT = {
    "taetigkeiten": "Bench: Beratung, Sprachcafés, Netzwerkarbeit.",
    "personal": "Bench: Fachkräfte und Ehrenamtliche.",
    "ergebnisse": "Bench: die geplanten Angebote fanden statt.",
    "abweichungen": "Bench: einzelne Termine entfielen.",
}


def _zahlen(teil: str, antrag: int, zeilen: dict) -> dict:
    einnahmen = {"eigenanteil": "0.00", "dritte": "0.00", "oeffentlich": "0.00"}
    if teil == "I":
        stellen, personal, sach = zeilen["I"].get(antrag, (Decimal("1"), Decimal("0"), Decimal("0")))
        vze = [{"vze": str(s), "monate": 12} for s in rules.stellen_aufteilen(stellen or Decimal(1))]
        return {
            "einnahmen": einnahmen,
            "teil1": {"stellen": vze, "personal": str(personal), "sachmittel": str(sach)},
        }
    if teil == "II":
        positionen = zeilen["II"].get(antrag, [])
        empfaenger: dict[str, dict] = {}
        for _pk, _einheiten, name, betrag in positionen:
            e = empfaenger.setdefault(
                name, {"erhalten": Decimal(0), "verwendet": Decimal(0), "erstattet": "0.00"}
            )
            e["erhalten"] += betrag
            e["verwendet"] += betrag
        return {"einnahmen": einnahmen, "teil2": {
            "erbracht": {str(pk): n for pk, n, _name, _betrag in positionen},
            "empfaenger": {n: {k: str(v) for k, v in e.items()} for n, e in empfaenger.items()},
        }}  # fmt: skip
    return {"einnahmen": einnahmen, "teil3": {
        str(pk): {"personal": str(p), "honorar": str(h), "sach": str(s), "invest": str(i)}
        for pk, p, h, s, i in zeilen["III"].get(antrag, [])
    }}  # fmt: skip


def _zeilen(antraege: list[int]) -> dict:
    """The Antrag lines the figures of a block need, in three queries."""
    result: dict = {"I": {}, "II": {}, "III": {}}
    for a, *werte in AntragTeil1.objects.filter(antrag_id__in=antraege).values_list(
        "antrag_id", "stellen", "personalausgaben", "sachmittel"
    ):
        result["I"][a] = werte
    for a, *werte in Position.objects.filter(antrag_id__in=antraege).values_list(
        "antrag_id", "pk", "einheiten", "empfaenger", "betrag"
    ):
        result["II"].setdefault(a, []).append(werte)
    for a, *werte in Massnahme.objects.filter(antrag_id__in=antraege).values_list(
        "antrag_id", "pk", "personalausgaben", "honorarausgaben", "sachausgaben", "investitionsausgaben"
    ):
        result["III"].setdefault(a, []).append([w or Decimal("0.00") for w in werte])
    return result


def _status(k: Kontext, jahr: int, anerkannt_am) -> str | None:
    if anerkannt_am:
        return V.ABGESCHLOSSEN
    if jahr == k.aktuelles_jahr:
        return V.ENTWURF if not k.rng.randrange(ENTWURF_AKTUELL) else None
    if jahr == k.aktuelles_jahr - 1:
        return k.rng.choices(list(VORJAHR), weights=list(VORJAHR.values()))[0]
    return None  # older, not recognised: the claims process ended it (or it is still open)


def _pruefvermerk(teil: str, status: str) -> dict:
    if status in (V.ENTWURF, V.EINGEREICHT):
        return {}
    punkte = (*CHECKLISTE, CHECKPUNKT_TEIL2) if teil == "II" else CHECKLISTE
    fertig = status in (V.VORGESCHLAGEN, V.ABGESCHLOSSEN)
    return {"checkliste": {key: fertig for key, _ in punkte}, "feststellungen": {},
            "vermerk": "Bench: geprüft." if fertig else "", "bearbeitet_von": "Bench Pruefung"}  # fmt: skip


@prozess("verwendungsnachweise")
def verwendungsnachweise(k: Kontext) -> int:
    pruefung, zeichnung, ki = k.users["bench.pruefung"], k.users["bench.zeichnung"], k.users["bench.ki"]
    stichproben: dict[int, Stichprobe] = {}
    zuwendungen = (
        Zuwendung.objects.filter(antrag__in=k.antraege)
        .values_list(
            "pk",
            "antrag_id",
            "antrag__foerderperiode_id",
            "antrag__foerderperiode__foerderjahr",
            "antrag__foerderperiode__programmteil__nummer",
            "bewilligungszeitraum_von",
            "bewilligungszeitraum_bis",
            "bewilligt",
            "anerkannt",
            "anerkannt_am",
        )  # fmt: skip
        .order_by("pk")
        .iterator(chunk_size=5000)
    )

    def block(zeilen) -> int:
        faelle = [(z, status) for z in zeilen if (status := _status(k, z[3], z[9])) is not None]
        lines = _zeilen([z[1] for z, _ in faelle])
        vns, belege, fragen = [], [], []
        for (pk, antrag, periode, jahr, teil, von, bis, bewilligt, anerkannt, anerkannt_am), status in faelle:
            eingereicht = min(rules.plus_monate(bis, 4), k.heute - datetime.timedelta(days=40))
            vertieft = status != V.ENTWURF and not k.rng.randrange(VERTIEFT)
            if vertieft and periode not in stichproben:
                stichproben[periode] = Stichprobe(
                    foerderperiode_id=periode, seed=jahr * 1000 + 42, prozent=VERTIEFT, gezogen_von=pruefung,
                    gezogen_am=zeitpunkt(eingereicht + datetime.timedelta(days=5)),
                )  # fmt: skip
                schreiben(Stichprobe, [stichproben[periode]])
            fertig = status in (V.VORGESCHLAGEN, V.ABGESCHLOSSEN)
            ergebnis_betrag = anerkannt if anerkannt is not None else bewilligt
            vn = Verwendungsnachweis(
                zuwendung_id=pk, art=Verwendungsnachweis.Art.VN, status=status, version=2, beginn=von, ende=bis,
                zahlen=_zahlen(teil, antrag, lines), erklaerung=True, kommune_bestaetigt=teil == "II",
                erstellt_von=ki, erstellt_am=zeitpunkt(eingereicht - datetime.timedelta(days=20), 9),
                geaendert_am=zeitpunkt(anerkannt_am or eingereicht), pruefvermerk=_pruefvermerk(teil, status),
                eingereicht_von=ki if status != V.ENTWURF else None,
                eingereicht_am=zeitpunkt(eingereicht) if status != V.ENTWURF else None,
                pruefart=Verwendungsnachweis.Pruefart.VERTIEFT if vertieft else Verwendungsnachweis.Pruefart.KURSORISCH,
                stichprobe=stichproben.get(periode) if vertieft else None,
                ergebnis={"anerkannt": str(ergebnis_betrag), "erstattung": str(bewilligt - ergebnis_betrag),
                          "ausgezahlt": str(bewilligt), "bewilligt": str(bewilligt), "je_empfaenger": [],
                          "befunde": []} if fertig else {},
                anerkannt=ergebnis_betrag if fertig else None,
                erstattung=bewilligt - ergebnis_betrag if fertig else None,
                vorgeschlagen_von=pruefung if fertig else None,
                vorgeschlagen_am=zeitpunkt(eingereicht + datetime.timedelta(days=30)) if fertig else None,
                gezeichnet_von=zeichnung if status == V.ABGESCHLOSSEN else None,
                gezeichnet_am=zeitpunkt(anerkannt_am, 11) if status == V.ABGESCHLOSSEN else None,
                **SACHBERICHT,
            )  # fmt: skip
            vns.append(vn)
            for nr in range(1, k.rng.randint(2, 5) + 1):
                belege.append(Beleg(verwendungsnachweis=vn, nr=nr, datum=von + datetime.timedelta(days=40 * nr),
                                    empfaenger=f"Bench-Lieferant {nr}", grund="Bench: Honorar, Miete, Material",
                                    kategorie="Sachausgaben", betrag=Decimal(k.rng.randint(50, 5000))))  # fmt: skip
            if status == V.NACHFORDERUNG or (vertieft and status != V.EINGEREICHT):
                offen = status == V.NACHFORDERUNG
                gestellt = eingereicht + datetime.timedelta(days=14)
                fragen.append(VnFrage(
                    verwendungsnachweis=vn, frage="Bench: bitte legen Sie die Teilnehmerlisten vor.",
                    frist=gestellt + datetime.timedelta(days=28), gestellt_von=pruefung, gestellt_am=zeitpunkt(gestellt),
                    antwort="" if offen else "Bench: anbei.", beantwortet_von=None if offen else ki,
                    beantwortet_am=None if offen else zeitpunkt(gestellt + datetime.timedelta(days=7)),
                ))  # fmt: skip
        schreiben(Verwendungsnachweis, vns)
        for objekt in (*belege, *fragen):
            objekt.verwendungsnachweis_id = objekt.verwendungsnachweis.pk
        schreiben(Beleg, belege)
        schreiben(VnFrage, fragen)
        return len(vns) + len(belege) + len(fragen)

    anzahl = in_bloecken(k, "verwendungsnachweise", zuwendungen, block)
    for periode, stichprobe in stichproben.items():  # what was drawn from which candidates (rules.stichprobe)
        kandidaten = Verwendungsnachweis.objects.filter(zuwendung__antrag__foerderperiode_id=periode).exclude(
            status=V.ENTWURF
        )
        Stichprobe.objects.filter(pk=stichprobe.pk).update(
            kandidaten=list(kandidaten.order_by("pk").values_list("pk", flat=True)),
            gezogen=list(
                kandidaten.filter(stichprobe=stichprobe).order_by("pk").values_list("pk", flat=True)
            ),
        )
    return anzahl + len(stichproben)
