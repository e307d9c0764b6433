from django.urls import path

from zuwendungen.views import abruf, bank, kasse

app_name = "zuwendungen"

urlpatterns: list = [
    path("<int:pk>/auszahlungen/", abruf.zuwendung_auszahlungen, name="auszahlungen"),
    path("<int:pk>/mittelabruf/neu/", abruf.abruf_neu, name="abruf_neu"),
    path("mittelabruf/<int:pk>/", abruf.abruf_seite, name="abruf"),
    path("mittelabruf/<int:pk>/bearbeiten/", abruf.abruf_bearbeiten, name="abruf_bearbeiten"),
    path("mittelabruf/<int:pk>/einreichen/", abruf.abruf_einreichen, name="abruf_einreichen"),
    path("mittelabruf/<int:pk>/zurueckziehen/", abruf.abruf_zurueckziehen, name="abruf_zurueckziehen"),
    path("mittelabruf/<int:pk>/freigeben/", abruf.abruf_freigeben, name="abruf_freigeben"),
    path("mittelabruf/<int:pk>/ablehnen/", abruf.abruf_ablehnen, name="abruf_ablehnen"),
    path("mittelabruf/<int:pk>/zurueckgeben/", abruf.abruf_zurueckgeben, name="abruf_zurueckgeben"),
    path("mittelabruf/<int:pk>/zeichnen/", abruf.auszahlung_zeichnen, name="auszahlung_zeichnen"),
    path("mittelabruf/<int:pk>/ausgezahlt/", abruf.als_bezahlt_melden, name="als_bezahlt_melden"),
    path("schreiben/<int:pk>/", abruf.brief_download, name="brief"),
    path("auszahlungen/", kasse.auszahlungen, name="kasse"),
    path("auszahlungen/landeskasse.csv", kasse.export_csv, name="kasse_csv"),
    path("auszahlungen/landeskasse.xlsx", kasse.export_xlsx, name="kasse_xlsx"),
    path("auszahlungen/zahlungsliste/", kasse.zahlungsliste, name="kasse_import"),
    path("verwaltung/bankverbindungen/", bank.bankverbindungen, name="bankverbindungen"),
    path("verwaltung/bankverbindungen/<int:pk>/", bank.bankverbindung, name="bankverbindung"),
]
