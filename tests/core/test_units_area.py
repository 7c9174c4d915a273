"""Area units (m², hectares): premises and land are measured, never turned into tonnes."""

from decimal import Decimal

from cirkular_desktop import i18n
from cirkular_desktop.core import records, units


def test_area_units_are_known_by_their_usual_names():
    for typed in ("m2", "m²", "kvm", "kvadratmeter", "M2"):
        assert units.find(typed).code == "m2", typed
    for typed in ("ha", "hektar", "hectares"):
        assert units.find(typed).code == "ha", typed
    assert records.coerce("stream", "unit", "m²", from_text=True) == "m2"
    assert records.coerce("need", "unit", "hektar", from_text=True) == "ha"


def test_area_never_converts_to_tonnes():
    for unit in ("m2", "ha"):
        record = {"quantity": "250", "unit": unit, "basis": "once", "density": "1", "mass_per_item": "5"}
        assert units.tonnes(record["quantity"], unit, density="1", mass_per_item="5") is None
        assert units.tonnes_per_year(record) is None


def test_area_is_summed_apart_in_square_metres():
    streams = [
        {"quantity": "2", "unit": "ha", "basis": "once"},
        {"quantity": "500", "unit": "m2", "basis": "once"},
        {"quantity": "3", "unit": "t", "basis": "per_year"},
        {"quantity": "1", "unit": "t", "basis": "per_month"},
        {"quantity": "7", "unit": None},
    ]
    assert units.yearly_amount(streams[0]) == (Decimal("20000"), "m2")
    assert units.yearly_amount(streams[2]) == (Decimal("3"), "t")
    assert units.totals(streams) == {"m2": Decimal("20500"), "t": Decimal("15")}


def test_area_units_are_shown_in_the_readers_language():
    with i18n.using_language("sv"):
        assert units.get("m2").display() == "m²" and i18n.gettext(units.get("ha").label) == "hektar"
    with i18n.using_language("nb"):
        assert i18n.gettext(units.get("m2").label) == "kvadratmeter"
