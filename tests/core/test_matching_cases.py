"""The hand-ranked evaluation set (tests/core/matching_cases.json): order, exclusions, flags and reasons.

Each case is checked both ways the app asks: the stream's own suggestions
(``suggest_for_stream``) and the region's ranking per need (``suggest``),
which must agree on which pairs there are and what they score.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cirkular_desktop.core import border, explain, matching

DATA = json.loads((Path(__file__).with_name("matching_cases.json")).read_text(encoding="utf-8"))
CASES = DATA["cases"]


def _run(case):
    ctx = border.context(case.get("on") or DATA["on"], case.get("norway"), case.get("norway_confirmed", False))
    orgs = DATA["organizations"]
    found = matching.suggest_for_stream(case["stream"], case["needs"], orgs, limit=100, ctx=ctx)
    return found, matching.suggest([case["stream"]], case["needs"], orgs, per_need=100, ctx=ctx)


def test_the_set_is_large_enough_and_well_formed():
    assert len(CASES) >= 25
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        need_ids = {n["id"] for n in case["needs"]}
        assert set(case["expected_order"]) | set(case.get("absent", ())) <= need_ids, case["id"]
        assert case["why"].strip()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    found, per_need = _run(case)
    by_need = {s.need_id: s for s in found}
    assert [s.need_id for s in found] == case["expected_order"], [(s.need_id, round(s.score, 3)) for s in found]
    for absent in case.get("absent", ()):
        assert absent not in by_need
    # The region's ranking finds the same pairs with the same scores.
    assert sorted((s.need_id, round(s.score, 9)) for s in per_need) == sorted(
        (s.need_id, round(s.score, 9)) for s in found)
    for need_id, codes in case.get("flags", {}).items():
        got = border.codes_of(by_need[need_id].flags)
        assert set(codes) <= set(got), (need_id, got)
        if not codes:
            assert got == [], (need_id, got)
    for need_id, codes in case.get("flags_absent", {}).items():
        assert not set(codes) & set(border.codes_of(by_need[need_id].flags)), need_id
    for need_id, codes in case.get("reasons", {}).items():
        got = [r["code"] for r in by_need[need_id].reasons]
        assert set(codes) <= set(got), (need_id, got)
    for need_id, names in case.get("components_without_data", {}).items():
        assert all(by_need[need_id].components[name] is None for name in names)
    for s in found:
        assert 0.0 <= s.score <= 1.0
        assert s.rule_set and s.checked_on == (case.get("on") or DATA["on"])
        assert all(f["rule_set"] == s.rule_set and f["checked_on"] == s.checked_on for f in s.flags)
        for item in (*s.reasons, *s.flags):
            text = explain.describe(item)
            assert text and "{" not in text, (item, text)
