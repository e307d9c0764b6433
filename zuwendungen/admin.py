from django.contrib import admin

from .models import Zuwendung


@admin.register(Zuwendung)
class ZuwendungAdmin(admin.ModelAdmin):
    list_display = ["antrag", "bewilligt", "bestandskraeftig_am", "finanzierungsart"]
    list_select_related = ["antrag"]
    readonly_fields = [f.name for f in Zuwendung._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # created only at Bestandskraft, by the workflow

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
