from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"
