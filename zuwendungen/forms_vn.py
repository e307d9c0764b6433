"""Forms of the Verwendungsnachweis: the recipient's form (fields built from the grant's
Finanzierungsplan lines), the Belegliste upload, the Prüfvermerk, a question and its answer.
German messages at the field; a draft with gaps saves, a malformed number does not."""

from __future__ import annotations

from django import forms

from komman.fields import BetragFormField
from komman.verwaltung import BootstrapMixin
from zuwendungen.forms import _datum
from zuwendungen.workflow.vn_zahlen import EINNAHMEN, Nachweisdaten, dezimal

TEXT = forms.Textarea(attrs={"rows": 4})


def _betrag(wert) -> str:
    d = dezimal(wert)
    return "" if d is None else str(d)


class VnForm(BootstrapMixin, forms.Form):
    taetigkeiten = forms.CharField(label="Durchgeführte Tätigkeiten", widget=TEXT, required=False)
    beginn = _datum("Beginn der Maßnahme", required=False)
    ende = _datum("Ende der Maßnahme", required=False)
    personal = forms.CharField(label="Eingesetztes Personal (Funktion, Umfang)", widget=TEXT, required=False)
    ergebnisse = forms.CharField(label="Ergebnisse und Zielerreichung", widget=TEXT, required=False)
    abweichungen = forms.CharField(
        label="Abweichungen vom Plan und ihre Gründe", widget=TEXT, required=False,
        help_text="Pflicht, wenn die Ist-Zahlen vom Finanzierungsplan abweichen.",
    )  # fmt: skip

    def __init__(self, *args, vn, d: Nachweisdaten, **kwargs):
        zahlen = vn.zahlen or {}
        initial = {f: getattr(vn, f) for f in ("taetigkeiten", "beginn", "ende", "personal", "ergebnisse", "abweichungen",
                                                 "erklaerung", "kommune_bestaetigt")}  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        self.d = d
        einnahmen = zahlen.get("einnahmen", {})
        for schluessel, name in EINNAHMEN:
            self.fields[f"e_{schluessel}"] = BetragFormField(label=f"{name} (Ist)", required=False)
            self.initial[f"e_{schluessel}"] = _betrag(einnahmen.get(schluessel))
        if d.teil == "I":
            for i, (vze, monate) in enumerate(d.stellen):
                self.fields[f"s{i}_monate"] = forms.IntegerField(
                    label=f"Stelle {i + 1} ({vze:g} VZÄ): Monate besetzt", min_value=0, max_value=d.monate_zeitraum,
                    required=False, help_text=f"Ganze Monate im Bewilligungszeitraum ({d.monate_zeitraum} Monate).",
                    error_messages={"invalid": "Bitte eine ganze Zahl von Monaten eingeben.",
                                    "max_value": f"Der Bewilligungszeitraum hat {d.monate_zeitraum} Monate.",
                                    "min_value": "Bitte eine Zahl ab 0 eingeben."},
                )  # fmt: skip
                self.initial[f"s{i}_monate"] = monate
        for zeile in d.zeilen:
            if d.teil == "II":
                self.fields[zeile.feld] = forms.IntegerField(
                    label=f"{zeile.bezeichnung}: erbrachte Einheiten (bewilligt {zeile.einheiten_plan})", min_value=0,
                    required=False, error_messages={"invalid": "Bitte eine ganze Zahl von Einheiten eingeben.",
                                                    "min_value": "Bitte eine Zahl ab 0 eingeben."},
                )  # fmt: skip
                self.initial[zeile.feld] = zeile.einheiten_ist
            else:
                self.fields[zeile.feld] = BetragFormField(label=f"{zeile.bezeichnung} (Ist)", required=False)
                self.initial[zeile.feld] = _betrag(zeile.ist)
        if d.teil == "II":
            angaben = zahlen.get("teil2", {}).get("empfaenger", {})
            for i, name in enumerate(d.empfaenger):
                for k, text in (("erhalten", "erhalten"), ("verwendet", "verwendet"), ("erstattet", "an die Kommune erstattet")):
                    self.fields[f"le{i}_{k}"] = BetragFormField(label=f"{name}: {text}", required=False)
                    self.initial[f"le{i}_{k}"] = _betrag(angaben.get(name, {}).get(k))
            self.fields["kommune_bestaetigt"] = forms.BooleanField(
                label="Die Kommune hat die Verwendungsnachweise der Letztempfänger geprüft und bestätigt deren Angaben.",
                required=False,
            )  # fmt: skip
        self.fields["erklaerung"] = forms.BooleanField(
            label="Wir erklären: Die Ausgaben waren notwendig, es wurde wirtschaftlich und sparsam verfahren, und "
            "die Angaben stimmen mit den Büchern und Belegen überein.",
            required=False,
        )

    def gruppen(self, befunde: dict[str, list[str]]) -> dict[str, list]:
        """The fields by section, each with the Befunde at it: {section: [(field, [hint, …])]}."""
        zeilen = {z.feld for z in self.d.zeilen}
        abschnitt = {n: "sachbericht" for n in ("taetigkeiten", "beginn", "ende", "personal", "ergebnisse", "abweichungen")}
        ergebnis: dict[str, list] = {k: [] for k in ("sachbericht", "stellen", "zeilen", "einnahmen", "empfaenger", "erklaerung")}
        for name in self.fields:
            if name in abschnitt:
                gruppe = "sachbericht"
            elif name in zeilen:
                gruppe = "zeilen"
            elif name.startswith("s") and name.endswith("_monate"):
                gruppe = "stellen"
            elif name.startswith("e_"):
                gruppe = "einnahmen"
            elif name.startswith("le"):
                gruppe = "empfaenger"
            else:
                gruppe = "erklaerung"
            ergebnis[gruppe].append((self[name], befunde.get(name, [])))
        return ergebnis

    def werte_und_zahlen(self) -> tuple[dict, dict]:
        c, d = self.cleaned_data, self.d
        werte = {f: c.get(f) if f in ("beginn", "ende") else (c.get(f) or "") for f in
                 ("taetigkeiten", "beginn", "ende", "personal", "ergebnisse", "abweichungen")}  # fmt: skip
        werte["erklaerung"] = bool(c.get("erklaerung"))
        werte["kommune_bestaetigt"] = bool(c.get("kommune_bestaetigt"))
        zahlen: dict = {"einnahmen": {k: _text(c.get(f"e_{k}")) for k, _ in EINNAHMEN}}
        if d.teil == "I":
            zahlen["teil1"] = {
                "stellen": [{"vze": str(vze), "monate": c.get(f"s{i}_monate")} for i, (vze, _) in enumerate(d.stellen)],
                "personal": _text(c.get("personal_ist")),
                "sachmittel": _text(c.get("sachmittel_ist")),
            }
        elif d.teil == "II":
            zahlen["teil2"] = {
                "erbracht": {z.feld[1:].split("_")[0]: c.get(z.feld) for z in d.zeilen},
                "empfaenger": {
                    name: {k: _text(c.get(f"le{i}_{k}")) for k in ("erhalten", "verwendet", "erstattet")}
                    for i, name in enumerate(d.empfaenger)
                },
            }
        else:
            teil3: dict = {}
            for z in d.zeilen:
                pk, kategorie = z.feld[1:].split("_", 1)
                teil3.setdefault(pk, {})[kategorie] = _text(c.get(z.feld))
            zahlen["teil3"] = teil3
        return werte, zahlen


def _text(wert) -> str:
    return "" if wert is None else str(wert)


class BelegeForm(forms.Form):
    datei = forms.FileField(
        label="Belegliste (CSV oder XLSX)",
        help_text="Spalten: Nr., Datum (TT.MM.JJJJ), Zahlungsempfänger, Grund der Zahlung, Ausgabenart, Betrag. "
        "Die erste Zeile enthält die Überschriften. Eine neue Liste ersetzt die bisherige vollständig.",
        error_messages={"required": "Bitte wählen Sie eine Datei aus."},
    )


class PruefvermerkForm(BootstrapMixin, forms.Form):
    vermerk = forms.CharField(label="Prüfvermerk (Zusammenfassung)", widget=TEXT, required=False)

    def __init__(self, *args, punkte, zeilen, vermerk: dict, **kwargs):
        super().__init__(*args, **kwargs)
        haken = vermerk.get("checkliste", {})
        feststellungen = vermerk.get("feststellungen", {})
        self.initial["vermerk"] = vermerk.get("vermerk", "")
        for k, text in punkte:
            self.fields[f"c_{k}"] = forms.BooleanField(label=text, required=False)
            self.initial[f"c_{k}"] = haken.get(k, False)
        for z in zeilen:
            self.fields[f"f_{z.feld}"] = forms.CharField(label=f"Feststellung zu „{z.bezeichnung}“", required=False)
            self.initial[f"f_{z.feld}"] = feststellungen.get(z.feld, "")

    def felder(self, praefix: str) -> list:
        return [self[name] for name in self.fields if name.startswith(praefix)]


class FrageForm(BootstrapMixin, forms.Form):
    frage = forms.CharField(label="Frage an den Zuwendungsempfänger", widget=TEXT)
    frist = _datum("Antwort bis", required=False, help_text="Leer: die Antwortfrist der Förderperiode.")


class AntwortForm(BootstrapMixin, forms.Form):
    antwort = forms.CharField(label="Ihre Antwort", widget=TEXT, error_messages={"required": "Bitte geben Sie eine Antwort ein."})


class RueckgabeForm(BootstrapMixin, forms.Form):
    grund = forms.CharField(label="Grund der Rückgabe", widget=TEXT, error_messages={"required": "Bitte begründen Sie die Rückgabe."})
