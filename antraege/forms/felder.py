"""Field helpers shared by the antraege forms."""

from __future__ import annotations

from django import forms

from komman.fields import BetragFormField


def _betragsfelder_reparieren(form: forms.BaseForm) -> None:
    # BetragFormField is a CharField with max_length: its MaxLengthValidator would call len()
    # on the Decimal it returns. The length limit is meaningless after parsing; drop it.
    from django.core.validators import MaxLengthValidator

    for field in form.fields.values():
        if isinstance(field, BetragFormField):
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


class BetragMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _betragsfelder_reparieren(self)
