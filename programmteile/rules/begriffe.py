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
# Who may receive forwarded Part II money (DOMAIN.md §3 "Letztempfänger": S5; S18; S22; S30):
# stored key -> German label. "Kommune selbst" is [U] (DOMAIN.md §13 No. 20).
RECHTSFORMEN_LETZTEMPFAENGER = {
    "verein": "Eingetragener Verein, auch Sport- oder Kulturverein",
    "initiative": "Initiative oder nicht eingetragener Verein",
    "mso": "Migrantenselbstorganisation",
    "wohlfahrtsverband": "Verband der Freien Wohlfahrtspflege oder seine Gliederung",
    "religionsgemeinschaft": "Kirchen- oder Moscheegemeinde",
    "kreisangehoerige_gemeinde": "Kreisangehörige Stadt oder Gemeinde",
    "kommune_selbst": "Die antragstellende Kommune selbst",
}
HANDLUNGSFELDER = {
    "zusammenleben": "Friedliches Zusammenleben in den Stadtteilen",
    "antidiskriminierung": "Prävention und Bekämpfung von Antisemitismus, Rassismus, Islamfeindlichkeit und Diskriminierung",
}

Schwere = Literal["fehler", "warnung", "hinweis"]

# Every code pruefe() can report: severity and source (DOMAIN.md §7, §11).
CODES_PRUEFUNG: dict[str, tuple[Schwere, str]] = {
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
    # per Ankommenstreffpunkt, at most the months of the Bewilligungszeitraum (inferred, [I])
    "II.A2.monate": ("fehler", "[I]; VV 1.1 zu § 44 LHO"),
    "II.A.raumnutzung": ("fehler", "S17; S31"),
    "II.empfaenger.fehlt": ("fehler", "S22; S29"),
    "II.empfaenger.rechtsform": ("fehler", "S5; S18; S22; S30"),
    "II.summe.hoechstbetrag": ("fehler", "S5"),
    "III.handlungsfeld.unbekannt": ("fehler", "S6"),
    "III.investition": ("fehler", "S6"),
    "III.personal.hoechstbetrag": ("fehler", "S6"),
    "III.sachpauschale": ("fehler", "S6"),
    "III.anteil.hoechstsatz": ("fehler", "S6; S34"),
    "III.mindestbetrag": ("fehler", "S6"),
    # Finanzierungsplan (VV 1.2, issue 17): errors, they block the submission and the Bewilligung
    "III.finanzierungsplan.fehlbetrag": ("fehler", "S37, VV 1.2"),
    "III.finanzierungsplan.doppelt": ("fehler", "S37, VV 1.2"),
    "III.eigenanteil": ("fehler", "S6; S34"),
    "zuwendung.bagatellgrenze": ("warnung", "S37, VV Teil I"),
    "frist.versaeumt": ("warnung", "S5; S34"),
    "beginn.vorzeitig": ("warnung", "S37, VV 1.3"),
    "bescheid.lrh_kopie": ("hinweis", "S37, VV 4.4 / VVG 4.2"),
    "parameter.fehlt": ("hinweis", ""),
}

# Legal sources of the Zuwendungsrechner (docs/zuwendungsrechner.md).
QUELLE_FRIST = "§ 31 VwVfG NRW; §§ 187 Abs. 1, 188 Abs. 2 BGB"
QUELLE_BESTANDSKRAFT = "§ 74 Abs. 1 S. 2 VwGO; § 57 Abs. 2 VwGO mit § 222 Abs. 2 ZPO; VV 7.1 zu § 44 LHO"
QUELLE_VN_FRISTEN = "ANBest-P 6.1; ANBest-G 7.1 (S37)"
QUELLE_WIDERRUF = "§§ 48 Abs. 4, 49 Abs. 3 S. 2 VwVfG NRW"
QUELLE_ABRUF = "VV 7.1, 7.2 zu § 44 LHO (S37)"
QUELLE_ZINSEN = "§ 49a Abs. 3 VwVfG NRW; § 247 BGB; VV/VVG 8.5 zu § 44 LHO"
QUELLE_BASISZINS = "§ 247 Abs. 2 BGB"
QUELLE_VERWENDUNGSZINSEN = "§ 49a Abs. 4 VwVfG NRW; VV/VVG 8.5 zu § 44 LHO"
QUELLE_VN = "VV 11 zu § 44 LHO; VV 2.2 (Finanzierungsarten) (S37)"
QUELLE_ERSTATTUNG = "§ 49a Abs. 1 VwVfG NRW; VV/VVG 8 zu § 44 LHO (S37)"
QUELLE_AENDERUNG = "VV 4.5 / VVG 4.3 zu § 44 LHO (S37)"
QUELLE_LRH = "VV 4.4 / VVG 4.2 zu § 44 LHO (S37)"

# Every code the Zuwendungsrechner can report besides eingabe.ungueltig: severity and source
# (docs/zuwendungsrechner.md, "Befunde").
CODES_RECHNER: dict[str, tuple[Schwere, str]] = {
    "bestandskraft.verzicht_vor_bekanntgabe": ("warnung", QUELLE_BESTANDSKRAFT),
    "bestandskraft.klage": ("hinweis", QUELLE_BESTANDSKRAFT),
    "abruf.nicht_bestandskraeftig": ("fehler", QUELLE_ABRUF),
    "abruf.nach_bewilligungszeitraum": ("fehler", QUELLE_ABRUF),
    "abruf.zeitfenster": ("warnung", QUELLE_ABRUF),
    "abruf.restbetrag": ("warnung", QUELLE_ABRUF),
    "zinsen.basiszins_veraltet": ("warnung", QUELLE_BASISZINS),
    "verwendung.nicht_verwendet": ("hinweis", QUELLE_VERWENDUNGSZINSEN),
    "verwendung.erstattung": ("hinweis", QUELLE_ERSTATTUNG),
    "verwendung.aufteilung": ("hinweis", QUELLE_ERSTATTUNG),
    "aenderung.ueberzahlung": ("hinweis", QUELLE_AENDERUNG),
    "aenderung.lrh_mitteilung": ("hinweis", QUELLE_LRH),
    "aenderung.unbesetzt": ("fehler", QUELLE_AENDERUNG),
    "aenderung.verlaengerung": ("fehler", QUELLE_AENDERUNG),
    "aenderung.verzicht": ("fehler", QUELLE_AENDERUNG),
    "widerruf.frist_abgelaufen": ("fehler", QUELLE_WIDERRUF),
}

# The code catalogue of the rules: every Befund is made from it (ergebnis.befund).
CODES: dict[str, tuple[Schwere, str]] = {**CODES_PRUEFUNG, **CODES_RECHNER}

# German names of the input keys, for messages ("Einheiten (Maßnahme 2)").
FELDNAMEN = {
    "programmteil": "Programmteil",
    "foerderjahr": "Förderjahr",
    "antragsfrist": "Antragsfrist",
    "eingang": "Eingang",
    "massnahmebeginn": "Maßnahmebeginn",
    "vorzeitiger_beginn_zugelassen": "Vorzeitiger Maßnahmebeginn zugelassen",
    "fortfuehrung": "Fortführung aus dem Vorjahr",
    "bewilligung_am": "Tag der Bewilligung",
    "eigenanteil": "Eigenanteil",
    "drittmittel": "Drittmittel",
    "vorzeitiger_beginn_ab": "Vorzeitiger Maßnahmebeginn zugelassen ab",
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
    "treffpunkt": "Ankommenstreffpunkt",
    "bewilligung_von": "Bewilligungszeitraum von",
    "bewilligung_bis": "Bewilligungszeitraum bis",
    "bezeichnung": "Bezeichnung",
    "geplante_kosten": "Geplante Kosten",
    "titel": "Titel",
    "handlungsfeld": "Handlungsfeld",
    "honorarausgaben": "Honorarausgaben",
    "sachausgaben": "Sachausgaben",
    "investitionsausgaben": "Investitionsausgaben",
    "beantragt": "Beantragte Zuwendung",
}


# List keys whose entries have a name of their own ("Maßnahme 2"); others: "Bedarfe, Eintrag 2".
EINTRAG_NAMEN = {"massnahmen": "Maßnahme"}


def feldname(feld: str, namen: dict[str, str] = FELDNAMEN) -> str:
    """An input path in German: "massnahmen.1.einheiten" -> "Einheiten (Maßnahme 2)",
    "bedarfe.1.betrag" -> "Betrag (Bedarfe, Eintrag 2)"; ``namen`` are the German key names
    (FELDNAMEN of the Antrag here, the Zuwendungsrechner passes its own)."""
    teile = feld.split(".")

    def eintrag(liste: str, index: str) -> str:
        if liste in EINTRAG_NAMEN:
            return f"{EINTRAG_NAMEN[liste]} {int(index) + 1}"
        return f"{namen.get(liste, liste)}, Eintrag {int(index) + 1}"

    if len(teile) >= 3 and teile[-2].isdigit():
        return f"{namen.get(teile[-1], teile[-1])} ({eintrag(teile[-3], teile[-2])})"
    if len(teile) >= 2 and teile[-1].isdigit():
        return eintrag(teile[-2], teile[-1])
    return namen.get(feld) or namen.get(teile[-1], feld)
