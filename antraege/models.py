"""Anträge and everything on their file: lines, state changes, letters, attachments, notes."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from komman.fields import Betrag
from komman.models import Organisation, Unveraenderlich
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

    # Status groups, filled in below the class (here a tuple would become one more member).
    BEARBEITBAR: ClassVar[tuple[AntragStatus, ...]]
    IN_PRUEFUNG: ClassVar[tuple[AntragStatus, ...]]
    VORGESCHLAGEN: ClassVar[tuple[AntragStatus, ...]]
    ENTSCHIEDEN: ClassVar[tuple[AntragStatus, ...]]
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
#: Signed: the Bescheid is issued.
AntragStatus.ENTSCHIEDEN = (S_.BEWILLIGT, S_.ABGELEHNT)
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
    vorzeitiger_beginn_zugelassen = models.BooleanField(
        "Vorzeitiger Maßnahmebeginn zugelassen",
        default=False,
        help_text="Nur ankreuzen, wenn der vorzeitige Beginn schriftlich zugelassen wurde.",
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

    objects = AntragQuerySet.as_manager()

    class Meta:
        verbose_name = "Antrag"
        verbose_name_plural = "Anträge"
        ordering = ["-eingereicht_am", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["foerderperiode", "antragsteller"], name="antrag_einer_je_periode"
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


class AntragTeil1(models.Model):
    """Part I details: extra KI posts and Sachmittel."""

    antrag = models.OneToOneField(Antrag, on_delete=models.CASCADE, related_name="teil1", primary_key=True)
    stellen = models.DecimalField(
        "Beantragte Stellen",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="1, 1,5 oder 2 Stellen.",
    )
    personalausgaben = Betrag("Geplante Personalausgaben im Jahr", null=True, blank=True)
    sachmittel = Betrag("Sachmittel im Jahr", null=True, blank=True)
    fachkraft = models.CharField("Fachkraft (Name oder „noch offen“)", max_length=200, blank=True)
    entgeltgruppe = models.CharField("Entgeltgruppe", max_length=20, blank=True, help_text="z. B. EG 11 TVöD")
    besetzt_seit = models.DateField("Stelle besetzt seit", null=True, blank=True)
    besetzung_geplant = models.DateField("Besetzung geplant zum", null=True, blank=True)
    konzept = models.TextField("Kurzkonzept der Aufgaben", blank=True)
    # The decision, split as the Bescheid states it (Festbetrag for posts, Sachmittel by tier).
    personal_bewilligt = Betrag("Bewilligt für Personal", null=True, blank=True)
    sachmittel_bewilligt = Betrag("Bewilligt für Sachmittel", null=True, blank=True)
    personal_kuerzungsgrund = models.TextField("Grund der Kürzung (Personal)", blank=True)
    sachmittel_kuerzungsgrund = models.TextField("Grund der Kürzung (Sachmittel)", blank=True)

    class Meta:
        verbose_name = "Angaben Programmteil I"
        verbose_name_plural = "Angaben Programmteil I"

    def __str__(self) -> str:
        return f"Angaben Programmteil I zu {self.antrag}"


class Position(models.Model):
    """A Part II Maßnahme: a Pauschale × Einheiten for one Letztempfänger."""

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="positionen")
    nr = models.PositiveSmallIntegerField("Nr.", default=1)
    baustein = models.CharField("Baustein", max_length=1)
    pauschale = models.CharField("Pauschale", max_length=2)
    einheiten = models.PositiveIntegerField("Einheiten", null=True, blank=True)
    bezeichnung = models.CharField("Bezeichnung der Maßnahme", max_length=300, blank=True)
    raumnutzung_prozent = models.PositiveSmallIntegerField(
        "Anteil der Nutzung als Ankommenstreffpunkt (%)", null=True, blank=True
    )
    geplante_kosten = Betrag("Geplante Kosten (Renovierung/Ausstattung)", null=True, blank=True)
    empfaenger = models.CharField("Letztempfänger", max_length=200, blank=True)
    empfaenger_rechtsform = models.CharField("Rechtsform des Letztempfängers", max_length=100, blank=True)
    empfaenger_anschrift = models.CharField("Anschrift des Letztempfängers", max_length=300, blank=True)
    betrag = Betrag("Betrag", default=Decimal("0.00"))
    bewilligt = Betrag("Bewilligt", null=True, blank=True)
    kuerzungsgrund = models.TextField("Grund der Kürzung", blank=True)

    class Meta:
        verbose_name = "Maßnahme (Programmteil II)"
        verbose_name_plural = "Maßnahmen (Programmteil II)"
        ordering = ["antrag", "nr", "id"]

    def __str__(self) -> str:
        return f"{self.pauschale} × {self.einheiten}: {self.bezeichnung}"


class Massnahme(models.Model):
    """A Part III Maßnahme of an Integrationsagentur."""

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="massnahmen")
    nr = models.PositiveSmallIntegerField("Nr.", default=1)
    titel = models.CharField("Titel der Maßnahme", max_length=300, blank=True)
    handlungsfeld = models.CharField("Handlungsfeld", max_length=30, blank=True)
    stellen = models.DecimalField(
        "Stellen (Vollzeitäquivalente)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    personalausgaben = Betrag("Personalausgaben", null=True, blank=True)
    honorarausgaben = Betrag("Honorarausgaben", null=True, blank=True)
    sachausgaben = Betrag("Sachausgaben", null=True, blank=True)
    investitionsausgaben = Betrag("Investitionsausgaben", null=True, blank=True)
    beantragt = Betrag("Beantragte Zuwendung", null=True, blank=True)
    bewilligt = Betrag("Bewilligt", null=True, blank=True)
    kuerzungsgrund = models.TextField("Grund der Kürzung", blank=True)

    class Meta:
        verbose_name = "Maßnahme (Programmteil III)"
        verbose_name_plural = "Maßnahmen (Programmteil III)"
        ordering = ["antrag", "nr", "id"]

    def __str__(self) -> str:
        return self.titel or f"Maßnahme {self.nr}"


class Statuswechsel(models.Model):
    """One row per state change: who, when, from, to, why, and the money where it changes."""

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="statuswechsel")
    von = models.CharField("Von", max_length=30, choices=AntragStatus.choices, blank=True)
    nach = models.CharField("Nach", max_length=30, choices=AntragStatus.choices)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Wer", on_delete=models.PROTECT, related_name="+"
    )
    wann = models.DateTimeField("Wann", auto_now_add=True)
    grund = models.TextField("Grund / Bemerkung", blank=True)
    betrag = Betrag("Betrag", null=True, blank=True)
    intern = models.BooleanField(
        "Intern",
        default=False,
        help_text="Interne Vermerke sieht nur die Bezirksregierung, nie der Antragsteller.",
    )

    class Meta:
        verbose_name = "Statuswechsel"
        verbose_name_plural = "Statuswechsel"
        ordering = ["antrag", "wann", "id"]
        indexes = [models.Index(fields=["antrag", "wann"], name="statuswechsel_antrag_wann")]

    def __str__(self) -> str:
        return f"{self.antrag}: {self.get_von_display() or '–'} → {self.get_nach_display()}"


class Schreiben(models.Model):
    """A request to the applicant with a deadline: Nachforderung or Anhörung, and the answer."""

    class Art(models.TextChoices):
        NACHFORDERUNG = "nachforderung", "Nachforderung"
        ANHOERUNG = "anhoerung", "Anhörung"

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="schreiben")
    art = models.CharField("Art", max_length=20, choices=Art.choices)
    text = models.TextField("Inhalt", help_text="Was fehlt oder was beabsichtigt ist, mit Gründen.")
    punkte = models.JSONField(
        "Punkte", default=list, blank=True, help_text="Liste der nachzureichenden Unterlagen."
    )
    frist = models.DateField("Frist")
    beabsichtigter_betrag = Betrag("Beabsichtigter Betrag", null=True, blank=True)
    erstellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erstellt_am = models.DateTimeField(auto_now_add=True)
    antwort = models.TextField("Antwort", blank=True)
    beantwortet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beantwortet_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Schreiben"
        verbose_name_plural = "Schreiben"
        ordering = ["antrag", "erstellt_am"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=["nachforderung", "anhoerung"]), name="schreiben_art_gueltig"
            )
        ]
        indexes = [
            # The open deadline the queue shows per row (docs/leistung.md): only unanswered letters.
            models.Index(
                fields=["antrag", "art", "frist"],
                condition=Q(beantwortet_am__isnull=True),
                name="schreiben_offen_frist",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} zu {self.antrag}"


class Pruefvermerk(models.Model):
    """The reviewer's formal checklist; one per Antrag, edited with optimistic locking."""

    antrag = models.OneToOneField(
        Antrag, on_delete=models.PROTECT, related_name="pruefvermerk", primary_key=True
    )
    vollstaendig = models.BooleanField("Antrag vollständig", default=False)
    unterschrieben = models.BooleanField("Von einer zeichnungsberechtigten Person eingereicht", default=False)
    antragsberechtigt = models.BooleanField("Antragsteller antragsberechtigt", default=False)
    nicht_begonnen = models.BooleanField(
        "Maßnahme nicht vorzeitig begonnen (oder vorzeitiger Beginn zugelassen)", default=False
    )
    ergebnis = models.TextField("Ergebnis der inhaltlichen Prüfung", blank=True)
    version = models.PositiveIntegerField(default=1)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Prüfvermerk"
        verbose_name_plural = "Prüfvermerke"

    def __str__(self) -> str:
        return f"Prüfvermerk zu {self.antrag}"


class Vermerk(models.Model):
    """An internal note on the file (material review), never shown to the applicant."""

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="vermerke")
    text = models.TextField("Vermerk")
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    am = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Vermerk"
        verbose_name_plural = "Vermerke"
        ordering = ["antrag", "am", "id"]

    def __str__(self) -> str:
        return f"Vermerk von {self.von} am {self.am:%d.%m.%Y}"


class Anlage(models.Model):
    """An uploaded attachment, stored under PRIVATE_ROOT and served only after a permission check."""

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="anlagen")
    dateiname = models.CharField("Dateiname", max_length=200)
    pfad = models.CharField("Ablage", max_length=300, editable=False)
    content_type = models.CharField("Dateityp", max_length=100)
    groesse = models.PositiveIntegerField("Größe (Bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    beschreibung = models.CharField("Beschreibung", max_length=300, blank=True)
    hochgeladen_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hochgeladen_am = models.DateTimeField(auto_now_add=True)
    geloescht = models.BooleanField("Entfernt", default=False)

    class Meta:
        verbose_name = "Anlage"
        verbose_name_plural = "Anlagen"
        ordering = ["antrag", "hochgeladen_am", "id"]

    def __str__(self) -> str:
        return self.dateiname


class Dokument(models.Model):
    """An issued letter (Eingangsbestätigung, Bescheid …): written once, never changed or deleted."""

    class Art(models.TextChoices):
        EINGANGSBESTAETIGUNG = "eingangsbestaetigung", "Eingangsbestätigung"
        NACHFORDERUNG = "nachforderung", "Nachforderung"
        ANHOERUNG = "anhoerung", "Anhörung"
        ZUWENDUNGSBESCHEID = "zuwendungsbescheid", "Zuwendungsbescheid"
        ABLEHNUNGSBESCHEID = "ablehnungsbescheid", "Ablehnungsbescheid"

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="dokumente")
    statuswechsel = models.OneToOneField(
        Statuswechsel, null=True, blank=True, on_delete=models.PROTECT, related_name="dokument"
    )
    art = models.CharField("Art", max_length=30, choices=Art.choices)
    daten = models.JSONField(
        "Daten", default=dict, help_text="Alle Angaben, aus denen das Schreiben erzeugt wurde."
    )
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    erstellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erstellt_am = models.DateTimeField(auto_now_add=True)
    bezieht_sich_auf = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="korrekturen"
    )

    class Meta:
        verbose_name = "Dokument"
        verbose_name_plural = "Dokumente"
        ordering = ["antrag", "erstellt_am", "id"]
        indexes = [models.Index(fields=["art", "sha256"], name="dokument_art_sha")]

    def __str__(self) -> str:
        return f"{self.get_art_display()} zu {self.antrag}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise Unveraenderlich(
                "Ein ausgestelltes Dokument wird nie geändert; eine Korrektur ist ein neues Dokument."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich("Ein ausgestelltes Dokument wird nie gelöscht.")

    @property
    def fertig(self) -> bool:
        return bool(self.sha256)

    def pruefsumme_stimmt(self) -> bool:
        return bool(self.pdf) and hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256
