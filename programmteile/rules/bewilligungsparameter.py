"""Which rule parameters a Bewilligung needs, and their names for people (split from bescheid.py)."""

from __future__ import annotations

from komman.formate import zahl

from .begriffe import PAUSCHALEN, PROGRAMMTEILE
from .eingabe import Eingabe, Eingabefehler, Teil1, Teil2, lies_eingabe
from .eingabe import heute as heute_nrw
from .parameter import PAUSCHALE_PRAEFIX, SACHMITTEL_PRAEFIX, Regelparameter, stufe_text

# Who maintains the parameters, for messages to the Bezirksregierung (never to applicants).
PFLEGE_HINWEIS = (
    "Die Regelparameter pflegt die Administration (Verwaltung → Förderperioden → Regelparameter)."
)


PARAMETER_NAMEN = {
    "lrh.schwelle": "Schwelle für die Ausfertigung an den Landesrechnungshof",
    "auszahlung.bedarf_monate": "Bedarfszeitraum für den Mittelabruf (Monate)",
    "frist.vn_monate": "Frist für den Verwendungsnachweis (Monate nach dem Bewilligungszeitraum)",
    "bekanntgabe.post_tage": "Bekanntgabe durch die Post (Tage nach Absendung)",
    "rechtsbehelf.frist_monate": "Klagefrist (Monate nach Bekanntgabe)",
    "I.festbetrag_stelle": "Festbetrag je Vollzeitstelle",
    "II.A1.max_raeume": "Höchstzahl der Räume je Ankommenstreffpunkt (A1)",
    "II.A2.max_monate": "Höchstzahl der Monate für laufende Kosten (A2)",
    "II.A.raumnutzung_min": "Mindestnutzung der Räume als Ankommenstreffpunkt (Prozent)",
    "III.foerdersatz_max": "Fördersatz (Anteilfinanzierung)",
    "III.personal_eg11_s5": "Personalausgaben-Obergrenze EG 11 Stufe 5",
    "III.sachpauschale": "Sachausgabenpauschale je Vollzeitstelle",
}


def parametername(schluessel: str) -> str:
    """The German name of a parameter key, for people who never see keys."""
    if schluessel in PARAMETER_NAMEN:
        return PARAMETER_NAMEN[schluessel]
    if schluessel.startswith(SACHMITTEL_PRAEFIX):
        return f"Sachmittel-Höchstbetrag der Stellenstufe {zahl(schluessel[len(SACHMITTEL_PRAEFIX) :])}"
    if schluessel.startswith(PAUSCHALE_PRAEFIX):
        code = schluessel[len(PAUSCHALE_PRAEFIX) :]
        return f"Pauschale {code} ({PAUSCHALEN.get(code, code)})"
    return schluessel


def fehlende_bewilligungsparameter(antrag: dict, parameter: Regelparameter) -> list[str]:
    """The keys of the parameters a Bewilligung of this Antrag needs and the period lacks.

    Every part: LRH threshold, two-month rule, VN deadline (the notice states them). Part I:
    the Festbetrag and the Sachmittel of the Kommune's tier; Part II: the Pauschale of every
    line used (and the A1/A2 maxima and the room-use minimum where those lines occur);
    Part III: Fördersatz, EG 11 Stufe 5 and Sachausgabenpauschale.
    """
    try:
        eingabe: Eingabe | None = lies_eingabe(antrag, heute=heute_nrw())
    except Eingabefehler:
        eingabe = None
    teil = eingabe.programmteil if eingabe else str(antrag.get("programmteil", ""))
    p = parameter
    werte: dict[str, object] = {
        "lrh.schwelle": p.allgemein.lrh_schwelle,
        "auszahlung.bedarf_monate": p.allgemein.auszahlung_bedarf_monate,
        "frist.vn_monate": p.allgemein.frist_vn_monate,
        "bekanntgabe.post_tage": p.allgemein.bekanntgabe_post_tage,
        "rechtsbehelf.frist_monate": p.allgemein.rechtsbehelf_frist_monate,
    }
    if teil == "I":
        werte["I.festbetrag_stelle"] = p.teil1.festbetrag_stelle
        if isinstance(eingabe, Teil1) and eingabe.stellen_zuweisung > 0:
            stufe = eingabe.stellen_zuweisung
            werte[SACHMITTEL_PRAEFIX + stufe_text(stufe)] = p.teil1.sachmittel.get(stufe)
    elif teil == "II" and isinstance(eingabe, Teil2):
        codes = sorted({m.pauschale for m in eingabe.massnahmen if m.pauschale in PAUSCHALEN})
        for code in codes:
            werte[PAUSCHALE_PRAEFIX + code] = p.teil2.pauschalen.get(code)
        if "A1" in codes:
            werte["II.A1.max_raeume"] = p.teil2.a1_max_raeume
        if "A2" in codes:
            werte["II.A2.max_monate"] = p.teil2.a2_max_monate
        if any(m.baustein == "A" for m in eingabe.massnahmen):
            werte["II.A.raumnutzung_min"] = p.teil2.raumnutzung_min
    elif teil == "III":
        werte["III.foerdersatz_max"] = p.teil3.foerdersatz_max
        werte["III.personal_eg11_s5"] = p.teil3.personal_eg11_s5
        werte["III.sachpauschale"] = p.teil3.sachpauschale
    return [schluessel for schluessel, wert in werte.items() if wert is None]


def bewilligung_moeglich(antrag: dict, parameter: Regelparameter) -> tuple[bool, str]:
    """(allowed, German reason): a Bewilligung needs every parameter its notice computes with.

    The reason names the parameters in words and who maintains them; it is shown to the
    Bezirksregierung (Prüfung, Zeichnung), never to applicants."""
    fehlend = fehlende_bewilligungsparameter(antrag, parameter)
    if not fehlend:
        return True, ""
    namen = ", ".join(f"„{parametername(s)}“" for s in fehlend)
    teil = str(antrag.get("programmteil", "")) if isinstance(antrag, dict) else ""
    wofuer = f" (Programmteil {teil} – {PROGRAMMTEILE[teil]})" if teil in PROGRAMMTEILE else ""
    mehrzahl = len(fehlend) > 1
    return False, (
        f"Eine Bewilligung ist noch nicht möglich: Für die Förderperiode{wofuer} "
        f"{'fehlen die Regelparameter' if mehrzahl else 'fehlt der Regelparameter'} {namen}. "
        f"{PFLEGE_HINWEIS}"
    )
