"""antraege.filters.SchnellesFilterSet copies django-filter's BaseFilterSet.__init__.

The copy is only right for the django-filter it was written for. These tests pin that
version and the source of the copied method, and check that the internals the copy relies
on still behave: a django-filter upgrade fails here first. Then compare
SchnellesFilterSet.__init__ with the new BaseFilterSet.__init__, adjust it (or drop the class
if the new version no longer deep-copies; docs/leistung.md says why it exists), and update
GESCHRIEBEN_FUER and QUELLE_SHA256.
"""

from __future__ import annotations

import hashlib
import inspect

import django_filters
import pytest
from django.http import QueryDict
from django_filters.filters import FilterMethod
from django_filters.filterset import BaseFilterSet

from antraege.filters import PruefungFilter, SchnellesFilterSet
from antraege.models import Antrag
from tests.factories import make_eingereichter_antrag, make_periode, make_traeger

# sha256 of inspect.getsource(django_filters.filterset.BaseFilterSet.__init__) in 26.2.
QUELLE_SHA256 = "3584346d75423b6a78ffa85222f4557ce347b8689b6b4422a9430b32e95c97d2"


def test_django_filter_is_the_version_the_copy_was_written_for():
    assert django_filters.__version__ == SchnellesFilterSet.GESCHRIEBEN_FUER, (
        f"django-filter {django_filters.__version__} is installed, SchnellesFilterSet copies the "
        f"__init__ of {SchnellesFilterSet.GESCHRIEBEN_FUER}: check the copy (see this file's docstring)"
    )


def test_the_copied_method_is_unchanged_upstream():
    quelle = inspect.getsource(BaseFilterSet.__init__)
    assert hashlib.sha256(quelle.encode()).hexdigest() == QUELLE_SHA256, quelle
    # The one line SchnellesFilterSet changes is still the deep copy it replaces.
    assert "self.filters = copy.deepcopy(self.base_filters)" in quelle


def test_the_filter_internals_the_shallow_copy_renews():
    """A filter caches its form field in `_field`, keeps its kwargs in `extra` and binds a
    method filter through FilterMethod(filter) with `.f` – what _flache_kopie() renews."""
    f = django_filters.CharFilter(method="filter_x", help_text="x")
    assert isinstance(f.extra, dict) and "_field" not in f.__dict__
    f.field  # noqa: B018 - the property caches the form field
    assert "_field" in f.__dict__
    assert f._method == "filter_x" and isinstance(f.filter, FilterMethod) and f.filter.f is f


@pytest.mark.django_db
@pytest.mark.parametrize(
    "abfrage",
    ["", "meine=true", "status=eingereicht&sortierung=-beantragt", "antragsteller=Träger A", "betrag_von=abc"],
)
def test_the_shallow_copy_behaves_as_django_filter_itself(abfrage, pruefung_arnsberg, monkeypatch):
    """PruefungFilter built once as is, once with django-filter's own __init__ (deep copy)."""
    periode = make_periode("III")
    make_eingereichter_antrag(periode, make_traeger("Träger A"), bearbeitet_von=pruefung_arnsberg)
    make_eingereichter_antrag(periode, make_traeger("Träger B"))
    daten = QueryDict(abfrage)
    schnell = PruefungFilter(daten, queryset=Antrag.objects.all(), user=pruefung_arnsberg)
    with monkeypatch.context() as m:
        m.setattr(SchnellesFilterSet, "__init__", BaseFilterSet.__init__)
        tief = PruefungFilter(daten, queryset=Antrag.objects.all(), user=pruefung_arnsberg)
    assert SchnellesFilterSet.__init__ is not BaseFilterSet.__init__

    assert set(vars(schnell)) == set(vars(tief))
    assert schnell.filters.keys() == tief.filters.keys()
    for name, f in schnell.filters.items():
        g = tief.filters[name]
        assert type(f) is type(g) and set(vars(f)) == set(vars(g)), name
        assert f.extra is not PruefungFilter.base_filters[name].extra, name
        # Equal kwargs; a widget instance is shared, not copied (a form field deep-copies it).
        assert {k: type(v) for k, v in f.extra.items()} == {k: type(v) for k, v in g.extra.items()}, name
        assert {k: v for k, v in f.extra.items() if k != "widget"} == {
            k: v for k, v in g.extra.items() if k != "widget"
        }, name
        assert f.parent is schnell and f.model is Antrag, name
        if f.method:
            assert isinstance(f.filter, FilterMethod) and f.filter.f is f, name
    assert schnell.is_valid() == tief.is_valid()
    assert schnell.form.errors == tief.form.errors
    assert str(schnell.form) == str(tief.form)
    assert list(schnell.qs) == list(tief.qs)
