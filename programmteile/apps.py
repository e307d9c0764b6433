from django.apps import AppConfig


class ProgrammteileConfig(AppConfig):
    name = "programmteile"
    verbose_name = "Programmteile"

    def ready(self) -> None:
        from komman import permissions, startseite
        from programmteile import startseiten

        startseite.bereich("administration", fuer=permissions.is_admin, inhalt=startseiten.administration)
        startseite.bereich(
            "basiszins_warnung", fuer=permissions.is_admin, inhalt=startseiten.basiszins_warnung
        )
