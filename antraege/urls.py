"""URLs of the antraege app (namespace antraege). German paths, one section per area."""

from django.urls import path  # noqa: F401

app_name = "antraege"

urlpatterns = [
    # --- Antragstellung (applicants) ---
    # --- Prüfung und Entscheidung (Bezirksregierung) ---
    # --- Dokumente (Bescheide) ---
]
