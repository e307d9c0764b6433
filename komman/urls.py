"""Root URLconf: login, public pages, the apps."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from komman import (
    aufgaben_views,
    freigaben,
    organisationen,
    passwort,
    sicherheit_views,
    sitzung,
    verwaltung,
    views,
    zwei_faktor,
)
from komman.forms import AnmeldeForm
from komman.hintergrund import views as hintergrund_views

admin.site.site_header = "KOMM-AN NRW – Verwaltung"
admin.site.site_title = "KOMM-AN NRW"
admin.site.index_title = "Stammdaten und Vorgänge"

urlpatterns = [
    path("", views.start, name="start"),
    path("anmelden/", auth_views.LoginView.as_view(authentication_form=AnmeldeForm), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "passwort/aendern/",
        passwort.PasswortAendern.as_view(),
        name="password_change",
    ),
    path("passwort/geaendert/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "passwort/vergessen/",
        passwort.PasswortVergessen.as_view(),
        name="password_reset",
    ),
    path(
        "passwort/vergessen/gesendet/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "passwort/neu/<uidb64>/<token>/",
        passwort.PasswortNeu.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort/neu/fertig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("aufgaben/", aufgaben_views.aufgaben_seite, name="aufgaben"),
    path("kalender/", aufgaben_views.kalender_einstellungen, name="kalender"),
    path("kalender/<str:token>.ics", aufgaben_views.kalender_feed, name="kalender_feed"),
    path("impressum/", views.impressum, name="impressum"),
    path("datenschutz/", views.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", views.barrierefreiheit, name="barrierefreiheit"),
    path("barrierefreiheit/meldungen/", views.barrierefreiheitsmeldungen, name="barrierefreiheitsmeldungen"),
    path("leichte-sprache/", views.leichte_sprache, name="leichte_sprache"),
    path("programm/", include("programmteile.urls")),
    path("antraege/", include("antraege.urls")),
    path("zuwendungen/", include("zuwendungen.urls")),
    path("auswertung/", include("auswertung.urls")),
    path("verwaltung/django/", admin.site.urls),
    # --- Verwaltung: Benutzer und Organisationen ---
    path("verwaltung/organisationen/", organisationen.organisationen, name="verwaltung_organisationen"),
    path("verwaltung/organisationen/traeger/neu/", organisationen.traeger_neu, name="verwaltung_traeger_neu"),
    path(
        "verwaltung/organisationen/<int:pk>/", organisationen.organisation_detail, name="verwaltung_organisation"
    ),
    path(
        "verwaltung/organisationen/<int:pk>/bearbeiten/",
        organisationen.organisation_bearbeiten,
        name="verwaltung_organisation_bearbeiten",
    ),
    path("verwaltung/organisationen/<int:pk>/einladen/", verwaltung.einladen, name="verwaltung_einladen"),
    path("verwaltung/benutzer/", verwaltung.benutzer_liste, name="verwaltung_benutzer_liste"),
    path("verwaltung/benutzer/<int:pk>/", verwaltung.benutzer_detail, name="verwaltung_benutzer"),
    path("verwaltung/benutzer/<int:pk>/aktiv/", verwaltung.benutzer_aktiv, name="verwaltung_benutzer_aktiv"),
    path(
        "verwaltung/mitgliedschaften/<int:pk>/entfernen/",
        verwaltung.mitgliedschaft_entfernen,
        name="verwaltung_mitgliedschaft_entfernen",
    ),
    # --- Hintergrund: outbox page and health endpoint (docs/betrieb.md) ---
    path("verwaltung/postausgang/", hintergrund_views.postausgang, name="postausgang"),
    path("verwaltung/postausgang/erneut/", hintergrund_views.postausgang_erneut, name="postausgang_erneut"),
    path("gesundheit/", hintergrund_views.gesundheit, name="gesundheit"),
    path("sitzung/stand/", sitzung.sitzung_stand, name="sitzung_stand"),
    path("sitzung/verlaengern/", sitzung.sitzung_verlaengern, name="sitzung_verlaengern"),
    path("verwaltung/freigaben/", freigaben.freigaben, name="verwaltung_freigaben"),
    path(
        "verwaltung/freigaben/<int:pk>/",
        freigaben.freigabe_entscheiden,
        name="verwaltung_freigabe_entscheiden",
    ),
    # --- Sicherheit (docs/sicherheit.md) ---
    path("", include((zwei_faktor.urlpatterns, "zwei_faktor"))),
    path("verwaltung/protokoll/", sicherheit_views.protokoll, name="protokoll"),
    path(".well-known/security.txt", sicherheit_views.security_txt, name="security_txt"),
    path("sicherheit/", sicherheit_views.sicherheit, name="sicherheit"),
]

handler400 = "komman.views.fehler_400"
handler403 = "komman.views.fehler_403"
handler404 = "komman.views.fehler_404"
handler500 = "komman.views.fehler_500"
