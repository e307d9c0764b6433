"""Forms of the payout process: bad input gives a German message at the field, typed input is kept.

The workflow's refusals (zuwendungen.workflow.Fehler, keyed "bedarfe.0.faellig" …) are put on
the matching form fields by ``fehler_setzen``.
"""

from __future__ import annotations

from django import forms

from komman.fields import BetragFormField
from komman.verwaltung import BootstrapMixin
from zuwendungen.workflow import Abrufdaten, Fehler

BEDARFE = 4
DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datum(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATUM, help_text=help_text,
        error_messages={"invalid": "Bitte ein Datum im Format TT.MM.JJJJ eingeben.", "required": "Bitte ein Datum angeben."},
    )  # fmt: skip


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
