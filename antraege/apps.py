from django.apps import AppConfig


class AntraegeConfig(AppConfig):
    name = "antraege"
    verbose_name = "Anträge"

    def ready(self) -> None:
        # Remembered queue lookups are dropped when master data changes (signals in pruefliste).
        from antraege import budget, pruefliste, startseiten
        from komman import permissions, seiten, startseite

        # komman and programmteile import nothing of this app; it fills in their hooks.
        seiten.stand_quelle(pruefliste.stand)
        startseite.bereich("antragsteller", fuer=permissions.is_antragsteller, inhalt=startseiten.antragsteller)
        startseite.bereich(
            "bezirksregierung", fuer=permissions.is_bezirksregierung, inhalt=startseiten.bezirksregierung
        )
        budget.registrieren()
        # --- Aufgaben: drafts, the reviewer's queue, proposals to sign (antraege/aufgaben.py) ---
        from antraege import aufgaben

        aufgaben.registrieren()
        # --- Hintergrund: PDFs whose task was lost are queued again every minute ---
        from antraege.bescheide import erzeugen
        from komman.hintergrund import periodisch

        periodisch("pdfs_nachholen", erzeugen.fehlende_einreihen, alle=60)
