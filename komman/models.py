"""People and organisations: users, Kommunen, Träger, the Bezirksregierung and roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone


class User(AbstractUser):
    """A person who logs in. What they may do comes from their Mitgliedschaften."""

    class Meta:
        verbose_name = "Benutzer*in"
        verbose_name_plural = "Benutzer*innen"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Rolle(models.TextChoices):
    """Every role of the portal, in one place (DESIGN.md §4)."""

    SACHBEARBEITUNG = "sachbearbeitung", "Sachbearbeitung"
    ZEICHNUNGSBERECHTIGT = "zeichnungsberechtigt", "Zeichnungsberechtigte*r"
    PRUEFUNG = "pruefung", "Prüfung"
    ZEICHNUNG = "zeichnung", "Zeichnung (Vier-Augen-Prinzip)"
    ADMIN = "admin", "Administration"


ANTRAGSTELLER_ROLLEN = (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNGSBERECHTIGT)
BEZIRKSREGIERUNG_ROLLEN = (Rolle.PRUEFUNG, Rolle.ZEICHNUNG, Rolle.ADMIN)


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
    email = models.EmailField("E-Mail", blank=True)
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


# --- Sicherheit: audit log (komman/audit.py, docs/sicherheit.md) ---


class Unveraenderlich(TypeError, ValueError):
    """An append-only record was to be changed or deleted (audit log, Änderungsprotokoll,
    issued documents). A TypeError and a ValueError, as the records raised before."""


class NurAnhaengenQuerySet(models.QuerySet):
    """Bulk changes are refused like single ones (the database refuses too, where a trigger exists)."""

    def update(self, **kwargs):
        raise Unveraenderlich(self.model.NIE_GEAENDERT)

    def delete(self):
        raise Unveraenderlich(self.model.NIE_GELOESCHT)


class NurAnhaengen(models.Model):
    """Append-only records: written once, never changed or deleted (one pattern for all).

    Subclasses name what they refuse in German (NIE_GEAENDERT, NIE_GELOESCHT).
    """

    NIE_GEAENDERT = "Dieser Eintrag wird nie geändert."
    NIE_GELOESCHT = "Dieser Eintrag wird nie gelöscht."

    objects = NurAnhaengenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Unveraenderlich(self.NIE_GEAENDERT)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich(self.NIE_GELOESCHT)


class Protokolleintrag(NurAnhaengen):
    """Who saw, downloaded or changed what, and when. Written once, never changed or deleted."""

    class Aktion(models.TextChoices):
        ANMELDUNG = "anmeldung", "Anmeldung"
        ANMELDUNG_FEHLGESCHLAGEN = "anmeldung_fehlgeschlagen", "Anmeldung fehlgeschlagen"
        ABMELDUNG = "abmeldung", "Abmeldung"
        SPERRE = "sperre", "Anmeldung gesperrt (zu viele Fehlversuche)"
        ZWEI_FAKTOR_BESTAETIGT = "2fa_bestaetigt", "Zweiter Faktor bestätigt"
        ZWEI_FAKTOR_FEHLGESCHLAGEN = "2fa_fehlgeschlagen", "Zweiter Faktor falsch"
        ZWEI_FAKTOR_EINGERICHTET = "2fa_eingerichtet", "Zwei-Faktor-Anmeldung eingerichtet"
        ERSATZCODES_ERZEUGT = "ersatzcodes_erzeugt", "Ersatzcodes neu erzeugt"
        ZWEI_FAKTOR_ENTFERNT = "2fa_entfernt", "Zwei-Faktor-Anmeldung entfernt"
        ZWEI_FAKTOR_ZURUECKGESETZT = (
            "2fa_zurueckgesetzt",
            "Zwei-Faktor-Anmeldung zurückgesetzt (Administration)",
        )
        ANGESEHEN = "angesehen", "Angesehen"
        HERUNTERGELADEN = "heruntergeladen", "Heruntergeladen"
        HOCHGELADEN = "hochgeladen", "Hochgeladen"
        ENTFERNT = "entfernt", "Entfernt"
        BETRAG_GEAENDERT = "betrag_geaendert", "Betrag geändert"
        PROTOKOLL_DURCHSUCHT = "protokoll_durchsucht", "Protokoll durchsucht"
        PERIODE_GEOEFFNET = "periode_geoeffnet", "Förderperiode geöffnet"
        PERIODE_GESCHLOSSEN = "periode_geschlossen", "Förderperiode geschlossen"
        BASISZINS_GEAENDERT = "basiszins_geaendert", "Basiszinssatz geändert"

    wann = models.DateTimeField("Wann", default=timezone.now, db_index=True, editable=False)
    wer = models.ForeignKey(
        User,
        verbose_name="Wer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Leer bei Vorgängen ohne Anmeldung (z. B. fehlgeschlagene Anmeldung, Systemlauf).",
    )
    wer_name = models.CharField(
        "Benutzername", max_length=150, blank=True, editable=False, help_text="Zum Zeitpunkt des Eintrags."
    )
    aktion = models.CharField("Aktion", max_length=40, choices=Aktion.choices, db_index=True, editable=False)
    objekt_typ = models.CharField("Objekttyp", max_length=100, blank=True, editable=False)
    objekt_id = models.CharField("Objekt-ID", max_length=64, blank=True, editable=False)
    details = models.JSONField("Details", default=dict, blank=True, encoder=DjangoJSONEncoder, editable=False)
    ip = models.GenericIPAddressField("IP-Adresse", null=True, blank=True, editable=False)

    NIE_GEAENDERT = "Protokolleinträge werden nie geändert."
    NIE_GELOESCHT = "Protokolleinträge werden nie gelöscht."

    class Meta:
        verbose_name = "Protokolleintrag"
        verbose_name_plural = "Protokoll"
        ordering = ["-wann", "-id"]
        indexes = [
            models.Index(fields=["objekt_typ", "objekt_id", "-wann"], name="protokoll_objekt"),
            models.Index(fields=["wer", "-wann"], name="protokoll_wer"),
        ]

    def __str__(self) -> str:
        return f"{self.wann:%d.%m.%Y %H:%M} {self.wer_name or '–'}: {self.get_aktion_display()}"

    def _model(self):
        from django.apps import apps

        try:
            return apps.get_model(self.objekt_typ) if self.objekt_typ else None
        except (LookupError, ValueError):
            return None

    @property
    def objekt_anzeige(self) -> str:
        """'Antrag 42' instead of 'antraege.antrag 42'."""
        if not self.objekt_typ:
            return ""
        model = self._model()
        name = str(model._meta.verbose_name) if model else self.objekt_typ
        return f"{name} {self.objekt_id}"

    def details_zeilen(self) -> list[str]:
        """The details in words: amounts as 1.234,56 €, field names as on the forms."""
        from komman.formate import euro

        def betrag(wert) -> str:
            if wert in (None, ""):
                return "–"
            try:
                return euro(wert)
            except Exception:
                return str(wert)

        details = self.details if isinstance(self.details, dict) else {"details": self.details}
        model = self._model()
        zeilen = []
        for feld, werte in (details.get("felder") or {}).items():
            try:
                name = str(model._meta.get_field(feld).verbose_name) if model else feld
            except Exception:
                name = feld
            werte = werte if isinstance(werte, dict) else {}
            zeilen.append(f"{name}: {betrag(werte.get('alt'))} → {betrag(werte.get('neu'))}")
        if details.get("neu_angelegt"):
            zeilen.append("neu angelegt")
        for schluessel, wert in details.items():
            if schluessel not in ("felder", "neu_angelegt"):
                zeilen.append(f"{schluessel}: {wert}")
        return zeilen


# --- Ende Sicherheit ---


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
        from django.utils import timezone

        if not self.eingegangen_am:
            return "Rückmeldung"
        return f"Rückmeldung vom {timezone.localtime(self.eingegangen_am):%d.%m.%Y %H:%M}"
