"""Forms after the notice: German messages at the field, typed input kept.

The payout forms put the workflow's refusals (zuwendungen.workflow.Fehler, keyed
"bedarfe.0.faellig" …) on the matching form fields (FehlerMixin.fehler_setzen)."""

from __future__ import annotations

from django import forms

from komman.fields import BetragFormField
from komman.uploads import DateiFeld
from komman.verwaltung import BootstrapMixin
from zuwendungen.models import Klage, Weiterleitung
from zuwendungen.workflow import Abrufdaten, Fehler

DATUM = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATUM_FEHLER = {
    "invalid": "Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).",
    "required": "Bitte geben Sie das Datum an.",
}


def _datum(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATUM,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages=DATUM_FEHLER,
        **kwargs,
    )


class VerzichtForm(forms.Form):
    datei = DateiFeld(
        label="Unterschriebener Rechtsbehelfsverzicht (PDF)",
        help_text="Die vom Portal erzeugte Verzichtserklärung, unterschrieben und eingescannt, als PDF.",
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei is not None and datei.komman_pruefung.content_type != "application/pdf":
            raise forms.ValidationError("Bitte laden Sie den unterschriebenen Verzicht als PDF hoch.")
        return datei


class PostForm(forms.Form):
    zur_post_am = _datum("Zur Post gegeben am")


class KlageForm(forms.Form):
    erhoben_am = _datum("Klage erhoben am", help_text="Tag des Eingangs der Klage beim Gericht.")
    gericht = forms.CharField(
        label="Gericht", max_length=200, error_messages={"required": "Bitte geben Sie das Gericht an."}
    )
    aktenzeichen = forms.CharField(
        label="Aktenzeichen des Gerichts",
        max_length=60,
        error_messages={"required": "Bitte geben Sie das Aktenzeichen des Gerichts an."},
    )


class KlageEntschiedenForm(forms.Form):
    ausgang = forms.ChoiceField(
        label="Ausgang des Verfahrens",
        choices=Klage.Ausgang.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie den Ausgang des Verfahrens."},
    )
    entschieden_am = _datum(
        "Verfahren beendet am", help_text="Tag der Klagerücknahme oder der Rechtskraft der Entscheidung."
    )


class WeiterleitungForm(forms.Form):
    position = forms.ChoiceField(
        label="Maßnahme und Letztempfänger", error_messages={"required": "Bitte wählen Sie die Maßnahme."}
    )
    form = forms.ChoiceField(
        label="Form", choices=Weiterleitung.Form.choices, initial=Weiterleitung.Form.VERTRAG
    )
    datum = _datum("Datum des Vertrags oder Bescheids")
    einheiten = forms.IntegerField(
        label="Einheiten",
        min_value=0,
        error_messages={
            "required": "Bitte geben Sie die Zahl der Einheiten an.",
            "invalid": "Bitte geben Sie eine ganze Zahl ein.",
            "min_value": "Die Zahl der Einheiten darf nicht negativ sein.",
        },
    )
    betrag = BetragFormField(
        label="Weitergeleiteter Betrag in Euro", error_messages={"required": "Bitte geben Sie den Betrag an."}
    )
    anbest_p = forms.BooleanField(
        label="Die ANBest-P sind Bestandteil des Vertrags oder Bescheids.", required=False
    )
    pruefrecht = forms.BooleanField(
        label="Bezirksregierung und Landesrechnungshof haben das Recht, beim Letztempfänger zu prüfen.",
        required=False,
    )
    erstattung_mit_zinsen = forms.BooleanField(
        label="Der Letztempfänger erstattet zu Unrecht erhaltene Beträge mit Zinsen (§ 49a VwVfG NRW).",
        required=False,
    )

    def __init__(self, *args, positionen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.positionen = {str(p.pk): p for p in positionen}
        self.fields["position"].choices = [("", "Bitte wählen …")] + [
            (
                str(p.pk),
                f"{p.nr}. {p.pauschale} – {p.bezeichnung or 'ohne Bezeichnung'} ({p.empfaenger or 'Kommune selbst'})",
            )
            for p in positionen
        ]

    def clean(self):
        daten = super().clean()
        fehlend = [n for n in ("anbest_p", "pruefrecht", "erstattung_mit_zinsen") if not daten.get(n)]
        for name in fehlend:
            self.add_error(
                name, "Ohne diese Vereinbarung darf nicht weitergeleitet werden (VV 12 zu § 44 LHO)."
            )
        return daten


# --- Mittelabruf und Auszahlung ---

BEDARFE = 4
class FehlerMixin:
    def fehler_setzen(self, fehler: Fehler) -> None:
        for feld, meldungen in fehler.felder.items():
            name = feld.replace("bedarfe.", "bedarf_").replace(".", "_")
            ziel = name if name in self.fields else None
            for m in meldungen:
                self.add_error(ziel, m)


class AbrufForm(FehlerMixin, BootstrapMixin, forms.Form):
    auszahlung_am = _datum("Auszahlung gewünscht zum")

    def __init__(self, *args, teil1: bool = False, erster: bool = True, termine=(), **kwargs):
        super().__init__(*args, **kwargs)
        if termine:
            from komman.formate import datum

            self.fields["auszahlung_am"].help_text = "Abruftermine dieser Förderperiode: " + ", ".join(
                datum(t) for t in termine
            )
        for i in range(BEDARFE):
            self.fields[f"bedarf_{i}_faellig"] = _datum(f"Bedarf {i + 1}: fällig am", required=False)
            self.fields[f"bedarf_{i}_betrag"] = BetragFormField(label=f"Bedarf {i + 1}: Betrag", required=False)
        if teil1 and erster:
            self.fields["stellen_besetzt_am"] = _datum(
                "Stellen besetzt seit", required=False, help_text="Pflicht beim ersten Mittelabruf (Teil I)."
            )
            self.fields["stellen_vze"] = forms.DecimalField(
                label="Besetzte Stellen (Vollzeitäquivalente)", required=False, max_digits=5, decimal_places=2,
                min_value=0, localize=True,
                error_messages={"invalid": "Bitte eine Zahl eingeben, z. B. 1,5."},
            )  # fmt: skip
        if teil1 and not erster:
            self.fields["verwendung_bisher"] = forms.CharField(
                label="Verwendung der bisher ausgezahlten Mittel (summarische Erklärung)", required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )  # fmt: skip
        from komman.verwaltung import bootstrap_klassen

        bootstrap_klassen(self)

    def clean(self):
        cd = super().clean()
        for i in range(BEDARFE):
            f, b = cd.get(f"bedarf_{i}_faellig"), cd.get(f"bedarf_{i}_betrag")
            if (f is None) != (b is None) and not self.has_error(f"bedarf_{i}_faellig") and not self.has_error(f"bedarf_{i}_betrag"):
                feld = f"bedarf_{i}_betrag" if b is None else f"bedarf_{i}_faellig"
                self.add_error(feld, "Bitte geben Sie zu jedem Bedarf Fälligkeit und Betrag an.")
        return cd

    def daten(self) -> Abrufdaten:
        cd = self.cleaned_data
        bedarfe = [
            (cd[f"bedarf_{i}_faellig"], cd[f"bedarf_{i}_betrag"])
            for i in range(BEDARFE)
            if cd.get(f"bedarf_{i}_faellig") and cd.get(f"bedarf_{i}_betrag") is not None
        ]
        return Abrufdaten(
            auszahlung_am=cd["auszahlung_am"], bedarfe=bedarfe, stellen_besetzt_am=cd.get("stellen_besetzt_am"),
            stellen_vze=cd.get("stellen_vze"), verwendung_bisher=cd.get("verwendung_bisher") or "",
        )  # fmt: skip

    @staticmethod
    def initial_aus(abruf) -> dict:
        initial = {
            "auszahlung_am": abruf.auszahlung_am, "stellen_besetzt_am": abruf.stellen_besetzt_am,
            "stellen_vze": abruf.stellen_vze, "verwendung_bisher": abruf.verwendung_bisher,
        }  # fmt: skip
        for i, (f, b) in enumerate(abruf.bedarfsliste[:BEDARFE]):
            initial[f"bedarf_{i}_faellig"], initial[f"bedarf_{i}_betrag"] = f, b
        return initial


class FreigabeForm(FehlerMixin, BootstrapMixin, forms.Form):
    betrag = BetragFormField(label="Freigegebener Betrag")
    pruefvermerk = forms.CharField(label="Prüfvermerk", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    begruendung = forms.CharField(
        label="Begründung (Pflicht bei Teilfreigabe)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AblehnungForm(FehlerMixin, BootstrapMixin, forms.Form):
    pruefvermerk = forms.CharField(label="Prüfvermerk", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    begruendung = forms.CharField(label="Begründung der Ablehnung", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RueckgabeForm(FehlerMixin, BootstrapMixin, forms.Form):
    grund = forms.CharField(label="Was ist an der Freigabe zu ändern?", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class BezahltForm(FehlerMixin, BootstrapMixin, forms.Form):
    wertstellung = _datum("Wertstellung (Tag der Zahlung durch die Landeskasse)")


class KassenlisteForm(BootstrapMixin, forms.Form):
    datei = forms.FileField(
        label="Zahlungsliste der Landeskasse (CSV)",
        help_text="Spalten Anordnung;Betrag;Wertstellung, Semikolon, UTF-8.",
        error_messages={"required": "Bitte wählen Sie eine Datei aus."},
    )


class BankverbindungForm(BootstrapMixin, forms.Form):
    kontoinhaber = forms.CharField(label="Kontoinhaber", max_length=200)
    iban = forms.CharField(label="IBAN", max_length=50, help_text="z. B. DE02 1203 0000 0000 2020 51")
    bic = forms.CharField(label="BIC", max_length=20, required=False, help_text="Freiwillig.")
    gueltig_ab = _datum("Gültig ab")

    def clean_iban(self):
        from zuwendungen.models import iban_pruefen

        return iban_pruefen(self.cleaned_data["iban"])

    def clean_bic(self):
        from zuwendungen.models.bankverbindung import bic_pruefen

        return bic_pruefen(self.cleaned_data.get("bic", ""))
