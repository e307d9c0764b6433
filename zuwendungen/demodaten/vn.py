"""Demo states of the Verwendungsnachweis (issue 20), built through the public workflow functions.

Last year's grants (the previous Förderjahr's periods, created here with get_or_create): each
was applied for, granted and made final by waiver early last year and paid in full in March
(``_am`` moves the workflow's clock for those steps, as in bestand's demo). Then, today:
Essen Part II has no VN (the daily run sends the first Mahnung with a new deadline), Bochum
Part II has submitted its VN with fewer units than granted (the issue's example: B1 31 of 40,
A2 10 of 12 months, C2 36 of 30), Dortmund Part II is in the vertiefte Prüfung (drawn as the
only candidate of its sample) with an open question for ki.dortmund, Köln Part I is closed with an
Abschlussmitteilung, and the AWO's Part III grant (lower actual costs) has a refund claim.
This year's grants get their VN deadline (due next summer). Idempotent: each case is marked in
the Antrag's kontakt_name and created once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from antraege.demodaten.nutzer import technischer_antragsteller, zeichnungsberechtigt_fuer
from antraege.demodaten.pruefung import einreichen, pruefen
from antraege.demodaten.stammdaten import organisation, zuweisungen
from antraege.models import Antrag, AntragTeil1, Massnahme, Position
from antraege.workflow import bekanntgabe
from komman.models import User
from programmteile import rules
from programmteile.models import Foerderperiode
from zuwendungen import fristen, vn_taeglich, workflow
from zuwendungen.demodaten import vorjahr
from zuwendungen.demodaten.bestand import _am, _bescheid_pdf, _verzicht_pdf
from zuwendungen.workflow import vn as wf
from zuwendungen.workflow import vn_pruefung as pw

S = Antrag.Status
# (mark, Programmteil, organisation, how far the VN gets)
PLAN = [
    ("ueberfaellig", "II", "05113", "keiner"),
    ("pruefung", "II", "05913", "frage"),
    ("eingereicht", "II", "05911", "eingereicht"),
    ("abgeschlossen", "I", "05315", "abschluss"),
    ("rueckforderung", "III", "Der Paritätische NRW e. V.", "rueckforderung"),
]
# Bochum's lines: (Pauschale, units granted, units delivered, Letztempfänger), the example
BOCHUM = (("B1", 40, 31, "Verein Brücke e. V."), ("A2", 12, 10, "Caritas Bochum"), ("C2", 30, 36, "Verein Brücke e. V."))


def _jahr() -> int:
    return timezone.localdate().year - 1


def _perioden() -> dict[str, Foerderperiode]:
    return {nummer: vorjahr.periode(nummer) for nummer in ("I", "II", "III")}


def _bewilligen(periode, org, zb, kennung: str, nutzer: dict) -> Antrag:
    """Applied for, granted, downloaded and waived on one day before the Antragsfrist; paid in March."""
    tag = min(periode.antragsfrist - datetime.timedelta(days=14), datetime.date(_jahr(), 1, 8))
    with _am(tag):
        antrag = einreichen(periode, org, zb, kennung, fortfuehrung=True, massnahmebeginn=periode.bewilligungszeitraum_von)
        if periode.programmteil.nummer == "II" and org.kreisschluessel == "05911":
            _bochum_zeilen(antrag)
        pruefen(antrag, S.BEWILLIGT, pruefer=nutzer["pruefer"], zeichner=nutzer["zeichner"], antragsteller=zb)
        antrag = Antrag.objects.get(pk=antrag.pk)
        _bescheid_pdf(antrag)
        bekanntgabe.abruf_erfassen(dokument=bekanntgabe.bescheid_von(antrag), by=zb)
    with _am(tag + datetime.timedelta(days=10)):
        workflow.verzicht_einreichen(antrag=Antrag.objects.get(pk=antrag.pk), by=zb, datei=_verzicht_pdf())
    zuwendung = Antrag.objects.get(pk=antrag.pk).zuwendungsfall
    zahltag = datetime.date(_jahr(), 3, 2)
    with _am(zahltag):
        daten = workflow.Abrufdaten(
            auszahlung_am=zahltag, bedarfe=[(zahltag + datetime.timedelta(days=30), zuwendung.bewilligt)],
            stellen_besetzt_am=periode.bewilligungszeitraum_von if periode.programmteil.nummer == "I" else None,
            stellen_vze=_stellen(antrag) if periode.programmteil.nummer == "I" else None,
        )  # fmt: skip
        abruf = workflow.abruf_anlegen(zuwendung=zuwendung, by=zb, daten=daten)
        workflow.abruf_einreichen(abruf=abruf, by=zb)
        workflow.abruf_freigeben(abruf=abruf, by=nutzer["pruefer"], betrag=zuwendung.bewilligt, pruefvermerk="Demo.")
        workflow.auszahlung_zeichnen(abruf=abruf, by=nutzer["zeichner"])
        workflow.als_bezahlt_melden(abruf=abruf, by=nutzer["pruefer"], wertstellung=zahltag)
    return Antrag.objects.get(pk=antrag.pk)


def _stellen(antrag: Antrag) -> Decimal:
    t1 = AntragTeil1.objects.filter(antrag=antrag).first()
    return t1.stellen if t1 and t1.stellen else Decimal("1")


def _bochum_zeilen(antrag: Antrag) -> None:
    """Bochum applies for the issue's three lines (7.700,00 €) instead of the default ones."""
    antrag.positionen.all().delete()
    satz = antrag.foerderperiode.parameter().teil2.pauschalen
    for nr, (p, n, _, empfaenger) in enumerate(BOCHUM, start=1):
        # The review's demo cut takes three units off the first line (antraege.demodaten.pruefung):
        # Bochum applies for 43, so 40 are granted as in the example.
        n = n + 3 if nr == 1 else n
        Position.objects.create(
            antrag=antrag, nr=nr, baustein=p[0], pauschale=p, einheiten=n, betrag=satz[p] * n, empfaenger=empfaenger,
            empfaenger_rechtsform="eingetragener Verein", empfaenger_anschrift="Hauptstraße 1, 44787 Bochum",
            bezeichnung={"B1": "Sprachcafé", "A2": "Anmietung Treffpunkt (Monate)", "C2": "Broschüre (Seiten)"}[p],
            raumnutzung_prozent=50 if p[0] == "A" else None,
        )  # fmt: skip
    antrag.beantragt = sum((satz[p] * n for p, n, _, _ in BOCHUM), satz[BOCHUM[0][0]] * 3)
    antrag.save(update_fields=["beantragt"])


def _sachbericht(beginn: datetime.date, ende: datetime.date) -> dict:
    return {
        "taetigkeiten": "Beratung und Begleitung Neuzugewanderter, Sprachcafés, Netzwerkarbeit im Stadtgebiet.",
        "beginn": beginn, "ende": ende, "personal": "Fachkräfte der Kommune und Ehrenamtliche der Vereine.",
        "ergebnisse": "Die geplanten Angebote fanden statt; Teilnehmende und Ergebnisse sind im Anhang dokumentiert.",
        "abweichungen": "Einzelne Termine entfielen wegen Krankheit; die Broschüre wurde umfangreicher.",
        "erklaerung": True, "kommune_bestaetigt": True,
    }  # fmt: skip


def _zahlen(zuwendung, fall: str) -> dict:
    antrag = zuwendung.antrag
    einnahmen = {"eigenanteil": str(antrag.eigenanteil), "dritte": "0.00", "oeffentlich": "0.00"}
    teil = antrag.foerderperiode.programmteil.nummer
    if teil == "II":
        positionen = list(Position.objects.filter(antrag=antrag, bewilligt__gt=0).order_by("nr"))
        if fall == "eingereicht":
            erbracht = {str(p.pk): n for p, (_, _, n, _) in zip(positionen, BOCHUM, strict=False)}
        else:
            erbracht = {str(p.pk): p.einheiten for p in positionen}
        empfaenger = {}
        for p in positionen:
            name = p.empfaenger or str(antrag.antragsteller)
            a = empfaenger.setdefault(name, {"erhalten": Decimal(0), "verwendet": Decimal(0), "erstattet": "0.00"})
            a["erhalten"] += p.bewilligt
            satz = antrag.foerderperiode.parameter().teil2.pauschalen[p.pauschale]
            a["verwendet"] += min(erbracht[str(p.pk)], int(p.bewilligt / satz)) * satz
        return {"einnahmen": einnahmen, "teil2": {"erbracht": erbracht, "empfaenger": {
            n: {k: str(v) for k, v in a.items()} for n, a in empfaenger.items()}}}  # fmt: skip
    if teil == "I":
        t1 = AntragTeil1.objects.get(antrag=antrag)
        stellen = rules.stellen_aufteilen(t1.stellen or Decimal(1))
        return {"einnahmen": einnahmen, "teil1": {
            "stellen": [{"vze": str(s), "monate": 12} for s in stellen],
            "personal": str(t1.personal_bewilligt or zuwendung.bewilligt), "sachmittel": str(t1.sachmittel_bewilligt or 0),
        }}  # fmt: skip
    # Part III: the personnel cost 10 % less than planned (a post was vacant for a while)
    teil3 = {}
    for m in Massnahme.objects.filter(antrag=antrag):
        teil3[str(m.pk)] = {
            "personal": str(rules.cent((m.personalausgaben or 0) * Decimal("0.9"))), "honorar": str(m.honorarausgaben or 0),
            "sach": str(m.sachausgaben or 0), "invest": str(m.investitionsausgaben or 0),
        }  # fmt: skip
    return {"einnahmen": einnahmen, "teil3": teil3}


def vn_demodaten(*, stdout) -> None:
    if all(Antrag.objects.filter(kontakt_name=f"Demo VN: {m}").exists() for m, *_ in PLAN):
        return
    namen = {"pruefer": "pruefung.arnsberg", "zeichner": "zeichnung.arnsberg"}
    nutzer = {k: User.objects.filter(username=v).first() for k, v in namen.items()}
    if None in nutzer.values():
        return
    perioden = _perioden()
    zuweisungen(perioden)
    ersatz = technischer_antragsteller()
    heute = timezone.localdate()
    erledigt = []
    for marke, teil, schluessel, fall in PLAN:
        kennung = f"Demo VN: {marke}"
        org = organisation(schluessel)
        if org is None or Antrag.objects.filter(kontakt_name=kennung).exists():
            continue
        if Antrag.objects.filter(foerderperiode=perioden[teil], antragsteller=org).exists():
            stdout.write(f"Demo „{kennung}“: {org} hat schon einen Antrag {_jahr()}; übersprungen.")
            continue
        zb = zeichnungsberechtigt_fuer(org, ersatz)
        try:
            antrag = _bewilligen(perioden[teil], org, zb, kennung, nutzer)
            _verwendungsnachweis(antrag.zuwendungsfall, fall, zb, nutzer)
        except workflow.WorkflowError as e:
            stdout.write(f"Demo „{kennung}“ nicht vollständig ({e}).")
            continue
        erledigt.append(marke)
    vn_taeglich.vn_fristen(heute)
    fristen.versaeumt_feststellen(heute)
    vn_taeglich.vn_mahnungen(heute)
    stdout.write(f"Demodaten Verwendungsnachweis ({_jahr()}): {', '.join(erledigt) or 'nichts Neues'}.")


def _verwendungsnachweis(zuwendung, fall: str, zb, nutzer: dict) -> None:
    if fall == "keiner":
        return
    vn = wf.vn_anlegen(zuwendung=zuwendung, by=zb)
    wf.vn_speichern(vn=vn, by=zb, werte=_sachbericht(zuwendung.bewilligungszeitraum_von, zuwendung.bewilligungszeitraum_bis),
                    zahlen=_zahlen(zuwendung, fall))  # fmt: skip
    wf.vn_einreichen(vn=vn, by=zb)
    if fall == "eingereicht":
        return
    pruefer, zeichner = nutzer["pruefer"], nutzer["zeichner"]
    if fall == "frage":
        pw.stichprobe_ziehen(periode=zuwendung.antrag.foerderperiode, by=pruefer, seed=20261203)
        pw.frage_stellen(vn=vn, by=pruefer, frage="Bitte legen Sie für das Sprachcafé die Teilnehmerlisten vor.")
        return
    haken = {k: True for k, _ in pw.checkliste(vn)}
    pw.pruefvermerk_speichern(vn=vn, by=pruefer, haken=haken, feststellungen={}, vermerk_text="Kursorisch geprüft (Demo).")
    pw.ergebnis_vorschlagen(vn=vn, by=pruefer)
    pw.ergebnis_zeichnen(vn=vn, by=zeichner)
