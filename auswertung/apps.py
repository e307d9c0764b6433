from django.apps import AppConfig


class AuswertungConfig(AppConfig):
    name = "auswertung"
    verbose_name = "Auswertung"

    def ready(self) -> None:
        from antraege import demodaten
        from auswertung import startseiten
        from auswertung.demodaten import auswertung_demodaten
        from komman import startseite

        startseite.bereich("auswertung", fuer=startseiten.sichtbar, inhalt=startseiten.inhalt)
        # After the zuwendungen steps (this app is installed after zuwendungen).
        demodaten.weiterer_schritt(auswertung_demodaten)
