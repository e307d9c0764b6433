"""Änderungsantrag and Änderungsbescheid: a change of a final grant (issue 19, DOMAIN.md §4a "Änderung").

States (the table is ``zuwendungen.workflow.aenderung.UEBERGAENGE``): entwurf → eingereicht →
in_pruefung → (anhoerung →) vorgeschlagen → beschieden → bestandskraeftig; entwurf, eingereicht,
in_pruefung and anhoerung → zurueckgezogen. A change Prüfung starts on its own (``von_amts_wegen``)
begins in in_pruefung. Four eyes: whoever proposed never signs (function, view and the
constraint ``aenderung_vier_augen``). One open change per grant (``aenderung_eine_offen``).

What changes is stored in ``angaben`` (JSON, per Art; see workflow.aenderung.rechnung), every
figure comes from ``programmteile.rules``. The grant's history lives in these rows: the
original notice on the Antrag, each final change here (``bescheid_am``, ``neu_bewilligt``,
``neu_bis``); ``Zuwendung.bewilligt`` is the grant valid today.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from komman.fields import NICHT_NEGATIV, Betrag
from komman.models import NurAnhaengen
from zuwendungen.models.mittelabruf import AusgestelltesSchreiben


class AenderungStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "Eingereicht"
    IN_PRUEFUNG = "in_pruefung", "In Prüfung"
    ANHOERUNG = "anhoerung", "Anhörung"
    VORGESCHLAGEN = "vorgeschlagen", "Entscheidung vorgeschlagen (wartet auf Zeichnung)"
    BESCHIEDEN = "beschieden", "Beschieden (Änderungsbescheid erlassen)"
    BESTANDSKRAEFTIG = "bestandskraeftig", "Bestandskräftig"
    ZURUECKGEZOGEN = "zurueckgezogen", "Zurückgezogen"

    @classmethod
    def offen(cls) -> tuple[str, ...]:
        """Not yet decided: at most one per grant."""
        return (cls.ENTWURF, cls.EINGEREICHT, cls.IN_PRUEFUNG, cls.ANHOERUNG, cls.VORGESCHLAGEN)


def _user(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip


class Aenderungsantrag(models.Model):
    Status = AenderungStatus

    class Art(models.TextChoices):
        UNBESETZT = "unbesetzt", "Stellen unbesetzt oder später besetzt (Programmteil I)"
        EINHEITEN = "einheiten", "Einheiten, Bausteine oder Letztempfänger (Programmteil II)"
        KOSTEN = "kosten", "Maßnahmen, Kosten und Finanzierungsplan (Programmteil III)"
        VERLAENGERUNG = "verlaengerung", "Verlängerung des Bewilligungszeitraums"
        VERZICHT = "verzicht", "Verzicht auf einen Teil der Zuwendung"

    class Ergebnis(models.TextChoices):
        VOLL = "voll", "Änderung wie beantragt"
        TEILWEISE = "teilweise", "Änderung teilweise"
        ABGELEHNT = "abgelehnt", "Änderung abgelehnt"

    zuwendung = models.ForeignKey(
        "zuwendungen.Zuwendung",
        verbose_name="Zuwendung",
        on_delete=models.PROTECT,
        related_name="aenderungen",
    )
    nummer = models.PositiveSmallIntegerField("Nummer")
    art = models.CharField("Art der Änderung", max_length=20, choices=Art.choices)
    status = models.CharField("Status", max_length=20, choices=AenderungStatus.choices, default="entwurf")
    von_amts_wegen = models.BooleanField("Von Amts wegen (durch die Prüfung)", default=False)
    angaben = models.JSONField("Angaben zur Änderung", default=dict, blank=True)
    begruendung = models.TextField("Begründung des Antrags", blank=True)
    # The state of the grant when the change was asked for, and what was asked (rules' figures).
    bewilligt_vorher = Betrag("Zuwendung vor der Änderung", validators=NICHT_NEGATIV)
    bis_vorher = models.DateField("Bewilligungszeitraum bis (vor der Änderung)")
    beantragt_neu = Betrag("Beantragte neue Zuwendung", null=True, blank=True, validators=NICHT_NEGATIV)
    bis_beantragt = models.DateField("Beantragter Bewilligungszeitraum bis", null=True, blank=True)
    # Anhörung (§ 28 VwVfG NRW) before anything worse than asked.
    anhoerung_text = models.TextField("Anhörung: beabsichtigte Entscheidung", blank=True)
    anhoerung_betrag = Betrag("Anhörung: beabsichtigte Zuwendung", null=True, blank=True)
    anhoerung_frist = models.DateField("Frist zur Stellungnahme", null=True, blank=True)
    stellungnahme = models.TextField("Stellungnahme", blank=True)
    stellungnahme_am = models.DateTimeField("Stellungnahme am", null=True, blank=True)
    # Decision
    ergebnis = models.CharField("Ergebnis", max_length=20, choices=Ergebnis.choices, blank=True)
    neu_bewilligt = Betrag("Neue Zuwendung", null=True, blank=True, validators=NICHT_NEGATIV)
    neu_bis = models.DateField("Neuer Bewilligungszeitraum bis", null=True, blank=True)
    entscheidungsgruende = models.TextField("Gründe der Entscheidung", blank=True)
    # Bekanntgabe and Bestandskraft of the Änderungsbescheid (rules.bekanntgabe_*, rules.bestandskraft).
    bescheid_am = models.DateField("Änderungsbescheid vom", null=True, blank=True)
    bekanntgegeben_am = models.DateField("Bekanntgegeben am", null=True, blank=True)
    abgerufen_am = models.DateTimeField("Erstmals abgerufen am", null=True, blank=True)
    zur_post_am = models.DateField("Zur Post gegeben am", null=True, blank=True)
    verzicht_am = models.DateField("Rechtsbehelfsverzicht eingegangen am", null=True, blank=True)
    bestandskraeftig_am = models.DateField("Bestandskräftig seit", null=True, blank=True)
    erstellt_von = _user("Angelegt von")
    erstellt_am = models.DateTimeField("Angelegt am", auto_now_add=True)
    eingereicht_von = _user("Eingereicht von")
    eingereicht_am = models.DateTimeField("Eingereicht am", null=True, blank=True)
    vorgeschlagen_von = _user("Vorgeschlagen von")
    vorgeschlagen_am = models.DateTimeField("Vorgeschlagen am", null=True, blank=True)
    gezeichnet_von = _user("Gezeichnet von")
    gezeichnet_am = models.DateTimeField("Gezeichnet am", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "Änderungsantrag"
        verbose_name_plural = "Änderungsanträge"
        ordering = ["zuwendung", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["zuwendung", "nummer"], name="aenderung_nummer_eindeutig"),
            models.UniqueConstraint(
                fields=["zuwendung"],
                condition=Q(
                    status__in=["entwurf", "eingereicht", "in_pruefung", "anhoerung", "vorgeschlagen"]
                ),
                name="aenderung_eine_offen",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AenderungStatus.values), name="aenderung_status_gueltig"
            ),
            # Four eyes: whoever proposed the decision never signs it.
            models.CheckConstraint(
                condition=Q(gezeichnet_von__isnull=True) | ~Q(gezeichnet_von=F("vorgeschlagen_von")),
                name="aenderung_vier_augen",
            ),
            models.CheckConstraint(
                condition=Q(neu_bewilligt__isnull=True) | Q(neu_bewilligt__gte=0),
                name="aenderung_neu_nicht_negativ",
            ),
        ]

    def __str__(self) -> str:
        return f"Änderungsantrag {self.nummer} zu {self.zuwendung}"

    @property
    def offen(self) -> bool:
        return self.status in AenderungStatus.offen()


class AenderungSchritt(NurAnhaengen):
    """One row per step of a change (the file of the change): who, when, from, to, why."""

    aenderung = models.ForeignKey(Aenderungsantrag, on_delete=models.PROTECT, related_name="schritte")
    von = models.CharField("Von", max_length=20, choices=AenderungStatus.choices, blank=True)
    nach = models.CharField("Nach", max_length=20, choices=AenderungStatus.choices)
    wer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    wann = models.DateTimeField("Wann", auto_now_add=True)
    grund = models.TextField("Grund / Bemerkung", blank=True)
    betrag = Betrag("Betrag", null=True, blank=True)
    intern = models.BooleanField("Intern", default=False)

    NIE_GEAENDERT = "Ein Schritt eines Änderungsantrags wird nie geändert."
    NIE_GELOESCHT = "Ein Schritt eines Änderungsantrags wird nie gelöscht."

    class Meta:
        verbose_name = "Schritt eines Änderungsantrags"
        verbose_name_plural = "Schritte von Änderungsanträgen"
        ordering = ["aenderung", "wann", "pk"]

    def __str__(self) -> str:
        return f"{self.aenderung}: {self.get_von_display() or '–'} → {self.get_nach_display()}"


class Aenderungsbescheid(AusgestelltesSchreiben, models.Model):
    """The Änderungsbescheid: snapshot of every fact it states in the transaction that signs the
    change, the PDF once after commit; never edited (a correction is a new change)."""

    aenderung = models.OneToOneField(
        Aenderungsantrag, verbose_name="Änderungsantrag", on_delete=models.PROTECT, related_name="bescheid"
    )
    daten = models.JSONField("Daten", default=dict)
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    class Meta:
        verbose_name = "Änderungsbescheid"
        verbose_name_plural = "Änderungsbescheide"
        ordering = ["erstellt_am", "pk"]

    def __str__(self) -> str:
        return f"Änderungsbescheid zu {self.aenderung}"

    @property
    def fertig(self) -> bool:
        return bool(self.sha256)
