"""Programme parts and Förderperioden: status, deadlines, budget, the rule parameters in force."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from komman.fields import Betrag
from komman.models import Organisation


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


@dataclass(frozen=True)
class Antragszahlen:
    """What programmteile needs to know about the Anträge of a period, given by the antraege app.

    antraege imports programmteile, never the reverse, so programmteile names no Antrag
    status: AntraegeConfig.ready() calls `antraege_anbinden()` with these two functions.
    """

    # Annotates anzahl_antraege, summe_beantragt and summe_vorgeschlagen (Betrag) on periods.
    budgetzahlen: Callable[[models.QuerySet], models.QuerySet]
    # Whether a period has Anträge past the draft (changes then need a reason).
    eingereicht: Callable[[Foerderperiode], bool]


_ANTRAGSZAHLEN: list[Antragszahlen] = []


def antraege_anbinden(*, budgetzahlen, eingereicht) -> None:
    """Called once from AntraegeConfig.ready()."""
    _ANTRAGSZAHLEN[:] = [Antragszahlen(budgetzahlen=budgetzahlen, eingereicht=eingereicht)]


# Further figures from apps above antraege (zuwendungen: called, paid, open); each takes the
# period queryset and returns it annotated. programmteile imports none of them.
_WEITERE_BUDGETZAHLEN: list[Callable[[models.QuerySet], models.QuerySet]] = []


def budgetzahlen_ergaenzen(funktion: Callable[[models.QuerySet], models.QuerySet]) -> None:
    """Called from an AppConfig.ready(): annotate more figures in mit_budgetzahlen() (idempotent)."""
    if funktion not in _WEITERE_BUDGETZAHLEN:
        _WEITERE_BUDGETZAHLEN.append(funktion)


def _antraege() -> Antragszahlen:
    if not _ANTRAGSZAHLEN:
        raise ImproperlyConfigured("The antraege app has not registered its figures (antraege_anbinden).")
    return _ANTRAGSZAHLEN[0]


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

        From the Anträge (what counts is the antraege app's business, see `antraege_anbinden`):
        anzahl_antraege, summe_beantragt (submitted, neither withdrawn nor rejected) and
        summe_vorgeschlagen (Zuwendung of proposed Bewilligungen, not yet signed). Here:
        summe_verfuegbar: Haushaltsmittel minus gebunden (signed);
        summe_frei: what is left if every proposal is signed;
        summe_hoechstbetraege: the Part II Höchstbeträge of the Zuweisungen (a subquery, so the
        Anträge join is not multiplied by the Zuweisungen).
        """
        zuweisung = self.model._meta.get_field("zuweisungen").related_model  # no import: zuweisungen imports us
        null = Value(Decimal("0.00"), output_field=Betrag())
        hoechstbetraege = (
            zuweisung.objects.filter(foerderperiode=OuterRef("pk"))
            .order_by()
            .values("foerderperiode")
            .annotate(summe=Sum("hoechstbetrag"))
            .values("summe")
        )
        qs = self
        for ergaenzen in _WEITERE_BUDGETZAHLEN:
            qs = ergaenzen(qs)
        return (
            _antraege()
            .budgetzahlen(qs)
            .annotate(summe_hoechstbetraege=Coalesce(Subquery(hoechstbetraege, output_field=Betrag()), null))
            .annotate(
                summe_verfuegbar=ExpressionWrapper(F("budget") - F("gebunden"), output_field=Betrag()),
                summe_frei=ExpressionWrapper(
                    F("budget") - F("gebunden") - F("summe_vorgeschlagen"), output_field=Betrag()
                ),
            )
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
    haushaltsstelle = models.CharField(
        "Haushaltsstelle",
        max_length=60,
        blank=True,
        help_text="Kapitel und Titel, aus denen die Landeskasse auszahlt (steht auf jeder Auszahlungsanordnung).",
    )
    abruftermine = models.JSONField(
        "Abruftermine",
        default=list,
        blank=True,
        help_text="Wenn gesetzt: die einzigen Tage, zu denen ein Mittelabruf die Auszahlung wünschen kann.",
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

    @property
    def abruftermin_liste(self) -> list[datetime.date]:
        """The Abruftermine as dates, in order (empty: any day may be named)."""
        termine = []
        for wert in self.abruftermine or []:
            try:
                termine.append(datetime.date.fromisoformat(str(wert)))
            except ValueError:
                continue
        return sorted(termine)

    def parameter(self):
        """The only bridge from the database to the rules module.

        Read once per instance and content: a page asks for the parameters in several places
        (figures, deadlines, checks; 0.4 ms a parse). Changing ``regelparameter`` changes the
        key, so an edited period is read afresh."""
        from programmteile import rules

        schluessel = json.dumps(self.regelparameter or {}, sort_keys=True, default=str)
        gemerkt = self.__dict__.get("_parameter_gemerkt")
        if gemerkt is None or gemerkt[0] != schluessel:
            gemerkt = (schluessel, rules.Regelparameter.aus_dict(self.regelparameter or {}))
            self.__dict__["_parameter_gemerkt"] = gemerkt
        return gemerkt[1]

    @property
    def verfuegbar(self) -> Decimal:
        return self.budget - self.gebunden

    def hat_eingereichte_antraege(self) -> bool:
        """Changes to rules or Zuweisungen then need a reason and go into the Änderungsprotokoll."""
        return _antraege().eingereicht(self)

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
        # Zuweisung and Bescheidtexte refer to this model; reached through the relations, not imported.
        Zuweisung, Bescheidtexte = self.zuweisungen.model, self.bescheidtexte.model  # noqa: N806

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
        Pflichtanlage = self.pflichtanlagen.model  # noqa: N806 - the required attachments (issue 25)
        Pflichtanlage.objects.bulk_create(
            Pflichtanlage(foerderperiode=neu, bezeichnung=p.bezeichnung, baustein=p.baustein, reihenfolge=p.reihenfolge)
            for p in self.pflichtanlagen.all()
        )
        return neu

    @property
    def ist_offen(self) -> bool:
        return self.status == self.Status.OFFEN

    @property
    def frist_abgelaufen(self) -> bool:
        return timezone.localdate() > self.antragsfrist

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
