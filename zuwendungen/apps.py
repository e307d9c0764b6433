from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        from antraege import demodaten
        from zuwendungen import bestand_taeglich  # noqa: F401 - registers the daily steps
        from zuwendungen.demodaten import bestand_demodaten

        demodaten.weiterer_schritt(bestand_demodaten)
