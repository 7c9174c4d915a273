"""Organisation numbers (python-stdnum) and quantity conversion to tonnes per year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cirkular_desktop.core import orgnumber, units
from cirkular_desktop.errors import ValidationError


def test_swedish_and_norwegian_numbers():
    assert orgnumber.normalise("SE", "556036-0793") == "5560360793"
    assert orgnumber.normalise("NO", "988 077 917") == "988077917"
    assert orgnumber.format_number("SE", "5560360793") == "556036-0793"
    assert orgnumber.format_number("NO", "988077917") == "988 077 917"
    for country, bad in [("SE", "556036-0794"), ("SE", "12345"), ("NO", "988077918"), ("NO", "abc")]:
        with pytest.raises(ValidationError):
            orgnumber.normalise(country, bad)
    with pytest.raises(ValidationError, match="country"):
        orgnumber.normalise(None, "5560360793")


def test_deterministic_id_and_personal_numbers():
    a = orgnumber.organization_id("SE", "5560360793")
    assert a == orgnumber.organization_id("SE", "5560360793")
    assert a != orgnumber.organization_id("NO", "5560360793")
    assert orgnumber.is_personal("SE", "8112289874")
    assert not orgnumber.is_personal("SE", "5560360793")
    assert not orgnumber.is_personal("NO", "988077917")


def test_tonnes_per_year():
    assert units.tonnes_per_year({"quantity": "2", "unit": "t", "basis": "per_month"}) == Decimal(24)
    assert units.tonnes_per_year({"quantity": "500", "unit": "kg", "basis": "per_week"}) == Decimal(26)
    assert units.tonnes_per_year({"quantity": "10", "unit": "m3", "density": "0.5"}) == Decimal(5)
    assert units.tonnes_per_year({"quantity": "10", "unit": "m3"}) is None
    assert units.tonnes_per_year({"quantity": "200", "unit": "pcs", "mass_per_item": "25"}) == Decimal(5)
    assert units.tonnes_per_year({"quantity": "3", "unit": "t", "basis": "per_batch",
                                  "batches_per_year": "4"}) == Decimal(12)
    assert units.tonnes_per_year({"quantity": "3", "unit": "t", "basis": "per_batch"}) is None
    assert units.tonnes_per_year({"quantity": "100", "unit": "MWh"}) is None
    assert units.tonnes_per_year({"quantity": None, "unit": "t"}) is None


def test_unit_aliases():
    assert units.find("st").code == "pcs"
    assert units.find("M³").code == "m3"
    assert units.find("bushel") is None


@pytest.mark.parametrize("country, pasted, compact", [
    ("NO", "NO 923 609 016 MVA", "923609016"),          # the Norwegian VAT form
    ("NO", "923609016MVA", "923609016"),
    ("NO", "Org.nr. 923 609 016", "923609016"),
    ("NO", "organisasjonsnummer: 923609016", "923609016"),
    ("SE", "SE556036079301", "5560360793"),              # the Swedish VAT number
    ("SE", "se 5560360793 01", "5560360793"),
    ("SE", "16556036-0793", "5560360793"),               # 12 digits, legal entity prefix 16
    ("SE", "Organisationsnummer 556036-0793", "5560360793"),
    ("SE", "Org.nr: 556036-0793", "5560360793"),
])
def test_numbers_pasted_with_their_label_or_as_vat_numbers_are_read(country, pasted, compact):
    assert orgnumber.normalise(country, pasted) == compact


@pytest.mark.parametrize("country, pasted", [
    ("SE", "SE556036079302"),        # a VAT number ends in 01
    ("NO", "NO 923 609 017 MVA"),    # wrong check digit inside the VAT form
    ("SE", "17556036-0793"),         # no such prefix
    ("NO", "SE 923 609 016"),        # another country's prefix
])
def test_what_only_looks_like_a_pasted_number_is_still_refused(country, pasted):
    with pytest.raises(ValidationError) as caught:
        orgnumber.normalise(country, pasted)
    assert pasted in str(caught.value)
