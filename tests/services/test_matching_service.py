"""services.matching.suggest: one need's or one stream's suggestions equal the region's, read from the database."""

from __future__ import annotations

import pytest

from cirkular_desktop import settings
from cirkular_desktop.core import matching as core
from cirkular_desktop.errors import NotFoundError
from cirkular_desktop.services import demo, matching
from cirkular_desktop.services import records as record_services


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from cirkular_desktop.services.app import open_app

    app = open_app(tmp_path_factory.mktemp("region"))
    demo.add_demo(app, seed=4, scale=2)
    yield app
    app.close()


def test_one_need_gets_what_the_region_gives_it(filled):
    region = matching.suggest(filled, per_need=3)
    by_need: dict[str, list] = {}
    for s in region:
        by_need.setdefault(s.need_id, []).append((s.stream_id, round(s.score, 12)))
    assert any(s.cross_border for s in region) and len(by_need) > 50
    for need_id in sorted(by_need)[::7]:
        one = matching.suggest(filled, need_id=need_id, per_need=3)
        assert [(s.stream_id, round(s.score, 12)) for s in one] == by_need[need_id]
        assert [s.reasons for s in one] == [s.reasons for s in region if s.need_id == need_id]


def test_one_stream_gets_the_needs_it_scores_best_with(filled):
    region = matching.suggest(filled, per_need=1000, min_score=0.0)
    streams = sorted({s.stream_id for s in region})[::40]
    for stream_id in streams:
        expected = sorted(((s.need_id, round(s.score, 12)) for s in region if s.stream_id == stream_id),
                          key=lambda p: (-p[1], p[0]))
        got = matching.suggest(filled, stream_id=stream_id, per_need=1000, min_score=0.0)
        assert [(s.need_id, round(s.score, 12)) for s in got] == expected


def test_titles_rule_set_and_day_come_with_every_suggestion(filled):
    found = matching.suggest(filled, per_need=1)
    titles = {r["id"]: r["title"] for r in record_services.list_records(filled, "stream")}
    assert all(s.stream_title == titles[s.stream_id] for s in found)
    assert all(s.rule_set and s.checked_on for s in found)
    old = matching.suggest(filled, per_need=1, on="2026-01-10")
    assert {s.rule_set for s in old if s.supplier_id and s.cross_border} <= {"se-eu-1013-2006", "no-eea-1013-2006"}


def test_the_norwegian_setting_reaches_the_flags(filled):
    settings.save(filled.paths, {settings.SHIPMENT_RULES_NO: "no-eea-2024-1157",
                                 settings.SHIPMENT_RULES_NO_CONFIRMED_BY: "Kari"})
    try:
        found = [s for s in matching.suggest(filled, per_need=2) if s.cross_border]
        codes = {f["code"] for s in found for f in s.flags}
        assert "rule_set_unconfirmed" not in codes and "rule_sets_differ" not in codes
        assert {s.rule_set for s in found} <= {"se-eu-2024-1157", "no-eea-2024-1157"}
    finally:
        settings.save(filled.paths, {settings.SHIPMENT_RULES_NO: None, settings.SHIPMENT_RULES_NO_CONFIRMED_BY: None})


def test_unknown_records_are_refused(filled):
    with pytest.raises(NotFoundError):
        matching.suggest(filled, need_id="no-such-need")
    with pytest.raises(NotFoundError):
        matching.suggest(filled, stream_id="no-such-stream")


def test_scores_are_between_zero_and_one_and_say_what_had_no_data(filled):
    for s in matching.suggest(filled, per_need=5):
        assert 0.0 < s.score <= 1.0 and set(s.components) == set(core.COMPONENTS)
        missing = [k for k, v in s.components.items() if v is None]
        no_data = [r for r in s.reasons if r["code"] == "no_data"]
        assert (no_data[0]["components"] if no_data else []) == missing


def test_categories_read_near_first_give_the_same_lists(filled, monkeypatch):
    from cirkular_desktop.core import matching_search

    # Every category read in two parts from the database (near organizations, then the farther ones).
    monkeypatch.setattr(matching_search, "SPLIT_ROWS", 0)
    region = matching.suggest(filled, per_need=3)
    by_need: dict[str, list] = {}
    for s in region:
        by_need.setdefault(s.need_id, []).append((s.stream_id, round(s.score, 12)))
    for need_id in sorted(by_need)[::5]:
        assert [(s.stream_id, round(s.score, 12)) for s in matching.suggest(filled, need_id=need_id, per_need=3)] \
            == by_need[need_id]
    everything = matching.suggest(filled, per_need=1000, min_score=0.0)
    for stream_id in sorted({s.stream_id for s in everything})[::50]:
        expected = sorted(((s.need_id, round(s.score, 12)) for s in everything if s.stream_id == stream_id),
                          key=lambda p: (-p[1], p[0]))[:4]
        got = matching.suggest(filled, stream_id=stream_id, per_need=4, min_score=0.0)
        assert [(s.need_id, round(s.score, 12)) for s in got] == expected


def test_what_is_kept_between_calls_follows_the_edits(tmp_path):
    """The organizations' places kept between one record's suggestions are read again after an edit."""
    from cirkular_desktop.services.app import open_app

    app = open_app(tmp_path / "edits")
    try:
        demo.add_demo(app, seed=5, scale=1)
        found = matching.suggest(app, per_need=2)
        need_id, stream_id, supplier = found[0].need_id, found[0].stream_id, found[0].supplier_id
        before = matching.suggest(app, need_id=need_id, per_need=2)
        receiver = record_services.get_record(app, "need", need_id)["organization_id"]
        place = record_services.get_record(app, "organization", receiver)
        # The supplier moves next door to the receiver: its distance, and so the score, must follow.
        record_services.set_record(app, "organization", supplier,
                                   {"latitude": place["latitude"], "longitude": place["longitude"],
                                    "municipality": place["municipality"], "country": place["country"]},
                                   from_text=True)
        after = matching.suggest(app, need_id=need_id, per_need=2)
        region = [s for s in matching.suggest(app, per_need=2) if s.need_id == need_id]
        assert [(s.stream_id, round(s.score, 12)) for s in after] == [(s.stream_id, round(s.score, 12)) for s in region]
        moved = [s for s in after if s.stream_id == stream_id]
        assert moved and (moved[0].distance_km or 0) < 1 and moved[0].distance_km != before[0].distance_km
        # A new stream in the need's category, next door and plentiful, comes first.
        need = record_services.get_record(app, "need", need_id)
        new_id = record_services.add_record(app, "stream", {
            "organization_id": supplier, "title": "Plenty", "material_category": need["material_category"],
            "resource_type": need.get("resource_type") or "material", "quantity": "100000", "unit": "t",
            "basis": "per_year", "condition": "reusable"}, from_text=True).value
        after = matching.suggest(app, need_id=need_id, per_need=2)
        region = [s for s in matching.suggest(app, per_need=2) if s.need_id == need_id]
        assert [(s.stream_id, round(s.score, 12)) for s in after] == [(s.stream_id, round(s.score, 12)) for s in region]
        assert new_id in [s.stream_id for s in after], [(s.stream_title, s.score, s.reasons) for s in after]
    finally:
        app.close()
