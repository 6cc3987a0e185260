"""How the portal writes amounts, numbers, dates, CPR numbers and sizes: the same value reads
the same on a page, in a Word document, in an e-mail and in a rule's message."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules import formatting
from portal.rules.numbers import quantize_kr


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("706600", "706.600,00 kr."),
        ("1234.5", "1.234,50 kr."),
        ("0.01", "0,01 kr."),
        ("999", "999,00 kr."),
        ("1000000", "1.000.000,00 kr."),
        ("-6600.01", "-6.600,01 kr."),
        # Rounded half up to whole øre, as the rules round.
        ("0.005", "0,01 kr."),
        ("-0.004", "0,00 kr."),
    ],
)
def test_kroner_are_written_the_danish_way(amount, text):
    assert formatting.money(Decimal(amount)) == text


def test_no_amount_is_written_as_nothing():
    assert formatting.money(None) == formatting.money("") == ""


def test_numbers_keep_only_the_decimals_that_say_something():
    assert formatting.number(Decimal("37.25")) == "37,25"
    assert formatting.number(Decimal("37")) == "37"
    assert formatting.number(Decimal("37.50")) == "37,5"
    assert formatting.number(Decimal("1500")) == "1.500"
    assert formatting.number(12.345, decimals=1) == "12,3"


def test_dates_times_and_instants():
    assert formatting.long_date(date(2025, 12, 24)) == "24. december 2025"
    assert formatting.short_date(date(2025, 12, 24)) == "24. dec. 2025"
    assert formatting.day_and_month(date(2000, 11, 15)) == "15. november"
    # An instant is shown on the municipality's clock: 23:30 UTC on 31 December is New
    # Year's Day in Copenhagen.
    instant = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert formatting.long_date(instant) == "1. januar 2026 kl. 00:30"
    assert formatting.clock(time(8, 5)) == "08:05"


def test_cpr_numbers_are_written_with_the_hyphen_whatever_was_stored():
    assert formatting.cpr("1405214238") == "140521-4238"
    assert formatting.cpr("140521-4238") == "140521-4238"
    assert formatting.cpr("ukendt") == "ukendt"
    assert formatting.cpr(None) == ""


def test_a_cpr_number_in_a_text_is_masked_to_its_birth_date_and_nothing_else_changes():
    assert formatting.mask_cpr_numbers("150318-4321") == "150318-xxxx"
    assert formatting.mask_cpr_numbers("Hansen 1503184321") == "Hansen 150318-xxxx"
    assert formatting.mask_cpr_numbers("150318 4321 og 0101011234") == (
        "150318-xxxx og 010101-xxxx"
    )
    # A case number, part of a number or a longer run of digits is no CPR number.
    assert formatting.mask_cpr_numbers("HT-2026-000123") == "HT-2026-000123"
    assert formatting.mask_cpr_numbers("150318") == "150318"
    assert formatting.mask_cpr_numbers("123456789012") == "123456789012"


@given(st.text(alphabet="0123456789- a", max_size=40))
def test_no_whole_cpr_number_survives_masking(text):
    masked = formatting.mask_cpr_numbers(text)
    assert not re.search(r"(?<!\d)\d{6}[- ]?\d{4}(?!\d)", masked.replace("-xxxx", "-"))


def test_file_sizes():
    assert formatting.file_size(300) == "1 kB"
    assert formatting.file_size(312 * 1024) == "312 kB"
    assert formatting.file_size(int(31.2 * 1024 * 1024)) == "31,2 MB"
    assert formatting.file_size(1024 * 1024 * 1024) == "1 GB"


def test_another_language_is_formatted_by_its_own_rules():
    assert formatting.number(Decimal("1500.5"), "en") == "1,500.5"
    assert formatting.long_date(date(2025, 12, 24), "en") == "24 December 2025"
    assert formatting.short_date(date(2025, 12, 24), "en") == "24 Dec 2025"
    assert formatting.day_and_month(date(2025, 11, 15), "en") == "15 November"
    instant = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert formatting.long_date(instant, "en") == "1 January 2026 at 00:30"
    assert formatting.money(Decimal("1234.5"), "en") == "DKK 1,234.50"
    assert formatting.money(Decimal("-0.001"), "en") == "DKK 0.00"


@settings(max_examples=200, deadline=None, database=None)
@given(
    amount=st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**60), max_value=10**60),
        st.integers(min_value=-(10**60), max_value=10**60).map(Decimal),
    )
)
def test_danish_kroner_read_back_as_the_amount_to_the_ore(amount):
    text = formatting.money(amount)
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d\d kr\.", text), text
    back = Decimal(text.removesuffix(" kr.").replace(".", "").replace(",", "."))
    assert back == quantize_kr(amount)
    # The same amount as a number: the same digits, without the øre that are zero.
    assert Decimal(formatting.number(amount).replace(".", "").replace(",", ".")) == back


def test_the_formatter_imports_nothing_of_flask_or_the_portal():
    source = ast.parse(Path(formatting.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(source)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(source)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported <= {
        "__future__",
        "datetime",
        "decimal",
        "functools",
        "re",
        "zoneinfo",
        "babel",
        "stdnum",
    }
