"""URLs of the antraege app (namespace antraege). German paths, one section per area."""

from django.urls import path

from antraege.views import pruefung

app_name = "antraege"

urlpatterns = [
    # --- Antragstellung (applicants) ---
    # --- Prüfung und Entscheidung (Bezirksregierung) ---
    path("pruefung/", pruefung.warteschlange, name="pruefung"),
    path("pruefung/export.csv", pruefung.export_csv, name="pruefung_export"),
    path("<int:pk>/pruefung/", pruefung.pruefung_detail, name="pruefung_detail"),
    path("<int:pk>/uebernehmen/", pruefung.uebernehmen, name="uebernehmen"),
    path("<int:pk>/formale-pruefung/", pruefung.formale_pruefung, name="formale_pruefung"),
    path(
        "<int:pk>/formale-pruefung/abschliessen/",
        pruefung.formale_pruefung_abschliessen,
        name="formale_pruefung_abschliessen",
    ),
    path("<int:pk>/pruefvermerk/", pruefung.pruefvermerk, name="pruefvermerk"),
    path("<int:pk>/vermerk/", pruefung.vermerk, name="vermerk"),
    path("<int:pk>/nachforderung/", pruefung.nachforderung, name="nachforderung"),
    path("<int:pk>/anhoerung/", pruefung.anhoerung, name="anhoerung"),
    path("<int:pk>/vorschlag/", pruefung.vorschlag, name="vorschlag"),
    path("<int:pk>/ablehnung/", pruefung.ablehnung, name="ablehnung"),
    path("<int:pk>/zeichnen/", pruefung.zeichnen, name="zeichnen"),
    path("<int:pk>/antworten/", pruefung.antworten, name="antworten"),
    path("<int:pk>/stand/", pruefung.stand, name="stand"),
    # --- Dokumente (Bescheide) ---
]
