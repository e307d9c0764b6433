"""Verwendungsnachweis (ANBest-G 7, ANBest-P 6) and its Prüfung (VV 11 zu § 44 LHO).

One row per proof: the final VN of a grant or a Zwischennachweis for one budget year. States
(table: zuwendungen.workflow.vn.UEBERGAENGE): entwurf → eingereicht → pruefung ⇄ nachforderung
→ vorgeschlagen → abgeschlossen (vorgeschlagen → pruefung when the signer returns it). The
figures the recipient enters live in ``zahlen`` (per Finanzierungsplan line), the reviewer's
checklist and findings in ``pruefvermerk``; the recognised grant is computed by
rules.verwendungsnachweis_* when the result is proposed and frozen in ``ergebnis``. Four eyes:
whoever proposes the result never signs it (function, view and constraint vn_vier_augen).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from komman.fields import NICHT_NEGATIV, Betrag
from komman.models import Unveraenderlich
from zuwendungen.models.mittelabruf import AusgestelltesSchreiben


def _user(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip


class VnStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "Eingereicht"
    PRUEFUNG = "pruefung", "In Prüfung"
    NACHFORDERUNG = "nachforderung", "Rückfrage an den Zuwendungsempfänger"
    VORGESCHLAGEN = "vorgeschlagen", "Ergebnis vorgeschlagen (wartet auf Zeichnung)"
    ABGESCHLOSSEN = "abgeschlossen", "Prüfung abgeschlossen"


# Waiting for the Bezirksregierung (the VN queue's default view "In Prüfung").
VN_OFFEN = (VnStatus.EINGEREICHT, VnStatus.PRUEFUNG, VnStatus.NACHFORDERUNG, VnStatus.VORGESCHLAGEN)


class Stichprobe(models.Model):
    """One draw of the vertiefte Prüfung's sample in a Förderperiode: seed, share, candidates and
    the drawn VNs are recorded, so anybody can repeat the draw with rules.stichprobe."""

    foerderperiode = models.ForeignKey(
        "programmteile.Foerderperiode", verbose_name="Förderperiode", on_delete=models.PROTECT,
        related_name="vn_stichproben",
    )  # fmt: skip
    seed = models.BigIntegerField("Startwert")
    prozent = models.PositiveSmallIntegerField("Anteil (%)")
    kandidaten = models.JSONField("Kandidaten (Verwendungsnachweise)", default=list)
    gezogen = models.JSONField("Gezogen (Verwendungsnachweise)", default=list)
    gezogen_von = _user("Gezogen von")
    gezogen_am = models.DateTimeField("Gezogen am", auto_now_add=True)

    class Meta:
        verbose_name = "Stichprobe"
        verbose_name_plural = "Stichproben"
        ordering = ["foerderperiode", "gezogen_am", "pk"]

    def __str__(self) -> str:
        return f"Stichprobe {self.prozent} % ({self.gezogen_am:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Unveraenderlich("Eine Stichprobe wird nie geändert.")
        super().save(*args, **kwargs)


class Verwendungsnachweis(models.Model):
    Status = VnStatus

    class Art(models.TextChoices):
        VN = "vn", "Verwendungsnachweis"
        ZWISCHEN = "zwischen", "Zwischennachweis"

    class Pruefart(models.TextChoices):
        KURSORISCH = "kursorisch", "kursorische Prüfung"
        VERTIEFT = "vertieft", "vertiefte Prüfung (Stichprobe)"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung", verbose_name="Zuwendung", on_delete=models.PROTECT,
        related_name="verwendungsnachweise",
    )  # fmt: skip
    art = models.CharField("Art", max_length=10, choices=Art.choices, default=Art.VN)
    fuer_jahr = models.PositiveSmallIntegerField("Haushaltsjahr (Zwischennachweis)", null=True, blank=True)
    status = models.CharField("Status", max_length=20, choices=VnStatus.choices, default=VnStatus.ENTWURF)
    version = models.PositiveIntegerField(default=1)
    # I. Sachbericht
    taetigkeiten = models.TextField("Durchgeführte Tätigkeiten", blank=True)
    beginn = models.DateField("Beginn der Maßnahme", null=True, blank=True)
    ende = models.DateField("Ende der Maßnahme", null=True, blank=True)
    personal = models.TextField("Eingesetztes Personal", blank=True)
    ergebnisse = models.TextField("Ergebnisse und Zielerreichung", blank=True)
    abweichungen = models.TextField("Abweichungen vom Plan und ihre Gründe", blank=True)
    # II. zahlenmäßiger Nachweis: {"einnahmen": {...}, "teil1"/"teil2"/"teil3": {...}} (Dezimaltexte)
    zahlen = models.JSONField("Zahlenmäßiger Nachweis", default=dict, blank=True)
    # III. Erklärungen
    erklaerung = models.BooleanField(
        "Die Ausgaben waren notwendig, es wurde wirtschaftlich und sparsam verfahren, und die Angaben "
        "stimmen mit den Büchern und Belegen überein.",
        default=False,
    )
    kommune_bestaetigt = models.BooleanField(
        "Die Kommune hat die Nachweise der Letztempfänger geprüft und bestätigt deren Angaben.", default=False
    )
    erstellt_von = _user("Erstellt von")
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)
    geaendert_am = models.DateTimeField("Geändert am", auto_now=True)
    eingereicht_von = _user("Eingereicht von")
    eingereicht_am = models.DateTimeField("Eingereicht am", null=True, blank=True)
    # Prüfung
    pruefart = models.CharField(
        "Prüfart", max_length=12, choices=Pruefart.choices, default=Pruefart.KURSORISCH
    )
    stichprobe = models.ForeignKey(
        Stichprobe, verbose_name="Stichprobe", null=True, blank=True, on_delete=models.PROTECT,
        related_name="verwendungsnachweise",
    )  # fmt: skip
    pruefvermerk = models.JSONField("Prüfvermerk", default=dict, blank=True)
    ergebnis = models.JSONField("Ergebnis (Zuwendungsrechner)", default=dict, blank=True)
    anerkannt = Betrag("Anerkannte Zuwendung", null=True, blank=True, validators=NICHT_NEGATIV)
    erstattung = Betrag("Erstattungsbetrag", null=True, blank=True, validators=NICHT_NEGATIV)
    vorgeschlagen_von = _user("Vorgeschlagen von")
    vorgeschlagen_am = models.DateTimeField("Vorgeschlagen am", null=True, blank=True)
    gezeichnet_von = _user("Gezeichnet von")
    gezeichnet_am = models.DateTimeField("Gezeichnet am", null=True, blank=True)
    # Late Zwischennachweis: Prüfung may decide that payouts wait (recorded, with its reason).
    auszahlung_gesperrt = models.BooleanField("Auszahlungen bis zur Vorlage zurückgehalten", default=False)
    sperrgrund = models.TextField("Grund der Zurückhaltung", blank=True)

    class Meta:
        verbose_name = "Verwendungsnachweis"
        verbose_name_plural = "Verwendungsnachweise"
        ordering = ["zuwendung", "art", "fuer_jahr", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["zuwendung"], condition=Q(art="vn"), name="vn_einer_je_zuwendung"
            ),
            models.UniqueConstraint(
                fields=["zuwendung", "fuer_jahr"], condition=Q(art="zwischen"), name="vn_zwischen_je_jahr"
            ),
            models.CheckConstraint(condition=Q(status__in=VnStatus.values), name="vn_status_gueltig"),
            models.CheckConstraint(
                condition=Q(gezeichnet_von__isnull=True) | ~Q(gezeichnet_von=F("vorgeschlagen_von")),
                name="vn_vier_augen",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "zuwendung"], name="vn_status"),
            # The VN queue, oldest submission first: a filter on one state, and the open ones
            # (a walk along one index instead of sorting every matching VN, issue 26).
            models.Index(fields=["status", "eingereicht_am", "id"], name="vn_status_eingang"),
            models.Index(
                fields=["eingereicht_am", "id"], condition=Q(status__in=VN_OFFEN), name="vn_offen_eingang"
            ),
        ]

    def __str__(self) -> str:
        titel = self.get_art_display() if self.art == self.Art.VN else f"Zwischennachweis {self.fuer_jahr}"
        return f"{titel} zu {self.zuwendung}"


class Beleg(models.Model):
    """One line of the Belegliste (imported as a whole from CSV/XLSX; a new import replaces it)."""

    verwendungsnachweis = models.ForeignKey(
        Verwendungsnachweis, on_delete=models.CASCADE, related_name="belege"
    )
    nr = models.PositiveIntegerField("Lfd. Nr.")
    datum = models.DateField("Zahlungsdatum")
    empfaenger = models.CharField("Zahlungsempfänger", max_length=200)
    grund = models.CharField("Grund der Zahlung", max_length=300)
    kategorie = models.CharField("Ausgabenart / Zeile", max_length=100, blank=True)
    betrag = Betrag("Betrag")

    class Meta:
        verbose_name = "Beleg"
        verbose_name_plural = "Belege"
        ordering = ["verwendungsnachweis", "nr", "pk"]

    def __str__(self) -> str:
        return f"Beleg {self.nr}: {self.empfaenger}"


class VnFrage(models.Model):
    """A question of the Prüfung to the recipient with a deadline (VN-Nachforderung)."""

    verwendungsnachweis = models.ForeignKey(
        Verwendungsnachweis, on_delete=models.PROTECT, related_name="fragen"
    )
    frage = models.TextField("Frage")
    frist = models.DateField("Antwort bis")
    gestellt_von = _user("Gestellt von")
    gestellt_am = models.DateTimeField("Gestellt am", auto_now_add=True)
    antwort = models.TextField("Antwort", blank=True)
    beantwortet_von = _user("Beantwortet von")
    beantwortet_am = models.DateTimeField("Beantwortet am", null=True, blank=True)

    class Meta:
        verbose_name = "Frage zum Verwendungsnachweis"
        verbose_name_plural = "Fragen zum Verwendungsnachweis"
        ordering = ["verwendungsnachweis", "gestellt_am", "pk"]

    def __str__(self) -> str:
        return f"Frage vom {self.gestellt_am:%d.%m.%Y}"


class VnSchreiben(AusgestelltesSchreiben, models.Model):
    """A letter of the VN process (Mahnung, Nachforderung, Abschlussmitteilung): the snapshot in
    the transaction, the PDF once after commit; never changed (a correction is a new letter)."""

    class Art(models.TextChoices):
        MAHNUNG = "vn_mahnung", "Mahnung Verwendungsnachweis"
        NACHFORDERUNG = "vn_nachforderung", "Rückfrage zum Verwendungsnachweis"
        ABSCHLUSS = "vn_abschluss", "Abschlussmitteilung"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung", on_delete=models.PROTECT, related_name="vn_schreiben"
    )
    verwendungsnachweis = models.ForeignKey(
        Verwendungsnachweis, null=True, blank=True, on_delete=models.PROTECT, related_name="schreiben"
    )
    art = models.CharField("Art", max_length=20, choices=Art.choices)
    nummer = models.PositiveSmallIntegerField("Nummer", default=1)
    daten = models.JSONField("Daten", default=dict)
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    class Meta:
        verbose_name = "Schreiben zum Verwendungsnachweis"
        verbose_name_plural = "Schreiben zum Verwendungsnachweis"
        ordering = ["zuwendung", "erstellt_am", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["zuwendung", "art", "nummer"], name="vn_schreiben_nummer")
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.nummer} zu {self.zuwendung}"
