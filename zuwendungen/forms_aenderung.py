"""Forms of the change process: the change itself (fields by Art and the lines in force) and the
small forms of each step. The rules' Befunde land at the matching field (``fehler_setzen``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from komman.fields import BetragFormField
from komman.verwaltung import BootstrapMixin
from programmteile.rules import PAUSCHALEN
from zuwendungen.forms import _datum
from zuwendungen.models import Aenderungsantrag

Art = Aenderungsantrag.Art
KOSTEN = (
    ("personalausgaben", "Personalausgaben"),
    ("honorarausgaben", "Honorarausgaben"),
    ("sachausgaben", "Sachausgaben"),
    ("investitionsausgaben", "Investitionsausgaben"),
    ("beantragt", "Beantragte Zuwendung"),
)
UNBESETZT_ZEILEN = 2


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": "Bitte füllen Sie dieses Feld aus."},
    )  # fmt: skip


class FehlerMixin:
    """Puts the workflow's messages per field ("massnahmen.0.einheiten", "bis") on form fields."""

    def fehler_setzen(self, felder: dict[str, list[str]]) -> None:
        for feld, meldungen in felder.items():
            teile = feld.split(".")
            name = feld
            if len(teile) == 3:
                name = f"{teile[2]}_{teile[1]}"
                if teile[0] == "unbesetzt" and teile[2] == "monate":
                    name = f"besetzt_ab_{teile[1]}"
            ziel = name if name in self.fields else None
            for m in meldungen:
                self.add_error(ziel, m)


class ArtForm(BootstrapMixin, forms.Form):
    art = forms.ChoiceField(label="Was soll sich ändern?", widget=forms.RadioSelect)

    def __init__(self, *args, arten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["art"].choices = [(a, Art(a).label) for a in arten]


class AenderungForm(FehlerMixin, BootstrapMixin, forms.Form):
    """The change of one Art; Part II/III lines prefilled from the lines in force."""

    def __init__(self, *args, art: str, zeilen: list[dict] = (), eingabe: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.art, self.zeilen, self.eingabe = art, list(zeilen), eingabe or {}
        f = self.fields
        if art == Art.UNBESETZT:
            for i in range(UNBESETZT_ZEILEN):
                f[f"stellen_{i}"] = forms.DecimalField(
                    label=f"Stelle {i + 1}: Stellenumfang (Vollzeitstellen)", required=i == 0, max_digits=3,
                    decimal_places=1, min_value=Decimal("0.1"), localize=True,
                    help_text="z. B. 1 oder 0,5", error_messages={"invalid": "Bitte eine Zahl eingeben, z. B. 1 oder 0,5.",
                                                                    "required": "Bitte geben Sie den Stellenumfang an."},
                )  # fmt: skip
                f[f"besetzt_ab_{i}"] = _datum(
                    f"Stelle {i + 1}: besetzt ab", required=i == 0,
                    help_text="Erster Arbeitstag; die ganzen Monate davor im Bewilligungszeitraum werden gekürzt.",
                )  # fmt: skip
        elif art == Art.EINHEITEN:
            for i, z in enumerate(self.zeilen):
                f[f"pauschale_{i}"] = forms.ChoiceField(
                    label=f"Zeile {i + 1} ({z.get('bezeichnung') or 'ohne Bezeichnung'}): Pauschale",
                    choices=[(k, f"{k} – {v}") for k, v in PAUSCHALEN.items()],
                )
                f[f"einheiten_{i}"] = forms.IntegerField(
                    label=f"Zeile {i + 1}: Einheiten", min_value=0,
                    error_messages={"invalid": "Bitte eine ganze Zahl eingeben.", "min_value": "Mindestens 0 Einheiten."},
                )  # fmt: skip
                f[f"empfaenger_{i}"] = forms.CharField(label=f"Zeile {i + 1}: Letztempfänger", max_length=200)
        elif art == Art.KOSTEN:
            for i, z in enumerate(self.zeilen):
                for name, text in KOSTEN:
                    f[f"{name}_{i}"] = BetragFormField(label=f"Maßnahme {i + 1} ({z.get('titel', '')}): {text}")
            f["eigenanteil"] = BetragFormField(label="Eigenanteil")
            f["drittmittel"] = BetragFormField(label="Drittmittel")
        elif art == Art.VERLAENGERUNG:
            f["bis"] = _datum("Bewilligungszeitraum neu bis")
        elif art == Art.VERZICHT:
            f["betrag"] = BetragFormField(label="Neue (niedrigere) Zuwendung")
        f["begruendung"] = _text("Begründung", help_text="Warum hat sich der Plan geändert?")

    @classmethod
    def initial_aus(cls, art: str, angaben: dict, zeilen: list[dict], eingabe: dict, begruendung: str = "") -> dict:
        initial: dict = {"begruendung": begruendung}
        if art == Art.UNBESETZT:
            for i, z in enumerate((angaben.get("unbesetzt") or [])[:UNBESETZT_ZEILEN]):
                initial[f"stellen_{i}"], initial[f"besetzt_ab_{i}"] = z.get("stellen"), z.get("besetzt_ab")
        for i, z in enumerate(angaben.get("massnahmen") or zeilen):
            for name in ("pauschale", "einheiten", "empfaenger", *(n for n, _ in KOSTEN)):
                if name in z:
                    initial[f"{name}_{i}"] = z[name]
        for name in ("eigenanteil", "drittmittel"):
            initial[name] = angaben.get(name, eingabe.get(name))
        initial["bis"], initial["betrag"] = angaben.get("bis"), angaben.get("betrag")
        return initial

    def angaben(self) -> dict:
        cd = self.cleaned_data
        if self.art == Art.UNBESETZT:
            return {"unbesetzt": [
                {"stellen": str(cd[f"stellen_{i}"]), "besetzt_ab": cd[f"besetzt_ab_{i}"].isoformat()}
                for i in range(UNBESETZT_ZEILEN) if cd.get(f"stellen_{i}") and cd.get(f"besetzt_ab_{i}")
            ]}  # fmt: skip
        if self.art == Art.EINHEITEN:
            neu = []
            for i, z in enumerate(self.zeilen):
                p = cd[f"pauschale_{i}"]
                neu.append({**z, "pauschale": p, "baustein": p[0], "einheiten": cd[f"einheiten_{i}"],
                            "empfaenger": cd[f"empfaenger_{i}"]})  # fmt: skip
            return {"massnahmen": neu}
        if self.art == Art.KOSTEN:
            neu = [{**z, **{n: f"{cd[f'{n}_{i}']:f}" for n, _ in KOSTEN}} for i, z in enumerate(self.zeilen)]
            return {"massnahmen": neu, "eigenanteil": f"{cd['eigenanteil']:f}", "drittmittel": f"{cd['drittmittel']:f}"}
        if self.art == Art.VERLAENGERUNG:
            return {"bis": cd["bis"].isoformat()}
        return {"betrag": f"{cd['betrag']:f}"}


class AnhoerungForm(FehlerMixin, BootstrapMixin, forms.Form):
    text = _text("Beabsichtigte Entscheidung und Gründe", rows=4)
    betrag = BetragFormField(label="Beabsichtigte neue Zuwendung", required=False)


class StellungnahmeForm(FehlerMixin, BootstrapMixin, forms.Form):
    stellungnahme = _text("Ihre Stellungnahme", rows=4)


class VorschlagForm(FehlerMixin, BootstrapMixin, forms.Form):
    ergebnis = forms.ChoiceField(
        label="Entscheidung", choices=Aenderungsantrag.Ergebnis.choices, widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie die Entscheidung."},
    )  # fmt: skip
    betrag = BetragFormField(label="Neue Zuwendung (nur bei teilweiser Änderung)", required=False)
    bis = _datum("Bewilligungszeitraum bis (nur bei teilweiser Änderung)", required=False)
    gruende = _text("Gründe (Pflicht, außer bei einer Änderung wie beantragt)", required=False)


class RueckgabeForm(FehlerMixin, BootstrapMixin, forms.Form):
    grund = _text("Was ist an dem Vorschlag zu ändern?", rows=2)


class PostForm(FehlerMixin, BootstrapMixin, forms.Form):
    zur_post_am = _datum("Zur Post gegeben am")


class ZurueckziehenForm(FehlerMixin, BootstrapMixin, forms.Form):
    grund = _text("Grund (freiwillig)", required=False, rows=2)
