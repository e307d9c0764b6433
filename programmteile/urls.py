"""URLs of the programmteile app (namespace programmteile)."""

from django.urls import path

from programmteile import views

app_name = "programmteile"

urlpatterns = [
    path("teil-iv/", views.teil4_information, name="teil4"),
    path("teil-iv/bestellen/", views.teil4_bestellen, name="teil4_bestellen"),
    path("teil-iv/bestellungen/", views.teil4_bestellungen, name="teil4_bestellungen"),
    # --- Verwaltung (Administration) ---
    path("verwaltung/perioden/", views.perioden, name="verwaltung_perioden"),
    path("verwaltung/perioden/neu/", views.periode_neu, name="verwaltung_periode_neu"),
    path("verwaltung/perioden/<int:pk>/", views.periode_detail, name="verwaltung_periode"),
    path(
        "verwaltung/perioden/<int:pk>/bearbeiten/",
        views.periode_bearbeiten,
        name="verwaltung_periode_bearbeiten",
    ),
    path("verwaltung/perioden/<int:pk>/parameter/", views.periode_parameter, name="verwaltung_parameter"),
    path(
        "verwaltung/perioden/<int:pk>/kopieren/", views.periode_kopieren, name="verwaltung_periode_kopieren"
    ),
    path(
        "verwaltung/perioden/<int:pk>/oeffnen/",
        views.periode_status,
        {"aktion": "oeffnen"},
        name="verwaltung_periode_oeffnen",
    ),
    path(
        "verwaltung/perioden/<int:pk>/schliessen/",
        views.periode_status,
        {"aktion": "schliessen"},
        name="verwaltung_periode_schliessen",
    ),
    path("verwaltung/perioden/<int:pk>/zuweisungen/", views.zuweisungen, name="verwaltung_zuweisungen"),
    path(
        "verwaltung/perioden/<int:pk>/zuweisungen/vorschlag/",
        views.zuweisungen_vorschlag,
        name="verwaltung_zuweisungen_vorschlag",
    ),
    path(
        "verwaltung/perioden/<int:pk>/zuweisungen/export/",
        views.zuweisungen_export,
        name="verwaltung_zuweisungen_export",
    ),
    path(
        "verwaltung/perioden/<int:pk>/zuweisungen/import/",
        views.zuweisungen_import,
        name="verwaltung_zuweisungen_import",
    ),
    path("verwaltung/perioden/<int:pk>/bescheidtexte/", views.bescheidtexte, name="verwaltung_bescheidtexte"),
    path(
        "verwaltung/perioden/<int:pk>/pflichtanlagen/", views.pflichtanlagen, name="verwaltung_pflichtanlagen"
    ),
    path("verwaltung/haushalt/", views.haushalt, name="verwaltung_haushalt"),
    path("verwaltung/texte/", views.texte, name="verwaltung_texte"),
    path("verwaltung/texte/briefkopf/", views.briefkopf, name="verwaltung_briefkopf"),
    path("verwaltung/texte/anlagen/", views.anlagen, name="verwaltung_anlagen"),
    path("verwaltung/basiszins/", views.basiszins_liste, name="verwaltung_basiszins"),
    path("verwaltung/basiszins/neu/", views.basiszins_neu, name="verwaltung_basiszins_neu"),
    path("verwaltung/basiszins/import/", views.basiszins_import, name="verwaltung_basiszins_import"),
    path(
        "verwaltung/basiszins/<int:pk>/",
        views.basiszins_bearbeiten,
        name="verwaltung_basiszins_bearbeiten",
    ),
    # --- Prüfung and Administration ---
    path("rechner/", views.rechner, name="rechner"),
]
