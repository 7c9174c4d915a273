"""Organisation numbers are shown exactly as python-stdnum formats them, without importing it for compact numbers."""

from __future__ import annotations

import pytest
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

from cirkular_desktop.core import orgnumber


@pytest.mark.parametrize("country, number", [
    ("SE", "5560360793"), ("SE", "556036-0793"), ("SE", " 556036 0793 "), ("SE", "123"),
    ("NO", "988077917"), ("NO", "988 077 917"), ("NO", "98807791"),
])
def test_format_matches_stdnum(country, number):
    expected = (se_orgnr if country == "SE" else no_orgnr).format(number)
    assert orgnumber.format_number(country, number) == expected


def test_other_countries_are_shown_as_stored():
    assert orgnumber.format_number("DK", "12345678") == "12345678"
    assert orgnumber.format_number("", "5560360793") == "5560360793"
