"""Forms of the Verwaltung: Förderperioden, Regelparameter, Zuweisungen, CSV import, texts."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from komman.fields import BetragFormField, parse_betrag
from komman.formate import euro, prozent, zahl
from komman.models import Organisation
from komman.verwaltung import BootstrapMixin, bootstrap_klassen
from programmteile import rules
from programmteile.models import Bescheidtexte, Briefkopf, Foerderperiode, Programmteil, Zuweisung

# --- Verwaltung ---

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
            ("widerruf.frist_jahre", "Widerrufsfrist (Jahre)", ""),
            ("belege.aufbewahrung_jahre", "Aufbewahrung der Belege (Jahre nach dem Verwendungsnachweis)", ""),
            ("akten.aufbewahrung_jahre", "Aufbewahrung der Akten (Jahre nach Abschluss)", ""),
            ("frist.vn_monate", "Verwendungsnachweis (Monate nach dem Bewilligungszeitraum)", ""),
            ("frist.zwischennachweis_monate", "Zwischennachweis (Monate nach Jahresende)", ""),
            ("frist.schreiben_tage", "Antwortfrist für Nachforderung und Anhörung (Tage)", ""),
            ("rechtsbehelf.frist_monate", "Klagefrist (Monate nach Bekanntgabe)", ""),
            ("bescheid.dezernat", "Dezernat im Bescheid", ""),
        ],
    ),
]

_PROZENT = Decimal("100")


def parse_dezimal(text: str) -> Decimal:
    """German or plain decimal ("1,5", "1.5", "57.000,00"); ValueError if none."""
    return parse_betrag(text)


def dezimal_text(wert: Decimal) -> str:
    """Decimal("1.50") -> "1,5": a number shown back in an input, without grouping."""
    return f"{wert.normalize():f}".replace(".", ",")


class ProzentFormField(forms.CharField):
    """A rate typed in per cent ("90", "1,25") and stored as a fraction (Decimal("0.90"))."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return dezimal_text(value * _PROZENT)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            prozent = parse_dezimal(value.replace("%", ""))
        except ValueError:
            raise ValidationError(
                f"„{value}“ ist kein gültiger Prozentwert. Bitte eine Zahl eingeben, z. B. 90."
            ) from None
        if not 0 <= prozent <= 100:
            raise ValidationError("Der Prozentwert muss zwischen 0 und 100 liegen.")
        return (prozent / _PROZENT).normalize()


class ListenFormField(forms.CharField):
    """Several numbers separated by semicolons ("1; 1,5; 2"); in per cent if prozent=True."""

    def __init__(self, *, prozent: bool = False, **kwargs):
        self.prozent = prozent
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            faktor = _PROZENT if self.prozent else 1
            return "; ".join(dezimal_text(Decimal(w) * faktor) for w in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        zahlen = []
        for teil in value.split(";"):
            teil = teil.strip().replace("%", "")
            if not teil:
                continue
            try:
                wert = parse_dezimal(teil)
            except ValueError:
                raise ValidationError(
                    f"„{teil}“ ist keine Zahl. Bitte Zahlen durch Semikolon trennen."
                ) from None
            zahlen.append(wert / _PROZENT if self.prozent else wert)
        return [f"{z.normalize():f}" for z in zahlen]


def _feld_fuer(art: str, label: str, hilfe: str) -> forms.Field:
    allgemein = {"label": label, "help_text": hilfe, "required": False}
    if art == "betrag":
        return BetragFormField(**allgemein)
    if art == "satz":
        return ProzentFormField(**allgemein)
    if art == "dezimal":
        return _DezimalFeld(**allgemein)
    if art == "anzahl":
        return forms.IntegerField(min_value=0, **allgemein)
    if art == "prozent":
        return forms.IntegerField(min_value=0, max_value=100, **allgemein)
    if art == "stufen":
        return ListenFormField(**allgemein)
    if art == "schwellen":
        return ListenFormField(prozent=True, **allgemein)
    return forms.CharField(max_length=200, **allgemein)


class _DezimalFeld(forms.CharField):
    def prepare_value(self, value):
        return f"{value:.2f}".replace(".", ",") if isinstance(value, Decimal) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            wert = parse_dezimal(value)
        except ValueError:
            raise ValidationError(f"„{value}“ ist keine Zahl. Bitte z. B. 5,00 eingeben.") from None
        if wert < 0:
            raise ValidationError("Die Zahl darf nicht negativ sein.")
        return wert


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


class PeriodeForm(BootstrapMixin, forms.ModelForm):
    """Dates and Haushaltsmittel of a period (the Regelparameter have their own form)."""

    budget = BetragFormField(
        label="Haushaltsmittel", help_text="Verfügbare Haushaltsmittel in Euro, z. B. 1.500.000,00."
    )

    class Meta:
        model = Foerderperiode
        fields = [
            "antragsbeginn",
            "antragsfrist",
            "bewilligungszeitraum_von",
            "bewilligungszeitraum_bis",
            "budget",
        ]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("antragsbeginn", "antragsfrist", "bewilligungszeitraum_von", "bewilligungszeitraum_bis")
        }

    FELDER_ANZEIGE = {
        "antragsbeginn": "Antragsbeginn",
        "antragsfrist": "Antragsfrist",
        "bewilligungszeitraum_von": "Bewilligungszeitraum von",
        "bewilligungszeitraum_bis": "Bewilligungszeitraum bis",
        "budget": "Haushaltsmittel",
    }

    def aenderungen(self) -> list[tuple[str, str, str, str]]:
        result = []
        for feld in self.changed_data:
            alt = self.initial.get(feld)
            neu = self.cleaned_data.get(feld)
            if alt != neu:
                result.append(("periode", self.FELDER_ANZEIGE[feld], _anzeige_wert(alt), _anzeige_wert(neu)))
        return result


def _anzeige_wert(wert) -> str:
    from komman.formate import datum

    if wert is None:
        return "(leer)"
    if isinstance(wert, Decimal):
        return euro(wert)
    if hasattr(wert, "year"):
        return datum(wert)
    return str(wert)


class PeriodeNeuForm(PeriodeForm):
    """A new period: Programmteil and Förderjahr; dates default to DOMAIN.md §9 #5."""

    class Meta(PeriodeForm.Meta):
        fields = ["programmteil", "foerderjahr", *PeriodeForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmteil"].queryset = Programmteil.objects.exclude(antragsteller_art="")
        self.fields["programmteil"].empty_label = "Bitte wählen"
        for f in ("antragsbeginn", "antragsfrist", "bewilligungszeitraum_von", "bewilligungszeitraum_bis"):
            self.fields[f].required = False
            self.fields[f].help_text = "Leer lassen für die Standardtermine des Programmteils."

    def clean(self):
        cleaned = super().clean()
        teil, jahr = cleaned.get("programmteil"), cleaned.get("foerderjahr")
        if teil and jahr:
            if Foerderperiode.objects.filter(programmteil=teil, foerderjahr=jahr).exists():
                self.add_error(
                    "foerderjahr", f"Für Programmteil {teil.nummer} gibt es das Förderjahr {jahr} schon."
                )
            elif 2016 <= jahr <= 2100:
                for feld, tag in Foerderperiode.standard_termine(teil.nummer, jahr).items():
                    if not cleaned.get(feld):
                        cleaned[feld] = tag
                        setattr(self.instance, feld, tag)
        return cleaned

    def validate_unique(self):
        pass  # reported in clean() with a German message


class KopierenForm(BootstrapMixin, forms.Form):
    foerderjahr = forms.IntegerField(label="Neues Förderjahr", min_value=2016, max_value=2100)
    budget = BetragFormField(
        label="Haushaltsmittel des neuen Jahres",
        help_text="Vorbelegt mit den Haushaltsmitteln der kopierten Periode.",
    )

    def __init__(self, *args, periode: Foerderperiode, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode = periode
        self.fields["foerderjahr"].initial = periode.foerderjahr + 1
        self.fields["budget"].initial = periode.budget

    def clean_foerderjahr(self):
        jahr = self.cleaned_data["foerderjahr"]
        if Foerderperiode.objects.filter(programmteil=self.periode.programmteil, foerderjahr=jahr).exists():
            raise ValidationError(
                f"Für Programmteil {self.periode.programmteil.nummer} gibt es das Förderjahr {jahr} schon."
            )
        return jahr


class BestaetigungForm(BootstrapMixin, forms.Form):
    """Reason and confirmation for a change to a period that already has submitted Anträge."""

    grund = forms.CharField(
        label="Grund der Änderung",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Wird mit Ihrem Namen, der Zeit und den alten und neuen Werten protokolliert.",
        error_messages={"required": "Bitte geben Sie den Grund der Änderung an."},
    )
    bestaetigt = forms.BooleanField(
        label="Ich bestätige die Änderung, obwohl bereits Anträge eingereicht sind.",
        error_messages={"required": "Bitte bestätigen Sie die Änderung."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "bestaetigung")
        super().__init__(*args, **kwargs)


# --- Zuweisungen ---


def _stufe(wert) -> Decimal:
    """Decimal for a posted Stellenstufe; ValueError (which Django turns into a field error) otherwise."""
    try:
        return Decimal(wert)
    except InvalidOperation:
        raise ValueError(wert) from None


class ZuweisungZeileForm(BootstrapMixin, forms.ModelForm):
    hoechstbetrag = BetragFormField(label="Höchstbetrag", required=False)

    class Meta:
        model = Zuweisung
        fields = ["stellen", "hoechstbetrag", "anmerkung"]

    def __init__(self, *args, stufen=(), **kwargs):
        super().__init__(*args, **kwargs)
        name = str(self.instance.kommune) if self.instance.kommune_id else ""
        self.fields["stellen"] = forms.TypedChoiceField(
            label=f"Stellenzuweisung {name}",
            required=False,
            choices=[("", "keine")] + [(f"{s.normalize():f}", zahl(s)) for s in stufen],
            coerce=_stufe,
            empty_value=None,
        )
        if self.instance.stellen is not None:
            self.initial["stellen"] = f"{self.instance.stellen.normalize():f}"
        self.fields["hoechstbetrag"].label = f"Höchstbetrag {name}"
        self.fields["anmerkung"].label = f"Anmerkung {name}"
        bootstrap_klassen(self)


class BaseZuweisungFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, periode: Foerderperiode, **kwargs):
        self.periode = periode
        self.stufen = periode.parameter().teil1.stellenstufen or ()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "stufen": self.stufen}

    def aenderungen(self) -> list[tuple[str, str, str, str]]:
        result = []
        for form in self.forms:
            for feld in form.changed_data:
                alt = form.initial.get(feld)
                if feld == "stellen" and alt not in (None, ""):
                    alt = Decimal(alt)
                neu = form.cleaned_data.get(feld)
                if alt in ("", None) and neu in ("", None):
                    continue
                if alt != neu:
                    result.append(
                        (
                            "zuweisung",
                            f"{form.instance.kommune} ({form.instance.kommune.kreisschluessel}): "
                            f"{ZUWEISUNG_FELDER[feld]}",
                            _zuweisung_wert(feld, alt),
                            _zuweisung_wert(feld, neu),
                        )
                    )
        return result


ZUWEISUNG_FELDER = {"stellen": "Stellenzuweisung", "hoechstbetrag": "Höchstbetrag", "anmerkung": "Anmerkung"}


def _zuweisung_wert(feld: str, wert) -> str:
    if wert in (None, ""):
        return "(leer)"
    if feld == "stellen":
        return zahl(Decimal(wert))
    if feld == "hoechstbetrag":
        return euro(wert)
    return str(wert)


ZuweisungFormSet = forms.modelformset_factory(
    Zuweisung, form=ZuweisungZeileForm, formset=BaseZuweisungFormSet, extra=0, can_delete=False
)


# --- CSV ---

CSV_SPALTEN = ["Kreisschlüssel", "Stellenzuweisung", "Höchstbetrag"]


@dataclass(frozen=True)
class CsvFehler:
    zeile: int
    spalte: str
    meldung: str


@dataclass(frozen=True)
class CsvZeile:
    kommune: Organisation
    stellen: Decimal | None
    hoechstbetrag: Decimal | None


def csv_export(zuweisungen) -> str:
    """UTF-8 with BOM (Excel), semicolons, German decimal comma, ordered by Kreisschlüssel."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(CSV_SPALTEN)
    for z in sorted(zuweisungen, key=lambda z: z.kommune.kreisschluessel):
        schreiber.writerow(
            [
                z.kommune.kreisschluessel,
                dezimal_text(z.stellen) if z.stellen is not None else "",
                f"{z.hoechstbetrag:.2f}".replace(".", ",") if z.hoechstbetrag is not None else "",
            ]
        )
    return "\ufeff" + puffer.getvalue()


def csv_lesen(inhalt: bytes | str, *, periode: Foerderperiode) -> tuple[list[CsvZeile], list[CsvFehler]]:
    """Read a Zuweisungen file; every problem is reported with row number and column."""
    if isinstance(inhalt, bytes):
        try:
            text = inhalt.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [
                CsvFehler(0, "", "Die Datei ist nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.")
            ]
    else:
        text = inhalt.lstrip("\ufeff")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not zeilen:
        return [], [CsvFehler(0, "", "Die Datei ist leer.")]
    kopf = [spalte.strip() for spalte in zeilen[0]]
    if kopf[:3] != CSV_SPALTEN:
        return [], [
            CsvFehler(
                1,
                "",
                f"Die Kopfzeile muss „{';'.join(CSV_SPALTEN)}“ lauten (Trennzeichen Semikolon), "
                f"gefunden: „{';'.join(kopf)}“.",
            )
        ]
    kommunen = {k.kreisschluessel: k for k in Organisation.objects.kommunen()}
    stufen = periode.parameter().teil1.stellenstufen or ()
    ergebnis: list[CsvZeile] = []
    fehler: list[CsvFehler] = []
    gesehen: dict[str, int] = {}
    for nr, zeile in enumerate(zeilen[1:], start=2):
        if not any(feld.strip() for feld in zeile):
            continue
        zeile = [feld.strip() for feld in zeile] + [""] * (3 - len(zeile))
        if len(zeile) > 3 and any(zeile[3:]):
            fehler.append(
                CsvFehler(
                    nr, "", "Die Zeile hat mehr als drei Spalten. Bitte Semikolon als Trennzeichen verwenden."
                )
            )
            continue
        schluessel, stellen_text, betrag_text = zeile[:3]
        if schluessel.isdigit() and len(schluessel) in (4, 7):
            schluessel = "0" + schluessel  # a spreadsheet dropped the leading zero
        kommune = kommunen.get(schluessel)
        if kommune is None:
            fehler.append(
                CsvFehler(
                    nr, "Kreisschlüssel", f"„{zeile[0]}“ ist kein Kreisschlüssel einer der 54 Kommunen."
                )
            )
        elif schluessel in gesehen:
            fehler.append(
                CsvFehler(
                    nr,
                    "Kreisschlüssel",
                    f"{kommune} ({schluessel}) steht schon in Zeile {gesehen[schluessel]}.",
                )
            )
        else:
            gesehen[schluessel] = nr
        stellen = None
        if stellen_text:
            try:
                stellen = parse_dezimal(stellen_text)
            except ValueError:
                fehler.append(CsvFehler(nr, "Stellenzuweisung", f"„{stellen_text}“ ist keine Zahl."))
            else:
                if stufen and stellen not in stufen:
                    erlaubt = ", ".join(zahl(s) for s in stufen)
                    fehler.append(
                        CsvFehler(
                            nr,
                            "Stellenzuweisung",
                            f"{zahl(stellen)} ist keine zulässige Stellenstufe. Zulässig sind {erlaubt}.",
                        )
                    )
                    stellen = None
        betrag = None
        if betrag_text:
            try:
                betrag = BetragFormField(required=False).clean(betrag_text)
            except ValidationError as e:
                fehler.append(CsvFehler(nr, "Höchstbetrag", " ".join(e.messages)))
        if kommune is not None:
            ergebnis.append(CsvZeile(kommune=kommune, stellen=stellen, hoechstbetrag=betrag))
    if not fehler and not ergebnis:
        fehler.append(CsvFehler(2, "", "Die Datei enthält keine Zeilen unter der Kopfzeile."))
    return ergebnis, fehler


class CsvImportForm(BootstrapMixin, forms.Form):
    datei = forms.FileField(
        label="CSV-Datei",
        required=False,
        help_text="Spalten Kreisschlüssel;Stellenzuweisung;Höchstbetrag, Trennzeichen Semikolon, UTF-8.",
    )
    inhalt = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, periode: Foerderperiode, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode = periode
        self.zeilen: list[CsvZeile] = []
        self.csv_fehler: list[CsvFehler] = []

    def clean(self):
        cleaned = super().clean()
        datei = cleaned.get("datei")
        if datei:
            if datei.size > 1_000_000:
                raise ValidationError("Die Datei ist größer als 1 MB. Erwartet werden 54 Zeilen.")
            roh = datei.read()
            try:
                cleaned["inhalt"] = roh.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("datei", "Die Datei ist nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.")
                return cleaned
        if not cleaned.get("inhalt"):
            self.add_error("datei", "Bitte wählen Sie eine CSV-Datei aus.")
            return cleaned
        self.zeilen, self.csv_fehler = csv_lesen(cleaned["inhalt"], periode=self.periode)
        if self.csv_fehler:
            raise ValidationError(
                f"Die Datei enthält {len(self.csv_fehler)} Fehler. Es wurde nichts übernommen; "
                "bitte korrigieren Sie die Datei und laden Sie sie erneut hoch."
            )
        return cleaned

    def aenderungen(self) -> list[tuple[str, str, str, str]]:
        bisher = {z.kommune_id: z for z in self.periode.zuweisungen.select_related("kommune")}
        result = []
        neu_ids = set()
        for zeile in self.zeilen:
            neu_ids.add(zeile.kommune.pk)
            alt = bisher.get(zeile.kommune.pk)
            for feld, wert in (("stellen", zeile.stellen), ("hoechstbetrag", zeile.hoechstbetrag)):
                alter_wert = getattr(alt, feld) if alt else None
                if alter_wert != wert:
                    result.append(
                        (
                            "zuweisung",
                            f"{zeile.kommune} ({zeile.kommune.kreisschluessel}): {ZUWEISUNG_FELDER[feld]}",
                            _zuweisung_wert(feld, alter_wert),
                            _zuweisung_wert(feld, wert),
                        )
                    )
        for kommune_id, alt in bisher.items():
            if kommune_id not in neu_ids and (alt.stellen is not None or alt.hoechstbetrag is not None):
                result.append(
                    (
                        "zuweisung",
                        f"{alt.kommune} ({alt.kommune.kreisschluessel}): Zuweisung",
                        f"{_zuweisung_wert('stellen', alt.stellen)} / {_zuweisung_wert('hoechstbetrag', alt.hoechstbetrag)}",
                        "(entfernt)",
                    )
                )
        return result


# --- Texte ---


class BescheidtexteForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Bescheidtexte
        fields = list(Bescheidtexte.TEXTFELDER)
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in Bescheidtexte.TEXTFELDER}

    def clean_rechtsbehelfsbelehrung(self):
        text = self.cleaned_data["rechtsbehelfsbelehrung"]
        if text and "{gericht}" not in text:
            raise ValidationError(
                "Die Rechtsbehelfsbelehrung muss den Platzhalter {gericht} enthalten; er wird durch das "
                "zuständige Verwaltungsgericht ersetzt."
            )
        try:
            text.format(gericht="X")
        except (KeyError, IndexError, ValueError):
            raise ValidationError("Geschweifte Klammern sind nur im Platzhalter {gericht} erlaubt.") from None
        return text


class BriefkopfForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Briefkopf
        fields = [
            "behoerde",
            "dezernat",
            "strasse",
            "plz",
            "ort",
            "telefon",
            "email",
            "internet",
            "zeichnungsformel",
            "gueltig_ab",
        ]
        widgets = {
            "gueltig_ab": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # The authority's contact data, not the admin's own (WCAG 1.3.5).
            "telefon": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def clean_plz(self):
        plz = self.cleaned_data["plz"]
        if not (plz.isdigit() and len(plz) == 5):
            raise ValidationError("Die Postleitzahl hat fünf Ziffern.")
        return plz
