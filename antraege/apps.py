from django.apps import AppConfig


class AntraegeConfig(AppConfig):
    name = "antraege"
    verbose_name = "Anträge"

    def ready(self) -> None:
        # Remembered queue lookups are dropped when master data changes (signals in pruefliste).
        from antraege import pruefliste  # noqa: F401
