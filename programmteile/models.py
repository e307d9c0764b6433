"""Programme parts, Förderperioden with their rule parameters and budget, Zuweisungen."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from komman.fields import Betrag
from komman.models import NurAnhaengen, Organisation


class Programmteil(models.Model):
    """KOMM-AN NRW Programmteil I–IV (seeded by a migration)."""

    nummer = models.CharField("Programmteil", max_length=3, unique=True, help_text="I, II, III oder IV")
    titel = models.CharField("Titel", max_length=200)
    kurzbeschreibung = models.TextField("Kurzbeschreibung", blank=True)
    antragsteller_art = models.CharField(
        "Wer beantragt",
        max_length=20,
        choices=Organisation.Art.choices,
        blank=True,
        help_text="Leer: keine Anträge (Programmteil IV ist ein Informationsangebot).",
    )
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Programmteil"
        verbose_name_plural = "Programmteile"
        ordering = ["reihenfolge"]

    def __str__(self) -> str:
        return f"Programmteil {self.nummer} – {self.titel}"

    @property
    def hat_antraege(self) -> bool:
        return bool(self.antragsteller_art)


class FoerderperiodeQuerySet(models.QuerySet):
    def visible_to(self, user) -> FoerderperiodeQuerySet:
        """Applicants see periods once they are open; the Bezirksregierung sees all."""
        from komman.permissions import is_bezirksregierung

        if not user.is_authenticated:
            return self.none()
        if is_bezirksregierung(user):
            return self.all()
        return self.exclude(status=Foerderperiode.Status.IN_VORBEREITUNG)

    def offen(self) -> FoerderperiodeQuerySet:
        return self.filter(status=Foerderperiode.Status.OFFEN)

    def mit_budgetzahlen(self) -> FoerderperiodeQuerySet:
        """Budget figures per period in the same query (Verwaltung, start pages).

        summe_beantragt: Anträge submitted and neither withdrawn nor rejected;
        summe_vorgeschlagen: Zuwendung of Anträge with a proposed Bewilligung (not yet signed);
        summe_verfuegbar: Haushaltsmittel minus gebunden (signed);
        summe_frei: what is left if every proposal is signed;
        summe_hoechstbetraege: the Part II Höchstbeträge of the Zuweisungen (a subquery, so the
        Anträge join is not multiplied by the Zuweisungen).
        """
        nicht_mitgezaehlt = ["entwurf", "zurueckgezogen", "abgelehnt"]
        null = Value(Decimal("0.00"), output_field=Betrag())
        hoechstbetraege = (
            Zuweisung.objects.filter(foerderperiode=OuterRef("pk"))
            .order_by()
            .values("foerderperiode")
            .annotate(summe=Sum("hoechstbetrag"))
            .values("summe")
        )
        return self.annotate(
            anzahl_antraege=Count("antraege", filter=~Q(antraege__status__in=nicht_mitgezaehlt)),
            summe_beantragt=Coalesce(
                Sum("antraege__beantragt", filter=~Q(antraege__status__in=nicht_mitgezaehlt)), null
            ),
            summe_vorgeschlagen=Coalesce(
                Sum("antraege__zuwendung", filter=Q(antraege__status="bewilligung_vorgeschlagen")), null
            ),
            summe_hoechstbetraege=Coalesce(Subquery(hoechstbetraege, output_field=Betrag()), null),
        ).annotate(
            summe_verfuegbar=ExpressionWrapper(F("budget") - F("gebunden"), output_field=Betrag()),
            summe_frei=ExpressionWrapper(
                F("budget") - F("gebunden") - F("summe_vorgeschlagen"), output_field=Betrag()
            ),
        )


def standardparameter() -> dict:
    """The current figures of DOMAIN.md §3, as shipped in programmteile/standardparameter.json."""
    from programmteile import rules

    return rules.Regelparameter.standard().als_dict()


class Foerderperiode(models.Model):
    """One Förderjahr of one Programmteil: deadlines, budget and the rule parameters in force."""

    class Status(models.TextChoices):
        IN_VORBEREITUNG = "in_vorbereitung", "In Vorbereitung"
        OFFEN = "offen", "Offen für Anträge"
        GESCHLOSSEN = "geschlossen", "Geschlossen"

    programmteil = models.ForeignKey(
        Programmteil, verbose_name="Programmteil", on_delete=models.PROTECT, related_name="foerderperioden"
    )
    foerderjahr = models.PositiveSmallIntegerField("Förderjahr")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.IN_VORBEREITUNG)
    antragsbeginn = models.DateField(
        "Antragsbeginn", help_text="Ab diesem Tag können Anträge gestellt werden."
    )
    antragsfrist = models.DateField(
        "Antragsfrist", help_text="Spätere Anträge sind möglich, werden aber als verspätet gekennzeichnet."
    )
    bewilligungszeitraum_von = models.DateField("Bewilligungszeitraum von")
    bewilligungszeitraum_bis = models.DateField("Bewilligungszeitraum bis")
    budget = Betrag(
        "Haushaltsmittel", default=Decimal("0.00"), help_text="Verfügbare Haushaltsmittel in Euro."
    )
    gebunden = Betrag(
        "Gebunden", default=Decimal("0.00"), editable=False, help_text="Summe der gezeichneten Bewilligungen."
    )
    regelparameter = models.JSONField(
        "Regelparameter",
        default=standardparameter,
        blank=True,
        help_text="Die Figuren der Regelprüfung für diese Periode (Festbeträge, Pauschalen, Fördersätze …).",
    )
    aktenzeichen_zaehler = models.PositiveIntegerField("Zähler für Aktenzeichen", default=0, editable=False)
    angelegt_am = models.DateTimeField("Angelegt am", auto_now_add=True)

    objects = FoerderperiodeQuerySet.as_manager()

    class Meta:
        verbose_name = "Förderperiode"
        verbose_name_plural = "Förderperioden"
        ordering = ["-foerderjahr", "programmteil__reihenfolge"]
        constraints = [
            models.UniqueConstraint(fields=["programmteil", "foerderjahr"], name="foerderperiode_eindeutig"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="foerderperiode_budget_nicht_negativ"),
            models.CheckConstraint(
                condition=Q(gebunden__gte=0), name="foerderperiode_gebunden_nicht_negativ"
            ),
            models.CheckConstraint(
                condition=Q(gebunden__lte=F("budget")), name="foerderperiode_budget_reicht"
            ),
            models.CheckConstraint(
                condition=Q(antragsfrist__gte=F("antragsbeginn")), name="foerderperiode_frist_nach_beginn"
            ),
            models.CheckConstraint(
                condition=Q(bewilligungszeitraum_bis__gte=F("bewilligungszeitraum_von")),
                name="foerderperiode_zeitraum_gueltig",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["in_vorbereitung", "offen", "geschlossen"]),
                name="foerderperiode_status_gueltig",
            ),
        ]

    def __str__(self) -> str:
        return f"KOMM-AN NRW {self.programmteil.nummer} – {self.foerderjahr}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.foerderjahr is not None and not 2016 <= self.foerderjahr <= 2100:
            errors["foerderjahr"] = "Das Förderjahr muss zwischen 2016 und 2100 liegen."
        if self.budget is not None and self.budget < 0:
            errors["budget"] = "Die Haushaltsmittel dürfen nicht negativ sein."
        elif self.budget is not None and self.gebunden is not None and self.budget < self.gebunden:
            errors["budget"] = (
                f"Die Haushaltsmittel dürfen nicht unter die bereits gebundenen Mittel sinken ({_euro(self.gebunden)})."
            )
        if self.antragsbeginn and self.antragsfrist and self.antragsfrist < self.antragsbeginn:
            errors["antragsfrist"] = "Die Antragsfrist darf nicht vor dem Antragsbeginn liegen."
        if (
            self.bewilligungszeitraum_von
            and self.bewilligungszeitraum_bis
            and self.bewilligungszeitraum_bis < self.bewilligungszeitraum_von
        ):
            errors["bewilligungszeitraum_bis"] = (
                "Das Ende des Bewilligungszeitraums darf nicht vor seinem Beginn liegen."
            )
        if self.regelparameter:
            from programmteile import rules

            fehler = rules.pruefe_parameter(self.regelparameter)
            if fehler:
                errors["regelparameter"] = " ".join(fehler.values())
        if errors:
            raise ValidationError(errors)

    def parameter(self):
        """The only bridge from the database to the rules module."""
        from programmteile import rules

        return rules.Regelparameter.aus_dict(self.regelparameter or {})

    @property
    def verfuegbar(self) -> Decimal:
        return self.budget - self.gebunden

    def hat_eingereichte_antraege(self) -> bool:
        """Changes to rules or Zuweisungen then need a reason and go into the Änderungsprotokoll."""
        return self.antraege.exclude(status="entwurf").exists()

    @property
    def hat_zuweisungen(self) -> bool:
        """Parts I and II are applied for by Kommunen within a Zuweisung (Stellen, Höchstbetrag)."""
        return self.programmteil.nummer in ("I", "II")

    @transaction.atomic
    def kopieren(self, *, jahr: int, budget: Decimal | None = None) -> Foerderperiode:
        """A new period for another Förderjahr: parameters, Zuweisungen and the newest Bescheidtexte.

        Dates move by the year difference; the copy starts in preparation with nothing bound
        and no Aktenzeichen drawn. Anträge are never copied.
        """
        differenz = jahr - self.foerderjahr
        neu = Foerderperiode(
            programmteil=self.programmteil,
            foerderjahr=jahr,
            status=Foerderperiode.Status.IN_VORBEREITUNG,
            antragsbeginn=_jahre_verschieben(self.antragsbeginn, differenz),
            antragsfrist=_jahre_verschieben(self.antragsfrist, differenz),
            bewilligungszeitraum_von=_jahre_verschieben(self.bewilligungszeitraum_von, differenz),
            bewilligungszeitraum_bis=_jahre_verschieben(self.bewilligungszeitraum_bis, differenz),
            budget=self.budget if budget is None else budget,
            regelparameter=dict(self.regelparameter or {}),
        )
        neu.full_clean()
        neu.save()
        Zuweisung.objects.bulk_create(
            Zuweisung(
                foerderperiode=neu,
                kommune_id=z.kommune_id,
                stellen=z.stellen,
                hoechstbetrag=z.hoechstbetrag,
                anmerkung=z.anmerkung,
            )
            for z in self.zuweisungen.all()
        )
        texte = Bescheidtexte.objects.filter(foerderperiode=self).first()
        if texte is not None:
            Bescheidtexte.objects.create(
                foerderperiode=neu,
                version=1,
                **{feld: getattr(texte, feld) for feld in Bescheidtexte.TEXTFELDER},
            )
        return neu

    @property
    def ist_offen(self) -> bool:
        return self.status == self.Status.OFFEN

    @property
    def frist_abgelaufen(self) -> bool:
        return datetime.date.today() > self.antragsfrist

    @classmethod
    def standard_termine(cls, programmteil_nummer: str, jahr: int) -> dict[str, datetime.date]:
        """Default dates (DOMAIN.md §9 #5): Part II and I by 28 Feb, Part III by 30 Nov of the year before."""
        if programmteil_nummer == "III":
            frist = datetime.date(jahr - 1, 11, 30)
        else:
            frist = datetime.date(jahr, 2, 28)
        return {
            "antragsbeginn": min(datetime.date(jahr - 1, 10, 1), frist),
            "antragsfrist": frist,
            "bewilligungszeitraum_von": datetime.date(jahr, 1, 1),
            "bewilligungszeitraum_bis": datetime.date(jahr, 12, 31),
        }


def _jahre_verschieben(tag: datetime.date, jahre: int) -> datetime.date:
    """The same day in another year; 29 February becomes 28 February."""
    try:
        return tag.replace(year=tag.year + jahre)
    except ValueError:
        return tag.replace(year=tag.year + jahre, day=28)


def _euro(betrag: Decimal) -> str:
    from komman.formate import euro

    return euro(betrag)


class ZuweisungQuerySet(models.QuerySet):
    def visible_to(self, user) -> ZuweisungQuerySet:
        from komman.permissions import is_bezirksregierung, organisation_ids

        if not user.is_authenticated:
            return self.none()
        if is_bezirksregierung(user):
            return self.all()
        return self.filter(kommune_id__in=organisation_ids(user)).exclude(
            foerderperiode__status=Foerderperiode.Status.IN_VORBEREITUNG
        )


class Zuweisung(models.Model):
    """What a Kommune may apply for in a period: Part I Stellen, Part II Höchstbetrag."""

    foerderperiode = models.ForeignKey(
        Foerderperiode, verbose_name="Förderperiode", on_delete=models.CASCADE, related_name="zuweisungen"
    )
    kommune = models.ForeignKey(
        Organisation,
        verbose_name="Kommune",
        on_delete=models.PROTECT,
        related_name="zuweisungen",
        limit_choices_to={"art": Organisation.Art.KOMMUNE},
    )
    stellen = models.DecimalField(
        "Stellenzuweisung",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Programmteil I: 1, 1,5 oder 2 Stellen.",
    )
    hoechstbetrag = Betrag(
        "Höchstbetrag", null=True, blank=True, help_text="Programmteil II: Höchstbetrag der Kommune."
    )
    anmerkung = models.CharField("Anmerkung", max_length=300, blank=True)

    objects = ZuweisungQuerySet.as_manager()

    class Meta:
        verbose_name = "Zuweisung"
        verbose_name_plural = "Zuweisungen"
        ordering = ["foerderperiode", "kommune__name"]
        constraints = [
            models.UniqueConstraint(fields=["foerderperiode", "kommune"], name="zuweisung_eindeutig"),
            models.CheckConstraint(
                condition=Q(stellen__isnull=True) | Q(stellen__gt=0), name="zuweisung_stellen_positiv"
            ),
            models.CheckConstraint(
                condition=Q(hoechstbetrag__isnull=True) | Q(hoechstbetrag__gte=0),
                name="zuweisung_hoechstbetrag_nicht_negativ",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kommune} – {self.foerderperiode}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kommune_id and self.kommune.art != Organisation.Art.KOMMUNE:
            errors["kommune"] = "Zuweisungen gibt es nur für Kommunen."
        if self.stellen is not None and self.foerderperiode_id:
            stufen = self.foerderperiode.parameter().teil1.stellenstufen or ()
            if stufen and self.stellen not in stufen:
                from komman.formate import zahl

                texte = [zahl(s) for s in stufen]
                erlaubt = f"{', '.join(texte[:-1])} oder {texte[-1]}" if len(texte) > 1 else texte[0]
                errors["stellen"] = (
                    f"{zahl(self.stellen)} Stellen sind keine zulässige Stellenstufe. Zulässig sind {erlaubt} Stellen."
                )
        if self.hoechstbetrag is not None and self.hoechstbetrag < 0:
            errors["hoechstbetrag"] = "Der Höchstbetrag darf nicht negativ sein."
        if errors:
            raise ValidationError(errors)

    @property
    def sachmittel(self) -> Decimal | None:
        """The Part I Sachmittel that go with the Stellenzuweisung (same key, DOMAIN.md §2.1)."""
        if self.stellen is None:
            return None
        return self.foerderperiode.parameter().teil1.sachmittel.get(self.stellen)


class Briefkopf(models.Model):
    """Letterhead and signature of the Bewilligungsbehörde: administration data, versioned by date."""

    behoerde = models.CharField("Behörde", max_length=200, default="Bezirksregierung Arnsberg")
    dezernat = models.CharField(
        "Dezernat", max_length=200, default="Dezernat 36 – Kompetenzzentrum für Integration"
    )
    strasse = models.CharField("Straße und Hausnummer", max_length=200, default="Seibertzstraße 1")
    plz = models.CharField("PLZ", max_length=5, default="59821")
    ort = models.CharField("Ort", max_length=100, default="Arnsberg")
    telefon = models.CharField("Telefon", max_length=50, default="02931 82-0")
    email = models.EmailField("E-Mail", default="komm-an@bra.nrw.invalid")
    internet = models.CharField("Internet", max_length=200, default="www.bra.nrw.de")
    zeichnungsformel = models.CharField(
        "Zeichnungsformel", max_length=100, default="Im Auftrag", help_text="Steht über der Unterschrift."
    )
    gueltig_ab = models.DateField("Gültig ab", default=datetime.date(2016, 1, 1))

    class Meta:
        verbose_name = "Briefkopf"
        verbose_name_plural = "Briefköpfe"
        ordering = ["-gueltig_ab", "-id"]

    def __str__(self) -> str:
        return f"{self.behoerde}, {self.dezernat} (ab {self.gueltig_ab:%d.%m.%Y})"

    @classmethod
    def aktuell(cls, stichtag: datetime.date | None = None) -> Briefkopf:
        """The letterhead in force on a day; an unsaved default if none is maintained yet."""
        stichtag = stichtag or datetime.date.today()
        return cls.objects.filter(gueltig_ab__lte=stichtag).first() or cls()


class Bescheidtexte(models.Model):
    """The texts of the notices of one Förderperiode, versioned: a change is a new version."""

    foerderperiode = models.ForeignKey(
        Foerderperiode, verbose_name="Förderperiode", on_delete=models.PROTECT, related_name="bescheidtexte"
    )
    version = models.PositiveSmallIntegerField("Version", default=1)
    rechtsgrundlage = models.TextField(
        "Rechtsgrundlage",
        default="§§ 23, 44 Landeshaushaltsordnung NRW (LHO) und die Verwaltungsvorschriften dazu (VV/VVG zu § 44 LHO) "
        "in Verbindung mit der Förderkonzeption KOMM-AN NRW in der für das Förderjahr geltenden Fassung",
    )
    nebenbestimmungen_kommune = models.TextField(
        "Nebenbestimmungen für Kommunen",
        default="Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden (GV) "
        "(ANBest-G) sind Bestandteil dieses Bescheides.",
    )
    nebenbestimmungen_traeger = models.TextField(
        "Nebenbestimmungen für Träger",
        default="Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P) sind "
        "Bestandteil dieses Bescheides.",
    )
    programmbedingungen = models.TextField("Besondere Nebenbestimmungen des Programms", blank=True)
    hinweise = models.TextField("Hinweise", blank=True)
    rechtsbehelfsbelehrung = models.TextField(
        "Rechtsbehelfsbelehrung",
        default="Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim "
        "Verwaltungsgericht {gericht} erhoben werden.",
        help_text="{gericht} wird durch das Verwaltungsgericht am Sitz des Zuwendungsempfängers ersetzt.",
    )
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    TEXTFELDER = (
        "rechtsgrundlage",
        "nebenbestimmungen_kommune",
        "nebenbestimmungen_traeger",
        "programmbedingungen",
        "hinweise",
        "rechtsbehelfsbelehrung",
    )

    class Meta:
        verbose_name = "Bescheidtexte"
        verbose_name_plural = "Bescheidtexte"
        ordering = ["foerderperiode", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["foerderperiode", "version"], name="bescheidtexte_version_eindeutig"
            )
        ]

    def __str__(self) -> str:
        return f"Bescheidtexte {self.foerderperiode}, Version {self.version}"

    @classmethod
    def aktuell(cls, foerderperiode: Foerderperiode) -> Bescheidtexte:
        """The newest version for the period; an unsaved default if none is maintained yet."""
        return cls.objects.filter(foerderperiode=foerderperiode).first() or cls(foerderperiode=foerderperiode)


class Broschuerenbestellung(models.Model):
    """Part IV: an order of printed copies of „Demokratie für mich“ by a Kommunales Integrationszentrum."""

    SPRACHEN = [
        ("deutsch", "Deutsch"),
        ("englisch", "Englisch"),
        ("franzoesisch", "Französisch"),
        ("arabisch", "Arabisch"),
        ("dari", "Dari"),
        ("farsi", "Farsi"),
    ]

    organisation = models.ForeignKey(
        Organisation, verbose_name="Kommune", on_delete=models.PROTECT, related_name="broschuerenbestellungen"
    )
    bestellt_von = models.ForeignKey(
        "komman.User", verbose_name="Bestellt von", on_delete=models.PROTECT, related_name="+"
    )
    bestellt_am = models.DateTimeField("Bestellt am", auto_now_add=True)
    deutsch = models.PositiveIntegerField("Deutsch", default=0)
    englisch = models.PositiveIntegerField("Englisch", default=0)
    franzoesisch = models.PositiveIntegerField("Französisch", default=0)
    arabisch = models.PositiveIntegerField("Arabisch", default=0)
    dari = models.PositiveIntegerField("Dari", default=0)
    farsi = models.PositiveIntegerField("Farsi", default=0)
    empfaenger = models.CharField("Empfänger", max_length=200, help_text="Name der Stelle oder Person.")
    strasse = models.CharField("Straße und Hausnummer", max_length=200)
    plz = models.CharField("PLZ", max_length=5)
    ort = models.CharField("Ort", max_length=100)
    anmerkung = models.TextField("Anmerkung", blank=True)

    class Meta:
        verbose_name = "Broschürenbestellung"
        verbose_name_plural = "Broschürenbestellungen"
        ordering = ["-bestellt_am", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deutsch__gt=0)
                | Q(englisch__gt=0)
                | Q(franzoesisch__gt=0)
                | Q(arabisch__gt=0)
                | Q(dari__gt=0)
                | Q(farsi__gt=0),
                name="broschuerenbestellung_mindestens_ein_exemplar",
            )
        ]

    def __str__(self) -> str:
        return f"Bestellung von {self.organisation} am {self.bestellt_am:%d.%m.%Y}"

    @property
    def mengen(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, feld)) for feld, label in self.SPRACHEN if getattr(self, feld)]

    @property
    def gesamt(self) -> int:
        return sum(getattr(self, feld) for feld, _ in self.SPRACHEN)


# --- Verwaltung: Änderungsprotokoll ---


class Aenderungsprotokoll(NurAnhaengen):
    """One change to the rules or Zuweisungen of a period that already has submitted Anträge.

    Append-only: a row is written once and never changed or deleted.
    """

    class Bereich(models.TextChoices):
        PERIODE = "periode", "Förderperiode"
        PARAMETER = "parameter", "Regelparameter"
        ZUWEISUNG = "zuweisung", "Zuweisung"

    foerderperiode = models.ForeignKey(
        Foerderperiode,
        verbose_name="Förderperiode",
        on_delete=models.PROTECT,
        related_name="aenderungsprotokoll",
    )
    zeitpunkt = models.DateTimeField("Zeitpunkt", auto_now_add=True)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Geändert von", on_delete=models.PROTECT, related_name="+"
    )
    bereich = models.CharField("Bereich", max_length=20, choices=Bereich.choices)
    schluessel = models.CharField(
        "Feld", max_length=200, help_text="Parameterschlüssel, Feld der Periode oder Kommune und Feld."
    )
    alter_wert = models.TextField("Alter Wert", blank=True)
    neuer_wert = models.TextField("Neuer Wert", blank=True)
    grund = models.TextField("Grund der Änderung")

    NIE_GEAENDERT = "Einträge des Änderungsprotokolls können nicht geändert werden."
    NIE_GELOESCHT = "Einträge des Änderungsprotokolls können nicht gelöscht werden."

    class Meta:
        verbose_name = "Eintrag im Änderungsprotokoll"
        verbose_name_plural = "Änderungsprotokoll"
        ordering = ["-zeitpunkt", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bereich__in=["periode", "parameter", "zuweisung"]),
                name="aenderungsprotokoll_bereich_gueltig",
            ),
            models.CheckConstraint(condition=~Q(grund=""), name="aenderungsprotokoll_grund_pflicht"),
        ]

    def __str__(self) -> str:
        return f"{self.foerderperiode}: {self.schluessel} ({self.zeitpunkt:%d.%m.%Y %H:%M})"

    @classmethod
    def schreiben(
        cls,
        *,
        foerderperiode: Foerderperiode,
        by,
        grund: str,
        aenderungen: list[tuple[str, str, str, str]],
    ) -> list[Aenderungsprotokoll]:
        """One row per (bereich, schluessel, alter_wert, neuer_wert)."""
        return cls.objects.bulk_create(
            cls(
                foerderperiode=foerderperiode,
                geaendert_von=by,
                bereich=bereich,
                schluessel=schluessel,
                alter_wert=alt,
                neuer_wert=neu,
                grund=grund,
            )
            for bereich, schluessel, alt, neu in aenderungen
        )
