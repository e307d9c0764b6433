"""Forms of the Zuweisungen: the table of the 54 Kommunen and the CSV upload."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from komman.fields import BetragFormField
from komman.formate import euro, zahl
from komman.verwaltung import BootstrapMixin, bootstrap_klassen
from programmteile.forms.csvimport import CsvDateiForm
from programmteile.models import Foerderperiode, Zuweisung
from programmteile.zuweisungsdatei import CsvFehler, CsvZeile, csv_lesen


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


class CsvImportForm(CsvDateiForm):
    spalten_hilfe = "Spalten Kreisschlüssel;Stellenzuweisung;Höchstbetrag, Trennzeichen Semikolon, UTF-8."
    zu_gross = "Die Datei ist größer als 1 MB. Erwartet werden 54 Zeilen."

    def __init__(self, *args, periode: Foerderperiode, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode = periode

    def lesen(self, inhalt: str) -> tuple[list[CsvZeile], list[CsvFehler]]:
        return csv_lesen(inhalt, periode=self.periode)

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
