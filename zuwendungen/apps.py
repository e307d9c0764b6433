from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        from antraege import demodaten
        from komman import startseite
        from programmteile.models import budgetzahlen_ergaenzen
        from zuwendungen import abrufzahlen, bestand_taeglich, fristen, rueckforderung_abschnitt, startseiten  # noqa: F401 - registers the daily steps
        from zuwendungen.demodaten import auszahlung_demodaten, bestand_demodaten, widerruf_demodaten
        from zuwendungen.workflow import widerruf  # noqa: F401 - registers its daily step

        demodaten.weiterer_schritt(bestand_demodaten)
        # Payouts need final grants: the payout demo step runs after the Bestandskraft step.
        demodaten.weiterer_schritt(auszahlung_demodaten)
        # Refund claims on last year's paid Part III grants (after the payout step: bank details).
        demodaten.weiterer_schritt(widerruf_demodaten)
        # programmteile imports nothing of this app; the Haushalt overview gets called, paid
        # and open through its hook.
        budgetzahlen_ergaenzen(abrufzahlen.periodenzahlen)
        startseite.bereich("auszahlungen", fuer=startseiten.sichtbar, inhalt=startseiten.auszahlungen)
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
