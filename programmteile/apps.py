from django.apps import AppConfig


class ProgrammteileConfig(AppConfig):
    name = "programmteile"
    verbose_name = "Programmteile"

    def ready(self) -> None:
        from komman import fields, permissions, startseite
        from programmteile import rules, startseiten

        fields.hoechstwert_setzen(rules.BETRAG_HOECHSTWERT)  # every amount field's upper bound

        startseite.bereich("administration", fuer=permissions.is_admin, inhalt=startseiten.administration)
        startseite.bereich(
            "basiszins_warnung", fuer=permissions.is_admin, inhalt=startseiten.basiszins_warnung
        )
        from komman import aufgaben

        aufgaben.quelle(
            "basiszins",
            titel="Basiszinssatz",
            fuer=permissions.is_admin,
            eintraege=startseiten.basiszins_aufgabe,
        )
