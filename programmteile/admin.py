"""Django admin for programme parts, Förderperioden and Zuweisungen."""

from django.contrib import admin

from komman.admin import NurAdministration
from programmteile.basiszins import protokollieren
from programmteile.models import (
    Basiszins,
    Bescheidtexte,
    Briefkopf,
    Foerderperiode,
    Programmteil,
    Verwaltungsgericht,
    Zuweisung,
)


@admin.register(Programmteil)
class ProgrammteilAdmin(NurAdministration, admin.ModelAdmin):
    list_display = ["nummer", "titel", "antragsteller_art"]
    search_fields = ["nummer", "titel"]


class ZuweisungInline(admin.TabularInline):
    model = Zuweisung
    extra = 0
    autocomplete_fields = ["kommune"]
    fields = ["kommune", "stellen", "hoechstbetrag", "anmerkung"]


@admin.register(Foerderperiode)
class FoerderperiodeAdmin(NurAdministration, admin.ModelAdmin):
    list_display = ["__str__", "status", "antragsbeginn", "antragsfrist", "budget", "gebunden"]
    list_filter = ["programmteil", "foerderjahr", "status"]
    search_fields = ["foerderjahr", "programmteil__titel"]
    # The status changes only through programmteile.perioden (Verwaltung: öffnen/schließen),
    # which records who and why.
    readonly_fields = ["status", "gebunden", "aktenzeichen_zaehler", "angelegt_am"]
    list_select_related = ["programmteil"]


@admin.register(Zuweisung)
class ZuweisungAdmin(NurAdministration, admin.ModelAdmin):
    list_display = ["kommune", "foerderperiode", "stellen", "hoechstbetrag"]
    list_filter = ["foerderperiode__foerderjahr", "foerderperiode__programmteil", "kommune__regierungsbezirk"]
    search_fields = ["kommune__name", "kommune__kreisschluessel"]
    autocomplete_fields = ["kommune"]
    list_select_related = ["kommune", "foerderperiode__programmteil"]


@admin.register(Briefkopf)
class BriefkopfAdmin(NurAdministration, admin.ModelAdmin):
    list_display = ["behoerde", "dezernat", "gueltig_ab"]


@admin.register(Bescheidtexte)
class BescheidtexteAdmin(NurAdministration, admin.ModelAdmin):
    list_display = ["foerderperiode", "version", "erstellt_am"]
    list_filter = ["foerderperiode__foerderjahr", "foerderperiode__programmteil"]


@admin.register(Verwaltungsgericht)
class VerwaltungsgerichtAdmin(NurAdministration, admin.ModelAdmin):
    """The seven NRW courts with their postal address (the Rechtsbehelfsbelehrung names them)."""

    list_display = ["sitz", "strasse", "plz", "ort", "quelle"]
    readonly_fields = ["sitz"]  # the seat is the key the Kommunen refer to

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Basiszins)
class BasiszinsAdmin(NurAdministration, admin.ModelAdmin):
    """Changes here are recorded in the audit log, as on the Verwaltung screen."""

    list_display = ["gueltig_ab", "satz", "quelle"]
    ordering = ["-gueltig_ab"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a wrong entry is corrected (date and rate), so every change stays in the log

    def save_model(self, request, obj, form, change):
        alt = Basiszins.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        protokollieren(request, obj, alt=alt)
