"""URLs of the antraege app (namespace antraege). German paths, one section per area."""

from django.urls import path

from antraege.views import antragstellung, dokumente, pruefung

app_name = "antraege"

urlpatterns = [
    # --- Antragstellung (applicants) ---
    path("neu/<int:periode_pk>/", antragstellung.neu, name="neu"),
    path("<int:pk>/", antragstellung.detail, name="detail"),
    path("<int:pk>/bearbeiten/", antragstellung.bearbeiten, name="bearbeiten"),
    path("<int:pk>/einreichen/", antragstellung.einreichen, name="einreichen"),
    path("<int:pk>/eingangsbestaetigung/", antragstellung.eingang, name="eingang"),
    path("<int:pk>/zurueckziehen/", antragstellung.zurueckziehen, name="zurueckziehen"),
    path("<int:pk>/vorlegen/", antragstellung.vorlegen, name="vorlegen"),
    path("<int:pk>/verlauf/", antragstellung.verlauf, name="verlauf"),
    path("<int:pk>/anlagen/", antragstellung.anlagen, name="anlagen"),
    path(
        "<int:pk>/anlagen/<int:anlage_pk>/herunterladen/",
        antragstellung.anlage_herunterladen,
        name="anlage_herunterladen",
    ),
    path(
        "<int:pk>/anlagen/<int:anlage_pk>/entfernen/",
        antragstellung.anlage_entfernen,
        name="anlage_entfernen",
    ),
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
    path("<int:pk>/vorzeitiger-beginn/", pruefung.vorzeitiger_beginn, name="vorzeitiger_beginn"),
    path(
        "<int:pk>/schreiben/<int:schreiben_pk>/ersetzen/",
        pruefung.schreiben_ersetzen,
        name="schreiben_ersetzen",
    ),
    path("<int:pk>/vorschlag/", pruefung.vorschlag, name="vorschlag"),
    path("<int:pk>/ablehnung/", pruefung.ablehnung, name="ablehnung"),
    path("<int:pk>/zeichnen/", pruefung.zeichnen, name="zeichnen"),
    path("<int:pk>/antworten/", pruefung.antworten, name="antworten"),
    path("<int:pk>/stand/", pruefung.stand, name="stand"),
    # --- Dokumente (Bescheide) ---
    path("<int:pk>/dokumente/<int:dokument_pk>/", dokumente.dokument_download, name="dokument"),
    path("<int:pk>/dokumente/<int:dokument_pk>/stand/", dokumente.dokument_stand, name="dokument_stand"),
    path(
        "<int:pk>/dokumente/<int:dokument_pk>/anlagen/<int:anlage_pk>/",
        dokumente.anlage_download,
        name="dokument_anlage",
    ),
    path("<int:pk>/bescheid-entwurf/", dokumente.bescheid_vorschau, name="bescheid_vorschau"),
]
