"""URLs of the programmteile app (namespace programmteile)."""

from django.urls import path

from programmteile import views

app_name = "programmteile"

urlpatterns = [
    path("teil-iv/", views.teil4_information, name="teil4"),
    # --- Verwaltung (Administration) ---
]
