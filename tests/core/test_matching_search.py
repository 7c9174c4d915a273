"""One record's best-first search (core.matching_search) finds what scoring every pair finds, reading few rows.

The search is driven here as ``services.matching`` drives it, from records
held in memory instead of the database's index: light rows of a category
(of some organizations, or all), whole records by row number.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from demo_tables import by_table

from cirkular_desktop.core import matching, matching_search, units


@pytest.fixture(scope="module")
def region():
    tables = by_table(seed=3, scale=2)
    orgs = {o["id"]: o for o in tables["organization"]}
    streams, needs, matches = tables["stream"], tables["need"], tables["match"]
    # As the service reads them: each match with its records' categories (the learned bonus goes by category).
    category = {rec["id"]: rec.get("material_category") or "" for rec in (*streams, *needs)}
    for match in matches:
        if match["stream_id"] in category and match["need_id"] in category:
            match.update(stream_category=category[match["stream_id"]], need_category=category[match["need_id"]])
    return orgs, streams, needs, matches


def _drive(search, records, light_columns):
    """Answer the search's steps from ``records`` (row number = position), as the service answers from SQL."""
    by_category: dict[str, list[int]] = {}
    for rowid, rec in enumerate(records):
        # Only streams are read without the private ones (needs have no such filter).
        if rec.get("material_category") and not (light_columns is matching_search.STREAM_LIGHT
                                                 and rec.get("visibility") == "private"):
            by_category.setdefault(rec["material_category"], []).append(rowid)
    asked = []
    while (step := search.next_step()) is not None:
        asked.append(step)
        if step[0] == "light":
            _kind, category, organizations = step
            wanted = None if organizations is None else set(organizations)
            rows = [(rowid, *(records[rowid].get(c) for c in light_columns)) for rowid in by_category.get(category, ())
                    if wanted is None or records[rowid].get("organization_id") in wanted]
            search.add_light(category, rows)
        else:
            search.add_records([records[rowid] for rowid in step[1]])
    return search.result(), asked


def _for_need(need, orgs, streams, matches, **options):
    search = matching_search.ForNeed(need, orgs, matches=matches, **options)
    search.add_records([s for s in streams if not s.get("material_category")])
    return search, _drive(search, streams, matching_search.STREAM_LIGHT)


@pytest.mark.parametrize("rings", [0, 1, 3])
def test_one_need_gets_what_the_region_ranking_gives_it(region, monkeypatch, rings):
    orgs, streams, needs, matches = region
    # Every category read in two parts (near, then farther), however few rows it has.
    monkeypatch.setattr(matching_search, "SPLIT_ROWS", 0)
    monkeypatch.setattr(matching_search, "NEAR_RINGS", rings)
    expected: dict[str, list] = {n["id"]: [] for n in needs}
    for s in matching.suggest(streams, needs, orgs, matches=matches, per_need=5):
        expected[s.need_id].append((s.stream_id, round(s.score, 12)))
    split = 0
    for need in needs:
        search, (found, asked) = _for_need(need, orgs, streams, matches, limit=5)
        got = matching.explain_ranked([(s, need, learned) for s, learned in found], orgs)
        assert [(s.stream_id, round(s.score, 12)) for s in got] == expected[need["id"]], need["id"]
        split += any(step[0] == "light" and step[2] is not None for step in asked)
    assert split > len(needs) // 2     # the near-then-farther reading was exercised


def test_one_stream_gets_what_scoring_every_need_gives_it(region, monkeypatch):
    orgs, streams, needs, matches = region
    monkeypatch.setattr(matching_search, "SPLIT_ROWS", 0)
    for stream in streams[::23]:
        expected = matching.suggest_for_stream(stream, needs, orgs, matches=matches, limit=8, min_score=0.0)
        search = matching_search.ForStream(stream, orgs, matches=matches, limit=8, min_score=0.0)
        search.add_records([n for n in needs if not n.get("material_category")])
        found, _asked = _drive(search, needs, matching_search.NEED_LIGHT)
        got = matching.explain_ranked([(stream, n, learned) for n, learned in found], orgs)
        assert [(s.need_id, round(s.score, 12)) for s in got] == [(s.need_id, round(s.score, 12)) for s in expected]


def test_a_light_rows_bound_is_never_below_its_exact_score(region):
    """The best score a light row could reach, against the score of its whole record, for every pair that fits."""
    orgs, streams, needs, matches = region
    checked = 0
    for need in needs[::3]:
        search = matching_search.ForNeed(need, orgs, matches=matches, limit=1, min_score=0.0)
        n = search.n
        for rowid, stream in enumerate(streams):
            category = stream.get("material_category")
            if not category or not matching.category_fit(category, n.cat)[1]:
                continue
            search.rows.clear()
            search.add_light(category, [(rowid, *(stream.get(c) for c in matching_search.STREAM_LIGHT))])
            exact = matching.score_pair(stream, need, orgs[stream["organization_id"]], orgs[need["organization_id"]],
                                        learned=search._learned_with(category), with_reasons=False)
            if exact is None or stream["organization_id"] == need["organization_id"] \
                    or stream.get("visibility") == "private":
                continue
            assert search.rows, stream["id"]
            assert -search.rows[0][0] + 1e-9 >= exact.score, (need["id"], stream["id"])
            checked += 1
    assert checked > 1000


_TEXT = st.one_of(st.none(), st.just(""), st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"),
                                                       places=3, allow_nan=False).map(str))


@settings(max_examples=300, deadline=None)
@given(quantity=_TEXT, unit=st.sampled_from([*units.codes(), None, "furlong"]),
       basis=st.sampled_from([*units.PER_YEAR, "per_batch", None, "fortnightly"]), batches=_TEXT, density=_TEXT,
       mass=_TEXT, lot=_TEXT)
def test_the_float_amounts_agree_with_the_decimal_ones(quantity, unit, basis, batches, density, mass, lot):
    record = {"quantity": quantity, "unit": unit, "basis": basis, "batches_per_year": batches, "density": density,
              "mass_per_item": mass, "min_lot": lot}
    exact, exact_unit = matching.amount_per_year(record)
    fast, fast_unit = matching_search.yearly(quantity, unit, basis, batches, density, mass)
    assert fast_unit == exact_unit
    assert (fast is None) == (exact is None)
    if exact is not None:
        assert fast == pytest.approx(float(exact), rel=1e-12)
    exact_lot = matching.min_lot(record, exact_unit)
    fast_lot = matching_search.lot_in(lot, unit, density, mass, exact_unit)
    assert (fast_lot is None) == (exact_lot is None)
    if exact_lot is not None:
        assert fast_lot == pytest.approx(float(exact_lot), rel=1e-12)


def test_an_amount_that_does_not_parse_gets_full_marks_not_none():
    assert matching_search.yearly("lots", "t", "per_year", None, None, None)[0] is matching_search.UNKNOWN
    assert matching_search._quantity_bound(matching_search.UNKNOWN, 10.0, None) == (matching.WEIGHTS["quantity"], False)
    # Surely below the minimum lot: the penalty is in the bound; at the lot itself it is not.
    assert matching_search._quantity_bound(5.0, 10.0, 6.0) == (0.0, True)
    assert matching_search._quantity_bound(6.0, 10.0, 6.0)[1] is False





def _scattered(seed: int):
    """Suppliers clustered around three towns and scattered up to ~200 km around them, one material, amounts
    from tiny to plenty, many with full marks for everything but the distance (so the reach the search works
    out is tight): the pair to beat is found in town, and the farther organizations are read by ring."""
    import random

    rnd = random.Random(seed)
    towns = [(59.4, 13.1), (59.6, 11.3), (60.0, 12.6)]
    orgs, streams, needs = {}, [], []
    for i in range(420):
        org_id = f"o{i:03d}"
        if i < 120:
            lat, lon = towns[i % 3]
            lat, lon = lat + rnd.uniform(-0.15, 0.15), lon + rnd.uniform(-0.3, 0.3)
        else:
            lat, lon = 59.5 + rnd.uniform(-1.0, 1.0), 12.5 + rnd.uniform(-2.0, 2.0)
        orgs[org_id] = {"id": org_id, "name": org_id, "country": "SE" if lon > 12 else "NO",
                        "latitude": f"{lat:.5f}", "longitude": f"{lon:.5f}"}
        for j in range(rnd.randint(0, 2)):
            streams.append({"id": f"s{i:03d}{j}", "organization_id": org_id, "title": "flis",
                            "material_category": rnd.choice(["wood.sawdust", "wood.sawdust", "wood.bark"]),
                            "quantity": str(rnd.choice([1, 5, 20, 80, 300, 2000])), "unit": rnd.choice(["t", "m3"]),
                            "density": "0.25", "basis": "per_year",
                            "business_terms": rnd.choice([None, "give_away", "sell", "pay_to_dispose"]),
                            "condition": rnd.choice([None, "reusable", "reusable", "material_only"]),
                            "available_from": "2026-01-01"})
    for k in range(30):
        org_id = f"o{rnd.randrange(120):03d}"
        needs.append({"id": f"n{k:02d}", "organization_id": org_id, "title": "flis", "material_category": "wood.sawdust",
                      "quantity": str(rnd.choice([50, 400, 3000])), "unit": "t", "basis": "per_year",
                      "min_lot": rnd.choice([None, "10", "100"]), "available_from": "2026-03-01"})
    return orgs, streams, needs


@pytest.mark.parametrize("seed,rings", [(1, 2), (2, 2), (2, 1), (3, 0)])
def test_farther_organizations_read_by_ring_give_the_same_list(monkeypatch, seed, rings):
    orgs, streams, needs = _scattered(seed)
    monkeypatch.setattr(matching_search, "SPLIT_ROWS", 0)
    monkeypatch.setattr(matching_search, "NEAR_RINGS", rings)
    by_ring = 0
    for need in needs:
        expected = matching.suggest(streams, [need], orgs, per_need=5)
        search, (found, asked) = _for_need(need, orgs, streams, [], limit=5)
        got = matching.explain_ranked([(s, need, learned) for s, learned in found], orgs)
        assert [(s.stream_id, round(s.score, 12)) for s in got] == \
            [(s.stream_id, round(s.score, 12)) for s in expected], need["id"]
        far = [step for step in asked if step[0] == "light"][1:]
        by_ring += any(step[2] is not None for step in far)
    assert by_ring >= (3 if rings else 0), by_ring


def test_the_search_reads_few_whole_records():
    orgs, streams, needs = _scattered(1)
    light = whole = 0
    for need in needs:
        search, _found = _for_need(need, orgs, streams, [], limit=5)
        light += search.read_light
        whole += search.read_whole
    # Most candidates are ruled out by their light row (or not read at all: the rest of the region is
    # farther than the pair to beat allows); whole records are read for a few per need.
    assert light < 0.8 * len(streams) * len(needs)
    assert whole < light / 5 and whole < 8 * 5 * len(needs)
