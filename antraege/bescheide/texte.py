"""Standard texts of the Zuwendungsbescheid, used where the administration left its Bescheidtexte blank,
and the recipient-dependent notes taken from the Bescheidtexte."""

from __future__ import annotations

from .werte import absaetze

STANDARD_PROGRAMMBEDINGUNGEN = {
    "I": [
        "Die geförderten Stellen sind mit Fachkräften zu besetzen. Die Besetzung (Datum, Stellenumfang) "
        "ist mit dem ersten Mittelabruf mitzuteilen.",
        "Bleibt eine Stelle ganz oder teilweise unbesetzt, ist dies unverzüglich mitzuteilen; der Festbetrag "
        "wird für die Monate der Nichtbesetzung anteilig gekürzt.",
        "Die Sachmittel sind für Maßnahmen mit der Zivilgesellschaft im Sinne des Zuwendungszwecks zu verwenden.",
    ],
    "II": [
        "Ankommenstreffpunkte werden nur gefördert, wenn der Raum mindestens zu einem Drittel (33 %) seiner "
        "Nutzungszeit als Ankommenstreffpunkt genutzt wird; dies ist durch einen Belegungsplan nachzuweisen.",
        "Die Pauschalen dürfen nur für die bewilligten Bausteine und Einheiten verwendet werden; "
        "Verschiebungen zwischen den Bausteinen bedürfen der vorherigen Zustimmung.",
        "Bei Veröffentlichungen und Veranstaltungen ist auf die Förderung durch das Land Nordrhein-Westfalen "
        "im Rahmen von KOMM-AN NRW hinzuweisen.",
    ],
    "III": [
        "Personalausgaben sind höchstens bis zur Höhe der Entgeltgruppe 11 Stufe 5 TV-L zuwendungsfähig.",
        "Investitionsausgaben sind nicht zuwendungsfähig.",
        "Bei Veröffentlichungen und Veranstaltungen ist auf die Förderung durch das Land Nordrhein-Westfalen "
        "im Rahmen von KOMM-AN NRW hinzuweisen.",
    ],
}
STANDARD_HINWEISE = [
    "Aus der Bewilligung für das Förderjahr kann kein Anspruch auf eine Förderung in späteren Jahren "
    "abgeleitet werden.",
]


def hinweise(texte, org) -> dict:
    """The notes that depend on the recipient (issue 17 item 8), from the period's Bescheidtexte.

    ``erstattung``: Widerruf/Rücknahme, Erstattung and interest (§§ 48, 49, 49a VwVfG NRW);
    ``subventionsbetrug``: § 264 StGB, only to a Träger, never to a Kommune (a Kommune is no
    Betrieb or Unternehmen, § 264 Abs. 8 StGB); ``elektronisch``: valid without signature
    (§ 37 Abs. 3 and 5 VwVfG NRW), under every letter; ``datenschutz``: with its legal basis.
    A text the Administration left blank is left out.
    """
    return {
        "erstattung": absaetze(texte.hinweis_erstattung),
        "subventionsbetrug": "" if org.ist_kommune else texte.hinweis_subventionsbetrug.strip(),
        "elektronisch": texte.hinweis_elektronisch.strip(),
        "datenschutz": texte.hinweis_datenschutz.strip(),
        "anbest_abweichungen": (
            texte.anbest_abweichungen_kommune if org.ist_kommune else texte.anbest_abweichungen_traeger
        ).strip(),
    }
