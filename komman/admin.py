"""Django admin in German for the Administration role: users, organisations, memberships."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from komman import permissions
from komman.models import Barrierefreiheitsmeldung, Mitgliedschaft, Organisation, Protokolleintrag, User


def _ist_administration(request) -> bool:
    return request.user.is_active and permissions.is_admin(request.user)


# The back office is for the Administration role (and superusers), not for every is_staff flag.
admin.site.has_permission = _ist_administration


class NurAdministration:
    """Administration may change master data; nobody may delete it (deactivate instead)."""

    def has_module_permission(self, request):
        return _ist_administration(request)

    def has_view_permission(self, request, obj=None):
        return _ist_administration(request)

    def has_add_permission(self, request, *args):
        return _ist_administration(request)

    def has_change_permission(self, request, obj=None):
        return _ist_administration(request)

    def has_delete_permission(self, request, obj=None):
        return False


class NurLesen:
    """Accounts and roles change only on the Verwaltung pages (komman/konten.py): there every
    change is recorded, mailed and, for Bezirksregierung roles, confirmed by a second
    administrator. Here they can be looked at, never changed (no superuser flag, no password)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MitgliedschaftInline(NurLesen, admin.TabularInline):
    model = Mitgliedschaft
    extra = 0

    def has_view_permission(self, request, obj=None):
        return _ist_administration(request)


@admin.register(User)
class BenutzerAdmin(NurLesen, NurAdministration, UserAdmin):
    inlines = [MitgliedschaftInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "mitgliedschaften__rolle", "mitgliedschaften__organisation__art"]
    search_fields = ["username", "first_name", "last_name", "email", "mitgliedschaften__organisation__name"]


@admin.register(Organisation)
class OrganisationAdmin(NurAdministration, admin.ModelAdmin):
    list_display = [
        "name",
        "art",
        "kommunentyp",
        "kreisschluessel",
        "regierungsbezirk",
        "verwaltungsgericht",
        "aktiv",
    ]
    list_filter = ["art", "kommunentyp", "regierungsbezirk", "verwaltungsgericht", "aktiv"]
    search_fields = ["name", "kreisschluessel", "ort"]
    autocomplete_fields = ["teil_von", "spitzenverband"]


@admin.register(Mitgliedschaft)
class MitgliedschaftAdmin(NurLesen, NurAdministration, admin.ModelAdmin):
    list_display = ["user", "organisation", "rolle", "seit"]
    list_filter = ["rolle", "organisation__art"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


# --- Sicherheit: the audit log is read-only here; 2FA devices only through the recorded reset ---


@admin.register(Protokolleintrag)
class ProtokolleintragAdmin(admin.ModelAdmin):
    list_display = ["wann", "wer_name", "aktion", "objekt_typ", "objekt_id", "ip"]
    list_filter = ["aktion", "objekt_typ"]
    search_fields = ["wer_name", "objekt_typ", "objekt_id"]
    date_hierarchy = "wann"
    readonly_fields = ["wann", "wer", "wer_name", "aktion", "objekt_typ", "objekt_id", "details", "ip"]

    def has_module_permission(self, request):
        return _ist_administration(request)

    def has_view_permission(self, request, obj=None):
        return _ist_administration(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Device admins would show TOTP secrets and delete devices without an audit record;
# Administration resets a second factor at /verwaltung/zwei-faktor/ instead. Registered
# here first (komman comes before django_otp), so django-otp's own admins are not.
class GesperrtAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(TOTPDevice, GesperrtAdmin)
admin.site.register(StaticDevice, GesperrtAdmin)


@admin.register(Barrierefreiheitsmeldung)
class BarrierefreiheitsmeldungAdmin(NurAdministration, admin.ModelAdmin):
    """Read-only: what people wrote stays as they wrote it."""

    list_display = ["eingegangen_am", "seite", "name", "email"]
    search_fields = ["nachricht", "seite", "name", "email"]
    readonly_fields = ["nachricht", "seite", "name", "email", "eingegangen_am"]

    def has_add_permission(self, request, *args):
        return False
