"""The fast ranking (core.matching_rank) finds exactly what scoring every pair finds, with the same scores."""

from __future__ import annotations

import pytest

from demo_tables import by_table

from cirkular_desktop.core import matching, matching_rank


@pytest.fixture(scope="module")
def region():
    tables = by_table(seed=3, scale=2)
    orgs = {o["id"]: o for o in tables["organization"]}
    streams, needs, matches = tables["stream"], tables["need"], tables["match"]
    return orgs, streams, needs, matches


def _brute(orgs, streams, needs, matches, per_need):
    """Every pair scored by score_pair, the learned bonus as the ranking derives it from agreed matches."""
    by_id = {s["id"]: s for s in streams}
    need_by_id = {n["id"]: n for n in needs}
    agreed = {(by_id[m["stream_id"]].get("material_category"), need_by_id[m["need_id"]].get("material_category"))
              for m in matches if m["stage"] in matching.AGREED_STAGES and m["stream_id"] in by_id
              and m["need_id"] in need_by_id}
    taken = {(m["stream_id"], m["need_id"]) for m in matches}
    out = {}
    for need in needs:
        found = []
        for stream in streams:
            if (stream.get("visibility") == "private" or stream["organization_id"] == need["organization_id"]
                    or (stream["id"], need["id"]) in taken):
                continue
            learned = matching.LEARNED_BONUS if (stream.get("material_category"),
                                                 need.get("material_category")) in agreed else 0.0
            s = matching.score_pair(stream, need, orgs[stream["organization_id"]], orgs[need["organization_id"]],
                                    learned=learned, with_reasons=False)
            if s is not None and s.score >= matching.MIN_SCORE:
                found.append((-s.score, stream["id"]))
        found.sort()
        out[need["id"]] = [(stream_id, -score) for score, stream_id in found[:per_need]]
    return out


def test_the_ranking_equals_scoring_every_pair(region):
    orgs, streams, needs, matches = region
    assert any(m["stage"] in matching.AGREED_STAGES for m in matches)   # the learned bonus is exercised
    expected = _brute(orgs, streams, needs, matches, per_need=5)
    got: dict[str, list] = {n["id"]: [] for n in needs}
    for s in matching.suggest(streams, needs, orgs, matches=matches, per_need=5):
        got[s.need_id].append((s.stream_id, s.score))
    for need_id, pairs in got.items():
        pairs.sort(key=lambda p: (-p[1], p[0]))
    assert {k: [p[0] for p in v] for k, v in got.items()} == {k: [p[0] for p in v] for k, v in expected.items()}
    for need_id, pairs in got.items():
        assert [round(p[1], 12) for p in pairs] == [round(p[1], 12) for p in expected[need_id]]
    assert sum(map(len, got.values())) > len(needs)


def test_one_stream_ranks_its_needs_as_the_pair_scores_say(region):
    orgs, streams, needs, matches = region
    for stream in streams[::97]:
        found = matching.suggest_for_stream(stream, needs, orgs, matches=matches, limit=1000)
        scores = [s.score for s in found]
        assert scores == sorted(scores, reverse=True)
        for s in found:
            assert s.stream_id == stream["id"] and s.score >= matching.MIN_SCORE


def test_scores_stay_below_one_and_learning_closes_part_of_the_gap():
    assert matching.combine(1, 1, 1, 1, 1, 0.0, False) == pytest.approx(1.0)
    plain = matching.combine(1, 0.5, 0.8, 1, None, 0.0, False)
    learned = matching.combine(1, 0.5, 0.8, 1, None, matching.LEARNED_BONUS, False)
    assert plain < learned < 1.0 and learned == pytest.approx(plain + matching.LEARNED_BONUS * (1 - plain))
    assert matching.combine(1, None, None, None, None, 0.0, False) == pytest.approx(matching.WEIGHTS["material"])
    assert matching.best_possible(250) < matching.best_possible(10) <= 1.0


def test_the_grid_lower_bound_never_exceeds_the_distance():
    # Two places one ring apart in the grid are never closer than the bound the search stops on.
    ranker = matching_rank._Ranker([], {"a": {"latitude": "59.30", "longitude": "12.00"}}, [])
    ranker.places.of("a")
    step = ranker._cell_km()
    import math

    for dlat, dlon in ((0.1, 0.0), (0.0, 0.2), (0.1, 0.2)):
        a = (math.radians(59.35), math.radians(12.1))
        b = (math.radians(59.35 + dlat + 1e-6), math.radians(12.1 + dlon + 1e-6))
        assert matching.km_between(a, b) >= step
