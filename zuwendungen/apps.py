from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        # --- Hintergrund: the daily run (manage.py fristen) as a periodic task of the workers ---
        import datetime

        from django.utils import timezone

        from komman.hintergrund import periodisch
        from zuwendungen import taeglich

        periodisch(
            "taeglicher_lauf",
            lambda faellig: taeglich.lauf(timezone.localdate(faellig)),
            um=datetime.time(1, 0),
        )
