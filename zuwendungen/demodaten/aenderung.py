"""Demo states of the change process (issue 19), built only through the public workflow functions.

- Dortmund, Programmteil I, Förderjahr of last year (``_vorjahr``): 2 posts, 134.000,00 € granted
  in January, final by waiver; the second post was filled on 1 April, Dortmund asked for the
  change (ki.dortmund drafts, zeichnung.dortmund submits), pruefung.arnsberg proposed it in full,
  zeichnung.arnsberg signed, zeichnung.dortmund downloaded the Änderungsbescheid and waived:
  119.750,00 € instead of 134.000,00 €, 14.250,00 € back in that period's budget, calls capped at
  the new grant. Dortmund's Part I grant of the current year is only made known (the issue-18
  story: zeichnung.dortmund uploads the waiver) and must stay so; one Antrag per part and period
  leaves last year's period for this story. Its history is written on its days (``_am``).
- Dortmund, Programmteil II (current year, final by waiver): a shift of units from Baustein B to
  Baustein C, submitted by zeichnung.dortmund, waiting for pruefung.arnsberg.
- AWO Unterbezirk Dortmund, Programmteil III (current year): a grant made final by waiver
  (``aenderung_vorbereitung``, before the current periods are closed by the Bestandskraft step),
  then an extension of the Bewilligungszeitraum that pruefung.arnsberg means to grant only in part:
  in Anhörung, traeger.awo can answer.
- Dortmund Part I of last year also has a draft ki.dortmund started in June and never submitted
  (an extension), so the draft page has a demo; Bochum's final Part II grant stays without a change
  (ki.bochum and pruefung.arnsberg can start one).
Idempotent: each grant gets its change once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from antraege import workflow as antraege_workflow
from antraege.demodaten.nutzer import technischer_antragsteller, zeichnungsberechtigt_fuer
from antraege.demodaten.pruefung import einreichen, pruefen
from antraege.demodaten.stammdaten import organisation
from antraege.models import Antrag
from antraege.workflow import bekanntgabe
from komman.models import User
from programmteile import rules
from programmteile.models import Foerderperiode, Zuweisung
from zuwendungen import workflow
from zuwendungen.bescheide import aenderung as aenderungsbescheid
from zuwendungen.demodaten import vorjahr
from zuwendungen.demodaten.bestand import _am, _bescheid_pdf, _perioden, _verzicht_pdf
from zuwendungen.models import Zuwendung
from zuwendungen.workflow import aenderung as wf

S = Antrag.Status
AWO = "AWO Unterbezirk Dortmund"
MARKE_TEIL1 = "Demo Änderung: Teil I Vorjahr"
MARKE_TEIL3 = "Demo Änderung: Teil III"


def _nutzer(*namen: str) -> dict[str, User] | None:
    gefunden = {u.username: u for u in User.objects.filter(username__in=namen)}
    return gefunden if len(gefunden) == len(namen) else None


def _final_durch_verzicht(periode, org, kennung: str, tag: datetime.date, pruefer, zeichner) -> Antrag:
    """Submitted, granted in full and signed on ``tag``, downloaded the day after, waived the day after that."""
    zb = zeichnungsberechtigt_fuer(org, technischer_antragsteller())
    with _am(tag):
        antrag = einreichen(periode, org, zb, kennung, fortfuehrung=True, massnahmebeginn=periode.bewilligungszeitraum_von)
        # proposed in full (every line as asked), then signed by a second person
        pruefen(antrag, S.BEWILLIGUNG_VORGESCHLAGEN, pruefer=pruefer, zeichner=zeichner, antragsteller=zb)
        antrag = antraege_workflow.approve(antrag=Antrag.objects.get(pk=antrag.pk), by=zeichner)
        _bescheid_pdf(antrag)
    with _am(tag + datetime.timedelta(days=1)):
        bekanntgabe.abruf_erfassen(dokument=bekanntgabe.bescheid_von(antrag), by=zb)
    with _am(tag + datetime.timedelta(days=2)):
        workflow.verzicht_einreichen(antrag=Antrag.objects.get(pk=antrag.pk), by=zb, datei=_verzicht_pdf())
    return Antrag.objects.get(pk=antrag.pk)


def aenderung_vorbereitung(*, stdout) -> None:
    """Before the current periods close: AWO's Part III grant of this year, final by waiver."""
    nutzer = _nutzer("pruefung.arnsberg", "zeichnung.arnsberg")
    awo = organisation(AWO)
    if nutzer is None or awo is None or Antrag.objects.filter(kontakt_name=MARKE_TEIL3).exists():
        return
    periode = _perioden()["III"]
    if periode.status != Foerderperiode.Status.OFFEN:
        stdout.write("Demo Änderung Teil III: die Förderperiode ist schon geschlossen (ältere Demodaten); übersprungen.")
        return
    if Antrag.objects.filter(foerderperiode=periode, antragsteller=awo).exists():
        stdout.write(f"Demo Änderung: {awo} hat schon einen Antrag {periode.foerderjahr}; übersprungen.")
        return
    tag = timezone.localdate() - datetime.timedelta(days=60)
    _final_durch_verzicht(periode, awo, MARKE_TEIL3, tag, nutzer["pruefung.arnsberg"], nutzer["zeichnung.arnsberg"])


def _vorjahr(admin) -> Foerderperiode:
    return vorjahr.periode("I")


def _teil1(nutzer, admin, stdout) -> None:
    """Dortmund Part I of last year: granted in January, second post filled on 1 April, changed."""
    dortmund = organisation("05913")
    if dortmund is None or Antrag.objects.filter(kontakt_name=MARKE_TEIL1).exists():
        return
    periode = _vorjahr(admin)
    if Antrag.objects.filter(foerderperiode=periode, antragsteller=dortmund).exists():
        stdout.write("Demo Änderung Teil I: Dortmund hat schon einen Antrag im Vorjahr; übersprungen.")
        return
    Zuweisung.objects.get_or_create(
        foerderperiode=periode, kommune=dortmund,
        defaults={"stellen": Decimal("2"), "anmerkung": "Demo: zwei Stellen, nicht amtlich."},
    )  # fmt: skip
    jahr = periode.foerderjahr
    antrag = _final_durch_verzicht(
        periode, dortmund, MARKE_TEIL1, datetime.date(jahr, 1, 12), nutzer["pruefung.arnsberg"], nutzer["zeichnung.arnsberg"]
    )
    zuwendung = Zuwendung.objects.get(antrag=antrag)
    ki, zb = nutzer["ki.dortmund"], nutzer["zeichnung.dortmund"]
    with _am(datetime.date(jahr, 4, 7)):
        a = wf.aenderung_anlegen(
            zuwendung=zuwendung, by=ki, art="unbesetzt",
            angaben={"unbesetzt": [{"stellen": "1.0", "besetzt_ab": datetime.date(jahr, 4, 1).isoformat()}]},
            begruendung="Die zweite Stelle (1,0 Vollzeitstelle) konnte erst zum 1. April besetzt werden; "
            "von Januar bis März war sie unbesetzt.",
        )  # fmt: skip
        a = wf.aenderung_einreichen(aenderung=a, by=zb)
    with _am(datetime.date(jahr, 4, 14)):
        a = wf.uebernehmen(aenderung=a, by=nutzer["pruefung.arnsberg"])
        a = wf.vorschlagen(aenderung=a, by=nutzer["pruefung.arnsberg"], ergebnis="voll")
    with _am(datetime.date(jahr, 4, 15)):
        a = wf.zeichnen(aenderung=a, by=nutzer["zeichnung.arnsberg"])
    aenderungsbescheid.nachholen()
    with _am(datetime.date(jahr, 4, 16)):
        wf.abruf_erfassen(aenderung=a, by=zb)
    with _am(datetime.date(jahr, 4, 17)):
        wf.verzichten(aenderung=a, by=zb)
    with _am(datetime.date(jahr, 6, 2)):
        wf.aenderung_anlegen(
            zuwendung=Zuwendung.objects.get(pk=zuwendung.pk), by=ki, art="verlaengerung",
            angaben={"bis": datetime.date(jahr + 1, 3, 31).isoformat()},
            begruendung="Entwurf: Verlängerung für die Abschlussveranstaltung (nicht eingereicht).",
        )  # fmt: skip


def _teil2(nutzer, stdout) -> None:
    """Dortmund Part II (this year, final): units shifted from Baustein B to Baustein C, submitted."""
    zuwendung = (
        Zuwendung.objects.filter(
            antrag__antragsteller__kreisschluessel="05913", antrag__foerderperiode__programmteil__nummer="II",
            antrag__foerderperiode__foerderjahr=timezone.localdate().year,
        )
        .select_related("antrag__foerderperiode__programmteil", "antrag__antragsteller")
        .first()
    )  # fmt: skip
    if zuwendung is None or zuwendung.aenderungen.exists():
        return
    zeilen = [dict(m) for m in wf.rechnung.letzte_zeilen(zuwendung).get("massnahmen", [])]
    b = next((m for m in zeilen if m.get("baustein") == "B"), None)
    c = next((m for m in zeilen if m.get("baustein") == "C"), None)
    if b is None or c is None:
        return
    p = zuwendung.antrag.foerderperiode.parameter().teil2.pauschalen
    # as many C units as the B units free, in whole units (rates from the period's parameters)
    weniger = 4
    mehr = int(p[b["pauschale"]] * weniger // p[c["pauschale"]])
    b["einheiten"], c["einheiten"] = int(b["einheiten"]) - weniger, int(c["einheiten"]) + mehr
    try:
        a = wf.aenderung_anlegen(
            zuwendung=zuwendung, by=nutzer["ki.dortmund"], art="einheiten", angaben={"massnahmen": zeilen},
            begruendung="Das Sprachcafé findet seltener statt; dafür braucht es mehr Elternabende mit Dolmetschung.",
        )  # fmt: skip
        wf.aenderung_einreichen(aenderung=a, by=nutzer["zeichnung.dortmund"])
    except wf.AenderungFehler as e:
        stdout.write(f"Demo Änderung Teil II nicht möglich ({e}); übersprungen.")


def _teil3(nutzer, stdout) -> None:
    """AWO Part III: extension asked until the end of March, Anhörung for the end of February."""
    zuwendung = Zuwendung.objects.filter(antrag__kontakt_name=MARKE_TEIL3).first()
    awo = User.objects.filter(username="traeger.awo").first()
    if zuwendung is None or awo is None or zuwendung.aenderungen.exists():
        return
    ende = zuwendung.bewilligungszeitraum_bis
    gewuenscht, moeglich = rules.plus_monate(ende, 3), rules.plus_monate(ende, 2)
    a = wf.aenderung_anlegen(
        zuwendung=zuwendung, by=awo, art="verlaengerung", angaben={"bis": gewuenscht.isoformat()},
        begruendung="Die Räume des Nachbarschaftsdialogs standen wegen eines Wasserschadens drei Monate nicht zur Verfügung.",
    )  # fmt: skip
    a = wf.aenderung_einreichen(aenderung=a, by=awo)
    a = wf.uebernehmen(aenderung=a, by=nutzer["pruefung.arnsberg"])
    wf.anhoeren(
        aenderung=a, by=nutzer["pruefung.arnsberg"],
        text=f"Wir beabsichtigen, den Bewilligungszeitraum nur bis {moeglich:%d.%m.%Y} zu verlängern: "
        "die Maßnahme war zwei, nicht drei Monate unterbrochen (Mitteilung vom Vermieter).",
    )  # fmt: skip


def aenderung_demodaten(*, stdout) -> None:
    nutzer = _nutzer("ki.dortmund", "zeichnung.dortmund", "pruefung.arnsberg", "zeichnung.arnsberg", "admin")
    if nutzer is None:
        return
    _teil1(nutzer, nutzer["admin"], stdout)
    _teil2(nutzer, stdout)
    _teil3(nutzer, stdout)
    aenderungsbescheid.nachholen()
    stdout.write(
        "Demodaten Änderung: Dortmund Teil I (Vorjahr, beschieden und bestandskräftig), Dortmund Teil II "
        "(Verschiebung eingereicht), AWO Teil III (Verlängerung in der Anhörung)."
    )
