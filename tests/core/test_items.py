"""Fields holding lists of structured items or of record ids (core.items), and old text reasons read back."""

from __future__ import annotations

import pytest

from cirkular_desktop import i18n
from cirkular_desktop.core import explain, legacy_reasons, records
from cirkular_desktop.core import border  # noqa: F401 - registers the flag codes
from cirkular_desktop.errors import ValidationError

ORG = "11111111-1111-4111-8111-111111111111"


def test_participants_typed_as_country_and_count_or_organization():
    value = records.coerce("activity", "participants", f"se:12, NO:5, {ORG.upper()}:3", from_text=True)
    assert value == [{"country": "SE", "count": 12}, {"country": "NO", "count": 5},
                     {"organization_id": ORG, "count": 3}]
    as_json = records.coerce("activity", "participants", '[{"name": "Pupils", "country": "se", "count": 22}]',
                             from_text=True)
    assert as_json == [{"name": "Pupils", "country": "SE", "count": 22}]


@pytest.mark.parametrize("bad", ["SE", "SE:0", "SE:-2", "Sweden:3", "not-an-id-but-long-enough:2", "[{}]",
                                 '[{"country": "SE", "count": 2, "colour": "red"}]', "[1, 2]"])
def test_bad_participants_are_refused_naming_the_field(bad):
    with pytest.raises(ValidationError) as caught:
        records.coerce("activity", "participants", bad, from_text=True)
    assert caught.value.message.startswith("activity.participants:")


def test_refs_are_lowercased_deduplicated_and_checked():
    other = "22222222-2222-4222-8222-222222222222"
    assert records.coerce("test_environment", "partners", f"{ORG.upper()}, {other}, {ORG}",
                          from_text=True) == [ORG, other]
    with pytest.raises(ValidationError, match="test_environment.partners"):
        records.coerce("test_environment", "partners", "abc", from_text=True)


def test_explanation_items_need_a_code_and_plain_values():
    stored = records.coerce("match", "reasons", [{"km": 38, "code": "distance"}])
    assert stored == [{"code": "distance", "km": 38}] and list(stored[0]) == ["code", "km"]
    for bad in ([{"km": 3}], [{"code": "Bad Code"}], [{"code": "distance", "km": {"deep": 1}}], "text"):
        with pytest.raises(ValidationError, match="match.reasons"):
            records.coerce("match", "reasons", bad)


def test_old_text_reasons_are_read_back_in_any_language():
    lines = {
        "en": ["same material: Sawdust, shavings and chips", "about 38 km apart", "quantities fit (8.5 t/year offered, 40 t/year wanted)"],
    }
    items = legacy_reasons.items_from_text("\n".join(lines["en"]))
    codes = [i["code"] for i in items]
    assert codes == ["same_material", "distance", "quantities_fit"]
    assert items[0] == {"code": "same_material", "material": "wood.sawdust"}
    assert items[1] == {"code": "distance", "km": 38}
    assert items[2] == {"code": "quantities_fit", "supply_t": "8.5", "demand_t": "40"}
    # The same reasons written in Swedish and Bokmål read back to the same codes and values.
    for lang in ("sv", "nb"):
        with i18n.using_language(lang):
            text = "\n".join(explain.describe_all(items))
        with i18n.using_language("en"):
            assert legacy_reasons.items_from_text(text) == items, (lang, text)


def test_text_that_fits_no_code_is_kept_as_a_note():
    items = legacy_reasons.items_from_text("Rules checked: EU 1013/2006\n\nBoth parties are keen ")
    assert items == [explain.note("Rules checked: EU 1013/2006"), explain.note("Both parties are keen")]


def test_reading_back_does_not_depend_on_the_active_language():
    text = "samma avfallskod 03 01 05\nabout 7 km apart"
    results = []
    for lang in ("en", "sv", "nb"):
        with i18n.using_language(lang):
            results.append(legacy_reasons.items_from_text(text))
    assert results[0] == results[1] == results[2]
    assert results[0][0] == {"code": "same_waste_code", "waste_code": "030105"}
