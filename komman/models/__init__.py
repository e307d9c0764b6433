"""People and organisations: users, Kommunen, Träger, the Bezirksregierung and roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone


class User(AbstractUser):
    """A person who logs in. What they may do comes from their Mitgliedschaften."""

    # Who created the account (komman/konten.py): an account invited by the person who proposed
    # a decision may not sign it (separation of duties, docs/sicherheit.md). Empty for seeded ones.
    eingeladen_von = models.ForeignKey(
        "self",
        verbose_name="Eingeladen von",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    eingeladen_am = models.DateTimeField("Eingeladen am", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "Benutzer*in"
        verbose_name_plural = "Benutzer*innen"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


from komman.models.rolle import ANTRAGSTELLER_ROLLEN, BEZIRKSREGIERUNG_ROLLEN, Rolle  # noqa: E402


class OrganisationQuerySet(models.QuerySet):
    def kommunen(self) -> OrganisationQuerySet:
        return self.filter(art=Organisation.Art.KOMMUNE)

    def traeger(self) -> OrganisationQuerySet:
        return self.filter(art=Organisation.Art.TRAEGER)

    def of_user(self, user) -> OrganisationQuerySet:
        """The organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(mitgliedschaften__user=user).distinct()

    def visible_to(self, user) -> OrganisationQuerySet:
        """The Bezirksregierung sees every organisation, everyone else their own (one query).

        As komman.permissions.is_bezirksregierung decides it (an active member of the
        Bezirksregierung in any role), written as a query: permissions imports this module.
        """
        if not user.is_authenticated:
            return self.none()
        if not user.is_active:
            return self.of_user(user)
        eigene = Mitgliedschaft.objects.filter(user=user)
        bezirksregierung = eigene.filter(organisation__art=Organisation.Art.BEZIRKSREGIERUNG)
        return self.filter(Exists(bezirksregierung) | Q(pk__in=eigene.values("organisation_id")))


class Organisation(models.Model):
    class Art(models.TextChoices):
        KOMMUNE = "kommune", "Kommune"
        TRAEGER = "traeger", "Träger der Freien Wohlfahrtspflege"
        BEZIRKSREGIERUNG = "bezirksregierung", "Bewilligungsbehörde"

    class Kommunentyp(models.TextChoices):
        KREIS = "kreis", "Kreis"
        KREISFREIE_STADT = "kreisfreie_stadt", "Kreisfreie Stadt"
        STAEDTEREGION = "staedteregion", "StädteRegion"
        STADT = "stadt", "Stadt (mit eigenem KI)"

    name = models.CharField("Name", max_length=200)
    art = models.CharField("Art", max_length=20, choices=Art.choices)
    kommunentyp = models.CharField(
        "Gebietskörperschaft", max_length=20, choices=Kommunentyp.choices, blank=True
    )
    kreisschluessel = models.CharField(
        "Kreisschlüssel", max_length=8, blank=True, help_text="Die ersten fünf Stellen des AGS, z. B. 05913."
    )
    regierungsbezirk = models.CharField("Regierungsbezirk", max_length=40, blank=True)
    einwohner_2011 = models.PositiveIntegerField("Einwohner (Zensus 2011)", null=True, blank=True)
    einwohner_2022 = models.PositiveIntegerField("Einwohner (Zensus 2022)", null=True, blank=True)
    verwaltungsgericht = models.CharField(
        "Verwaltungsgericht",
        max_length=40,
        blank=True,
        help_text="Zuständig für Klagen gegen Bescheide (Sitz).",
    )
    teil_von = models.ForeignKey(
        "self", verbose_name="Teil von", null=True, blank=True, on_delete=models.PROTECT, related_name="teile"
    )
    spitzenverband = models.ForeignKey(
        "self",
        verbose_name="Spitzenverband",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mitglieder",
        help_text="Für Träger: der Spitzenverband der Freien Wohlfahrtspflege, dem er angehört.",
    )
    strasse = models.CharField("Straße und Hausnummer", max_length=200, blank=True)
    plz = models.CharField("PLZ", max_length=5, blank=True)
    ort = models.CharField("Ort", max_length=100, blank=True)
    email = models.EmailField("E-Mail für Bescheide", blank=True)
    kreis = models.ForeignKey(
        "self", verbose_name="Kreis oder kreisfreie Stadt des Sitzes", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"art": "kommune"},
        help_text="Für Träger: bestimmt das zuständige Verwaltungsgericht (§ 52 Nr. 3 VwGO).",
    )
    anmerkung = models.TextField("Anmerkung", blank=True)
    aktiv = models.BooleanField("Aktiv", default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "Organisation"
        verbose_name_plural = "Organisationen"
        ordering = ["art", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=["kommune", "traeger", "bezirksregierung"]),
                name="organisation_art_gueltig",
            ),
            models.UniqueConstraint(
                fields=["kreisschluessel"],
                condition=~Q(kreisschluessel=""),
                name="organisation_kreisschluessel_eindeutig",
            ),
        ]

    def __str__(self) -> str:
        if self.art == self.Art.KOMMUNE and self.kommunentyp in (self.Kommunentyp.KREIS,):
            return self.name if "kreis" in self.name.lower() else f"Kreis {self.name}"
        if self.art == self.Art.KOMMUNE and self.kommunentyp in (
            self.Kommunentyp.KREISFREIE_STADT,
            self.Kommunentyp.STADT,
        ):
            return f"Stadt {self.name}"
        return self.name

    @property
    def einwohner(self) -> int | None:
        """The latest known population figure."""
        return self.einwohner_2022 or self.einwohner_2011

    @property
    def anschrift(self) -> str:
        return ", ".join(part for part in (self.strasse, f"{self.plz} {self.ort}".strip()) if part)

    @property
    def ist_kommune(self) -> bool:
        return self.art == self.Art.KOMMUNE


class Mitgliedschaft(models.Model):
    """User × Organisation × Rolle: one row per role a person holds somewhere."""

    user = models.ForeignKey(
        User, verbose_name="Benutzer*in", on_delete=models.CASCADE, related_name="mitgliedschaften"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="Organisation", on_delete=models.PROTECT, related_name="mitgliedschaften"
    )
    rolle = models.CharField("Rolle", max_length=30, choices=Rolle.choices)
    seit = models.DateTimeField("Seit", auto_now_add=True)

    class Meta:
        verbose_name = "Mitgliedschaft"
        verbose_name_plural = "Mitgliedschaften"
        ordering = ["organisation__name", "user__username", "rolle"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "rolle"], name="mitgliedschaft_eindeutig"
            ),
            models.CheckConstraint(condition=Q(rolle__in=Rolle.values), name="mitgliedschaft_rolle_gueltig"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_rolle_display()} – {self.organisation}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation_id is None or not self.rolle:
            return
        br = self.organisation.art == Organisation.Art.BEZIRKSREGIERUNG
        if br and self.rolle not in BEZIRKSREGIERUNG_ROLLEN:
            raise ValidationError(
                {
                    "rolle": "An der Bewilligungsbehörde gibt es nur die Rollen Prüfung, Zeichnung und Administration."
                }
            )
        if not br and self.rolle not in ANTRAGSTELLER_ROLLEN:
            raise ValidationError(
                {
                    "rolle": "Bei Kommunen und Trägern gibt es nur die Rollen Sachbearbeitung und Zeichnungsberechtigte*r."
                }
            )


from komman.models.konten import Rollenfreigabe  # noqa: E402, F401
from komman.models.protokoll import NurAnhaengen, NurAnhaengenQuerySet, Protokolleintrag, Unveraenderlich  # noqa: E402, F401


class Barrierefreiheitsmeldung(models.Model):
    """Feedback on barriers in the portal (BITV NRW § 9 Abs. 2: Feedback-Mechanismus).

    Public: anyone may send one without logging in; the Administration reads them.
    """

    nachricht = models.TextField(
        "Ihre Nachricht", help_text="Was funktioniert nicht oder ist schwer zu nutzen?"
    )
    seite = models.CharField(
        "Betroffene Seite",
        max_length=500,
        blank=True,
        help_text="Adresse oder Name der Seite, zum Beispiel „Antrag Teil I“.",
    )
    name = models.CharField("Ihr Name", max_length=200, blank=True)
    email = models.EmailField(
        "Ihre E-Mail-Adresse", blank=True, help_text="Nur nötig, wenn Sie eine Antwort möchten."
    )
    eingegangen_am = models.DateTimeField("Eingegangen am", auto_now_add=True)

    class Meta:
        verbose_name = "Rückmeldung zur Barrierefreiheit"
        verbose_name_plural = "Rückmeldungen zur Barrierefreiheit"
        ordering = ["-eingegangen_am", "-pk"]

    def __str__(self) -> str:

        if not self.eingegangen_am:
            return "Rückmeldung"
        return f"Rückmeldung vom {timezone.localtime(self.eingegangen_am):%d.%m.%Y %H:%M}"


# --- Hintergrund: outbox, worker heartbeats, periodic runs (komman/hintergrund/models.py) ---
from komman.hintergrund.models import Arbeiter, Mail, Planlauf  # noqa: E402, F401
from komman.kalender import Kalenderzugang  # noqa: E402, F401
from komman.sitzung import GesicherteEingabe  # noqa: E402, F401
