"""URLs of the antraege app (namespace antraege). German paths, one section per area."""

from django.urls import path

from antraege.views import antragstellung

app_name = "antraege"

urlpatterns = [
    # --- Antragstellung (applicants) ---
    path("neu/<int:periode_pk>/", antragstellung.neu, name="neu"),
    path("<int:pk>/", antragstellung.detail, name="detail"),
    path("<int:pk>/bearbeiten/", antragstellung.bearbeiten, name="bearbeiten"),
    path("<int:pk>/einreichen/", antragstellung.einreichen, name="einreichen"),
    path("<int:pk>/eingangsbestaetigung/", antragstellung.eingang, name="eingang"),
    path("<int:pk>/zurueckziehen/", antragstellung.zurueckziehen, name="zurueckziehen"),
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
    # --- Dokumente (Bescheide) ---
]
