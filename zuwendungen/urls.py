"""URLs of the zuwendungen app (namespace zuwendungen)."""

from django.urls import path

from zuwendungen import views

app_name = "zuwendungen"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/weiterleitung/", views.weiterleitung_neu, name="weiterleitung_neu"),
    path(
        "<int:pk>/weiterleitung/<int:weiterleitung_pk>/entwurf/",
        views.weiterleitung_entwurf,
        name="weiterleitung_entwurf",
    ),
    # Bekanntgabe and Bestandskraft of an Antrag's notice (pk = Antrag)
    path("antrag/<int:pk>/bestandskraft/", views.bestand, name="bestand"),
    path("antrag/<int:pk>/bestandskraft/verzicht/", views.bestand_verzicht, name="bestand_verzicht"),
    path(
        "antrag/<int:pk>/bestandskraft/verzicht/herunterladen/",
        views.verzicht_herunterladen,
        name="verzicht_herunterladen",
    ),
    path("antrag/<int:pk>/bestandskraft/post/", views.bestand_post, name="bestand_post"),
    path("antrag/<int:pk>/bestandskraft/klage/", views.bestand_klage, name="bestand_klage"),
    path(
        "antrag/<int:pk>/bestandskraft/klage-entschieden/",
        views.bestand_klage_entschieden,
        name="bestand_klage_entschieden",
    ),
]
