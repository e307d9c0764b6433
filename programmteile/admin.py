"""Django admin for programme parts, Förderperioden and Zuweisungen."""

from django.contrib import admin

from komman.admin import NurAdministration
from programmteile.models import (
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
