"""Rueckforderung: a refund claim of the Land against a recipient (DESIGN.md §14).

Recorded by whichever process finds that more was paid than is owed — a Verwendungsnachweis
recognising less than paid, an Änderungsbescheid lowering the grant below what was paid, a
voluntary refund, a missed VN, or Prüfung's own decision — through
``zuwendungen.rueckforderungen.erfassen`` (idempotent by ``quelle``). The Widerruf process
takes it from ``erfasst`` through Anhörung and Erstattungsbescheid to payment; interest and
payments are computed by the rules package and booked as ``Buchung`` rows, never stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from komman.fields import Betrag


class KlageAusgang(models.TextChoices):
    ZURUECKGENOMMEN = "zurueckgenommen", "Klage zurückgenommen"
    ABGEWIESEN = "abgewiesen", "Klage abgewiesen"
    AUFGEHOBEN = "aufgehoben", "Erstattungsbescheid aufgehoben (Abhilfe, Vergleich oder Urteil)"


# A Klage recorded and not yet ended (the queryset form of Rueckforderung.klage_anhaengig).
KLAGE_ANHAENGIG = Q(klage_erhoben_am__isnull=False, klage_ausgang="")


class Rueckforderung(models.Model):
    class Anlass(models.TextChoices):
        VERWENDUNGSNACHWEIS = "verwendungsnachweis", "Verwendungsnachweis: weniger anerkannt als ausgezahlt"
        AENDERUNG = "aenderung", "Änderungsbescheid: Zuwendung unter den ausgezahlten Betrag gesenkt"
        KEIN_VN = "kein_vn", "Verwendungsnachweis trotz Mahnung nicht vorgelegt"
        ZWEI_MONATE = "zwei_monate", "Mittel nicht innerhalb von zwei Monaten verwendet"
        ZWECK = "zweck", "Zweck verfehlt oder Auflage nicht erfüllt"
        FREIWILLIG = "freiwillig", "Freiwillige Rückzahlung nicht verbrauchter Mittel"

    class Rechtsgrundlage(models.TextChoices):
        NEBENBESTIMMUNG = (
            "nebenbestimmung",
            "Erstattung nach § 49a Abs. 1 VwVfG NRW (Nebenbestimmung des Bescheids)",
        )
        WIDERRUF_ZUKUNFT = "widerruf_zukunft", "Widerruf für die Zukunft (§ 49 Abs. 3 VwVfG NRW)"
        WIDERRUF_VERGANGENHEIT = (
            "widerruf_vergangenheit",
            "Widerruf für die Vergangenheit (§ 49 Abs. 3 VwVfG NRW)",
        )
        RUECKNAHME = "ruecknahme", "Rücknahme (§ 48 VwVfG NRW)"

    class Status(models.TextChoices):
        ERFASST = "erfasst", "festgestellt, Verfahren noch nicht eingeleitet"
        ANHOERUNG = "anhoerung", "Anhörung"
        ENTSCHEIDUNG = "entscheidung", "Entscheidung vorgeschlagen"
        BESCHIEDEN = "beschieden", "Erstattungsbescheid erlassen"
        BEZAHLT = "bezahlt", "vollständig bezahlt"
        ERLASSEN = "erlassen", "nicht geltend gemacht (Bagatelle oder Verzicht)"
        EINGESTELLT = "eingestellt", "eingestellt"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung",
        verbose_name="Zuwendung",
        on_delete=models.PROTECT,
        related_name="rueckforderungen",
    )
    anlass = models.CharField("Anlass", max_length=30, choices=Anlass.choices)
    # Where it came from, e.g. "vn:12" or "aenderung:3": recording it twice changes nothing.
    quelle = models.CharField("Quelle", max_length=80, unique=True)
    betrag = Betrag("Erstattungsbetrag (Hauptforderung)")
    entstanden_am = models.DateField(
        "Erstattungsanspruch entstanden am",
        help_text="Ab diesem Tag wird der Erstattungsbetrag verzinst (§ 49a Abs. 3 VwVfG NRW).",
    )
    grund = models.TextField("Begründung", blank=True)
    # Part II: [{"empfaenger": name, "weiterleitung": pk or null, "betrag": "123.45"}, ...]
    aufteilung = models.JSONField("Aufteilung nach Letztempfängern", default=list, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.ERFASST)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Erfasst von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    erfasst_am = models.DateTimeField("Erfasst am", auto_now_add=True)
    # --- The Widerruf procedure (issue 21; zuwendungen.workflow.widerruf) ---
    rechtsgrundlage = models.CharField(
        "Rechtsgrundlage", max_length=30, choices=Rechtsgrundlage.choices, blank=True
    )
    widerruf_ab = models.DateField("Bescheid aufgehoben mit Wirkung ab", null=True, blank=True)
    kenntnis_am = models.DateField(
        "Kenntnis aller Tatsachen am",
        null=True,
        blank=True,
        help_text="Ab diesem Tag läuft die Jahresfrist (§ 48 Abs. 4, § 49 Abs. 3 S. 2 VwVfG NRW).",
    )
    jahresfrist_ende = models.DateField("Jahresfrist endet am", null=True, blank=True)
    anhoerung_text = models.TextField("Beabsichtigte Entscheidung und Gründe", blank=True)
    anhoerung_am = models.DateField("Anhörung vom", null=True, blank=True)
    anhoerung_frist = models.DateField("Frist zur Stellungnahme", null=True, blank=True)
    stellungnahme = models.TextField("Stellungnahme des Zuwendungsempfängers", blank=True)
    stellungnahme_am = models.DateTimeField("Stellungnahme eingegangen am", null=True, blank=True)
    ermessen = models.TextField("Ermessenserwägungen", blank=True)
    vorgeschlagen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Vorgeschlagen von", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    vorgeschlagen_am = models.DateTimeField("Vorgeschlagen am", null=True, blank=True)
    gezeichnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Gezeichnet von", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    bescheid_am = models.DateField("Erstattungsbescheid vom", null=True, blank=True)
    faellig_am = models.DateField("Zahlung fällig am", null=True, blank=True)
    kassenzeichen = models.CharField("Kassenzeichen", max_length=40, blank=True)
    bekanntgabe_am = models.DateField("Bekanntgegeben am", null=True, blank=True)
    bestandskraeftig_am = models.DateField("Bestandskräftig am", null=True, blank=True)
    erledigt_grund = models.TextField("Begründung des Verzichts oder der Einstellung", blank=True)
    erledigt_am = models.DateField("Erledigt am", null=True, blank=True)
    # A Klage against the Erstattungsbescheid: it is not final and is not enforced (no Mahnung)
    # while the Klage is pending (§ 80 Abs. 1 VwGO); zuwendungen.workflow.widerruf_klage.
    klage_erhoben_am = models.DateField("Klage erhoben am", null=True, blank=True)
    klage_gericht = models.CharField("Gericht", max_length=200, blank=True)
    klage_aktenzeichen = models.CharField("Aktenzeichen des Gerichts", max_length=60, blank=True)
    klage_ausgang = models.CharField(
        "Ausgang der Klage", max_length=30, choices=KlageAusgang.choices, blank=True
    )
    klage_entschieden_am = models.DateField("Klageverfahren beendet am", null=True, blank=True)
    # False for interest under § 49a Abs. 4 claimed as such: no interest on interest.
    verzinst = models.BooleanField("Erstattungszinsen laufen", default=True)
    version = models.PositiveIntegerField("Version", default=0)

    class Meta:
        verbose_name = "Rückforderung"
        verbose_name_plural = "Rückforderungen"
        ordering = ["zuwendung", "erfasst_am", "pk"]
        # Prüfung's list in its order, also filtered by state or overdue (issue 26).
        indexes = [models.Index(fields=["status", "jahresfrist_ende", "id"], name="rueckforderung_liste")]
        constraints = [
            models.CheckConstraint(condition=Q(betrag__gt=0), name="rueckforderung_betrag_positiv"),
            # Four eyes: whoever proposed the decision never signs it.
            models.CheckConstraint(
                condition=Q(gezeichnet_von__isnull=True)
                | Q(vorgeschlagen_von__isnull=True)
                | ~Q(gezeichnet_von=F("vorgeschlagen_von")),
                name="rueckforderung_vier_augen",
            ),
            # An outcome only with its day, and only for a recorded Klage.
            models.CheckConstraint(
                condition=(Q(klage_ausgang="") & Q(klage_entschieden_am__isnull=True))
                | (
                    ~Q(klage_ausgang="")
                    & Q(klage_entschieden_am__isnull=False)
                    & Q(klage_erhoben_am__isnull=False)
                ),
                name="rueckforderung_klage_ausgang_mit_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"Rückforderung {self.betrag} € ({self.get_anlass_display()})"

    @property
    def klage_anhaengig(self) -> bool:
        return self.klage_erhoben_am is not None and not self.klage_ausgang

    @property
    def offen_im_verfahren(self) -> bool:
        return self.status in (self.Status.ERFASST, self.Status.ANHOERUNG, self.Status.ENTSCHEIDUNG)
