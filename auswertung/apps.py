from django.apps import AppConfig


class AuswertungConfig(AppConfig):
    name = "auswertung"
    verbose_name = "Auswertung"

    def ready(self) -> None:
        from auswertung import startseiten
        from komman import startseite

        startseite.bereich("auswertung", fuer=startseiten.sichtbar, inhalt=startseiten.inhalt)
