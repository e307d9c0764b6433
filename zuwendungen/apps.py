from django.apps import AppConfig


class ZuwendungenConfig(AppConfig):
    name = "zuwendungen"
    verbose_name = "Zuwendungen"

    def ready(self) -> None:
        # programmteile imports nothing of this app; the Haushalt overview gets called, paid
        # and open through its hook.
        from komman import startseite
        from programmteile.models import budgetzahlen_ergaenzen
        from zuwendungen import kennzahlen, startseiten

        budgetzahlen_ergaenzen(kennzahlen.periodenzahlen)
        startseite.bereich("auszahlungen", fuer=startseiten.sichtbar, inhalt=startseiten.auszahlungen)
