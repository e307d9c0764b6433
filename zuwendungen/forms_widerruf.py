"""Forms of the Widerruf process (issue 21): German messages at the field, input kept."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms

from komman.fields import BetragFormField
from komman.verwaltung import BootstrapMixin
from zuwendungen.forms import KlageEntschiedenForm, KlageForm, _datum
from zuwendungen.models import Rueckforderung
from zuwendungen.models.rueckforderung import KlageAusgang

TEXT = {"required": "Bitte füllen Sie dieses Feld aus."}
BETRAG = {"required": "Bitte geben Sie den Betrag an."}


def _text(label: str, zeilen: int = 4, **kw) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": zeilen}), error_messages=TEXT, **kw)


class NeueRueckforderungForm(BootstrapMixin, forms.Form):
    anlass = forms.ChoiceField(
        label="Anlass", choices=[c for c in Rueckforderung.Anlass.choices if c[0] != Rueckforderung.Anlass.FREIWILLIG]
    )
    betrag = BetragFormField(label="Zu erstattender Betrag (Hauptforderung)", error_messages=BETRAG)
    entstanden_am = _datum(
        "Erstattungsanspruch entstanden am", help_text="Ab dem folgenden Tag wird der Betrag verzinst."
    )
    grund = _text("Begründung (Sachverhalt)")


class RueckzahlungForm(BootstrapMixin, forms.Form):
    betrag = BetragFormField(label="Zurückgezahlter Betrag", error_messages=BETRAG)
    eingang_am = _datum("Eingang bei der Landeskasse (Wertstellung)")
    grund = _text("Bemerkung", zeilen=2, required=False)


class AnhoerungForm(BootstrapMixin, forms.Form):
    rechtsgrundlage = forms.ChoiceField(
        label="Rechtsgrundlage", choices=Rueckforderung.Rechtsgrundlage.choices, widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie die Rechtsgrundlage."},
    )  # fmt: skip
    widerruf_ab = _datum(
        "Bescheid aufgehoben mit Wirkung ab", required=False,
        help_text="Leer lassen, wenn der Zeitpunkt sich aus der Nebenbestimmung ergibt.",
    )  # fmt: skip
    kenntnis_am = _datum(
        "Kenntnis aller erheblichen Tatsachen am",
        help_text="Ab diesem Tag läuft die Jahresfrist (§ 48 Abs. 4, § 49 Abs. 3 S. 2 VwVfG NRW).",
    )
    text = _text("Beabsichtigte Entscheidung und Gründe", zeilen=6)


class StellungnahmeForm(BootstrapMixin, forms.Form):
    text = _text("Ihre Stellungnahme", zeilen=6)


class VorschlagForm(BootstrapMixin, forms.Form):
    ermessen = _text(
        "Ermessenserwägungen",
        zeilen=6,
        help_text="Warum widerrufen und zurückgefordert wird (Interessen abwägen, Stellungnahme würdigen).",
    )


class LeerForm(BootstrapMixin, forms.Form):
    pass


class GrundForm(BootstrapMixin, forms.Form):
    grund = _text("Begründung", zeilen=3)


class ZahlungForm(BootstrapMixin, forms.Form):
    betrag = BetragFormField(label="Gezahlter Betrag", error_messages=BETRAG)
    eingang_am = _datum("Eingang bei der Landeskasse (Wertstellung)")


class VerwendungszinsenForm(BootstrapMixin, forms.Form):
    verwendungen = _text(
        "Verwendungen (eine je Zeile: Datum; Betrag)",
        zeilen=5,
        help_text="Zum Beispiel „15.04.2026; 12.000,00“. Die Auszahlungen werden der Reihe nach verbraucht.",
    )

    def clean_verwendungen(self) -> list[tuple[datetime.date, Decimal]]:
        ergebnis = []
        for nr, zeile in enumerate(self.cleaned_data["verwendungen"].splitlines(), start=1):
            if not zeile.strip():
                continue
            teile = [t.strip() for t in re.split(r"[;\t]", zeile)]
            try:
                tag = datetime.datetime.strptime(teile[0], "%d.%m.%Y").date()
                betrag = Decimal(teile[1].replace(".", "").replace(",", ".").replace("€", "").strip())
            except (ValueError, IndexError, InvalidOperation):
                raise forms.ValidationError(
                    f"Zeile {nr} ist nicht lesbar; bitte „TT.MM.JJJJ; Betrag“ angeben."
                ) from None
            if betrag <= 0:
                raise forms.ValidationError(f"Zeile {nr}: der Betrag muss größer als 0,00 € sein.")
            ergebnis.append((tag, betrag.quantize(Decimal("0.01"))))
        if not ergebnis:
            raise forms.ValidationError("Bitte geben Sie mindestens eine Verwendung an.")
        return ergebnis


class ZinsentscheidungForm(BootstrapMixin, forms.Form):
    entscheidung = forms.ChoiceField(
        label="Entscheidung", widget=forms.RadioSelect,
        choices=[("erheben", "Zinsen erheben"), ("verzichten", "Auf die Zinsen verzichten")],
        error_messages={"required": "Bitte wählen Sie, ob die Zinsen erhoben werden."},
    )  # fmt: skip
    grund = _text("Begründung", zeilen=3)


class KlageErstattungForm(BootstrapMixin, KlageForm):
    """A Klage against the Erstattungsbescheid (zuwendungen.workflow.widerruf_klage): the fields
    of the Klage against the notice."""


class KlageErstattungEntschiedenForm(BootstrapMixin, KlageEntschiedenForm):
    ausgang = forms.ChoiceField(
        label="Ausgang des Verfahrens",
        choices=KlageAusgang.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie den Ausgang des Verfahrens."},
    )
