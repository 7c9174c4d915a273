"""Language choice and Babel formatting (i18n)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cirkular_desktop import i18n


@pytest.mark.parametrize("code, lang", [("sv_SE.UTF-8", "sv"), ("nb_NO", "nb"), ("no", "nb"), ("nn_NO", "nb"),
                                         ("en_US", "en"), ("de_DE", None), ("", None)])
def test_normalise_language(code, lang):
    assert i18n.normalise_language(code) == lang


def test_system_language_from_environment():
    assert i18n.system_language({"LANG": "sv_SE.UTF-8"}) == "sv"
    assert i18n.system_language({"LANGUAGE": "nn:en", "LANG": "C"}) == "nb"
    assert i18n.system_language({"LANG": "fr_FR.UTF-8"}) == "en"


def test_dates_and_numbers_per_locale():
    day = dt.date(2026, 11, 26)
    assert i18n.format_date(day, "nb") == "26. november 2026"
    assert i18n.format_date(day, "sv") == "26 november 2026"
    assert i18n.format_decimal(Decimal("1234.5"), "sv").replace("\xa0", " ") == "1 234,5"
    assert "kr" in i18n.format_money(Decimal("12500"), "SEK", "sv")


def test_parse_decimal_accepts_comma_and_spaces():
    assert i18n.parse_decimal("1 234,5", "sv") == Decimal("1234.5")
    assert i18n.parse_decimal("1\u00a0234.5", "nb") == Decimal("1234.5")
    assert i18n.parse_decimal("1,234.5", "en") == Decimal("1234.5")
    for bad in ("", "1,2,3", "abc", "1.2,3"):
        with pytest.raises(ValueError):
            i18n.parse_decimal(bad, "sv")


def test_using_language_is_scoped():
    i18n.set_language("sv")
    with i18n.using_language("nb"):
        assert i18n.get_language() == "nb"
    assert i18n.get_language() == "sv"
