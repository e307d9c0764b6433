"""Demo Anträge of the Antragstellung: drafts for Dortmund, submitted ones for Bochum, the AWO
and a few other Kommunen, all through the public workflow functions (create_draft, submit).

Submitted ones carry real Aktenzeichen, a Statuswechsel and an Eingangsbestätigung. What
exists is skipped (idempotent).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from antraege import workflow
from antraege.models import Antrag, AntragTeil1, Massnahme, Position
from komman.models import Organisation, User
from programmteile.models import Foerderperiode, Zuweisung

from .nutzer import zeichnung
from .stammdaten import JAHR, teil1_betraege

VEREIN = (
    "Nachbarschaftsverein Nordstadt e. V.",
    "verein",
    "Mallinckrodtstraße 12, 44145 Dortmund",
)
GEMEINDE = (
    "Evangelische Kirchengemeinde Mitte",
    "religionsgemeinschaft",
    "Kirchplatz 1",
)
KONZEPT = (
    "Koordination der Integrationsarbeit entlang der Integrationskette, Vernetzung der "
    "Ehrenamtlichen, Qualifizierung und Transparenz der Angebote im Kreisgebiet."
)
# Submitted: Kreisschlüssel, the signing demo login, the Programmteile
EINGEREICHT = [
    ("05911", "zeichnung.bochum", ("I",)),
    ("05315", "zeichnung.koeln", ("I", "II")),
    ("05113", "zeichnung.essen", ("II",)),
    ("05515", "zeichnung.muenster", ("I",)),
    ("05711", "zeichnung.bielefeld", ("I", "II")),
]


def entwurf(periode: Foerderperiode, org: Organisation, von: User, **felder) -> Antrag | None:
    """A new draft through workflow.create_draft with its Angaben, or None if the organisation
    already has an Antrag in the period."""
    antrag, angelegt = workflow.create_draft(organisation=org, periode=periode, by=von)
    if not angelegt:
        return None
    for feld, wert in felder.items():
        setattr(antrag, feld, wert)
    antrag.save(update_fields=[*felder, "geaendert_am"])
    return antrag


def teil1_ausfuellen(antrag: Antrag, **felder) -> None:
    """Part I details that use the Kommune's whole Stellenzuweisung (saved through the model:
    the amounts are audited like every amount)."""
    periode = antrag.foerderperiode
    teil1 = AntragTeil1.objects.get(antrag=antrag)
    teil1.stellen = Zuweisung.objects.get(foerderperiode=periode, kommune_id=antrag.antragsteller_id).stellen
    teil1.personalausgaben, teil1.sachmittel = teil1_betraege(teil1.stellen, periode.parameter())
    for feld, wert in felder.items():
        setattr(teil1, feld, wert)
    teil1.save()


def _teil1_kommune(antrag: Antrag) -> None:
    teil1_ausfuellen(
        antrag, fachkraft="noch offen", entgeltgruppe="EG 11 TVöD", besetzung_geplant=datetime.date(JAHR, 3, 1),
        konzept=KONZEPT,
    )  # fmt: skip


def betraege_speichern(antrag: Antrag) -> None:
    """beantragt and zuwendungsfähig of a draft as the rules read it (as saving the form does)."""
    workflow.betraege_speichern(antrag, workflow.pruefen(antrag))
    antrag.save(update_fields=["beantragt", "zuwendungsfaehig"])


def positionen(antrag: Antrag, zeilen) -> None:
    p2 = antrag.foerderperiode.parameter().teil2.pauschalen
    for nr, (pauschale, einheiten, bezeichnung, raum, empfaenger) in enumerate(zeilen, start=1):
        Position.objects.create(
            antrag=antrag,
            nr=nr,
            baustein=pauschale[0],
            pauschale=pauschale,
            einheiten=einheiten,
            bezeichnung=bezeichnung,
            raumnutzung_prozent=raum,
            geplante_kosten=Decimal("3500.00") if pauschale == "A1" else None,
            empfaenger=empfaenger[0],
            empfaenger_rechtsform=empfaenger[1],
            empfaenger_anschrift=empfaenger[2],
            # Baustein A: rooms and months are capped per Ankommenstreffpunkt (issue 17)
            treffpunkt=f"{empfaenger[0]}, {empfaenger[2]}" if pauschale[0] == "A" else "",
            betrag=p2[pauschale] * einheiten,
        )


def _kommunale_positionen(org: Organisation) -> list:
    return [
        (
            "A2", 12, "Laufende Kosten Ankommenstreffpunkt", 50,
            (f"Begegnungszentrum {org.name} e. V.", "verein", f"Marktplatz 1, {org.name}"),
        ),
        (
            "B2", 20, "Gruppenangebote für Neuzugewanderte", None,
            (f"Stadt {org.name} (Integrationsrat)", "kommune_selbst", f"Rathaus, {org.name}"),
        ),
        (
            "D1", 40, "Qualifizierung Ehrenamtlicher", None,
            (f"Freiwilligenagentur {org.name}", "verein", f"Hauptstraße 5, {org.name}"),
        ),
    ]  # fmt: skip


def antraege(perioden: dict[str, Foerderperiode]) -> None:
    """Drafts for Dortmund, submitted Anträge for Bochum, the AWO and a few other Kommunen."""
    ki_dortmund = User.objects.get(username="ki.dortmund")
    dortmund = Organisation.objects.get(kreisschluessel="05913")
    kontakt = {"kontakt_name": "Kim Yilmaz", "kontakt_email": "ki.dortmund@demo.komm-an.invalid"}

    # Dortmund, Part I: a draft whose planned start lies before the Bewilligung (warning beginn.vorzeitig).
    # (before today whichever the demo year: the start lies before any Bewilligung)
    beginn = min(datetime.date(JAHR, 1, 1), datetime.date.today() - datetime.timedelta(days=14))
    antrag = entwurf(perioden["I"], dortmund, ki_dortmund, massnahmebeginn=beginn, **kontakt)
    if antrag:
        _teil1_kommune(antrag)
        betraege_speichern(antrag)

    # Dortmund, Part II: a draft with two Maßnahmen.
    antrag = entwurf(perioden["II"], dortmund, ki_dortmund, **kontakt)
    if antrag:
        positionen(
            antrag,
            [
                ("A1", 2, "Ausstattung Ankommenstreffpunkt Nordstadt", 40, VEREIN),
                ("B2", 10, "Sprach- und Lesegruppen", None, GEMEINDE),
            ],
        )
        betraege_speichern(antrag)

    # Submitted: Bochum Part I, a few other Kommunen Parts I and II, the AWO Part III.
    for schluessel, username, teile in EINGEREICHT:
        org = Organisation.objects.get(kreisschluessel=schluessel)
        von = zeichnung(org, username)
        for teil in teile:
            antrag = entwurf(perioden[teil], org, von, kontakt_name=f"KI {org.name}", kontakt_email=von.email)
            if not antrag:
                continue
            if teil == "I":
                _teil1_kommune(antrag)
            else:
                positionen(antrag, _kommunale_positionen(org))
            workflow.submit(antrag=antrag, by=von)

    awo = Organisation.objects.get(art=Organisation.Art.TRAEGER, name="AWO Unterbezirk Dortmund")
    traeger_awo = User.objects.get(username="traeger.awo")
    # a balanced Finanzierungsplan (VV 1.2): 100.400 € costs = 75.000 € Zuwendung + 15.400 € own share
    # + 10.000 € Drittmittel (the city's co-funding)
    antrag = entwurf(
        perioden["III"], awo, traeger_awo, kontakt_name="Aylin Kaya", kontakt_email=traeger_awo.email,
        eigenanteil=Decimal("15400.00"), drittmittel=Decimal("10000.00"),
    )  # fmt: skip
    if antrag:
        Massnahme.objects.create(
            antrag=antrag, nr=1, titel="Nachbarschaft stärken in der Nordstadt", handlungsfeld="zusammenleben",
            stellen=Decimal("1.00"), personalausgaben=Decimal("60000.00"), honorarausgaben=Decimal("2000.00"),
            sachausgaben=Decimal("3000.00"), investitionsausgaben=Decimal("0.00"), beantragt=Decimal("50000.00"),
        )  # fmt: skip
        Massnahme.objects.create(
            antrag=antrag, nr=2, titel="Antidiskriminierungsberatung", handlungsfeld="antidiskriminierung",
            stellen=Decimal("0.50"), personalausgaben=Decimal("30000.00"), honorarausgaben=Decimal("1000.00"),
            sachausgaben=Decimal("4400.00"), investitionsausgaben=Decimal("0.00"), beantragt=Decimal("25000.00"),
        )  # fmt: skip
        workflow.submit(antrag=antrag, by=traeger_awo)


def vorgelegt() -> None:
    """The Dortmund Part I draft, handed by ki.dortmund to the signatory (issue 25): the
    signatory's start page lists it under "Bereit zum Einreichen". Once only."""
    antrag = (
        Antrag.objects.filter(
            antragsteller__kreisschluessel="05913",
            foerderperiode__programmteil__nummer="I",
            foerderperiode__foerderjahr=JAHR,
            status=Antrag.Status.ENTWURF,
            vorgelegt_am__isnull=True,
        )
        .select_related("foerderperiode__programmteil", "antragsteller")
        .first()
    )
    ki = User.objects.filter(username="ki.dortmund").first()
    if antrag is not None and ki is not None:
        workflow.zur_zeichnung_vorlegen(antrag=antrag, by=ki, hinweis="Stellenbeschreibung folgt bis Freitag.")


def _demo_png() -> bytes:
    """A small white PNG (a scanned page stands in for a real document in the demo)."""
    import io

    from PIL import Image

    puffer = io.BytesIO()
    Image.new("RGB", (40, 56), "white").save(puffer, format="PNG")
    return puffer.getvalue()


def pflichtanlagen_hochladen() -> None:
    """The Dortmund Part I draft carries its Pflichtanlagen, so the signatory can submit it in
    the demo; the Part II draft lacks its Belegungsplan and shows the checklist (issue 25)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antraege import pflichtanlagen
    from komman.uploads import pruefe_datei

    antrag = (
        Antrag.objects.filter(
            antragsteller__kreisschluessel="05913",
            foerderperiode__programmteil__nummer="I",
            foerderperiode__foerderjahr=JAHR,
            status=Antrag.Status.ENTWURF,
        )
        .select_related("foerderperiode__programmteil", "antragsteller")
        .first()
    )
    ki = User.objects.filter(username="ki.dortmund").first()
    if antrag is None or ki is None:
        return
    for pflicht in pflichtanlagen.fehlende(antrag):
        datei = SimpleUploadedFile(f"{pflicht.bezeichnung[:40]}.png", _demo_png(), content_type="image/png")
        datei.komman_pruefung = pruefe_datei(datei)
        workflow.anlage_hinzufuegen(
            antrag=antrag, by=ki, datei=datei, beschreibung=pflicht.bezeichnung, pflichtanlage=pflicht
        )
