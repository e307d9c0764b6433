"""Standard texts of the Zuwendungsbescheid, used where the administration left its Bescheidtexte blank."""

from __future__ import annotations

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
    "Die Angaben im Antrag und in den Nachweisen sind subventionserheblich im Sinne des § 264 "
    "Strafgesetzbuch. Falsche oder unvollständige Angaben können als Subventionsbetrug strafbar sein.",
    "Ihre personenbezogenen Daten werden zur Bearbeitung des Zuwendungsverfahrens nach Art. 6 Abs. 1 "
    "Buchst. e DSGVO verarbeitet.",
]
