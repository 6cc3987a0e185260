"""Reading back the numbers people type, in the reader's language: a Dane writes 1.500,50 and
an English reader 1,500.50 for the same amount, and what may mean two numbers is asked about,
never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules import formatting
from portal.rules.formatting import AmbiguousNumber, read_number

D = Decimal


@pytest.mark.parametrize(
    ("typed", "danish", "english"),
    [
        # As each language writes fifteen hundred kroner and fifty øre.
        ("1.500,50", D("1500.50"), None),
        ("1,500.50", None, D("1500.50")),
        ("1500,5", D("1500.5"), "ambiguous"),
        ("1500.5", D("1500.5"), D("1500.5")),
        ("1.500", D("1500"), "ambiguous"),
        ("1,500", D("1.5"), D("1500")),
        ("7,5", D("7.5"), "ambiguous"),
        ("7.5", D("7.5"), D("7.5")),
        ("1,50", D("1.50"), "ambiguous"),
        ("1.50", D("1.50"), D("1.50")),
        ("12,345,678.9", None, D("12345678.9")),
        ("1.234.567,89", D("1234567.89"), None),
        # Spaces, "kr." and "DKK" are what people write around an amount.
        ("1 500 kr.", D("1500"), D("1500")),
        ("DKK 250", D("250"), D("250")),
        ("-450", D("-450"), D("-450")),
        (".5", D("0.5"), D("0.5")),
        # A separator in the wrong place, or not a number at all.
        ("1,5,0", None, None),
        ("1.5.00,5", None, None),
        ("1e5", None, None),
        ("NaN", None, None),
        ("fire hundrede", None, None),
        ("", None, None),
    ],
)
def test_each_language_reads_numbers_as_it_writes_them(typed, danish, english):
    for locale, expected in (("da", danish), ("en", english)):
        if expected is None:
            with pytest.raises(ValueError):  # noqa: PT011 - every refusal is a ValueError
                read_number(typed, locale)
        elif expected == "ambiguous":
            with pytest.raises(AmbiguousNumber):
                read_number(typed, locale)
        else:
            assert read_number(typed, locale) == expected, locale


@pytest.mark.parametrize(
    ("typed", "readings"),
    [
        ("1,50", (D("1.50"), D("150"))),
        ("7,5", (D("7.5"), D("75"))),
        ("1500,5", (D("1500.5"), D("15005"))),
        ("1.500", (D("1.5"), D("1500"))),
    ],
)
def test_an_english_reader_is_offered_both_readings_smallest_first(typed, readings):
    with pytest.raises(AmbiguousNumber) as raised:
        read_number(typed, "en")
    assert raised.value.readings == readings


def test_amounts_in_a_field_have_two_digits_of_ore_and_no_thousands_separator():
    assert formatting.amount(D("1500.5")) == "1500,50"
    assert formatting.amount(D("1500.5"), "en") == "1500.50"
    assert formatting.amount(D("1500")) == formatting.amount(D("1500"), "en") == "1500"
    assert formatting.amount(None) == ""
    assert formatting.number(D("1500.5"), "en", grouped=False) == "1500.5"


# Every number field keeps at most two decimals (hours, amounts); a third decimal after a
# full stop is what a Dane writes for thousands, which English asks about.
_VALUES = st.decimals(
    min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=300, deadline=None, database=None)
@given(value=_VALUES, locale=st.sampled_from(["da", "en"]))
def test_a_number_written_in_a_language_reads_back_as_the_same_number(value, locale):
    for written in (
        formatting.number(value, locale),
        formatting.number(value, locale, grouped=False),
        formatting.amount(value, locale),
        formatting.money(value, locale).replace("kr.", "").replace("DKK", ""),
    ):
        assert read_number(written, locale) == value, written


@settings(max_examples=300, deadline=None, database=None)
@given(value=_VALUES)
def test_a_number_as_the_draft_keeps_it_reads_the_same_in_both_languages(value):
    stored = f"{value:f}"
    assert read_number(stored, "da") == read_number(stored, "en") == value
