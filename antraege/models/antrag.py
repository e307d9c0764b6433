"""The Antrag itself: its states (with the status groups), who sees it, the money on record."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from komman.fields import Betrag
from komman.models import Organisation
from programmteile.models import Foerderperiode


class AntragQuerySet(models.QuerySet):
    def visible_to(self, user) -> AntragQuerySet:
        """Applicants see their organisations' Anträge; the Bezirksregierung sees all but drafts."""
        from komman.permissions import is_bezirksregierung, organisation_ids

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_bezirksregierung(user):
            eigene = organisation_ids(user)
            return self.filter(~Q(status=Antrag.Status.ENTWURF) | Q(antragsteller_id__in=eigene))
        return self.filter(antragsteller_id__in=organisation_ids(user))


class AntragStatus(models.TextChoices):
    # Wave 1 (DOMAIN.md §5): draft to Bescheid.
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "Eingereicht"
    FORMALE_PRUEFUNG = "formale_pruefung", "Formale Prüfung"
    NACHFORDERUNG = "nachforderung", "Nachforderung"
    INHALTLICHE_PRUEFUNG = "inhaltliche_pruefung", "Inhaltliche Prüfung"
    ANHOERUNG = "anhoerung", "Anhörung"
    BEWILLIGUNG_VORGESCHLAGEN = "bewilligung_vorgeschlagen", "Bewilligung vorgeschlagen"
    ABLEHNUNG_VORGESCHLAGEN = "ablehnung_vorgeschlagen", "Ablehnung vorgeschlagen"
    BEWILLIGT = "bewilligt", "Bewilligt"
    ABGELEHNT = "abgelehnt", "Abgelehnt"
    ZURUECKGEZOGEN = "zurueckgezogen", "Zurückgezogen"
    # Wave 2 (DOMAIN.md §5): the notice becomes final or is challenged in court.
    BESTANDSKRAEFTIG = "bestandskraeftig", "Bewilligt und bestandskräftig"
    ABLEHNUNG_BESTANDSKRAEFTIG = "ablehnung_bestandskraeftig", "Abgelehnt (bestandskräftig)"
    KLAGE_ANHAENGIG = "klage_anhaengig", "Klage anhängig"

    # Status groups, filled in below the class (here a tuple would become one more member).
    BEARBEITBAR: ClassVar[tuple[AntragStatus, ...]]
    IN_PRUEFUNG: ClassVar[tuple[AntragStatus, ...]]
    VORGESCHLAGEN: ClassVar[tuple[AntragStatus, ...]]
    ENTSCHIEDEN: ClassVar[tuple[AntragStatus, ...]]
    ANFECHTBAR: ClassVar[tuple[AntragStatus, ...]]
    BESTANDSKRAFT: ClassVar[tuple[AntragStatus, ...]]
    OFFEN: ClassVar[tuple[AntragStatus, ...]]
    ABGESCHLOSSEN: ClassVar[tuple[AntragStatus, ...]]


# Status groups (DESIGN.md §6, §7): the transition table (antraege/uebergaenge.py) and the
# permission functions (antraege/permissions.py) read these, nobody lists states again.
S_ = AntragStatus
#: The applicant fills in the form: the draft, and the answer to a Nachforderung.
AntragStatus.BEARBEITBAR = (S_.ENTWURF, S_.NACHFORDERUNG)
#: Submitted and with the Prüfung, before a decision is proposed (a Nachforderung is both).
AntragStatus.IN_PRUEFUNG = (
    S_.EINGEREICHT,
    S_.FORMALE_PRUEFUNG,
    S_.NACHFORDERUNG,
    S_.INHALTLICHE_PRUEFUNG,
    S_.ANHOERUNG,
)
#: A decision is proposed and waits for the Zeichnung (four eyes).
AntragStatus.VORGESCHLAGEN = (S_.BEWILLIGUNG_VORGESCHLAGEN, S_.ABLEHNUNG_VORGESCHLAGEN)
#: Signed and issued, the Klagefrist runs: a Rechtsbehelfsverzicht, a Klage or the end of the
#: Frist decides what follows (DOMAIN.md §4a, wave 2).
AntragStatus.ANFECHTBAR = (S_.BEWILLIGT, S_.ABGELEHNT)
#: The notice is final (bestandskräftig): a grant (the Zuwendung exists) or a rejection.
AntragStatus.BESTANDSKRAFT = (S_.BESTANDSKRAEFTIG, S_.ABLEHNUNG_BESTANDSKRAEFTIG)
#: Signed: the Bescheid is issued (and may since have become final or be challenged).
AntragStatus.ENTSCHIEDEN = (*AntragStatus.ANFECHTBAR, S_.KLAGE_ANHAENGIG, *AntragStatus.BESTANDSKRAFT)
#: Before the decision: the Antrag can still move on (and be withdrawn).
AntragStatus.OFFEN = (S_.ENTWURF, *AntragStatus.IN_PRUEFUNG, *AntragStatus.VORGESCHLAGEN)
#: Nothing moves any more: decided or withdrawn.
AntragStatus.ABGESCHLOSSEN = (*AntragStatus.ENTSCHIEDEN, S_.ZURUECKGEZOGEN)
del S_


class Antrag(models.Model):
    """One application of one organisation for one Förderperiode."""

    Status = AntragStatus

    foerderperiode = models.ForeignKey(
        Foerderperiode, verbose_name="Förderperiode", on_delete=models.PROTECT, related_name="antraege"
    )
    antragsteller = models.ForeignKey(
        Organisation, verbose_name="Antragsteller", on_delete=models.PROTECT, related_name="antraege"
    )
    status = models.CharField("Status", max_length=30, choices=Status.choices, default=Status.ENTWURF)
    aktenzeichen = models.CharField("Aktenzeichen", max_length=40, blank=True)
    eingereicht_am = models.DateTimeField("Eingegangen am", null=True, blank=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Angelegt von", on_delete=models.PROTECT, related_name="+"
    )
    erstellt_am = models.DateTimeField("Angelegt am", auto_now_add=True)
    geaendert_am = models.DateTimeField("Zuletzt geändert", auto_now=True)
    version = models.PositiveIntegerField(
        "Version", default=1, help_text="Schutz gegen gleichzeitiges Überschreiben."
    )

    # Angaben for every part
    kontakt_name = models.CharField("Ansprechperson", max_length=200, blank=True)
    kontakt_email = models.EmailField("E-Mail der Ansprechperson", blank=True)
    kontakt_telefon = models.CharField("Telefon der Ansprechperson", max_length=50, blank=True)
    massnahmebeginn = models.DateField("Geplanter Beginn der Maßnahme", null=True, blank=True)
    # The applicant may only ask for an early start (VV 1.3.1); the authority decides (below).
    vorzeitiger_beginn_beantragt = models.BooleanField(
        "Vorzeitiger Maßnahmebeginn beantragt",
        default=False,
        help_text="Ankreuzen, wenn die Maßnahme vor der Bewilligung beginnen soll; die Bezirksregierung "
        "entscheidet darüber.",
    )
    vorzeitiger_beginn_begruendung = models.TextField(
        "Begründung für den vorzeitigen Maßnahmebeginn", blank=True
    )
    # The authority's decision on the early start (workflow.vorzeitigen_beginn_entscheiden, audited).
    vorzeitiger_beginn_zugelassen = models.BooleanField(
        "Vorzeitiger Maßnahmebeginn zugelassen (Entscheidung der Bewilligungsbehörde)", default=False
    )
    vorzeitiger_beginn_ab = models.DateField("Vorzeitiger Beginn zugelassen ab", null=True, blank=True)
    vorzeitiger_beginn_entschieden_am = models.DateTimeField(
        "Über den vorzeitigen Beginn entschieden am", null=True, blank=True
    )
    vorzeitiger_beginn_entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Über den vorzeitigen Beginn entschieden von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vorzeitiger_beginn_entscheidungsgrund = models.TextField(
        "Gründe der Entscheidung über den vorzeitigen Beginn", blank=True
    )
    fortfuehrung = models.BooleanField(
        "Unveränderte Fortführung",
        default=False,
        help_text="Die ganzjährige Maßnahme wurde im Vorjahr gefördert und wird unverändert fortgeführt.",
    )
    eigenanteil = Betrag("Eigenanteil", default=Decimal("0.00"))
    drittmittel = Betrag("Drittmittel", default=Decimal("0.00"))

    # Money on record: what was requested, what the rules allow, what was proposed and signed.
    beantragt = Betrag("Beantragte Zuwendung", default=Decimal("0.00"))
    zuwendungsfaehig = Betrag("Zuwendungsfähige Ausgaben", default=Decimal("0.00"))
    zuwendung = Betrag("Zuwendung (vorgeschlagen/bewilligt)", null=True, blank=True)
    begruendung = models.TextField("Begründung der Entscheidung", blank=True)
    ermessen = models.TextField(
        "Ermessenserwägungen",
        blank=True,
        help_text="Die Gesichtspunkte, von denen die Behörde bei der Ausübung ihres Ermessens ausgegangen ist "
        "(§ 39 Abs. 1 S. 3 VwVfG NRW).",
    )
    # The Bewilligungszeitraum of this notice, decided with the proposal (rules.bewilligungszeitraum).
    bewilligung_von = models.DateField("Bewilligungszeitraum von", null=True, blank=True)
    bewilligung_bis = models.DateField("Bewilligungszeitraum bis", null=True, blank=True)

    bearbeitet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Zuständige Prüfung",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vorgeschlagen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Vorgeschlagen von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vorgeschlagen_am = models.DateTimeField("Vorgeschlagen am", null=True, blank=True)
    gezeichnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Gezeichnet von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gezeichnet_am = models.DateTimeField("Gezeichnet am", null=True, blank=True)
    # The applicant's handover: KI staff prepared the draft and put it before a signatory.
    vorgelegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Zur Zeichnung vorgelegt von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vorgelegt_am = models.DateTimeField("Zur Zeichnung vorgelegt am", null=True, blank=True)

    objects = AntragQuerySet.as_manager()

    class Meta:
        verbose_name = "Antrag"
        verbose_name_plural = "Anträge"
        ordering = ["-eingereicht_am", "-id"]
        constraints = [
            # One Antrag per organisation and period; a withdrawn one stays on record and no
            # longer counts, so a new Antrag is possible while the Antragsfrist runs (issue 25).
            models.UniqueConstraint(
                fields=["foerderperiode", "antragsteller"],
                condition=~Q(status="zurueckgezogen"),
                name="antrag_einer_je_periode",
            ),
            models.UniqueConstraint(
                fields=["aktenzeichen"], condition=~Q(aktenzeichen=""), name="antrag_aktenzeichen_eindeutig"
            ),
            models.CheckConstraint(condition=Q(status__in=AntragStatus.values), name="antrag_status_gueltig"),
            # Four eyes (DESIGN.md §7): whoever proposed a decision never signs it.
            models.CheckConstraint(
                condition=Q(gezeichnet_von__isnull=True) | ~Q(gezeichnet_von=F("vorgeschlagen_von")),
                name="antrag_vier_augen",
            ),
            models.CheckConstraint(condition=Q(beantragt__gte=0), name="antrag_beantragt_nicht_negativ"),
            models.CheckConstraint(
                condition=Q(zuwendung__isnull=True) | Q(zuwendung__gte=0),
                name="antrag_zuwendung_nicht_negativ",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "foerderperiode"], name="antrag_status_periode"),
            models.Index(fields=["antragsteller", "status"], name="antrag_antragsteller_status"),
            models.Index(fields=["-eingereicht_am", "-id"], name="antrag_liste"),
            # The reviewer queue filtered by Förderperiode, in Eingang order (docs/leistung.md);
            # drafts are never in it.
            models.Index(
                fields=["foerderperiode", "eingereicht_am", "id"],
                condition=~Q(status="entwurf"),
                name="antrag_periode_eingang",
            ),
        ]

    def __str__(self) -> str:
        return self.aktenzeichen or f"Antrag {self.pk} (Entwurf)"

    @property
    def programmteil(self) -> str:
        return self.foerderperiode.programmteil.nummer

    @property
    def ist_entwurf(self) -> bool:
        return self.status == self.Status.ENTWURF

    @property
    def ist_entschieden(self) -> bool:
        return self.status in self.Status.ENTSCHIEDEN

    @property
    def ist_bewilligt(self) -> bool:
        """A Zuwendungsbescheid is issued (final, challenged or not): a rejection proposes 0,00 €."""
        if self.status in (self.Status.BEWILLIGT, self.Status.BESTANDSKRAEFTIG):
            return True
        return self.status == self.Status.KLAGE_ANHAENGIG and bool(self.zuwendung)

    def status_fuer_antragsteller(self) -> str:
        """The state as the applicant sees it: internal steps read "In Prüfung" until signed."""
        return status_fuer_antragsteller(self.status)


#: States the applicant never sees by name (DESIGN.md §7): the Bezirksregierung's internal steps.
INTERNE_STATUS = (
    AntragStatus.FORMALE_PRUEFUNG,
    AntragStatus.INHALTLICHE_PRUEFUNG,
    AntragStatus.BEWILLIGUNG_VORGESCHLAGEN,
    AntragStatus.ABLEHNUNG_VORGESCHLAGEN,
)
IN_PRUEFUNG_TEXT = "In Prüfung"


_STATUS_TEXT = dict(AntragStatus.choices)  # value -> label, once (enum lookups cost every list row)


def status_fuer_antragsteller(status: str) -> str:
    """The one place that names a state for applicants (pages, lists, CSV, mails)."""
    if status in INTERNE_STATUS:
        return IN_PRUEFUNG_TEXT
    return _STATUS_TEXT.get(status, status)
