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
