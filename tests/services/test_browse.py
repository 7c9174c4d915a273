"""services.browse: pages sorted in SQL, full-text filtering, resolved columns, counts, one organization's records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.services import browse, records


@pytest.fixture
def two_orgs(app):
    se = records.add_record(app, "organization", {"name": "Säffle Snickeri AB", "country": "SE",
                                                  "org_number": "556036-0793", "municipality": "Säffle"},
                            from_text=True).value
    no = records.add_record(app, "organization", {"name": "Rakkestad Trevare AS", "country": "NO"}).value
    rows = [
        (se, "Spån från hyvling", "12", "t", "per_year", None),
        (se, "Kutterspån", "500", "kg", "per_month", None),
        (no, "Bark", "3", "m3", "per_week", "0.4"),
        (no, "Paller", "40", "pcs", "once", None),  # no mass per item: tonnes unknown
    ]
    for org, title, quantity, unit, basis, density in rows:
        values = {"organization_id": org, "title": title, "quantity": quantity, "unit": unit, "basis": basis}
        if density:
            values["density"] = density
        records.add_record(app, "stream", values)
    return se, no


def test_page_resolves_organization_and_tonnes(app, two_orgs):
    page = browse.list_page(app, "stream", sort="title")
    assert page.total == 4
    by_title = {r["title"]: r for r in page.rows}
    assert by_title["Bark"]["organization"] == "Rakkestad Trevare AS"
    assert by_title["Kutterspån"]["tonnes_per_year"] == Decimal("6.000")
    assert by_title["Bark"]["tonnes_per_year"] == Decimal("62.4")
    assert by_title["Paller"]["tonnes_per_year"] is None


def test_sorting_by_tonnes_in_sql_puts_unknown_last(app, two_orgs):
    up = [r["title"] for r in browse.list_page(app, "stream", sort="tonnes_per_year").rows]
    down = [r["title"] for r in browse.list_page(app, "stream", sort="tonnes_per_year", descending=True).rows]
    assert up == ["Kutterspån", "Spån från hyvling", "Bark", "Paller"]
    assert down == ["Bark", "Spån från hyvling", "Kutterspån", "Paller"]


def test_sort_by_organization_name_and_paging(app, two_orgs):
    first = browse.list_page(app, "stream", sort="organization", limit=2)
    rest = browse.list_page(app, "stream", sort="organization", offset=2, limit=2, with_total=False)
    assert [r["organization"] for r in first.rows] == ["Rakkestad Trevare AS"] * 2
    assert [r["organization"] for r in rest.rows] == ["Säffle Snickeri AB"] * 2
    assert first.total == 4 and rest.total is None


def test_search_uses_word_prefixes_including_derived_text(app, two_orgs):
    assert [r["name"] for r in browse.list_page(app, "organization", search="säf").rows] == ["Säffle Snickeri AB"]
    assert browse.count(app, "organization", search="rakk") == 1
    assert browse.count(app, "stream", search="spån") == 1  # "Kutterspån" does not start with "spån"
    assert browse.count(app, "stream", search="nothing-like-this") == 0


def test_where_and_counts(app, two_orgs):
    se, no = two_orgs
    assert browse.count(app, "stream", where={"organization_id": no}) == 2
    counts = browse.counts(app)
    assert counts["organization"] == 2 and counts["stream"] == 4 and counts["visit"] == 0
    orgs = {r["name"]: r for r in browse.list_page(app, "organization").rows}
    assert orgs["Säffle Snickeri AB"]["streams"] == 2 and orgs["Säffle Snickeri AB"]["visits"] == 0


def test_bad_table_or_sort_key_is_refused_clearly(app):
    with pytest.raises(ValidationError, match="unknown table"):
        browse.list_page(app, "nonsense")
    with pytest.raises(ValidationError, match="cannot sort"):
        browse.list_page(app, "organization", sort="municipality")
    with pytest.raises(ValidationError, match="cannot sort"):
        browse.list_page(app, "organization", sort="no_such_field")
    with pytest.raises(ValidationError):
        browse.list_page(app, "organization", where={"no_such_field": 1})


def test_organization_overview(app, two_orgs):
    from cirkular_desktop.services import visits

    se, _no = two_orgs
    records.add_record(app, "contact", {"organization_id": se, "name": "Eva Lind"})
    visit = visits.start_visit(app, se).value
    overview = browse.organization_overview(app, se)
    assert overview["organization"]["name"] == "Säffle Snickeri AB"
    assert [c["name"] for c in overview["contacts"]] == ["Eva Lind"]
    assert [v["id"] for v in overview["visits"]] == [visit]
    assert {s["title"] for s in overview["streams"]} == {"Spån från hyvling", "Kutterspån"}
    assert browse.visit_heading(app, visit)["organization"] == "Säffle Snickeri AB"
    with pytest.raises(NotFoundError):
        browse.organization_overview(app, "missing")


def test_deleted_records_are_not_listed(app, two_orgs):
    page = browse.list_page(app, "stream", search="bark")
    records.remove_record(app, "stream", page.rows[0]["id"])
    assert browse.count(app, "stream") == 3
    assert browse.list_page(app, "stream", search="bark").total == 0
