"""FilterSets for the lists of Anträge (DESIGN.md §9)."""

from __future__ import annotations

import copy

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django_filters.filters import FilterMethod

from antraege.models import Antrag
from antraege.pruefliste import nachschlagen, ueberfaellig
from komman.fields import BetragFormField

# --- Prüfung und Entscheidung ---

REGIERUNGSBEZIRKE = [(r, r) for r in ("Arnsberg", "Detmold", "Düsseldorf", "Köln", "Münster")]
SORTIERUNG = [
    ("eingang", "Eingang (älteste zuerst)"),
    ("-eingang", "Eingang (neueste zuerst)"),
    ("aktenzeichen", "Aktenzeichen"),
    ("antragsteller", "Antragsteller"),
    ("-beantragt", "Beantragt (höchste zuerst)"),
    ("beantragt", "Beantragt (niedrigste zuerst)"),
    ("status", "Status"),
]
SORTIERFELDER = {
    "eingang": ("eingereicht_am", "id"),
    "-eingang": ("-eingereicht_am", "-id"),
    "aktenzeichen": ("aktenzeichen", "id"),
    "antragsteller": ("antragsteller__name", "id"),
    "-beantragt": ("-beantragt", "id"),
    "beantragt": ("beantragt", "id"),
    "status": ("status", "eingereicht_am", "id"),
}


class BetragFilter(django_filters.NumberFilter):
    field_class = BetragFormField

    def __init__(self, *args, **kwargs):
        # max_length=None: CharField's MaxLengthValidator would run on the cleaned Decimal.
        kwargs.setdefault("max_length", None)
        super().__init__(*args, **kwargs)


def _flache_kopie(f: django_filters.Filter) -> django_filters.Filter:
    """A filter for one FilterSet instance: its own `extra`, no cached field, its own FilterMethod."""
    kopie = copy.copy(f)
    kopie.extra = dict(f.extra)
    kopie.__dict__.pop("_field", None)
    if getattr(f, "_method", None) is not None:
        kopie.filter = FilterMethod(kopie)  # bound to the copy, whose parent is this FilterSet
    return kopie


class SchnellesFilterSet(django_filters.FilterSet):
    """A FilterSet that copies its declared filters shallowly.

    django-filter (26.2, GESCHRIEBEN_FUER) deep-copies every declared filter for every instance
    (copy.deepcopy(base_filters): some 600 deepcopy calls for the reviewers' queue, half of
    what a filtered queue request spends on its filters at 100,000 Anträge, docs/leistung.md).
    A filter keeps no per-request state but `parent`, `model`, its cached form field and the
    FilterMethod bound to it; _flache_kopie() renews exactly those. This is django-filter's
    own BaseFilterSet.__init__ with that one line changed: tests/antraege/test_schnelles_filterset.py
    fails on any other django-filter version until this copy is checked against the new one.
    """

    GESCHRIEBEN_FUER = "26.2"  # the django-filter version whose __init__ this copies

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _flache_kopie(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self


class PruefungFilter(SchnellesFilterSet):
    """The reviewers' queue: every submitted Antrag, narrowed by what the Prüfung asks for."""

    # Choices from the remembered master data (antraege.pruefliste.nachschlagen): checking a
    # chosen id costs no query, and rendering the form none either.
    programmteil = django_filters.ChoiceFilter(
        label="Programmteil",
        choices=lambda: nachschlagen().programmteil_auswahl,
        field_name="foerderperiode__programmteil",
        empty_label="Alle",
    )
    foerderperiode = django_filters.ChoiceFilter(
        label="Förderperiode", choices=lambda: nachschlagen().perioden_auswahl, empty_label="Alle"
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status",
        choices=[(str(v), str(label)) for v, label in Antrag.Status.choices if v != Antrag.Status.ENTWURF],
        widget=forms.CheckboxSelectMultiple,
        # A column of the Antrag itself: no join can repeat rows, so no DISTINCT (which made
        # PostgreSQL sort every matching row: 12 ms instead of 1 ms at 100,000 Anträge).
        distinct=False,
    )
    regierungsbezirk = django_filters.ChoiceFilter(
        label="Regierungsbezirk",
        choices=REGIERUNGSBEZIRKE,
        field_name="antragsteller__regierungsbezirk",
        empty_label="Alle",
    )
    antragsteller = django_filters.CharFilter(
        label="Kommune oder Träger", method="filter_antragsteller", help_text="Name oder Kreisschlüssel"
    )
    eingang_von = django_filters.DateFilter(
        label="Eingang ab", field_name="eingereicht_am", lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    eingang_bis = django_filters.DateFilter(
        label="Eingang bis", field_name="eingereicht_am", lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    betrag_von = BetragFilter(label="Beantragt ab (€)", field_name="beantragt", lookup_expr="gte")
    betrag_bis = BetragFilter(label="Beantragt bis (€)", field_name="beantragt", lookup_expr="lte")
    bearbeitet_von = django_filters.ChoiceFilter(
        label="Zuständige Prüfung", choices=lambda: nachschlagen().pruefer_auswahl, empty_label="Alle"
    )
    meine = django_filters.BooleanFilter(
        label="Nur meine Anträge", method="filter_meine", widget=forms.CheckboxInput
    )
    ueberfaellig = django_filters.BooleanFilter(
        label="Nur mit abgelaufener Frist", method="filter_ueberfaellig", widget=forms.CheckboxInput
    )
    sortierung = django_filters.ChoiceFilter(
        label="Sortierung", choices=SORTIERUNG, method="filter_sortierung", empty_label=None
    )

    class Meta:
        model = Antrag
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def filter_antragsteller(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(antragsteller__name__icontains=value) | Q(antragsteller__kreisschluessel=value)
        )

    def filter_meine(self, queryset, name, value):
        if value and self.user is not None:
            return queryset.filter(bearbeitet_von=self.user)
        return queryset

    def filter_ueberfaellig(self, queryset, name, value):
        if value:
            return queryset.filter(ueberfaellig())  # the same definition as the row shows
        return queryset

    def filter_sortierung(self, queryset, name, value):
        return queryset.order_by(*SORTIERFELDER.get(value, SORTIERFELDER["eingang"]))

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sortierung"):
            qs = qs.order_by(*SORTIERFELDER["eingang"])
        return qs
