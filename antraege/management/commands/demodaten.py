"""Demo data so people can try the portal: periods, Zuweisungen, Träger, logins, Anträge.

Idempotent: running it twice changes nothing the second time. Refuses to run with DEBUG
off unless --force is given, so it never lands in production by accident.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from komman.models import Mitgliedschaft, Organisation, Rolle, User
from programmteile import rules
from programmteile.models import Foerderperiode, Programmteil, Zuweisung

PASSWORT = "komman-demo"
JAHR = 2026

# Known Part II Höchstbeträge (DOMAIN.md §2.2), the latest figure per Kommune.
BEKANNTE_HOECHSTBETRAEGE = {
    "05315": (Decimal("390000.00"), "Köln 2018 (S15)"),
    "05162": (Decimal("172450.00"), "Rhein-Kreis Neuss 2019 (S23)"),
    "05362": (Decimal("181000.00"), "Rhein-Erft-Kreis 2016 (S24)"),
    "05166": (Decimal("120000.00"), "Viersen 2016/17 (S21)"),
    "05762": (Decimal("70289.82"), "Höxter 2016–2021 (S18)"),
    "05916": (Decimal("57100.00"), "Herne 2019 (S31)"),
}
# Demo proposal for every other Kommune: a pot of 7,2 Mio € split by population share
# (DOMAIN.md §2.2 hypothesis, area share left out), rounded to 50 €. Not official.
TOPF_TEIL2 = Decimal("7200000.00")
# Wuppertal has no Zensus figure in the data; the Fortschreibung 31.12.2023 stands in.
ERSATZ_EINWOHNER = {"05124": 358938}

TRAEGER = [
    # (name, Spitzenverband or None, Straße, PLZ, Ort)
    (
        "Arbeiterwohlfahrt Bezirksverband Westliches Westfalen e. V.",
        None,
        "Kronenstraße 63–69",
        "44139",
        "Dortmund",
    ),
    ("Caritasverband für das Erzbistum Paderborn e. V.", None, "Am Stadelhof 15", "33098", "Paderborn"),
    ("Diakonie Rheinland-Westfalen-Lippe e. V.", None, "Lenaustraße 41", "40470", "Düsseldorf"),
    (
        "Deutsches Rotes Kreuz Landesverband Westfalen-Lippe e. V.",
        None,
        "Sperlichstraße 25",
        "48151",
        "Münster",
    ),
    ("Der Paritätische NRW e. V.", None, "Loher Straße 7", "42283", "Wuppertal"),
    (
        "AWO Unterbezirk Dortmund",
        "Arbeiterwohlfahrt Bezirksverband Westliches Westfalen e. V.",
        "Klosterstraße 8–10",
        "44135",
        "Dortmund",
    ),
    (
        "Caritasverband Bochum e. V.",
        "Caritasverband für das Erzbistum Paderborn e. V.",
        "Huestraße 15",
        "44787",
        "Bochum",
    ),
]

DEMO_NUTZER = [
    # username, first, last, organisation key, roles
    ("ki.dortmund", "Kim", "Yilmaz", "05913", [Rolle.SACHBEARBEITUNG]),
    ("zeichnung.dortmund", "Dana", "Schulte", "05913", [Rolle.ZEICHNUNGSBERECHTIGT]),
    ("ki.bochum", "Jonas", "Becker", "05911", [Rolle.SACHBEARBEITUNG]),
    (
        "traeger.awo",
        "Aylin",
        "Kaya",
        "AWO Unterbezirk Dortmund",
        [Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT],
    ),
    ("pruefung.arnsberg", "Petra", "Hoffmann", "BR", [Rolle.PRUEFUNG]),
    ("zeichnung.arnsberg", "Markus", "Lange", "BR", [Rolle.ZEICHNUNG]),
    ("admin", "Alex", "Neumann", "BR", [Rolle.ADMIN]),
]


class Command(BaseCommand):
    help = "Legt Demodaten an: Förderperioden 2026, Zuweisungen, Träger, Demo-Logins (Passwort komman-demo)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Auch mit DEBUG=False ausführen.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demodaten werden nur mit DEBUG=True angelegt, damit sie nie in einem Produktivsystem landen. "
                "Wer das wirklich will: --force."
            )
        # The workflow mails of the demo history would flood the console: they go nowhere.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            perioden = self.perioden()
            self.zuweisungen(perioden)
            self.traeger()
            self.nutzer()
            self.antraege(perioden)
            # --- Sicherheit: demo second factor with the published key, only with DEBUG ---
            if settings.DEBUG:
                from komman.zwei_faktor import demo_geraete_anlegen

                demo_geraete_anlegen(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demodaten sind angelegt. Anmelden mit z. B. ki.dortmund / komman-demo.")
        )

    def perioden(self) -> dict[str, Foerderperiode]:
        result = {}
        budgets = {"I": None, "II": TOPF_TEIL2, "III": Decimal("3000000.00")}
        for nummer in ("I", "II", "III"):
            teil = Programmteil.objects.get(nummer=nummer)
            termine = Foerderperiode.standard_termine(nummer, JAHR)
            # Demo only: the deadline lies after today so the portal can be tried without
            # every draft showing "Frist versäumt"; real periods use the defaults above.
            termine["antragsfrist"] = max(termine["antragsfrist"], datetime.date(JAHR, 12, 15))
            periode, _ = Foerderperiode.objects.get_or_create(
                programmteil=teil,
                foerderjahr=JAHR,
                defaults={
                    **termine,
                    "status": Foerderperiode.Status.OFFEN,
                    "budget": budgets[nummer] or Decimal("0.00"),
                    # EG 11 Stufe 5 has no shipped default and a Part III Bewilligung needs it: a demo figure
                    "regelparameter": rules.Regelparameter.standard().als_dict() | {"III.personal_eg11_s5": "70000.00"},
                },
            )
            result[nummer] = periode
        return result

    def zuweisungen(self, perioden: dict[str, Foerderperiode]) -> None:
        kommunen = list(Organisation.objects.kommunen().order_by("kreisschluessel"))
        parameter = rules.Regelparameter.standard()
        basis = parameter.teil1.rechner_basis
        schwellen = parameter.teil1.rechner_schwellen
        einwohner = {
            k.pk: k.einwohner_2011 or k.einwohner_2022 or ERSATZ_EINWOHNER.get(k.kreisschluessel)
            for k in kommunen
        }
        summe_einwohner = sum(v for v in einwohner.values() if v)
        teil1_summe = Decimal("0.00")
        for kommune in kommunen:
            stufe = rules.stufe_vorschlag(
                einwohner[kommune.pk], gesamt=basis, schwellen=schwellen
            ) or Decimal("1")
            z, _ = Zuweisung.objects.get_or_create(
                foerderperiode=perioden["I"],
                kommune=kommune,
                defaults={
                    "stellen": stufe,
                    "anmerkung": "Demo: Vorschlag aus dem Bevölkerungsanteil, nicht amtlich.",
                },
            )
            teil1_summe += (
                z.stellen * parameter.teil1.festbetrag_stelle + parameter.teil1.sachmittel[z.stellen]
            )
            if kommune.kreisschluessel in BEKANNTE_HOECHSTBETRAEGE:
                betrag, quelle = BEKANNTE_HOECHSTBETRAEGE[kommune.kreisschluessel]
                anmerkung = f"Demo: bekannter Betrag {quelle}."
            elif einwohner[kommune.pk]:
                anteil = Decimal(einwohner[kommune.pk]) / Decimal(summe_einwohner)
                betrag = (TOPF_TEIL2 * anteil / 50).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 50
                anmerkung = "Demo: Anteil an 7,2 Mio € nach Bevölkerung, nicht amtlich."
            else:
                betrag = Decimal("60000.00")
                anmerkung = "Demo: keine Einwohnerzahl bekannt, Pauschalwert, nicht amtlich."
            Zuweisung.objects.get_or_create(
                foerderperiode=perioden["II"],
                kommune=kommune,
                defaults={"hoechstbetrag": betrag, "anmerkung": anmerkung},
            )
        if perioden["I"].budget == 0:
            perioden["I"].budget = teil1_summe
            perioden["I"].save(update_fields=["budget"])

    def traeger(self) -> None:
        for name, verband, strasse, plz, ort in TRAEGER:
            Organisation.objects.get_or_create(
                art=Organisation.Art.TRAEGER,
                name=name,
                defaults={
                    "spitzenverband": Organisation.objects.get(name=verband) if verband else None,
                    "strasse": strasse,
                    "plz": plz,
                    "ort": ort,
                    "verwaltungsgericht": {"Dortmund": "Gelsenkirchen", "Bochum": "Gelsenkirchen"}.get(
                        ort, ""
                    ),
                },
            )

    def nutzer(self) -> None:
        bezirksregierung = Organisation.objects.get(art=Organisation.Art.BEZIRKSREGIERUNG)
        for username, vorname, nachname, org_key, rollen in DEMO_NUTZER:
            if org_key == "BR":
                organisation = bezirksregierung
            elif org_key.isdigit():
                organisation = Organisation.objects.get(kreisschluessel=org_key)
            else:
                organisation = Organisation.objects.get(name=org_key)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": vorname,
                    "last_name": nachname,
                    "email": f"{username}@demo.komm-an.invalid",
                },
            )
            if created:
                user.set_password(PASSWORT)
                if username == "admin":
                    user.is_staff = user.is_superuser = True
                user.save()
            for rolle in rollen:
                Mitgliedschaft.objects.get_or_create(user=user, organisation=organisation, rolle=rolle)

    def antraege(self, perioden: dict[str, Foerderperiode]) -> None:
        """Anträge in every state the portal knows; each area adds its own."""
        self.antraege_antragstellung(perioden)
        self.antraege_pruefung(perioden)
        self.dokumente()

    # --- Antragstellung: Entwürfe und eingereichte Anträge ---
    def antraege_antragstellung(self, perioden: dict[str, Foerderperiode]) -> None:
        """Drafts for Dortmund, submitted Anträge for Bochum, the AWO and a few other Kommunen.

        Submitted ones go through workflow.submit, so they carry real Aktenzeichen, a
        Statuswechsel and an Eingangsbestätigung. Skips what exists (idempotent).
        """
        from antraege import workflow
        from antraege.models import Antrag, AntragTeil1, Massnahme, Position, Statuswechsel

        parameter = perioden["I"].parameter()
        ki_dortmund = User.objects.get(username="ki.dortmund")

        def kommune(schluessel: str) -> Organisation:
            return Organisation.objects.get(kreisschluessel=schluessel)

        def zeichnung(org: Organisation, username: str) -> User:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": "Demo",
                    "last_name": f"Zeichnung {org.name}",
                    "email": f"{username}@demo.komm-an.invalid",
                },
            )
            if created:
                user.set_password(PASSWORT)
                user.save()
            Mitgliedschaft.objects.get_or_create(
                user=user, organisation=org, rolle=Rolle.ZEICHNUNGSBERECHTIGT
            )
            return user

        def anlegen(periode, org, von, **felder):
            if Antrag.objects.filter(foerderperiode=periode, antragsteller=org).exists():
                return None
            antrag = Antrag.objects.create(
                foerderperiode=periode, antragsteller=org, erstellt_von=von, **felder
            )
            Statuswechsel.objects.create(
                antrag=antrag, von="", nach=Antrag.Status.ENTWURF, wer=von, grund="Antrag angelegt."
            )
            return antrag

        def teil1(antrag, org, **extra):
            z = Zuweisung.objects.get(foerderperiode=perioden["I"], kommune=org)
            AntragTeil1.objects.create(
                antrag=antrag,
                stellen=z.stellen,
                personalausgaben=z.stellen * parameter.teil1.festbetrag_stelle,
                sachmittel=parameter.teil1.sachmittel[z.stellen],
                fachkraft="noch offen",
                entgeltgruppe="EG 11 TVöD",
                besetzung_geplant=datetime.date(JAHR, 3, 1),
                konzept="Koordination der Integrationsarbeit entlang der Integrationskette, Vernetzung der "
                "Ehrenamtlichen, Qualifizierung und Transparenz der Angebote im Kreisgebiet.",
                **extra,
            )

        def speichern(antrag, **zeilen):
            ergebnis = workflow.pruefen(antrag)
            workflow.betraege_speichern(antrag, ergebnis)
            antrag.save(update_fields=["beantragt", "zuwendungsfaehig"])

        def positionen(antrag, zeilen):
            p2 = perioden["II"].parameter().teil2.pauschalen
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
                    betrag=p2[pauschale] * einheiten,
                )

        verein = (
            "Nachbarschaftsverein Nordstadt e. V.",
            "eingetragener Verein",
            "Mallinckrodtstraße 12, 44145 Dortmund",
        )
        gemeinde = (
            "Evangelische Kirchengemeinde Mitte",
            "Körperschaft des öffentlichen Rechts",
            "Kirchplatz 1",
        )

        # Dortmund, Part I: a draft whose planned start lies before the Bewilligung (warning beginn.vorzeitig).
        dortmund = kommune("05913")
        antrag = anlegen(
            perioden["I"],
            dortmund,
            ki_dortmund,
            kontakt_name="Kim Yilmaz",
            kontakt_email="ki.dortmund@demo.komm-an.invalid",
            massnahmebeginn=datetime.date(JAHR, 1, 1),
        )
        if antrag:
            teil1(antrag, dortmund)
            speichern(antrag)

        # Dortmund, Part II: a draft with two Maßnahmen.
        antrag = anlegen(
            perioden["II"],
            dortmund,
            ki_dortmund,
            kontakt_name="Kim Yilmaz",
            kontakt_email="ki.dortmund@demo.komm-an.invalid",
        )
        if antrag:
            positionen(
                antrag,
                [
                    ("A1", 2, "Ausstattung Ankommenstreffpunkt Nordstadt", 40, verein),
                    ("B2", 10, "Sprach- und Lesegruppen", None, gemeinde),
                ],
            )
            speichern(antrag)

        # Submitted: Bochum Part I, a few other Kommunen Parts I and II, the AWO Part III.
        eingereicht = [
            ("05911", "zeichnung.bochum", ("I",)),
            ("05315", "zeichnung.koeln", ("I", "II")),
            ("05113", "zeichnung.essen", ("II",)),
            ("05515", "zeichnung.muenster", ("I",)),
            ("05711", "zeichnung.bielefeld", ("I", "II")),
        ]
        for schluessel, username, teile in eingereicht:
            org = kommune(schluessel)
            von = zeichnung(org, username)
            for teil in teile:
                antrag = anlegen(
                    perioden[teil], org, von, kontakt_name=f"KI {org.name}", kontakt_email=von.email
                )
                if not antrag:
                    continue
                if teil == "I":
                    teil1(antrag, org)
                else:
                    positionen(
                        antrag,
                        [
                            (
                                "A2",
                                12,
                                "Laufende Kosten Ankommenstreffpunkt",
                                50,
                                (
                                    f"Begegnungszentrum {org.name} e. V.",
                                    "eingetragener Verein",
                                    f"Marktplatz 1, {org.name}",
                                ),
                            ),
                            (
                                "B2",
                                20,
                                "Gruppenangebote für Neuzugewanderte",
                                None,
                                (f"Integrationsrat {org.name}", "Gremium der Stadt", f"Rathaus, {org.name}"),
                            ),
                            (
                                "D1",
                                40,
                                "Qualifizierung Ehrenamtlicher",
                                None,
                                (
                                    f"Freiwilligenagentur {org.name}",
                                    "eingetragener Verein",
                                    f"Hauptstraße 5, {org.name}",
                                ),
                            ),
                        ],
                    )
                workflow.submit(antrag=antrag, by=von)

        awo = Organisation.objects.get(art=Organisation.Art.TRAEGER, name="AWO Unterbezirk Dortmund")
        traeger_awo = User.objects.get(username="traeger.awo")
        antrag = anlegen(
            perioden["III"], awo, traeger_awo, kontakt_name="Aylin Kaya", kontakt_email=traeger_awo.email
        )
        if antrag:
            Massnahme.objects.create(
                antrag=antrag,
                nr=1,
                titel="Nachbarschaft stärken in der Nordstadt",
                handlungsfeld="zusammenleben",
                stellen=Decimal("1.00"),
                personalausgaben=Decimal("60000.00"),
                honorarausgaben=Decimal("2000.00"),
                sachausgaben=Decimal("3000.00"),
                investitionsausgaben=Decimal("0.00"),
                beantragt=Decimal("50000.00"),
            )
            Massnahme.objects.create(
                antrag=antrag,
                nr=2,
                titel="Antidiskriminierungsberatung",
                handlungsfeld="antidiskriminierung",
                stellen=Decimal("0.50"),
                personalausgaben=Decimal("30000.00"),
                honorarausgaben=Decimal("1000.00"),
                sachausgaben=Decimal("4400.00"),
                investitionsausgaben=Decimal("0.00"),
                beantragt=Decimal("25000.00"),
            )
            workflow.submit(antrag=antrag, by=traeger_awo)

    # --- Prüfung und Entscheidung: Anträge in jedem Prüfstatus ---
    def antraege_pruefung(self, perioden: dict[str, Foerderperiode]) -> None:
        """One Antrag in each review state, built through the workflow functions.

        Idempotent: each plan entry is marked in kontakt_name and created once. Organisations
        without demo logins get a technical Zeichnungsberechtigte*r (no usable password) who
        submits and answers, so every step runs through the same code as in the portal.
        """
        from antraege.models import Antrag

        pruefer = User.objects.get(username="pruefung.arnsberg")
        zeichner = User.objects.get(username="zeichnung.arnsberg")
        antragsteller, created = User.objects.get_or_create(
            username="demo.antragsteller",
            defaults={
                "first_name": "Demo",
                "last_name": "Antragsteller",
                "email": "demo.antragsteller@demo.komm-an.invalid",
            },
        )
        if created:
            antragsteller.set_unusable_password()
            antragsteller.save()
        from komman.permissions import forget_roles

        for status, kandidaten in PRUEFUNG_PLAN:
            marke = f"Demo Prüfung: {status}"
            if Antrag.objects.filter(kontakt_name=marke).exists():
                continue
            frei = [
                (perioden[teil], org)
                for teil, org in ((teil, _organisation(k)) for teil, k in kandidaten)
                if org
                and not Antrag.objects.filter(foerderperiode=perioden[teil], antragsteller=org).exists()
            ]
            if not frei:
                self.stdout.write(f"Kein freier Antragsteller für den Demo-Antrag „{status}“; übersprungen.")
                continue
            periode, organisation = frei[0]
            # The organisation's own demo login signs where there is one (zeichnung.dortmund, traeger.awo).
            zb = (
                User.objects.filter(
                    mitgliedschaften__organisation=organisation,
                    mitgliedschaften__rolle=Rolle.ZEICHNUNGSBERECHTIGT,
                    is_active=True,
                )
                .exclude(pk=antragsteller.pk)
                .first()
            )
            if zb is None:
                zb = antragsteller
                Mitgliedschaft.objects.get_or_create(
                    user=antragsteller, organisation=organisation, rolle=Rolle.ZEICHNUNGSBERECHTIGT
                )
                forget_roles(antragsteller)
            antrag = _demo_einreichen(periode, organisation, zb, marke)
            _demo_pruefen(antrag, status, pruefer=pruefer, zeichner=zeichner, antragsteller=zb)

    # --- Dokumente: fehlende PDFs erzeugen ---
    def dokumente(self) -> None:
        """Every demo decision gets its Bescheid and every letter its PDF (same code as dokumente_nachholen)."""
        from antraege import bescheide
        from antraege.models import Dokument

        angelegt = bescheide.fehlende_bescheide_anlegen()
        erzeugt = bescheide.nachholen(Dokument.objects.all())
        if angelegt or erzeugt:
            self.stdout.write(f"Dokumente: {angelegt} Bescheide angelegt, {erzeugt} PDFs erzeugt.")


# --- Prüfung und Entscheidung: the plan of demo Anträge and the steps that build them ---

# A plan entry beyond the statuses: in Anhörung, the applicant's Stellungnahme received.
ANHOERUNG_BEANTWORTET = "anhoerung_beantwortet"
# plan entry -> the status its Antrag ends in (the status itself unless listed here)
PLAN_STATUS = {ANHOERUNG_BEANTWORTET: "anhoerung"}

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
]


def _organisation(schluessel: str) -> Organisation | None:
    if schluessel.isdigit():
        return Organisation.objects.filter(kreisschluessel=schluessel).first()
    return Organisation.objects.filter(name=schluessel).first()


def _demo_einreichen(periode: Foerderperiode, organisation: Organisation, by: User, marke: str):
    """A filled, submitted Antrag (Aktenzeichen from the period's counter, as on submission)."""
    from django.utils import timezone

    from antraege import workflow
    from antraege.models import Antrag, AntragTeil1, Massnahme, Position, Statuswechsel

    teil = periode.programmteil.nummer
    antrag = Antrag.objects.create(
        foerderperiode=periode,
        antragsteller=organisation,
        erstellt_von=by,
        kontakt_name=marke,
        kontakt_email=f"ki@{organisation.pk}.demo.komm-an.invalid",
        # after the Eingang (a start before the decision needs vorzeitiger Maßnahmebeginn),
        # and inside the Bewilligungszeitraum, so the Bescheid's Durchführungszeitraum makes sense
        massnahmebeginn=min(
            max(periode.bewilligungszeitraum_von, timezone.localdate() + datetime.timedelta(days=7)),
            periode.bewilligungszeitraum_bis,
        ),
    )
    Statuswechsel.objects.create(
        antrag=antrag, von="", nach=Antrag.Status.ENTWURF, wer=by, grund="Antrag angelegt."
    )
    parameter = periode.parameter()
    if teil == "I":
        zuweisung = Zuweisung.objects.get(foerderperiode=periode, kommune=organisation)
        personal = zuweisung.stellen * parameter.teil1.festbetrag_stelle
        sachmittel = parameter.teil1.sachmittel[zuweisung.stellen]
        AntragTeil1.objects.create(
            antrag=antrag, stellen=zuweisung.stellen, personalausgaben=personal, sachmittel=sachmittel,
            fachkraft="Sozialarbeiterin (B. A.)", entgeltgruppe="EG 11 TVöD",
            konzept="Beratung und Begleitung Neuzugewanderter, Netzwerkarbeit im Kreisgebiet.",
        )  # fmt: skip
        beantragt = personal + sachmittel
    elif teil == "II":
        zeilen = [
            ("B", "B2", 12, "Sprachcafé im Stadtteilzentrum"),
            ("C", "C1", 8, "Elternabende mit Dolmetschung"),
        ]
        beantragt = Decimal("0.00")
        for nr, (baustein, pauschale, einheiten, bezeichnung) in enumerate(zeilen, start=1):
            betrag = parameter.teil2.pauschalen[pauschale] * einheiten
            Position.objects.create(
                antrag=antrag, nr=nr, baustein=baustein, pauschale=pauschale, einheiten=einheiten,
                bezeichnung=bezeichnung, empfaenger="Integrationsverein Beispiel e. V.", betrag=betrag,
            )  # fmt: skip
            beantragt += betrag
    else:
        Massnahme.objects.create(
            antrag=antrag, nr=1, titel="Nachbarschaftsdialoge", handlungsfeld="zusammenleben", stellen=Decimal("1.00"),
            personalausgaben=Decimal("70000.00"), honorarausgaben=Decimal("5000.00"), sachausgaben=Decimal("3000.00"),
            investitionsausgaben=Decimal("0.00"), beantragt=Decimal("70000.00"),
        )  # fmt: skip
        beantragt = Decimal("70000.00")
    gesperrt = Foerderperiode.objects.select_for_update().get(pk=periode.pk)
    gesperrt.aktenzeichen_zaehler += 1
    gesperrt.save(update_fields=["aktenzeichen_zaehler"])
    antrag.aktenzeichen = f"KA-{teil}-{periode.foerderjahr}-{gesperrt.aktenzeichen_zaehler:04d}"
    antrag.eingereicht_am = timezone.now()
    antrag.beantragt = beantragt
    workflow._change(
        antrag, to=Antrag.Status.EINGEREICHT, by=by, grund="Antrag eingereicht (Demodaten).", betrag=beantragt,
        update_fields=("aktenzeichen", "eingereicht_am", "beantragt"),
    )  # fmt: skip
    return antrag


def _demo_pruefen(antrag, ziel: str, *, pruefer: User, zeichner: User, antragsteller: User) -> None:
    """Moves a submitted Antrag to `ziel` through the workflow functions."""
    import datetime

    from antraege import workflow
    from antraege.models import Antrag, Pruefvermerk, Schreiben

    S = Antrag.Status
    heute = datetime.date.today()
    if ziel == S.EINGEREICHT:
        return

    def checkliste():
        vermerk = Pruefvermerk.objects.get(antrag=antrag)
        workflow.save_pruefvermerk(
            antrag=antrag, by=pruefer, version=vermerk.version, vollstaendig=True, unterschrieben=True,
            antragsberechtigt=True, nicht_begonnen=True,
            ergebnis="Angaben plausibel; Beträge entsprechen den Pauschalen und Festbeträgen der Förderperiode.",
        )  # fmt: skip

    def frist_vorbei(art: str):
        # Demo only: the letter went out three weeks ago and its deadline has passed.
        from django.utils import timezone

        Schreiben.objects.filter(antrag=antrag, art=art).update(
            frist=heute - datetime.timedelta(days=3), erstellt_am=timezone.now() - datetime.timedelta(days=21)
        )

    def alles(a):
        return {z.schluessel: (z.beantragt, "") for z in workflow.vorschlagszeilen(a)}

    if ziel == S.ZURUECKGEZOGEN:
        workflow.start_formal_check(antrag=antrag, by=pruefer)
        antrag = workflow._lock(antrag)
        workflow._change(
            antrag, to=S.ZURUECKGEZOGEN, by=antragsteller, grund="Die Maßnahme entfällt (Demodaten)."
        )
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
            frist_vorbei("nachforderung")
            return
        workflow.answer_request(
            antrag=antrag, by=antragsteller, antwort="Beide Unterlagen sind als Anlage hochgeladen."
        )
        workflow.start_formal_check(antrag=antrag, by=pruefer)
    checkliste()
    workflow.finish_formal_check(antrag=antrag, by=pruefer)
    workflow.add_note(
        antrag=antrag, by=pruefer, text="Telefonat mit der Ansprechperson: Maßnahme beginnt planmäßig."
    )
    if ziel == S.INHALTLICHE_PRUEFUNG:
        return
    if ziel == S.BEWILLIGUNG_VORGESCHLAGEN:
        antrag.refresh_from_db()
        workflow.propose_approval(antrag=antrag, by=pruefer, zeilen=alles(antrag), begruendung="")
        return
    antrag.refresh_from_db()
    if ziel in (S.ANHOERUNG, ANHOERUNG_BEANTWORTET, S.BEWILLIGT):
        zeilen = alles(antrag)
        erster = next(iter(zeilen))
        betrag, _ = zeilen[erster]
        gekuerzt = rules.cent(betrag * Decimal("0.8"))
        zeilen[erster] = (gekuerzt, "Nur 80 % der Ausgaben sind durch die vorgelegte Planung belegt.")
        beabsichtigt = sum((b for b, _ in zeilen.values()), Decimal("0.00"))
        workflow.start_hearing(
            antrag=antrag, by=pruefer, beabsichtigter_betrag=beabsichtigt,
            text="Wir beabsichtigen eine Teilbewilligung: Nur 80 % der Ausgaben der ersten Position sind belegt.",
        )  # fmt: skip
        if ziel == S.ANHOERUNG:
            return
        if ziel == ANHOERUNG_BEANTWORTET:
            workflow.answer_request(
                antrag=antrag,
                by=antragsteller,
                antwort="Wir widersprechen: Die Planung belegt alle Ausgaben; die Belege reichen wir nach.",
            )
            return
        workflow.answer_request(
            antrag=antrag,
            by=antragsteller,
            antwort="Wir nehmen die Kürzung zur Kenntnis und verzichten auf weitere Einwände.",
        )
        antrag.refresh_from_db()
        workflow.propose_approval(
            antrag=antrag, by=pruefer, zeilen=zeilen,
            begruendung="Teilbewilligung: Die Ausgaben sind nur zu 80 % belegt; der Antragsteller wurde angehört.",
        )  # fmt: skip
        workflow.approve(antrag=antrag, by=zeichner)
        return
    # ablehnung_vorgeschlagen, abgelehnt
    workflow.start_hearing(
        antrag=antrag, by=pruefer, beabsichtigter_betrag=Decimal("0.00"),
        text="Wir beabsichtigen, den Antrag abzulehnen: Die Maßnahme wurde vor der Bewilligung begonnen.",
    )  # fmt: skip
    frist_vorbei("anhoerung")
    antrag.refresh_from_db()
    workflow.propose_rejection(
        antrag=antrag, by=pruefer,
        begruendung="Die Maßnahme wurde vor der Bewilligung begonnen (VV Nr. 1.3 zu § 44 LHO); ein vorzeitiger "
        "Maßnahmebeginn war nicht zugelassen. Eine Stellungnahme ist innerhalb der Frist nicht eingegangen.",
    )  # fmt: skip
    if ziel == S.ABGELEHNT:
        workflow.reject(antrag=antrag, by=zeichner)
