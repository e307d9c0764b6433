"""Forms of the Verwaltung (periods, Regelparameter, Zuweisungen, texts) and of Part IV.

A package by topic; every name is importable from here as before.
"""

from programmteile.forms.felder import (
    DezimalFeld,
    ListenFormField,
    ProzentFormField,
    dezimal_text,
    parse_dezimal,
)
from programmteile.forms.parameter import PARAMETER_GRUPPEN, RegelparameterForm
from programmteile.forms.perioden import (
    BestaetigungForm,
    KopierenForm,
    PeriodeForm,
    PeriodeNeuForm,
    StatuswechselForm,
)
from programmteile.forms.teil4 import BestellForm
from programmteile.forms.texte import BescheidtexteForm, BriefkopfForm
from programmteile.forms.zuweisungen import (
    ZUWEISUNG_FELDER,
    BaseZuweisungFormSet,
    CsvImportForm,
    ZuweisungFormSet,
    ZuweisungZeileForm,
    _stufe,
)
from programmteile.zuweisungsdatei import CSV_SPALTEN, CsvFehler, CsvZeile, csv_export, csv_lesen

__all__ = [
    "CSV_SPALTEN",
    "PARAMETER_GRUPPEN",
    "ZUWEISUNG_FELDER",
    "BaseZuweisungFormSet",
    "BescheidtexteForm",
    "BestaetigungForm",
    "BestellForm",
    "BriefkopfForm",
    "CsvFehler",
    "CsvImportForm",
    "CsvZeile",
    "DezimalFeld",
    "KopierenForm",
    "ListenFormField",
    "PeriodeForm",
    "PeriodeNeuForm",
    "ProzentFormField",
    "RegelparameterForm",
    "StatuswechselForm",
    "ZuweisungFormSet",
    "ZuweisungZeileForm",
    "_stufe",
    "csv_export",
    "csv_lesen",
    "dezimal_text",
    "parse_dezimal",
]
