from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        from antraege import demodaten
        from komman import startseite
        from programmteile.models import budgetzahlen_ergaenzen
        from zuwendungen import (  # noqa: F401 - registers daily steps and page sections
            abrufzahlen,
            aenderung_verlauf,
            bestand_taeglich,
            fristen,
            rueckforderung_abschnitt,
            startseiten,
            vn_abschnitt,
            vn_taeglich,
        )
        from zuwendungen.demodaten import (
            aenderung_demodaten,
            aenderung_vorbereitung,
            auszahlung_demodaten,
            bestand_demodaten,
            vn_demodaten,
            vorjahr,
            widerruf_demodaten,
        )
        from zuwendungen.workflow import widerruf  # noqa: F401 - registers its daily step
        from zuwendungen.workflow.aenderung import bestandskraft as _aenderung_bestandskraft  # noqa: F401 - daily step

        # AWO's Part III grant of the change demo needs the current period still open.
        demodaten.weiterer_schritt(aenderung_vorbereitung)
        demodaten.weiterer_schritt(bestand_demodaten)
        # Payouts need final grants: the payout demo step runs after the Bestandskraft step.
        demodaten.weiterer_schritt(auszahlung_demodaten)
        demodaten.weiterer_schritt(aenderung_demodaten)
        # The VN demo needs the bank accounts of the payout demo.
        demodaten.weiterer_schritt(vn_demodaten)
        # Refund claims on last year's paid Part III grants (after the payout step: bank details).
        demodaten.weiterer_schritt(widerruf_demodaten)
        # Last year's periods stay open until the three steps above have filed their Anträge.
        demodaten.weiterer_schritt(vorjahr.schliessen)
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
        # --- Fristen: deadlines of the file as rows, reminders, Aufgaben (issue 22 items 4-5) ---
        # After the module fristen: the mirror step runs before fristen_versaeumt, reminders after.
        from zuwendungen import aufgaben, erinnerungen, fristen_abgleich, wiedervorlage  # noqa: F401

        fristen_abgleich.verbinden()
        aufgaben.registrieren()
        from zuwendungen import aufgaben_verfahren

        aufgaben_verfahren.registrieren()
        from zuwendungen.demodaten.fristen import fristen_demodaten

        demodaten.weiterer_schritt(fristen_demodaten)  # after the notices and payouts
