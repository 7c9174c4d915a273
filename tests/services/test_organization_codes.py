"""Industry codes and the SME class where records are listed, filtered, exported, matched and reported."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from cirkular_desktop import i18n
from cirkular_desktop.core import industry
from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.services import browse, codes, exports, pipeline, workspace_views
from cirkular_desktop.services import records as record_services


def _org(app, name, **values):
    return record_services.add_record(app, "organization", {"name": name, "country": "SE", **values}).value


@pytest.fixture
def orgs(app):
    return {
        "saw": _org(app, "Sågen AB", industry_code="16.10", employees=12, annual_turnover="900000",
                    financials_currency="EUR", size_class="micro"),
        "saw_no": _org(app, "Sagbruket AS", country="NO", industry_code="16.101"),
        "boards": _org(app, "Skivan AB", industry_code="16.21"),
        "recycler": _org(app, "Återvinning AB", industry_code="38.32"),
        "coder": _org(app, "Kod AB", industry_code="62.01"),
        "unknown": _org(app, "Okänd AB"),
    }


def _names(app, where):
    return sorted(r["name"] for r in browse.list_page(app, "organization", where=where).rows)


def test_the_list_filters_by_division_group_or_class(app, orgs):
    assert _names(app, {"industry_code": "16"}) == ["Sagbruket AS", "Skivan AB", "Sågen AB"]
    # A class takes its national subclasses with it (SN2007's fifth digit).
    assert _names(app, {"industry_code": "16.10"}) == ["Sagbruket AS", "Sågen AB"]
    assert _names(app, {"industry_code": "16.2"}) == ["Skivan AB"]
    assert browse.count(app, "organization", where={"industry_code": "38"}) == 1
    for bad in ("1", "16.", "16.1000", "16%", "wood"):
        with pytest.raises(ValidationError):
            browse.list_page(app, "organization", where={"industry_code": bad})


def test_the_divisions_in_use_for_the_filter(app, orgs):
    record_services.remove_record(app, "organization", orgs["coder"])
    assert codes.industry_divisions(app) == [("16", 3), ("38", 1)]


def test_list_rows_show_the_size_class_by_the_eu_definition(app, orgs):
    from cirkular_desktop.core import display, records

    rows = {r["name"]: r for r in browse.list_page(app, "organization").rows}
    size = records.table("organization").field("size_class")
    # Recorded "micro", but 12 employees make a small enterprise: the list says so, as the reports count it.
    assert display.list_cell("organization", size, rows["Sågen AB"]) == "Small enterprise"
    assert display.list_cell("organization", size, rows["Okänd AB"]) == ""
    column = next(c for c in browse.columns("organization") if c.key == "size_class")
    assert not column.sortable          # computed, so SQL cannot sort by it


def test_the_export_has_the_size_class_and_what_it_rests_on(app, orgs, tmp_path):
    i18n.set_language("sv")
    sheet = load_workbook(exports.export_table(app, "organization", tmp_path / "o.xlsx")).active
    header = [c.value for c in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    saw = rows[orgs["saw"]]
    assert saw[header.index("Storleksklass")] == "Mikroföretag"                     # as recorded
    assert saw[header.index("Storleksklass (EU:s definition)")] == "Litet företag"
    assert saw[header.index("Underlag för storleksklassen")].startswith("beräknad av antal anställda")
    assert rows[orgs["unknown"]][header.index("Storleksklass (EU:s definition)")] == "Okänd storlek"
    assert saw[header.index("Branschkod")] == "16.10 " + industry.get("16.10").name("sv")


def _stream(app, org, material):
    return record_services.add_record(app, "stream", {"organization_id": org, "title": "Spån",
                                                      "material_category": material}).value


def test_a_processor_whose_industry_takes_in_the_material(app, orgs):
    stream = _stream(app, orgs["coder"], "wood.sawdust")
    assert codes.processor_fit(app, stream, orgs["boards"]) == {"fits": True, "industry_code": "16.21",
                                                                 "material": "wood.sawdust"}
    assert codes.processor_fit(app, stream, orgs["coder"])["fits"] is False
    assert codes.processor_fit(app, stream, orgs["unknown"])["fits"] is None
    with pytest.raises(NotFoundError):
        codes.processor_fit(app, stream, "no-such-organization")


def test_the_match_editor_offers_fitting_processors_first(app, orgs):
    stream = _stream(app, orgs["coder"], "wood.sawdust")
    need = record_services.add_record(app, "need", {"organization_id": orgs["unknown"], "title": "Spån",
                                                    "material_category": "wood.sawdust"}).value
    match = pipeline.accept(app, stream, need).value
    offered = workspace_views.match_context(app, match)["organizations"]
    first = [o["processes"] is True for o in offered]
    assert first == sorted(first, reverse=True)                       # those that fit come first
    assert {o["name"] for o in offered if o["processes"]} == {"Återvinning AB", "Sagbruket AS", "Skivan AB",
                                                              "Sågen AB"}
    assert {o["name"]: o["processes"] for o in offered}["Kod AB"] is False
    assert {o["name"]: o["processes"] for o in offered}["Okänd AB"] is None
