"""The demo's matchmaking workspace reads as a coordinator would find it on the demo's day (core.demo_workspace)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from cirkular_desktop.core import demodata, records
from cirkular_desktop.core.demo_answers import FIRST_DAY, PRESENT
from cirkular_desktop.core.demo_workspace import ACTIVITIES_PER_SCALE, OPEN_STAGES


@pytest.fixture(scope="module", params=[1, 6])
def tables(request):
    out = defaultdict(dict)
    for r in demodata.generate(seed=request.param, scale=2):
        out[r.table][r.id] = r.values
    return out


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_matches_in_the_pipeline_moved_lately_and_have_a_next_step(tables):
    events = defaultdict(list)
    for e in tables["match_event"].values():
        events[e["match_id"]].append(e)
    leaders = {name for names in demodata._data()["people"]["project_leaders"].values() for name in names}
    stages = Counter()
    for match_id, match in tables["match"].items():
        history = sorted(events[match_id], key=lambda e: e["date"])
        last = _day(history[-1]["date"])
        assert last <= PRESENT
        # Each move says where it came from.
        assert [e.get("from_stage") for e in history] == [None, *(e["stage"] for e in history[:-1])]
        stage = match["stage"]
        stages[stage] += 1
        if stage in OPEN_STAGES:
            assert PRESENT - last <= dt.timedelta(days=60), (stage, last)
        if stage in (*OPEN_STAGES, "agreed"):
            assert match["next_step"] and match["next_step_owner"] in leaders
            assert _day(match["next_step_due"]) >= max(last, PRESENT - dt.timedelta(days=20))
        else:
            assert "next_step" not in match and "next_step_due" not in match
        if stage != "proposed":
            for side, table in (("supplier_contact_id", "stream"), ("receiver_contact_id", "need")):
                owner = tables[table][match["stream_id" if table == "stream" else "need_id"]]["organization_id"]
                assert tables["contact"][match[side]]["organization_id"] == owner
    assert set(stages) == {c.value for c in records.MATCH_STAGES}


def test_test_environments_have_partners_and_dates_that_fit_their_status(tables):
    seen = Counter()
    for test in tables["test_environment"].values():
        match = tables["match"][test["match_id"]]
        supplier = tables["stream"][match["stream_id"]]["organization_id"]
        receiver = tables["need"][match["need_id"]]["organization_id"]
        assert test["partners"][:2] == [supplier, receiver] and test["place_organization_id"] == receiver
        if match.get("processor_id"):
            assert match["processor_id"] in test["partners"]
        start, end = _day(test["start_date"]), _day(test["end_date"])
        assert start <= end
        status = test["status"]
        seen[status] += 1
        if status == "running":
            assert start <= PRESENT < end
        elif status == "planned":
            assert start > PRESENT
        else:
            assert end <= PRESENT and test.get("evaluation")
    assert seen["running"] + seen["planned"] >= 1 and seen["evaluated"] + seen["closed"] >= 1


def test_outcomes_are_measured_periods_with_their_route_and_factor(tables):
    assert tables["outcome"]
    for outcome in tables["outcome"].values():
        match = tables["match"][outcome["match_id"]]
        stream = tables["stream"][match["stream_id"]]
        assert match["stage"] in ("agreed", "implemented")
        assert outcome["diverted_from"] == stream["current_handling"]
        assert _day(outcome["period_end"]) <= PRESENT and outcome["year"] == _day(outcome["period_end"]).year
        # The avoided CO₂e follows from the tonnes and the factor used, as the workspace's rules compute it.
        assert Decimal(outcome["co2e_saved"]) == Decimal(outcome["tonnes_diverted"]) * Decimal(outcome["co2e_factor"])
        assert outcome["co2e_factor_source"]
        if outcome.get("revenue") is not None:
            assert outcome["revenue_currency"] == outcome["cost_saved_currency"]


def test_competence_activities_bring_both_countries_together(tables):
    activities = list(tables["activity"].values())
    assert len(activities) == 2 * ACTIVITIES_PER_SCALE
    country = {org_id: org["country"] for org_id, org in tables["organization"].items()}
    kinds = set()
    for activity in activities:
        assert FIRST_DAY <= _day(activity["date"]) <= PRESENT
        assert activity["organizer_id"] in country and activity["place"] and activity["title"]
        groups = activity["participants"]
        assert {g["country"] for g in groups} == {"SE", "NO"}
        for group in groups:
            if "organization_id" in group:
                assert country[group["organization_id"]] == group["country"]
        kinds.add(activity["kind"])
    assert len(kinds) >= 2
    years = {_day(a["date"]).year for a in activities}
    assert years <= {2025, 2026}


def test_every_contact_agreed_to_be_contacted_when_first_visited(tables):
    first_visit = {}
    for visit in tables["visit"].values():
        org = visit["organization_id"]
        first_visit[org] = min(first_visit.get(org, visit["date"]), visit["date"])
    for contact in tables["contact"].values():
        assert contact["consent_contact"] is True
        assert contact["consent_contact_date"] == first_visit[contact["organization_id"]]
