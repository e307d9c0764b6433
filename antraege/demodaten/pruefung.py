"""Demo Anträge in every review state, each submitted and moved on through the public workflow
functions, so every step runs through the same code as in the portal.

Idempotent: each plan entry is marked in kontakt_name and created once. Organisations
without demo logins get a technical Zeichnungsberechtigte*r (no usable password) who
submits and answers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from antraege import workflow
from antraege.models import Antrag, Massnahme, Position, Pruefvermerk, Schreiben
from komman.formate import euro
from komman.models import Organisation, User
from programmteile import rules
from programmteile.models import Foerderperiode

from .antragstellung import entwurf, teil1_ausfuellen
from .nutzer import technischer_antragsteller, zeichnungsberechtigt_fuer
from .stammdaten import organisation

S = Antrag.Status

# A plan entry beyond the statuses: in Anhörung, the applicant's Stellungnahme received.
ANHOERUNG_BEANTWORTET = "anhoerung_beantwortet"
# Notices of the other parts (the lawyer's read covers all three): signed like "bewilligt".
BEWILLIGT_I, BEWILLIGT_III = "bewilligt_teil1", "bewilligt_teil3"
# plan entry -> the status its Antrag ends in (the status itself unless listed here)
PLAN_STATUS = {ANHOERUNG_BEANTWORTET: "anhoerung", BEWILLIGT_I: "bewilligt", BEWILLIGT_III: "bewilligt"}

# target state -> candidates (Programmteil, Kreisschlüssel or Träger name); the first free one is used
PRUEFUNG_PLAN = [
    # a fresh one to walk through the whole review with a demo login answering (zeichnung.dortmund, traeger.awo)
    ("eingereicht", [("II", "05913"), ("III", "AWO Unterbezirk Dortmund"), ("I", "05913"), ("I", "05914")]),
    ("formale_pruefung", [("II", "05914")]),  # Hagen
    ("nachforderung", [("II", "05916")]),  # Herne, deadline passed
    ("inhaltliche_pruefung", [("I", "05315"), ("I", "05116")]),  # Köln, else Mönchengladbach
    ("anhoerung", [("II", "05915")]),  # Hamm
    # in Anhörung with the Stellungnahme in: the rejection (or partial approval) can be proposed
    (ANHOERUNG_BEANTWORTET, [("II", "05954")]),  # Ennepe-Ruhr-Kreis
    ("bewilligung_vorgeschlagen", [("III", "Caritasverband Bochum e. V.")]),
    ("ablehnung_vorgeschlagen", [("III", "Diakonie Rheinland-Westfalen-Lippe e. V.")]),
    ("bewilligt", [("I", "05911"), ("II", "05911")]),  # Bochum: ki.bochum sees the result
    ("abgelehnt", [("III", "Deutsches Rotes Kreuz Landesverband Westfalen-Lippe e. V.")]),
    ("zurueckgezogen", [("II", "05974"), ("II", "05978")]),  # Soest, Unna
    (BEWILLIGT_I, [("I", "05911"), ("I", "05958"), ("I", "05962"), ("I", "05970")]),  # Bochum Part I, else HSK, MK, SI
    (BEWILLIGT_III, [("III", "Caritasverband für das Erzbistum Paderborn e. V."), ("III", "Der Paritätische NRW e. V.")]),
]


def antraege(perioden: dict[str, Foerderperiode], *, stdout) -> None:
    """One Antrag in each review state, built through the workflow functions."""
    pruefer = User.objects.get(username="pruefung.arnsberg")
    zeichner = User.objects.get(username="zeichnung.arnsberg")
    antragsteller = technischer_antragsteller()
    for status, kandidaten in PRUEFUNG_PLAN:
        marke = f"Demo Prüfung: {status}"
        if Antrag.objects.filter(kontakt_name=marke).exists():
            continue
        frei = [
            (perioden[teil], org)
            for teil, org in ((teil, organisation(k)) for teil, k in kandidaten)
            if org and not Antrag.objects.filter(foerderperiode=perioden[teil], antragsteller=org).exists()
        ]
        if not frei:
            stdout.write(f"Kein freier Antragsteller für den Demo-Antrag „{status}“; übersprungen.")
            continue
        periode, org = frei[0]
        zb = zeichnungsberechtigt_fuer(org, antragsteller)
        antrag = einreichen(periode, org, zb, marke)
        ziel = S.BEWILLIGT if PLAN_STATUS.get(status) == S.BEWILLIGT else status
        pruefen(antrag, ziel, pruefer=pruefer, zeichner=zeichner, antragsteller=zb)


def einreichen(periode: Foerderperiode, org: Organisation, by: User, marke: str, **felder) -> Antrag:
    """A filled Antrag, submitted through workflow.submit (Aktenzeichen from the period's counter);
    ``felder`` set or override Antrag fields (e.g. fortfuehrung with its massnahmebeginn)."""
    teil = periode.programmteil.nummer
    angaben = {
        "kontakt_name": marke,
        "kontakt_email": f"ki@{org.pk}.demo.komm-an.invalid",
        # Part III: a balanced Finanzierungsplan (78.000 € costs = 70.000 € Zuwendung + 8.000 € own share)
        "eigenanteil": Decimal("8000.00") if teil == "III" else Decimal("0.00"),
        # after the Eingang (a start before the decision needs vorzeitiger Maßnahmebeginn),
        # and inside the Bewilligungszeitraum, so the Bescheid's Durchführungszeitraum makes sense
        "massnahmebeginn": min(
            max(periode.bewilligungszeitraum_von, timezone.localdate() + datetime.timedelta(days=7)),
            periode.bewilligungszeitraum_bis,
        ),
    }
    antrag = entwurf(periode, org, by, **(angaben | felder))
    parameter = periode.parameter()
    if teil == "I":
        teil1_ausfuellen(
            antrag, fachkraft="Sozialarbeiterin (B. A.)", entgeltgruppe="EG 11 TVöD",
            konzept="Beratung und Begleitung Neuzugewanderter, Netzwerkarbeit im Kreisgebiet.",
        )  # fmt: skip
    elif teil == "II":
        zeilen = [
            ("B", "B2", 12, "Sprachcafé im Stadtteilzentrum"),
            ("C", "C1", 8, "Elternabende mit Dolmetschung"),
        ]
        for nr, (baustein, pauschale, einheiten, bezeichnung) in enumerate(zeilen, start=1):
            Position.objects.create(
                antrag=antrag, nr=nr, baustein=baustein, pauschale=pauschale, einheiten=einheiten,
                bezeichnung=bezeichnung, empfaenger="Integrationsverein Beispiel e. V.",
                empfaenger_rechtsform="verein", empfaenger_anschrift="Beispielstraße 5, 44137 Dortmund (Demo)",
                betrag=parameter.teil2.pauschalen[pauschale] * einheiten,
            )  # fmt: skip
    else:
        Massnahme.objects.create(
            antrag=antrag, nr=1, titel="Nachbarschaftsdialoge", handlungsfeld="zusammenleben", stellen=Decimal("1.00"),
            personalausgaben=Decimal("70000.00"), honorarausgaben=Decimal("5000.00"), sachausgaben=Decimal("3000.00"),
            investitionsausgaben=Decimal("0.00"), beantragt=Decimal("70000.00"),
        )  # fmt: skip
    return workflow.submit(antrag=antrag, by=by)


def _frist_vorbei(antrag: Antrag, art: str) -> None:
    # Demo only: the letter went out three weeks ago and its deadline has passed.
    Schreiben.objects.filter(antrag=antrag, art=art).update(
        frist=timezone.localdate() - datetime.timedelta(days=3),
        erstellt_am=timezone.now() - datetime.timedelta(days=21),
    )


def _checkliste(antrag: Antrag, pruefer: User) -> None:
    vermerk = Pruefvermerk.objects.get(antrag=antrag)
    workflow.save_pruefvermerk(
        antrag=antrag, by=pruefer, version=vermerk.version, vollstaendig=True, unterschrieben=True,
        antragsberechtigt=True, nicht_begonnen=True,
        ergebnis="Angaben plausibel; Beträge entsprechen den Pauschalen und Festbeträgen der Förderperiode.",
    )  # fmt: skip


def _alles(antrag: Antrag) -> dict:
    return {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(antrag)}


def pruefen(antrag: Antrag, ziel: str, *, pruefer: User, zeichner: User, antragsteller: User) -> None:
    """Moves a submitted Antrag to `ziel` through the workflow functions."""
    if ziel == S.EINGEREICHT:
        return
    if ziel == S.ZURUECKGEZOGEN:
        workflow.start_formal_check(antrag=antrag, by=pruefer)
        workflow.withdraw(antrag=antrag, by=antragsteller, grund="Die Maßnahme entfällt (Demodaten).")
        return
    workflow.take_over(antrag=antrag, by=pruefer)
    workflow.start_formal_check(antrag=antrag, by=pruefer)
    if ziel == S.FORMALE_PRUEFUNG:
        return
    if ziel in (S.NACHFORDERUNG, S.BEWILLIGT):
        workflow.request_documents(
            antrag=antrag, by=pruefer,
            punkte=["Unterschriebene Kooperationsvereinbarung mit dem Letztempfänger", "Aktueller Stellenplan"],
            text="Ohne diese Unterlagen können wir den Antrag nicht abschließend prüfen.",
        )  # fmt: skip
        if ziel == S.NACHFORDERUNG:
            _frist_vorbei(antrag, "nachforderung")
            return
        workflow.answer_request(
            antrag=antrag, by=antragsteller, antwort="Beide Unterlagen sind als Anlage hochgeladen."
        )
        workflow.start_formal_check(antrag=antrag, by=pruefer)
    _checkliste(antrag, pruefer)
    workflow.finish_formal_check(antrag=antrag, by=pruefer)
    workflow.add_note(
        antrag=antrag, by=pruefer, text="Telefonat mit der Ansprechperson: Maßnahme beginnt planmäßig."
    )
    if ziel == S.INHALTLICHE_PRUEFUNG:
        return
    antrag.refresh_from_db()
    if ziel == S.BEWILLIGUNG_VORGESCHLAGEN:
        workflow.propose_approval(antrag=antrag, by=pruefer, zeilen=_alles(antrag), begruendung="")
        return
    if ziel in (S.ANHOERUNG, ANHOERUNG_BEANTWORTET, S.BEWILLIGT):
        _teilbewilligung(antrag, ziel, pruefer=pruefer, zeichner=zeichner, antragsteller=antragsteller)
        return
    # ablehnung_vorgeschlagen, abgelehnt: Anhörung, the applicant's Stellungnahme, then the decision
    workflow.start_hearing(
        antrag=antrag, by=pruefer, beabsichtigter_betrag=Decimal("0.00"),
        text="Ich beabsichtige, den Antrag abzulehnen: Nach der Aufgabenbeschreibung dient die Maßnahme "
        "überwiegend der allgemeinen Verbandsarbeit und nicht dem Zuwendungszweck der Förderung "
        "(Stärkung der Integrationsagenturen für Geflüchtete und Neuzugewanderte).",
    )  # fmt: skip
    workflow.answer_request(
        antrag=antrag, by=antragsteller,
        antwort="Die Maßnahme richtet sich auch an Neuzugewanderte; eine genauere Aufteilung haben wir nicht.",
    )  # fmt: skip
    antrag.refresh_from_db()
    workflow.propose_rejection(
        antrag=antrag, by=pruefer,
        begruendung="Nach der Aufgabenbeschreibung dient die Maßnahme überwiegend der allgemeinen Verbandsarbeit. "
        "Ein Bezug zum Zuwendungszweck – der Arbeit mit Geflüchteten und Neuzugewanderten in den Handlungsfeldern "
        "der Integrationsagenturen – ist nicht dargelegt. Auch die Stellungnahme nennt keinen Anteil der Arbeit, "
        "der diesem Zweck dient.",
        ermessen="Die Haushaltsmittel des Programmteils reichen nicht für alle Anträge; sie werden vorrangig für "
        "Maßnahmen eingesetzt, die dem Zuwendungszweck unmittelbar dienen. Gesichtspunkte, die ausnahmsweise eine "
        "Förderung rechtfertigen könnten – etwa ein abgrenzbarer Teil der Maßnahme für Geflüchtete –, hat der "
        "Antragsteller auch in der Anhörung nicht vorgetragen. Eine Teilbewilligung scheidet deshalb aus.",
    )  # fmt: skip
    if ziel == S.ABGELEHNT:
        workflow.reject(antrag=antrag, by=zeichner)


# Part -> (the line cut, how, the reason: a cut that fits the Finanzierungsart)
def _kuerzung(antrag: Antrag, zeilen: dict) -> tuple[str, tuple]:
    """The demo cut per part: Part I Sachmittel not eligible, Part II whole units not needed,
    Part III Honorar not eligible (declared so per line: the notice computes 90 % of the rest)."""
    teil = antrag.foerderperiode.programmteil.nummer
    parameter = antrag.foerderperiode.parameter()
    if teil == "I":
        betrag, _ = zeilen["sachmittel"]
        return "sachmittel", (betrag - Decimal("2000.00"), (
            "Für Bewirtung bei internen Teambesprechungen sind 2.000,00 € geplant; das sind keine Sachmittel für "
            "Maßnahmen mit der Zivilgesellschaft im Sinne des Zuwendungszwecks."
        ))
    if teil == "II":
        position = antrag.positionen.order_by("nr").first()
        satz = parameter.teil2.pauschalen[position.pauschale]
        einheiten = (position.einheiten or 0) - 3
        return f"position-{position.pk}", (rules.pauschalen_betrag(einheiten, satz), (
            f"Nach dem vorgelegten Zeitplan finden drei der {position.einheiten} Gruppenangebote in den "
            f"Schulferien statt, in denen der Raum nicht zur Verfügung steht; gefördert werden {einheiten} "
            "Einheiten. Die übrigen Einheiten sind nicht erforderlich."
        ))
    massnahme = antrag.massnahmen.order_by("nr").first()
    honorar = massnahme.honorarausgaben or Decimal("0.00")
    # the same figure the notice computes: 90 % of the eligible costs without the Honorar
    betraege = rules.bescheidbetraege(
        workflow.regel_eingabe(antrag), parameter, [rules.Festsetzung(nicht_zuwendungsfaehig=honorar)]
    )
    return f"massnahme-{massnahme.pk}", (betraege.zeilen[0].hoechstens, (
        f"Die Honorarausgaben von {euro(honorar)} betreffen eine Supervision des Verbandspersonals außerhalb der "
        f"Maßnahme und sind nicht zuwendungsfähig. Zuwendungsfähig sind {euro(betraege.zeilen[0].zuwendungsfaehig)}; "
        "davon werden 90 % bewilligt."
    ), honorar)


def _teilbewilligung(antrag: Antrag, ziel: str, *, pruefer: User, zeichner: User, antragsteller: User) -> None:
    """Anhörung on a cut of one line (reason fitting the part); answered; for `bewilligt` proposed and signed."""
    zeilen = _alles(antrag)
    schluessel, kuerzung = _kuerzung(antrag, zeilen)
    zeilen[schluessel] = kuerzung
    workflow.start_hearing(
        antrag=antrag, by=pruefer,
        zeilen={k: b for k, (b, *_) in zeilen.items()},
        text=f"Ich beabsichtige eine Teilbewilligung. {kuerzung[1]}",
    )  # fmt: skip
    if ziel == S.ANHOERUNG:
        return
    if ziel == ANHOERUNG_BEANTWORTET:
        workflow.answer_request(
            antrag=antrag, by=antragsteller,
            antwort="Wir widersprechen: Alle geplanten Einheiten sind erforderlich; Belege reichen wir nach.",
        )  # fmt: skip
        return
    workflow.answer_request(
        antrag=antrag, by=antragsteller,
        antwort="Wir nehmen die Kürzung zur Kenntnis und verzichten auf weitere Einwände.",
    )  # fmt: skip
    antrag.refresh_from_db()
    workflow.propose_approval(
        antrag=antrag, by=pruefer, zeilen=zeilen,
        begruendung="Dem Antrag wird teilweise entsprochen. Der Antragsteller wurde angehört und hat keine "
        "Einwände erhoben. Im Übrigen liegen die Voraussetzungen der Förderung vor.",
    )  # fmt: skip
    workflow.approve(antrag=antrag, by=zeichner)
