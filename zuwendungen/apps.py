from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        from antraege import demodaten
        from komman import startseite
        from programmteile.models import budgetzahlen_ergaenzen
        from zuwendungen import abrufzahlen, bestand_taeglich, startseiten  # noqa: F401 - registers the daily steps
        from zuwendungen.demodaten import auszahlung_demodaten, bestand_demodaten

        demodaten.weiterer_schritt(bestand_demodaten)
        # Payouts need final grants: the payout demo step runs after the Bestandskraft step.
        demodaten.weiterer_schritt(auszahlung_demodaten)
        # programmteile imports nothing of this app; the Haushalt overview gets called, paid
        # and open through its hook.
        budgetzahlen_ergaenzen(abrufzahlen.periodenzahlen)
        startseite.bereich("auszahlungen", fuer=startseiten.sichtbar, inhalt=startseiten.auszahlungen)
