"""The Regelparameter of a period as a form: one labelled field per parameter key."""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation

from django import forms

from komman.fields import BetragFormField
from komman.formate import euro, prozent, zahl
from komman.verwaltung import BootstrapMixin, bootstrap_klassen
from programmteile import rules
from programmteile.forms.felder import DezimalFeld, ListenFormField, ProzentFormField
from programmteile.models import Foerderperiode

# German label and help for every parameter key (DOMAIN.md §3), grouped as on the form.
PARAMETER_GRUPPEN: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Programmteil I – Stärkung der Kommunalen Integrationszentren",
        [
            (
                "I.stellenstufen",
                "Zulässige Stellenstufen",
                "Stellenzahlen, getrennt durch Semikolon, z. B. 1; 1,5; 2.",
            ),
            (
                "I.festbetrag_stelle",
                "Festbetrag je volle Stelle und Jahr",
                "Eine halbe Stelle erhält die Hälfte.",
            ),
            (
                "I.rechner.schwellen",
                "Schwellen des Stufenrechners (Bevölkerungsanteil in %)",
                "Zwei Prozentwerte, getrennt durch Semikolon, z. B. 1,25; 3,0. Nur für Vorschläge, nicht amtlich.",
            ),
            ("I.rechner.basis", "Einwohnerzahl NRW als Basis des Stufenrechners", "Zensus 2011: 17538251."),
        ],
    ),
    (
        "Programmteil II – Bedarfsorientierte Maßnahmen vor Ort",
        [
            ("II.A1.max_raeume", "Baustein A1: höchstens Räume je Ankommenstreffpunkt", ""),
            ("II.A2.max_monate", "Baustein A2: höchstens Monate je Förderjahr", ""),
            (
                "II.A.raumnutzung_min",
                "Baustein A: Mindestnutzung des Raums (in %)",
                "Ganze Zahl von 0 bis 100, z. B. 33.",
            ),
        ],
    ),
    (
        "Programmteil III – Stärkung der Integrationsagenturen",
        [
            (
                "III.foerdersatz_max",
                "Höchstfördersatz (in %)",
                "Anteil der zuwendungsfähigen Ausgaben, z. B. 90.",
            ),
            (
                "III.personal_eg11_s5",
                "Personalausgaben je volle Stelle (TV-L EG 11 Stufe 5)",
                "Aus der Personalkostentabelle des Finanzministeriums für das Jahr; leer = Prüfung entfällt.",
            ),
            ("III.sachpauschale", "Sachausgabenpauschale je volle Stelle und Jahr", ""),
            ("III.mindestbetrag", "Mindestzuwendung je Maßnahme", ""),
        ],
    ),
    (
        "Allgemeine Regeln und Fristen",
        [
            ("lrh.schwelle", "Kopie an den Landesrechnungshof ab", ""),
            ("bagatellgrenze.nichtkommunal", "Bagatellgrenze für nichtkommunale Empfänger", ""),
            ("auszahlung.bedarf_monate", "Auszahlung für den Bedarf von höchstens (Monate)", ""),
            ("erstattung.zins_pp", "Erstattungszins über dem Basiszinssatz (Prozentpunkte)", "z. B. 5,00."),
            (
                "erstattung.zahlungsfrist_tage",
                "Zahlungsfrist im Erstattungsbescheid (Tage ab Bescheiddatum)",
                "Fälligkeit der Erstattung; verzinst wird ab Entstehung des Anspruchs.",
            ),
            (
                "erstattung.bagatellgrenze",
                "Bagatellgrenze für Rückforderungen",
                "Darunter kann auf die Rückforderung mit begründeter Entscheidung verzichtet werden.",
            ),
            ("widerruf.frist_jahre", "Widerrufsfrist (Jahre)", ""),
            ("belege.aufbewahrung_jahre", "Aufbewahrung der Belege (Jahre nach dem Verwendungsnachweis)", ""),
            ("akten.aufbewahrung_jahre", "Aufbewahrung der Akten (Jahre nach Abschluss)", ""),
            ("frist.vn_monate", "Verwendungsnachweis (Monate nach dem Bewilligungszeitraum)", ""),
            ("frist.zwischennachweis_monate", "Zwischennachweis (Monate nach Jahresende)", ""),
            ("frist.schreiben_tage", "Antwortfrist für Nachforderung und Anhörung (Tage)", ""),
            ("frist.mahnung_tage", "Neue Frist aus einer Mahnung zum Verwendungsnachweis (Tage)", ""),
            (
                "vn.stichprobe_prozent",
                "Anteil der Verwendungsnachweise in der vertieften Prüfung (Stichprobe, %)",
                "Nr. 11.2 VV zu § 44 LHO; die Stichprobe wird je Förderperiode mit festgehaltenem Startwert gezogen.",
            ),
            ("rechtsbehelf.frist_monate", "Klagefrist (Monate nach Bekanntgabe)", ""),
            (
                "bekanntgabe.post_tage",
                "Bekanntgabe per Post: Tage nach der Aufgabe zur Post",
                "Gesetzliche Vermutung des § 41 Abs. 2 VwVfG NRW; Grundlage der Prüfung des "
                "Bewilligungszeitraums bei der Zeichnung.",
            ),
            (
                "bekanntgabe.abruf_tage",
                "Erinnerung der Prüfung, wenn der Bescheid so viele Tage nicht abgerufen wurde",
                "Danach wird der Bescheid per Post versandt.",
            ),
            ("bescheid.dezernat", "Dezernat im Bescheid", ""),
        ],
    ),
]

def _feld_fuer(art: str, label: str, hilfe: str) -> forms.Field:
    allgemein = {"label": label, "help_text": hilfe, "required": False}
    if art == "betrag":
        return BetragFormField(**allgemein)
    if art == "satz":
        return ProzentFormField(**allgemein)
    if art == "dezimal":
        return DezimalFeld(**allgemein)
    if art == "anzahl":
        return forms.IntegerField(min_value=0, **allgemein)
    if art == "prozent":
        return forms.IntegerField(min_value=0, max_value=100, **allgemein)
    if art == "stufen":
        return ListenFormField(**allgemein)
    if art == "schwellen":
        return ListenFormField(prozent=True, **allgemein)
    return forms.CharField(max_length=200, **allgemein)


def _in_json(wert, art: str):
    """A clean form value as the parameter JSON wants it (amounts and rates as strings)."""
    if wert is None or wert == [] or wert == "":
        return None
    if art in ("anzahl", "prozent", "text", "stufen", "schwellen"):
        return wert
    return f"{Decimal(wert):f}"


def _aus_json(wert, art: str):
    """A stored parameter value as initial form value."""
    if wert is None:
        return None
    if art in ("betrag", "satz", "dezimal"):
        try:
            return Decimal(str(wert))
        except InvalidOperation:
            return wert
    return wert


class RegelparameterForm(BootstrapMixin, forms.Form):
    """Every parameter of a period as a labelled field; names equal the parameter keys."""

    def __init__(self, *args, periode: Foerderperiode, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode = periode
        gespeichert = dict(periode.regelparameter or {})
        self.arten: dict[str, str] = {}
        self.gruppen: list[tuple[str, list[str]]] = []
        for titel, eintraege in PARAMETER_GRUPPEN:
            namen = []
            if titel.startswith("Programmteil II –"):
                for code, bezeichnung in rules.PAUSCHALEN.items():
                    key = rules.PAUSCHALE_PRAEFIX + code
                    namen.append(
                        self._feld(key, "betrag", f"Pauschale {code}: {bezeichnung}", "", gespeichert)
                    )
            if titel.startswith("Allgemein"):
                # a parameter the rules gained after this form was written still gets a field
                bekannt = {k for _, liste in PARAMETER_GRUPPEN for k, _, _ in liste}
                eintraege = [*eintraege, *((k, k, "") for k in rules.PARAMETER if k not in bekannt)]
            for schluessel, label, hilfe in eintraege:
                art = rules.PARAMETER[schluessel][2]
                namen.append(self._feld(schluessel, art, label, hilfe, gespeichert))
                if schluessel == "I.festbetrag_stelle":
                    for stufe in self._stufen(gespeichert):
                        key = rules.SACHMITTEL_PRAEFIX + stufe
                        namen.append(
                            self._feld(
                                key,
                                "betrag",
                                f"Sachmittel bei {zahl(Decimal(stufe))} {'Stelle' if Decimal(stufe) == 1 else 'Stellen'}",
                                "",
                                gespeichert,
                            )
                        )
            self.gruppen.append((titel, namen))
        bootstrap_klassen(self)

    @staticmethod
    def _stufen(gespeichert: dict) -> list[str]:
        stufen = {
            k[len(rules.SACHMITTEL_PRAEFIX) :] for k in gespeichert if k.startswith(rules.SACHMITTEL_PRAEFIX)
        }
        for s in gespeichert.get("I.stellenstufen") or []:
            with contextlib.suppress(InvalidOperation):
                stufen.add(f"{Decimal(str(s)).normalize():f}")
        return sorted(stufen, key=lambda s: Decimal(s) if s.replace(".", "", 1).isdigit() else Decimal(0))

    def _feld(self, schluessel: str, art: str, label: str, hilfe: str, gespeichert: dict) -> str:
        self.fields[schluessel] = _feld_fuer(art, label, hilfe)
        self.fields[schluessel].initial = _aus_json(gespeichert.get(schluessel), art)
        self.arten[schluessel] = art
        return schluessel

    def gruppierte_felder(self) -> list[tuple[str, list]]:
        return [(titel, [self[name] for name in namen]) for titel, namen in self.gruppen]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        neu = dict(self.periode.regelparameter or {})
        for schluessel, art in self.arten.items():
            wert = _in_json(cleaned.get(schluessel), art)
            if not _gleicher_wert(neu.get(schluessel), wert):
                neu[schluessel] = wert  # an unchanged figure keeps its stored spelling
        for schluessel, meldung in rules.pruefe_parameter(neu).items():
            self.add_error(schluessel if schluessel in self.fields else None, meldung)
        self.regelparameter = neu
        return cleaned

    def aenderungen(self) -> list[tuple[str, str, str, str]]:
        """(bereich, key, old, new) for every parameter whose stored value changes."""
        alt = self.periode.regelparameter or {}
        return [
            (
                "parameter",
                f"{self.fields[key].label} ({key})",
                _zeige(alt.get(key), art),
                _zeige(self.regelparameter.get(key), art),
            )
            for key, art in self.arten.items()
            if alt.get(key) != self.regelparameter.get(key)
        ]


def _gleicher_wert(alt, neu) -> bool:
    """ "0.030" equals "0.03", ["1", "1.5"] equals ["1.0", "1.50"]; texts and counts compare as they are."""
    if isinstance(alt, list) and isinstance(neu, list):
        return len(alt) == len(neu) and all(_gleicher_wert(a, b) for a, b in zip(alt, neu, strict=True))
    if isinstance(alt, str) and isinstance(neu, str):
        try:
            return Decimal(alt) == Decimal(neu)
        except InvalidOperation:
            return alt == neu
    return alt == neu and type(alt) is type(neu)


def _zeige(wert, art: str) -> str:
    """A stored parameter value in German for the confirmation and the Änderungsprotokoll."""
    if wert is None or wert == [] or wert == "":
        return "(leer)"
    try:
        if art == "betrag":
            return euro(Decimal(wert))
        if art == "satz":
            return prozent(Decimal(wert))
        if art == "schwellen":
            return "; ".join(prozent(Decimal(w)) for w in wert)
        if art in ("stufen", "dezimal"):
            return "; ".join(zahl(Decimal(w)) for w in (wert if isinstance(wert, list) else [wert]))
    except (InvalidOperation, TypeError, ValueError):
        pass
    return str(wert)
