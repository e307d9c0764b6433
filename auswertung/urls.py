"""URLs of the auswertung app (namespace auswertung)."""

from django.urls import path, register_converter

from auswertung import bericht, transparenz, views


class Format:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Format, "fmt")

app_name = "auswertung"

urlpatterns = [
    path("", views.uebersicht_seite, name="uebersicht"),
    path("export/<slug:name>.<fmt:fmt>", views.export, name="export"),
    path("liste/<slug:name>/", views.liste, name="liste"),
    path("liste/<slug:name>.<fmt:fmt>", views.liste_export, name="liste_export"),
    path("bericht/<int:jahr>/teil-<str:teil>.xlsx", bericht.bericht, {"fmt": "xlsx"}, name="bericht_xlsx"),
    path("bericht/<int:jahr>/teil-<str:teil>.pdf", bericht.bericht, {"fmt": "pdf"}, name="bericht_pdf"),
    path("transparenz/", transparenz.seite, name="transparenz"),
    path("transparenz/zuwendungen.csv", transparenz.download, {"fmt": "csv"}, name="transparenz_csv"),
    path("transparenz/zuwendungen.json", transparenz.download, {"fmt": "json"}, name="transparenz_json"),
    path("transparenz/einstellung/", transparenz.schalten, name="transparenz_schalten"),
]
