"""URLs of the programmteile app (namespace programmteile)."""

from django.urls import path

from programmteile import views

app_name = "programmteile"

urlpatterns = [
    path("teil-iv/", views.teil4_information, name="teil4"),
    path("teil-iv/bestellen/", views.teil4_bestellen, name="teil4_bestellen"),
    path("teil-iv/bestellungen/", views.teil4_bestellungen, name="teil4_bestellungen"),
    # --- Verwaltung (Administration) ---
]
