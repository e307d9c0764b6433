"""Letterhead and notice texts: administration data, versioned."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from programmteile.models.perioden import Foerderperiode


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
        stichtag = stichtag or timezone.localdate()
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
        "Verwaltungsgericht {gericht} erhoben werden. Die Klage ist schriftlich oder zur Niederschrift der "
        "Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle des Gerichts zu erheben; sie kann auch als "
        "elektronisches Dokument nach Maßgabe des § 55a VwGO eingereicht werden.",
        help_text="{gericht} wird durch Sitz und Anschrift des Verwaltungsgerichts am Sitz des "
        "Zuwendungsempfängers ersetzt.",
    )
    # VV 4.2.9: the numbers of the ANBest declared not applicable or modified (per period).
    anbest_abweichungen_kommune = models.TextField(
        "Abweichungen von der ANBest-G (Nr. 4.2.9 VV)",
        default="Von den ANBest-G werden keine Nummern für nicht anwendbar erklärt oder geändert.",
        help_text="Welche Nummern der ANBest-G nicht gelten oder geändert werden; steht unter II. Nebenbestimmungen.",
    )
    anbest_abweichungen_traeger = models.TextField(
        "Abweichungen von der ANBest-P (Nr. 4.2.9 VV)",
        default="Von den ANBest-P werden keine Nummern für nicht anwendbar erklärt oder geändert.",
        help_text="Welche Nummern der ANBest-P nicht gelten oder geändert werden; steht unter II. Nebenbestimmungen.",
    )
    # III. Hinweise, by recipient type (issue 17 item 8); a blank text leaves the note out.
    hinweis_erstattung = models.TextField(
        "Hinweis Widerruf, Erstattung und Zinsen",
        default="Der Bescheid kann nach §§ 48, 49 VwVfG NRW ganz oder teilweise mit Wirkung auch für die "
        "Vergangenheit zurückgenommen oder widerrufen werden, insbesondere wenn die Zuwendung nicht oder nicht "
        "mehr für den Zuwendungszweck verwendet wird oder Auflagen nicht oder nicht fristgerecht erfüllt werden. "
        "Der zu erstattende Betrag ist nach § 49a Abs. 3 VwVfG NRW vom Eintritt der Unwirksamkeit des Bescheides "
        "an mit fünf Prozentpunkten über dem Basiszinssatz (§ 247 BGB) jährlich zu verzinsen.\n\n"
        "Werden ausgezahlte Beträge nicht innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen "
        "verwendet, können für die Zeit von der Auszahlung bis zur zweckentsprechenden Verwendung Zinsen in Höhe "
        "von fünf Prozentpunkten über dem Basiszinssatz jährlich verlangt werden (§ 49a Abs. 4 VwVfG NRW, "
        "Nr. 8.5 VV/VVG zu § 44 LHO).",
    )
    hinweis_subventionsbetrug = models.TextField(
        "Hinweis Subventionsbetrug (nur Träger)",
        blank=True,
        default="Die Angaben im Antrag, in den Mittelabrufen und im Verwendungsnachweis, von denen die "
        "Bewilligung, Gewährung, Rückforderung, Weitergewährung oder das Belassen der Zuwendung abhängt, sind "
        "subventionserhebliche Tatsachen im Sinne des § 264 Strafgesetzbuch in Verbindung mit § 2 "
        "Subventionsgesetz und dem Landessubventionsgesetz NRW. Falsche oder unvollständige Angaben können als "
        "Subventionsbetrug strafbar sein; Sie sind verpflichtet, Änderungen dieser Tatsachen unverzüglich "
        "mitzuteilen.",
        help_text="Steht nur in Bescheiden an Träger, nie an Kommunen (§ 264 Abs. 8 StGB). Leer: kein Hinweis im "
        "Bescheid und keine Erklärung zu subventionserheblichen Tatsachen beim Einreichen, etwa wenn die "
        "Förderung nicht der Förderung der Wirtschaft dient (§ 264 Abs. 8 Nr. 1 StGB).",
    )
    hinweis_elektronisch = models.TextField(
        "Hinweis elektronisches Schreiben",
        blank=True,
        default="Dieses Schreiben wurde elektronisch erstellt und Ihnen im Förderportal bereitgestellt. Es trägt "
        "die Namenswiedergabe der zeichnenden Person und ist ohne Unterschrift gültig (§ 37 Abs. 3 und 5 "
        "VwVfG NRW).",
        help_text="Steht unter jedem Schreiben. Leer: kein Hinweis.",
    )
    hinweis_datenschutz = models.TextField(
        "Hinweis Datenschutz",
        blank=True,
        default="Die Bezirksregierung Arnsberg verarbeitet die personenbezogenen Daten aus dem Antrag und den "
        "Nachweisen zur Durchführung des Zuwendungsverfahrens und zur Erfolgskontrolle auf Grundlage von "
        "Art. 6 Abs. 1 Unterabs. 1 Buchst. e und Abs. 3 DSGVO in Verbindung mit § 3 Datenschutzgesetz NRW und "
        "§§ 23, 44 LHO. Die Informationen nach Art. 13 DSGVO (Verantwortliche, Datenschutzbeauftragte, "
        "Speicherdauer, Ihre Rechte) stehen in der Datenschutzerklärung des Förderportals.",
    )
    erstellt_am = models.DateTimeField("Erstellt am", auto_now_add=True)

    TEXTFELDER = (
        "rechtsgrundlage",
        "nebenbestimmungen_kommune",
        "nebenbestimmungen_traeger",
        "anbest_abweichungen_kommune",
        "anbest_abweichungen_traeger",
        "programmbedingungen",
        "hinweise",
        "hinweis_erstattung",
        "hinweis_subventionsbetrug",
        "hinweis_elektronisch",
        "hinweis_datenschutz",
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
