"""URLs of the zuwendungen app (namespace zuwendungen)."""

from django.urls import path

from zuwendungen import views, wiedervorlage
from zuwendungen.views import abruf, aenderung, bank, kasse, rueckforderung, vn, vn_pruefung

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
    # Mittelabruf und Auszahlung
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
    path("antrag/<int:pk>/wiedervorlage/", wiedervorlage.wiedervorlage, name="wiedervorlage"),
    path("wiedervorlage/<int:pk>/erledigt/", wiedervorlage.wiedervorlage_erledigt, name="wiedervorlage_erledigt"),
    # Änderungsantrag und Änderungsbescheid (issue 19)
    path("<int:pk>/aenderung/neu/", aenderung.aenderung_neu, name="aenderung_neu"),
    path("aenderungen/<int:pk>/", aenderung.aenderung_seite, name="aenderung"),
    path("aenderungen/<int:pk>/bearbeiten/", aenderung.aenderung_bearbeiten, name="aenderung_bearbeiten"),
    path("aenderungen/<int:pk>/bescheid/", aenderung.aenderungsbescheid, name="aenderungsbescheid"),
    path("aenderungen/<int:pk>/<slug:aktion>/", aenderung.aenderung_aktion, name="aenderung_aktion"),
    path("auszahlungen/", kasse.auszahlungen, name="kasse"),
    path("auszahlungen/landeskasse.csv", kasse.export_csv, name="kasse_csv"),
    path("auszahlungen/landeskasse.xlsx", kasse.export_xlsx, name="kasse_xlsx"),
    path("auszahlungen/zahlungsliste/", kasse.zahlungsliste, name="kasse_import"),
    # Widerruf, Rückforderung, Zinsen und Abschluss (issue 21)
    path("rueckforderungen/", rueckforderung.rueckforderungen, name="rueckforderungen"),
    path("rueckforderung/<int:pk>/", rueckforderung.rueckforderung, name="rueckforderung"),
    path("rueckforderung/schreiben/<int:pk>/", rueckforderung.rueckforderung_brief, name="rueckforderung_brief"),
    path("<int:pk>/rueckforderung/neu/", rueckforderung.rueckforderung_neu, name="rueckforderung_neu"),
    path("<int:pk>/rueckzahlung/", rueckforderung.rueckzahlung, name="rueckzahlung"),
    path("<int:pk>/verwendungszinsen/", rueckforderung.verwendungszinsen, name="verwendungszinsen"),
    path("verwendungszinsen/<int:pk>/", rueckforderung.zinsentscheidung, name="zinsentscheidung"),
    path("<int:pk>/abschliessen/", rueckforderung.abschliessen, name="abschliessen"),
    path("verwaltung/bankverbindungen/", bank.bankverbindungen, name="bankverbindungen"),
    # Verwendungsnachweis und Prüfung
    path("<int:pk>/verwendungsnachweis/", vn.uebersicht, name="vn"),
    path("<int:pk>/verwendungsnachweis/anlegen/", vn.anlegen, name="vn_anlegen"),
    path("<int:pk>/verwendungsnachweis/zurueckhalten/", vn_pruefung.zurueckhalten, name="vn_zurueckhalten"),
    path("verwendungsnachweis/<int:pk>/", vn.seite, name="vn_seite"),
    path("verwendungsnachweis/<int:pk>/bearbeiten/", vn.bearbeiten, name="vn_bearbeiten"),
    path("verwendungsnachweis/<int:pk>/einreichen/", vn.einreichen, name="vn_einreichen"),
    path("verwendungsnachweis/<int:pk>/belege/", vn.belege, name="vn_belege"),
    path("verwendungsnachweis/<int:pk>/belege.csv", vn.belege_csv, name="vn_belege_csv"),
    path("verwendungsnachweis/<int:pk>/frage/<int:frage_pk>/antwort/", vn.antworten, name="vn_antworten"),
    path("verwendungsnachweis/<int:pk>/pruefung/", vn_pruefung.pruefung, name="vn_pruefung"),
    path("verwendungsnachweis/<int:pk>/frage/", vn_pruefung.frage, name="vn_frage"),
    path("verwendungsnachweis/<int:pk>/vorschlagen/", vn_pruefung.vorschlagen, name="vn_vorschlagen"),
    path("verwendungsnachweis/<int:pk>/zurueckgeben/", vn_pruefung.zurueckgeben, name="vn_zurueckgeben"),
    path("verwendungsnachweis/<int:pk>/zeichnen/", vn_pruefung.zeichnen, name="vn_zeichnen"),
    path("verwendungsnachweise/", vn_pruefung.warteschlange, name="vn_warteschlange"),
    path("verwendungsnachweise/stichprobe/", vn_pruefung.stichprobe, name="vn_stichprobe"),
    path("verwendungsnachweis-schreiben/<int:pk>/", vn.schreiben, name="vn_schreiben"),
    path("verwaltung/bankverbindungen/<int:pk>/", bank.bankverbindung, name="bankverbindung"),
]
