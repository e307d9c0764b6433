"""The filters of every Auswertung page: Förderjahr, Programmteil, Regierungsbezirk, Kommune/Träger.

One form reads them from the query string; ``Auswahl.q(pfad)`` turns them into a condition on
any model that leads to an Antrag (``pfad`` is the way there, e.g. ``"zuwendung__antrag__"``),
so the Übersicht, its lists, the charts and the exports filter the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q

from antraege.filters import REGIERUNGSBEZIRKE
from komman.models import Organisation
from programmteile.models import Foerderperiode, Programmteil


def _jahre() -> list[tuple[str, str]]:
    jahre = Foerderperiode.objects.order_by("-foerderjahr").values_list("foerderjahr", flat=True).distinct()
    return [("", "Alle")] + [(str(j), str(j)) for j in jahre]


def _teile() -> list[tuple[str, str]]:
    teile = Programmteil.objects.exclude(antragsteller_art="").order_by("reihenfolge")
    return [("", "Alle")] + [(t.nummer, f"Teil {t.nummer} – {t.titel}") for t in teile]


class AuswahlForm(forms.Form):
    jahr = forms.ChoiceField(label="Förderjahr", required=False)
    teil = forms.ChoiceField(label="Programmteil", required=False)
    bezirk = forms.ChoiceField(
        label="Regierungsbezirk", required=False, choices=[("", "Alle"), *REGIERUNGSBEZIRKE]
    )
    art = forms.ChoiceField(
        label="Antragsteller",
        required=False,
        choices=[("", "Kommunen und Träger"), (Organisation.Art.KOMMUNE, "nur Kommunen"),
                 (Organisation.Art.TRAEGER, "nur Träger")],
    )  # fmt: skip
    antragsteller = forms.CharField(
        label="Kommune oder Träger", required=False, max_length=100, help_text="Name oder Kreisschlüssel"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = _jahre()
        self.fields["teil"].choices = _teile()
        for feld in self.fields.values():
            feld.widget.attrs.setdefault("class", "form-select" if isinstance(feld.widget, forms.Select) else "form-control")


def bezirk_q(pfad: str, bezirk: str) -> Q:
    """The applicant's Regierungsbezirk; a Träger without one counts where its Kreis des Sitzes lies."""
    return Q(**{f"{pfad}antragsteller__regierungsbezirk": bezirk}) | Q(
        **{f"{pfad}antragsteller__regierungsbezirk": "", f"{pfad}antragsteller__kreis__regierungsbezirk": bezirk}
    )


def bezirk_ausdruck(pfad: str):
    """The same as an expression (for grouping): own Regierungsbezirk, else the Kreis's, else ""."""
    from django.db.models import F, Value
    from django.db.models.functions import Coalesce, NullIf

    return Coalesce(
        NullIf(F(f"{pfad}antragsteller__regierungsbezirk"), Value("")),
        F(f"{pfad}antragsteller__kreis__regierungsbezirk"),
        Value(""),
    )


@dataclass(frozen=True)
class Auswahl:
    jahr: int | None = None
    teil: str = ""
    bezirk: str = ""
    art: str = ""
    antragsteller: str = ""

    @classmethod
    def aus_anfrage(cls, daten, *, standardjahr: int | None = None) -> tuple[Auswahl, AuswahlForm]:
        """The selection from a query string; invalid fields are left out (their message shows at the field)."""
        daten = daten.copy()
        if standardjahr and "jahr" not in daten:
            daten["jahr"] = str(standardjahr)
        form = AuswahlForm(daten)
        form.is_valid()
        werte = {name: form.cleaned_data.get(name) or "" for name in AuswahlForm.base_fields}
        jahr_text = werte.pop("jahr")
        jahr = int(jahr_text) if jahr_text else None
        return cls(jahr=jahr, **{k: v.strip() for k, v in werte.items()}), form

    @property
    def gebietsfilter(self) -> bool:
        """Filters that split a Förderperiode (its budget then belongs to the whole period)."""
        return bool(self.bezirk or self.art or self.antragsteller)

    def perioden_q(self, pfad: str = "") -> Q:
        q = Q()
        if self.jahr:
            q &= Q(**{f"{pfad}foerderjahr": self.jahr})
        if self.teil:
            q &= Q(**{f"{pfad}programmteil__nummer": self.teil})
        return q

    def q(self, pfad: str = "") -> Q:
        """The condition on a model whose way to the Antrag is ``pfad`` ("" for Antrag itself)."""
        q = self.perioden_q(f"{pfad}foerderperiode__")
        if self.bezirk:
            q &= bezirk_q(pfad, self.bezirk)
        if self.art:
            q &= Q(**{f"{pfad}antragsteller__art": self.art})
        if self.antragsteller:
            q &= Q(**{f"{pfad}antragsteller__name__icontains": self.antragsteller}) | Q(
                **{f"{pfad}antragsteller__kreisschluessel": self.antragsteller}
            )
        return q

    def query(self, **mehr) -> str:
        """The selection as a query string for links (the list of a figure keeps the filters)."""
        werte = {"jahr": self.jahr or "", "teil": self.teil, "bezirk": self.bezirk, "art": self.art,
                 "antragsteller": self.antragsteller, **mehr}  # fmt: skip
        # "jahr=" stays (all years): without it the list would fall back to the current year.
        return urlencode({k: v for k, v in werte.items() if v not in ("", None) or k == "jahr"})

    def beschreibung(self) -> str:
        teile = [f"Förderjahr {self.jahr}" if self.jahr else "alle Förderjahre"]
        if self.teil:
            teile.append(f"Programmteil {self.teil}")
        if self.bezirk:
            teile.append(f"Regierungsbezirk {self.bezirk}")
        if self.art:
            teile.append("nur Kommunen" if self.art == Organisation.Art.KOMMUNE else "nur Träger")
        if self.antragsteller:
            teile.append(f"Antragsteller „{self.antragsteller}“")
        return ", ".join(teile)
