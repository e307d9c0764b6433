from django.apps import AppConfig


class KommanConfig(AppConfig):
    name = "komman"
    verbose_name = "Personen und Organisationen"

    def ready(self) -> None:
        # --- Sicherheit: audit signals (logins, money changes), SQLite trigger function ---
        from komman import audit

        audit.verbinde_signale()
