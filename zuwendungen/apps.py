from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        from antraege import demodaten
        from komman import startseite
        from programmteile.models import budgetzahlen_ergaenzen
        from zuwendungen import abrufzahlen, bestand_taeglich, fristen, startseiten, vn_abschnitt, vn_taeglich  # noqa: F401 - registers the daily steps
        from zuwendungen.demodaten import auszahlung_demodaten, bestand_demodaten, vn_demodaten

        demodaten.weiterer_schritt(bestand_demodaten)
        # Payouts need final grants: the payout demo step runs after the Bestandskraft step.
        demodaten.weiterer_schritt(auszahlung_demodaten)
        # The VN demo needs the bank accounts of the payout demo.
        demodaten.weiterer_schritt(vn_demodaten)
        # programmteile imports nothing of this app; the Haushalt overview gets called, paid
        # and open through its hook.
        budgetzahlen_ergaenzen(abrufzahlen.periodenzahlen)
        startseite.bereich("auszahlungen", fuer=startseiten.sichtbar, inhalt=startseiten.auszahlungen)
        startseite.bereich("verwendungsnachweise", fuer=vn_abschnitt.sichtbar, inhalt=vn_abschnitt.startseite)
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
