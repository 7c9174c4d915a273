"""Fields that follow from others (``core.derived``): waste list version, primary code, hazard, unit, questionnaire."""

from __future__ import annotations

import pytest

from cirkular_desktop.core import derived, questionnaire, wastecodes
from cirkular_desktop.errors import ValidationError


def mirror_code() -> str:
    return next(code for code in ("170503", "170504", "150110", "150104")
                if wastecodes.get(code) is not None and wastecodes.get(code).mirror)


def test_waste_codes_set_the_list_version_the_primary_code_and_ask_for_a_hazard_assessment():
    clean = {"waste_codes": ["030105", mirror_code()]}
    derived.fill("stream", clean, None)
    assert clean["low_version"] == wastecodes.LIST_ID
    assert clean["primary_waste_code"] == "030105"
    assert clean["hazard_assessment"] == "not_assessed"
    kept = {"waste_codes": ["030105", mirror_code()]}
    derived.fill("need", kept, {"primary_waste_code": mirror_code(), "hazard_assessment": "hazardous"})
    assert "primary_waste_code" not in kept and "hazard_assessment" not in kept
    cleared = {"waste_codes": []}
    derived.fill("stream", cleared, {"primary_waste_code": "030105"})
    assert cleared["low_version"] is None and cleared["primary_waste_code"] is None


def test_a_primary_code_joins_the_waste_codes():
    clean = {"primary_waste_code": "030101"}
    derived.fill("stream", clean, {"waste_codes": ["030105"]})
    assert clean["waste_codes"] == ["030101", "030105"]


def test_a_quantity_needs_a_unit():
    with pytest.raises(ValidationError) as caught:
        derived.fill("stream", {"quantity": "5"}, {"unit": None})
    assert caught.value.field == "unit"
    derived.fill("stream", {"quantity": "5"}, {"unit": "t"})
    derived.fill("need", {"unit": None}, {"quantity": None})


def test_a_new_visit_keeps_the_questionnaire_version_it_starts_with():
    clean: dict = {"organization_id": "x"}
    derived.fill("visit", clean, None)
    template = questionnaire.load("mapping")
    assert (clean["template_id"], clean["template_version"], clean["version"]) == (template.id, template.version, 0)
    edited: dict = {"notes": "n"}
    derived.fill("visit", edited, {"template_id": "mapping"})
    assert edited == {"notes": "n"}
