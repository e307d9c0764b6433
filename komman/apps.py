from django.apps import AppConfig


class KommanConfig(AppConfig):
    name = "komman"
    verbose_name = "Personen und Organisationen"

    def ready(self) -> None:
        # --- Sicherheit: audit signals (logins, money changes), SQLite trigger function ---
        from django.contrib.auth.signals import user_logged_in

        from komman import audit, eingaben, middleware

        audit.verbinde_signale()
        # --- Aufgaben: the Administration's failed mails (komman/aufgaben.py) ---
        from komman import aufgaben, permissions

        aufgaben.quelle(
            "postausgang",
            titel="Postausgang",
            fuer=permissions.is_admin,
            eintraege=aufgaben.gescheiterte_mails,
        )
        eingaben.installieren()  # no text-direction controls in any text field
        # --- Hintergrund: maintenance of the queue and the outbox (komman/hintergrund) ---
        import datetime

        from komman.hintergrund import periodisch, wartung

        periodisch("wartung", wartung.minuetlich, alle=60)
        periodisch("aufraeumen", wartung.aufraeumen, um=datetime.time(3, 30))
        user_logged_in.connect(middleware.sitzung_beginnt, dispatch_uid="komman_sitzung_beginnt")
