"""The audit log and the append-only pattern (komman/audit.py, docs/sicherheit.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

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
        STAMMDATEN_GEAENDERT = "stammdaten_geaendert", "Stammdaten geändert"
        BASISZINS_GEAENDERT = "basiszins_geaendert", "Basiszinssatz geändert"
        # Accounts and roles (komman/konten.py): each one also a mail to the person and the admins.
        EINGELADEN = "eingeladen", "Konto angelegt (Einladung)"
        ROLLE_BEANTRAGT = "rolle_beantragt", "Rolle beantragt (wartet auf Bestätigung)"
        ROLLE_ERTEILT = "rolle_erteilt", "Rolle erteilt"
        ROLLE_ABGELEHNT = "rolle_abgelehnt", "Rollenantrag abgelehnt"
        ROLLE_ENTZOGEN = "rolle_entzogen", "Rolle entzogen"
        KONTO_AKTIVIERT = "konto_aktiviert", "Konto aktiviert"
        KONTO_DEAKTIVIERT = "konto_deaktiviert", "Konto deaktiviert"
        PASSWORT_GESETZT = "passwort_gesetzt", "Passwort festgelegt (Link)"
        PASSWORT_GEAENDERT = "passwort_geaendert", "Passwort geändert"
        PASSWORT_ANGEFORDERT = "passwort_angefordert", "Link zum Zurücksetzen des Passworts angefordert"

    wann = models.DateTimeField("Wann", default=timezone.now, db_index=True, editable=False)
    wer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
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

        def wort(wert) -> str:
            return "–" if wert in (None, "") else str(wert)

        details = self.details if isinstance(self.details, dict) else {"details": self.details}
        model = self._model()
        zeilen = []
        for feld, werte in (details.get("felder") or {}).items():
            try:
                feldobj = model._meta.get_field(feld) if model else None
            except Exception:
                feldobj = None
            name = str(feldobj.verbose_name) if feldobj is not None else feld
            # Only amounts as 1.234,56 € (a PLZ or a street stays as it is).
            text = betrag if feldobj is None or isinstance(feldobj, models.DecimalField) else wort
            werte = werte if isinstance(werte, dict) else {}
            zeilen.append(f"{name}: {text(werte.get('alt'))} → {text(werte.get('neu'))}")
        if details.get("neu_angelegt"):
            zeilen.append("neu angelegt")
        for schluessel, wert in details.items():
            if schluessel not in ("felder", "neu_angelegt"):
                zeilen.append(f"{schluessel}: {wert}")
        return zeilen


# --- Ende Sicherheit ---
