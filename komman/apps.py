from django.apps import AppConfig


class KommanConfig(AppConfig):
    name = "komman"
    verbose_name = "Personen und Organisationen"

    def ready(self) -> None:
        # --- Sicherheit: audit signals (logins, money changes), SQLite trigger function ---
        from django.contrib.auth.signals import user_logged_in

        from komman import audit, eingaben, middleware

        audit.verbinde_signale()
        eingaben.installieren()  # no text-direction controls in any text field
        user_logged_in.connect(middleware.sitzung_beginnt, dispatch_uid="komman_sitzung_beginnt")
