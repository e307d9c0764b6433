"""BetragFormField reads amounts as people type them in Germany and answers in German."""

from decimal import Decimal

import pytest

from komman.fields import BetragFormField


@pytest.mark.parametrize(
    ("eingabe", "wert"),
    [
        ("85.500,00", Decimal("85500.00")),
        ("85500,5", Decimal("85500.50")),
        ("85500.00", Decimal("85500.00")),
        ("1.234.567,89 €", Decimal("1234567.89")),
        (" 0 ", Decimal("0.00")),
    ],
)
def test_accepts_german_and_plain_amounts(eingabe, wert):
    assert BetragFormField().clean(eingabe) == wert


@pytest.mark.parametrize(
    ("eingabe", "text"),
    [
        ("zwölf", "kein gültiger Betrag"),
        ("-5,00", "negativ"),
        ("1,234", "mehr als zwei Nachkommastellen"),
        ("12.34.5", "kein gültiger Betrag"),
        ("1" * 40, "kein gültiger Betrag"),
        ("99999999999", "zu groß"),
        ("NaN", "kein gültiger Betrag"),
        ("9999999999999999999999999.123", "zu groß"),
        ("0,0000000000000000000000000001", "mehr als zwei Nachkommastellen"),
    ],
)
def test_rejects_bad_amounts_in_german(eingabe, text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        BetragFormField().clean(eingabe)
    assert text in " ".join(exc.value.messages)


def test_shows_stored_amount_in_german_format():
    assert BetragFormField().prepare_value(Decimal("85500")) == "85.500,00"


def test_empty_optional_amount_is_none():
    assert BetragFormField(required=False).clean("") is None
