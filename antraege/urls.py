"""URLs of the antraege app (namespace antraege). German paths, one section per area."""

from django.urls import path

from antraege.views import dokumente

app_name = "antraege"

urlpatterns = [
    # --- Antragstellung (applicants) ---
    # --- Prüfung und Entscheidung (Bezirksregierung) ---
    # --- Dokumente (Bescheide) ---
    path("<int:pk>/dokumente/<int:dokument_pk>/", dokumente.dokument_download, name="dokument"),
    path("<int:pk>/bescheid-entwurf/", dokumente.bescheid_vorschau, name="bescheid_vorschau"),
]
