"""Django admin for Anträge: the file is on record, so history and documents are read-only."""

from django.contrib import admin

from antraege.models import Anlage, Antrag, Dokument, Massnahme, Position, Schreiben, Statuswechsel, Vermerk
from komman.admin import NurAdministration


class NurLesen(NurAdministration):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatuswechselInline(NurLesen, admin.TabularInline):
    model = Statuswechsel
    extra = 0
    fields = ["wann", "von", "nach", "wer", "grund", "betrag", "intern"]
    readonly_fields = fields


@admin.register(Antrag)
class AntragAdmin(NurLesen, admin.ModelAdmin):
    list_display = [
        "__str__",
        "antragsteller",
        "foerderperiode",
        "status",
        "eingereicht_am",
        "beantragt",
        "zuwendung",
    ]
    list_filter = [
        "status",
        "foerderperiode__programmteil",
        "foerderperiode__foerderjahr",
        "antragsteller__regierungsbezirk",
    ]
    search_fields = ["aktenzeichen", "antragsteller__name"]
    list_select_related = ["antragsteller", "foerderperiode__programmteil"]
    inlines = [StatuswechselInline]


@admin.register(Statuswechsel)
class StatuswechselAdmin(NurLesen, admin.ModelAdmin):
    list_display = ["antrag", "von", "nach", "wer", "wann", "betrag", "intern"]
    list_filter = ["nach", "intern"]
    search_fields = ["antrag__aktenzeichen", "wer__username", "grund"]
    list_select_related = ["antrag", "wer"]


@admin.register(Dokument)
class DokumentAdmin(NurLesen, admin.ModelAdmin):
    list_display = ["antrag", "art", "erstellt_am", "erstellt_von", "sha256"]
    list_filter = ["art"]
    search_fields = ["antrag__aktenzeichen", "sha256"]
    exclude = ["pdf"]
    list_select_related = ["antrag", "erstellt_von"]


for _model, _felder in (
    (Position, ["antrag", "nr", "baustein", "pauschale", "einheiten", "betrag", "empfaenger"]),
    (Massnahme, ["antrag", "nr", "titel", "handlungsfeld", "beantragt"]),
    (Schreiben, ["antrag", "art", "frist", "erstellt_von", "beantwortet_am"]),
    (Vermerk, ["antrag", "von", "am"]),
    (Anlage, ["antrag", "dateiname", "content_type", "groesse", "hochgeladen_am"]),
):
    admin.site.register(
        _model,
        type(
            f"{_model.__name__}Admin",
            (NurLesen, admin.ModelAdmin),
            {
                "list_display": _felder,
                "search_fields": ["antrag__aktenzeichen"],
                "list_select_related": ["antrag"],
            },
        ),
    )
