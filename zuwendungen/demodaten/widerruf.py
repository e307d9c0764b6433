"""Demo states of the Widerruf process (issue 21), through the public workflow functions.

Three Part III grants of the previous Förderjahr (70.000,00 € each, granted in full, final by
waiver, paid in one call), whose VN recognised 66.600,00 €: the refund of 3.400,00 € (rules.erstattung)
is recorded through rueckforderungen.erfassen and then
- AWO (login traeger.awo): in Anhörung, its Stellungnahme still open; the one-year limit ends
  in a few weeks, so the warning shows;
- Caritas: Erstattungsbescheid with interest, and a part payment booked interest first;
- Diakonie: Erstattungsbescheid, part payment, the rest paid: the grant is closed.
The VN result (Zuwendung.anerkannt) is set here directly: the VN process is built on another
branch; once it lands, this step should record it through that process. The history is written
on the days it happened (``_am`` of bestand's demo). Idempotent: each grant is marked in
kontakt_name and created once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from antraege.demodaten.nutzer import technischer_antragsteller, zeichnungsberechtigt_fuer
from antraege.demodaten.pruefung import einreichen, pruefen
from antraege.models import Antrag
from antraege.workflow import approve, bekanntgabe
from komman.formate import euro
from komman.models import Organisation, User
from programmteile import rules
from programmteile.models import Foerderperiode
from zuwendungen import rueckforderungen, workflow
from zuwendungen.demodaten import vorjahr
from zuwendungen.demodaten.bestand import _am, _bescheid_pdf, _verzicht_pdf

S = Antrag.Status
ANERKANNT = Decimal("66600.00")
# (mark, organisation (a Träger's name, or the organisation of a login), how far)
PLAN = [
    ("anhoerung", "@traeger.awo", "anhoerung"),
    ("teilzahlung", "Caritasverband für das Erzbistum Paderborn e. V.", "teilzahlung"),
    ("abgeschlossen", "Diakonie Rheinland-Westfalen-Lippe e. V.", "abgeschlossen"),
    # The recipient sued against the Erstattungsbescheid: pending, not final, no Mahnung.
    ("klage", "Deutsches Rotes Kreuz Landesverband Westfalen-Lippe e. V.", "klage"),
]


def _vorjahr() -> Foerderperiode:
    return vorjahr.periode("III")


def _organisation(schluessel: str) -> Organisation | None:
    if schluessel.startswith("@"):
        user = User.objects.filter(username=schluessel[1:]).first()
        m = user.mitgliedschaften.select_related("organisation").first() if user else None
        return m.organisation if m else None
    return Organisation.objects.filter(name=schluessel).first()


def _grant(periode, org, kennung, *, pruefer, zeichner, ersatz) -> Antrag | None:
    """Granted in full early in the year, final by waiver, 70.000,00 € paid in one call."""
    jahr = periode.foerderjahr
    zb = zeichnungsberechtigt_fuer(org, ersatz)
    with _am(datetime.date(jahr, 1, 12)):
        antrag = einreichen(
            periode, org, zb, kennung, fortfuehrung=True, massnahmebeginn=periode.bewilligungszeitraum_von
        )
        pruefen(antrag, S.BEWILLIGUNG_VORGESCHLAGEN, pruefer=pruefer, zeichner=zeichner, antragsteller=zb)
        approve(antrag=Antrag.objects.get(pk=antrag.pk), by=zeichner)
        _bescheid_pdf(antrag)
    with _am(datetime.date(jahr, 1, 14)):
        bekanntgabe.abruf_erfassen(dokument=bekanntgabe.bescheid_von(antrag), by=zb)
    with _am(datetime.date(jahr, 1, 16)):
        workflow.verzicht_einreichen(antrag=Antrag.objects.get(pk=antrag.pk), by=zb, datei=_verzicht_pdf())
    antrag = Antrag.objects.get(pk=antrag.pk)
    zuwendung = antrag.zuwendungsfall
    tag = datetime.date(jahr, 2, 2)
    with _am(tag):
        daten = workflow.Abrufdaten(
            auszahlung_am=tag, bedarfe=[(tag + datetime.timedelta(days=30), zuwendung.bewilligt)]
        )
        abruf = workflow.abruf_anlegen(zuwendung=zuwendung, by=zb, daten=daten)
        workflow.abruf_einreichen(abruf=abruf, by=zb)
        workflow.abruf_freigeben(
            abruf=abruf, by=pruefer, betrag=zuwendung.bewilligt, pruefvermerk="Demo: Bedarf plausibel."
        )
        workflow.auszahlung_zeichnen(abruf=abruf, by=zeichner)
        workflow.als_bezahlt_melden(abruf=abruf, by=pruefer, wertstellung=tag + datetime.timedelta(days=2))
    return antrag


def widerruf_demodaten(*, stdout) -> None:
    kennungen = [f"Demo Widerruf: {m}" for m, *_ in PLAN]
    if Antrag.objects.filter(kontakt_name__in=kennungen).count() == len(PLAN):
        return
    namen = ("pruefung.arnsberg", "zeichnung.arnsberg", "admin")
    nutzer = {u.username: u for u in User.objects.filter(username__in=namen)}
    if len(nutzer) < len(namen):
        return
    pruefer, zeichner = nutzer["pruefung.arnsberg"], nutzer["zeichnung.arnsberg"]
    periode = _vorjahr()
    ersatz = technischer_antragsteller()
    heute = timezone.localdate()
    for marke, schluessel, bis in PLAN:
        kennung = f"Demo Widerruf: {marke}"
        org = _organisation(schluessel)
        if org is None or Antrag.objects.filter(kontakt_name=kennung).exists():
            continue
        if Antrag.objects.filter(foerderperiode=periode, antragsteller=org).exists():
            stdout.write(
                f"Demo „{kennung}“: {org} hat schon einen Antrag {periode.foerderjahr}; übersprungen."
            )
            continue
        try:
            antrag = _grant(periode, org, kennung, pruefer=pruefer, zeichner=zeichner, ersatz=ersatz)
            _rueckforderung(antrag, bis, pruefer=pruefer, zeichner=zeichner, heute=heute)
        except workflow.WorkflowError as e:
            stdout.write(f"Demo „{kennung}“: nicht möglich ({e}); übersprungen.")
    stdout.write(
        "Demodaten Widerruf: Anhörung (Jahresfrist), Erstattungsbescheid mit Teilzahlung, mit Klage, abgeschlossen."
    )


def _rueckforderung(antrag: Antrag, bis: str, *, pruefer, zeichner, heute: datetime.date) -> None:
    zuwendung = antrag.zuwendungsfall
    jahr = antrag.foerderperiode.foerderjahr
    # The VN result (set by the VN process once it exists; see the module docstring).
    vn_am = datetime.date(jahr + 1, 2, 16) if bis == "anhoerung" else datetime.date(jahr + 1, 3, 16)
    zuwendung.anerkannt, zuwendung.anerkannt_am = ANERKANNT, vn_am
    zuwendung.save(update_fields=["anerkannt", "anerkannt_am"])
    ausgezahlt = zuwendung.bewilligt
    forderung = rueckforderungen.erfassen(
        zuwendung=zuwendung, anlass="verwendungsnachweis", quelle=f"demo-vn:{zuwendung.pk}",
        betrag=rules.erstattung(ausgezahlt, ANERKANNT), entstanden_am=vn_am, wer=pruefer,
        grund=f"Im Verwendungsnachweis wurden zuwendungsfähige Ausgaben anerkannt, die eine Zuwendung von "
        f"{euro(ANERKANNT)} tragen (90 %, abgerundet); ausgezahlt wurden {euro(ausgezahlt)}.",
    )  # fmt: skip
    if bis == "anhoerung":
        kenntnis = heute - datetime.timedelta(days=320)
        anhoerung_am = heute - datetime.timedelta(days=5)
    else:
        kenntnis = anhoerung_am = vn_am + datetime.timedelta(days=14)
    with _am(anhoerung_am):
        forderung = workflow.anhoerung_einleiten(
            forderung=forderung, by=pruefer, rechtsgrundlage="nebenbestimmung" if bis != "anhoerung" else "widerruf_vergangenheit",
            widerruf_ab=None, kenntnis_am=kenntnis,
            text="Die Zuwendung ist eine Anteilfinanzierung (90 %). Nach dem Verwendungsnachweis sind die "
            "zuwendungsfähigen Ausgaben geringer als geplant; die Zuwendung ermäßigt sich nach Nr. 2.1 ANBest-P "
            f"auf {euro(ANERKANNT)}. Ich beabsichtige, den überzahlten Betrag zurückzufordern.",
        )  # fmt: skip
    if bis == "anhoerung":
        return
    entscheidung = anhoerung_am + datetime.timedelta(days=20)
    with _am(entscheidung):
        forderung = workflow.entscheidung_vorschlagen(
            forderung=forderung, by=pruefer,
            ermessen="Gründe, von der Rückforderung abzusehen, sind weder vorgetragen noch ersichtlich. Der "
            "Grundsatz der Wirtschaftlichkeit und Sparsamkeit (§ 7 LHO) verlangt, überzahlte Mittel zurückzufordern.",
        )  # fmt: skip
        forderung = workflow.bescheid_zeichnen(forderung=forderung, by=zeichner)
    if bis == "klage":
        erhoben = forderung.bekanntgabe_am + datetime.timedelta(days=25)
        with _am(erhoben + datetime.timedelta(days=3)):
            workflow.rueckforderung_klage_erfassen(
                forderung=forderung, by=pruefer, erhoben_am=erhoben, gericht="Verwaltungsgericht Münster",
                aktenzeichen=f"5 K {forderung.pk}/{erhoben:%y}",
            )  # fmt: skip
        return
    if bis == "teilzahlung":
        # § 49a Abs. 4: the uses reported, the proposal computed, the decision still open.
        ausgezahlt_am = datetime.date(jahr, 2, 4)
        with _am(entscheidung):
            workflow.verwendungszinsen_berechnen(
                zuwendung=zuwendung, by=pruefer,
                verwendungen=[(ausgezahlt_am + datetime.timedelta(days=40), Decimal("50000.00")),
                              (ausgezahlt_am + datetime.timedelta(days=120), Decimal("16600.00"))],
            )  # fmt: skip
    teil_am = forderung.faellig_am + datetime.timedelta(days=10)
    with _am(teil_am):
        workflow.zahlung_buchen(
            forderung=forderung, by=pruefer, betrag=Decimal("2000.00"), eingang_am=teil_am
        )
    if bis == "abgeschlossen":
        rest_am = teil_am + datetime.timedelta(days=21)
        from zuwendungen import forderungen

        offen = forderungen.stand(forderung, rest_am).offen
        with _am(rest_am):
            workflow.zahlung_buchen(forderung=forderung, by=pruefer, betrag=offen, eingang_am=rest_am)
