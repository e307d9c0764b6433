"""The stored codes of the rules and their German labels; forms use them as choices."""

from __future__ import annotations

from typing import Literal

PROGRAMMTEILE = {
    "I": "Stärkung der Kommunalen Integrationszentren",
    "II": "Bedarfsorientierte Maßnahmen vor Ort",
    "III": "Stärkung der Integrationsagenturen",
}
BAUSTEINE = {
    "A": "Ankommenstreffpunkte",
    "B": "Zusammenkommen, Orientierung, Begleitung",
    "C": "Informations- und Wissensvermittlung",
    "D": "Qualifizierung Ehrenamtlicher",
}
PAUSCHALEN_JE_BAUSTEIN = {"A": ("A1", "A2"), "B": ("B1", "B2"), "C": ("C1", "C2"), "D": ("D1", "D2")}
PAUSCHALEN = {
    "A1": "Renovierung/Ausstattung je Raum (einmalig)",
    "A2": "Laufende Kosten je Monat",
    "B1": "Ehrenamtliche Begleitung",
    "B2": "Gruppenmaßnahme",
    "C1": "Print- oder Internetmedium",
    "C2": "Übersetzung je Seite",
    "D1": "Referentenstunde",
    "D2": "Austauschtreffen",
}
PAUSCHALE_EINHEIT = {
    "A1": "Raum",
    "A2": "Monat",
    "B1": "Begleitung",
    "B2": "Gruppenmaßnahme",
    "C1": "Medium",
    "C2": "Seite",
    "D1": "Stunde",
    "D2": "Treffen",
}
HANDLUNGSFELDER = {
    "zusammenleben": "Friedliches Zusammenleben in den Stadtteilen",
    "antidiskriminierung": "Prävention und Bekämpfung von Antisemitismus, Rassismus, Islamfeindlichkeit und Diskriminierung",
}

Schwere = Literal["fehler", "warnung", "hinweis"]

# Every code pruefe() can report: severity and source (DOMAIN.md §7, §11).
CODES: dict[str, tuple[Schwere, str]] = {
    "eingabe.ungueltig": ("fehler", ""),
    "betrag.ungueltig": ("fehler", ""),
    "I.stellen.stufe": ("fehler", "S4"),
    "I.stellen.zuweisung": ("fehler", "S4"),
    "I.personal.hoechstbetrag": ("fehler", "S4"),
    "I.sachmittel.hoechstbetrag": ("fehler", "S4"),
    "II.pauschale.unbekannt": ("fehler", "S16"),
    "II.einheiten.ungueltig": ("fehler", "S16"),
    "II.A1.raeume": ("fehler", "S16; S17"),
    "II.A1.kosten": ("warnung", "S17"),
    "II.A2.monate": ("fehler", "[I]"),  # inferred: the Bewilligungszeitraum is the calendar year
    "II.A.raumnutzung": ("fehler", "S17; S31"),
    "II.empfaenger.fehlt": ("fehler", "S22; S29"),
    "II.summe.hoechstbetrag": ("fehler", "S5"),
    "III.handlungsfeld.unbekannt": ("fehler", "S6"),
    "III.investition": ("fehler", "S6"),
    "III.personal.hoechstbetrag": ("fehler", "S6"),
    "III.sachpauschale": ("fehler", "S6"),
    "III.anteil.hoechstsatz": ("fehler", "S6; S34"),
    "III.mindestbetrag": ("fehler", "S6"),
    "zuwendung.bagatellgrenze": ("warnung", "S37, VV Teil I"),
    "frist.versaeumt": ("warnung", "S5; S34"),
    "beginn.vorzeitig": ("warnung", "S37, VV 1.3"),
    "bescheid.lrh_kopie": ("hinweis", "S37, VV 4.4 / VVG 4.2"),
    "parameter.fehlt": ("hinweis", ""),
}

# German names of the input keys, for messages ("Einheiten (Maßnahme 2)").
FELDNAMEN = {
    "programmteil": "Programmteil",
    "foerderjahr": "Förderjahr",
    "antragsfrist": "Antragsfrist",
    "eingang": "Eingang",
    "massnahmebeginn": "Maßnahmebeginn",
    "vorzeitiger_beginn_zugelassen": "Vorzeitiger Maßnahmebeginn zugelassen",
    "fortfuehrung": "Fortführung aus dem Vorjahr",
    "stellen_zuweisung": "Stellenzuweisung",
    "stellen": "Stellen",
    "personalausgaben": "Personalausgaben",
    "sachmittel": "Sachmittel",
    "hoechstbetrag": "Höchstbetrag",
    "massnahmen": "Maßnahmen",
    "baustein": "Baustein",
    "pauschale": "Pauschale",
    "einheiten": "Einheiten",
    "raumnutzung_prozent": "Raumnutzung in Prozent",
    "empfaenger": "Letztempfänger",
    "empfaenger_rechtsform": "Rechtsform des Letztempfängers",
    "empfaenger_anschrift": "Anschrift des Letztempfängers",
    "bezeichnung": "Bezeichnung",
    "geplante_kosten": "Geplante Kosten",
    "titel": "Titel",
    "handlungsfeld": "Handlungsfeld",
    "honorarausgaben": "Honorarausgaben",
    "sachausgaben": "Sachausgaben",
    "investitionsausgaben": "Investitionsausgaben",
    "beantragt": "Beantragte Zuwendung",
}


def feldname(feld: str) -> str:
    """An input path in German: "massnahmen.1.einheiten" -> "Einheiten (Maßnahme 2)"."""
    teile = feld.split(".")
    if len(teile) == 3 and teile[0] == "massnahmen" and teile[1].isdigit():
        return f"{FELDNAMEN.get(teile[2], teile[2])} (Maßnahme {int(teile[1]) + 1})"
    if len(teile) == 2 and teile[0] == "massnahmen" and teile[1].isdigit():
        return f"Maßnahme {int(teile[1]) + 1}"
    return FELDNAMEN.get(feld, feld)
