"""Validation of single values and whole records (core.records)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cirkular_desktop.core import records
from cirkular_desktop.errors import ValidationError


def test_every_cli_table_of_the_contract_exists():
    assert set(records.CLI_TABLES) == {"organization", "contact", "visit", "stream", "need", "idea", "match",
                                       "test_environment", "outcome", "activity"}


@pytest.mark.parametrize("typed, stored", [("12,5", "12.5"), ("12.50", "12.5"), ("1 250", "1250"),
                                           ("0", "0"), ("3e2", "300"), ("0,001", "0.001")])
def test_decimal_from_text_is_canonical(typed, stored):
    assert records.coerce("stream", "quantity", typed, from_text=True) == stored


@pytest.mark.parametrize("bad", ["-1", "abc", "NaN", "inf", "1,2,3", "1e20"])
def test_bad_quantities_are_refused_naming_the_field(bad):
    with pytest.raises(ValidationError) as caught:
        records.coerce("stream", "quantity", bad, from_text=True)
    assert "stream.quantity" in caught.value.message
    assert caught.value.field == "quantity"


def test_float_and_decimal_inputs():
    assert records.coerce("stream", "quantity", 2.5) == "2.5"
    assert records.coerce("stream", "quantity", Decimal("10.000")) == "10"
    with pytest.raises(ValidationError):
        records.coerce("stream", "quantity", True)


def test_choices_and_multi():
    assert records.coerce("organization", "size_class", "micro") == "micro"
    with pytest.raises(ValidationError, match="size_class"):
        records.coerce("organization", "size_class", "huge")
    assert records.coerce("organization", "roles", "receiver,supplier", from_text=True) == ["supplier", "receiver"]
    with pytest.raises(ValidationError):
        records.coerce("organization", "roles", "supplier,buyer", from_text=True)


def test_dates_and_bools():
    assert records.coerce("visit", "date", "2026-11-26") == "2026-11-26"
    with pytest.raises(ValidationError):
        records.coerce("visit", "date", "2026-02-30")
    with pytest.raises(ValidationError):
        records.coerce("visit", "date", "26/11/2026")
    assert records.coerce("contact", "consent", "ja", from_text=True) is True
    assert records.coerce("contact", "consent", "nei", from_text=True) is False
    with pytest.raises(ValidationError):
        records.coerce("contact", "consent", "maybe", from_text=True)


def test_text_rules():
    assert records.coerce("organization", "name", "  Sa\u0308ffle AB ") == "Säffle AB"  # NFC
    with pytest.raises(ValidationError):
        records.coerce("organization", "name", "two\nlines")
    with pytest.raises(ValidationError):
        records.coerce("organization", "name", "nul\x00")
    assert records.coerce("organization", "notes", "two\nlines") == "two\nlines"


def test_units_currency_email_phone_refs():
    assert records.coerce("stream", "unit", "ton") == "t"
    with pytest.raises(ValidationError, match="unit"):
        records.coerce("stream", "unit", "bushel")
    assert records.coerce("stream", "handling_cost_currency", "nok") == "NOK"
    with pytest.raises(ValidationError):
        records.coerce("stream", "handling_cost_currency", "USD")
    with pytest.raises(ValidationError):
        records.coerce("contact", "email", "not-an-address")
    assert records.coerce("contact", "phone", "+46 533 123 45") == "+46 533 123 45"
    with pytest.raises(ValidationError):
        records.coerce("stream", "organization_id", "not-a-uuid")


def test_org_number_depends_on_country():
    clean = records.validate_record("organization", {"name": "A", "country": "NO", "org_number": "988 077 917"},
                                    creating=True)
    assert clean["org_number"] == "988077917"
    with pytest.raises(ValidationError, match="org_number"):
        records.validate_record("organization", {"name": "A", "country": "SE", "org_number": "988077917"},
                                creating=True)


def test_required_fields_and_defaults():
    with pytest.raises(ValidationError, match="name"):
        records.validate_record("organization", {"country": "SE"}, creating=True)
    clean = records.validate_record("organization", {"name": "A", "country": "SE"}, creating=True)
    assert clean["kind"] == "company"
    with pytest.raises(ValidationError, match="name"):
        records.validate_record("organization", {"name": ""}, existing={"name": "A", "country": "SE"})


def test_internal_fields_are_protected():
    with pytest.raises(ValidationError, match="answers"):
        records.validate_record("visit", {"answers": {}})


def test_parse_assignments():
    assert records.parse_assignments("stream", ["title=Bark", "quantity=2,5"]) == {"title": "Bark",
                                                                                  "quantity": "2,5"}
    with pytest.raises(ValidationError, match="FIELD=VALUE"):
        records.parse_assignments("stream", ["title"])
    with pytest.raises(ValidationError, match="colour"):
        records.parse_assignments("stream", ["colour=red"])
    with pytest.raises(ValidationError, match="more than once"):
        records.parse_assignments("stream", ["title=a", "title=b"])
    with pytest.raises(ValidationError, match="unknown table"):
        records.parse_assignments("spaceship", ["a=b"])


def test_map_values_refuse_nan_and_bad_keys():
    with pytest.raises(ValidationError):
        records.coerce("submission", "answers", {"q": float("nan")})
    with pytest.raises(ValidationError):
        records.coerce("submission", "answers", {"bad key!": 1})
    assert records.coerce("submission", "answers", {"b": 1, "a": "x"}) == {"a": "x", "b": 1}
