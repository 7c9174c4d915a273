"""The project report: indicators counted from plain records, and the PDF that shows them."""

from __future__ import annotations

import datetime as _dt
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_samples import BASE14, fonts_of, page_texts, text_of  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.reports.data import ProjectData, TargetGroup, Targets  # noqa: E402
from cirkular_desktop.reports.figures import compute, shares  # noqa: E402
from cirkular_desktop.reports.indicators import DEFINITIONS  # noqa: E402
from cirkular_desktop.reports.project_report import build_project_report  # noqa: E402


def _org(oid, name, country, municipality, size="small", kind="company"):
    return {"id": oid, "name": name, "country": country, "municipality": municipality, "size_class": size,
            "kind": kind}


@pytest.fixture
def data():
    orgs = [_org("a", "Säffle Snickeri AB", "SE", "SE-1785", "micro"),
            _org("b", "Torsby Trä AB", "SE", "SE-1737", "small"),
            _org("c", "Marker Sag AS", "NO", "NO-3122", "medium"),
            _org("d", "Säffle kommun", "SE", "SE-1785", None, "municipal"),
            _org("e", "Aldri besøkt AS", "NO", "NO-3122")]
    visits = [{"id": "v1", "organization_id": "a", "status": "completed"},
              {"id": "v2", "organization_id": "a", "status": "completed"},
              {"id": "v3", "organization_id": "b", "status": "draft"},
              {"id": "v4", "organization_id": "c", "status": "completed"},
              {"id": "v5", "organization_id": "d", "status": "completed"}]
    streams = [{"id": "s1", "organization_id": "a", "material_category": "wood.sawdust", "quantity": "12.5",
                "unit": "t", "basis": "per_year", "waste_codes": ["030105"]},
               {"id": "s2", "organization_id": "a", "material_category": "oils", "quantity": "1000", "unit": "kg",
                "basis": "per_month", "waste_codes": ["130205"]},
               {"id": "s3", "organization_id": "c", "material_category": "wood", "quantity": "300", "unit": "t",
                "basis": "per_year"},
               {"id": "s4", "organization_id": "c", "quantity": "5", "unit": "m3", "basis": "per_year"}]
    needs = [{"id": "n1", "organization_id": "b", "quantity": "100", "unit": "t", "basis": "per_year"}]
    matches = [{"id": "m1", "stream_id": "s3", "need_id": "n1", "stage": "testing"},
               {"id": "m2", "stream_id": "s1", "need_id": "n1", "stage": "proposed"},
               {"id": "m3", "stream_id": "s2", "need_id": None, "stage": "rejected"}]
    ideas = [{"id": "i1", "status": "new", "hierarchy": "reuse"}, {"id": "i2", "status": "chosen"}]
    tests = [{"id": "t1", "status": "running", "title": "Pallvirke till slöjden", "place": "Säffle",
              "start_date": "2026-09-01"}]
    outcomes = [{"id": "o1", "tonnes_diverted": "40", "cost_saved": "12000", "cost_saved_currency": "SEK",
                 "jobs_created": 2}]
    return ProjectData(organizations=orgs, visits=visits, streams=streams, needs=needs, ideas=ideas,
                       matches=matches, test_environments=tests, outcomes=outcomes)


def test_figures_count_the_records(data):
    f = compute(data)
    assert (f.organizations, f.visited, f.mapped, f.target) == (5, 4, 3, 24)
    assert (f.visits, f.visits_completed, f.visits_unfinished) == (5, 4, 1)
    assert f.mapped_by_country == {"SE": 2, "NO": 1}
    assert f.mapped_by_municipality == {"SE-1785": 2, "NO-3122": 1}
    # The headline: companies that are SMEs; the municipality's own operation is mapped, not an SME.
    assert f.smes == 2 and f.other_organizations == 1
    assert f.smes_by_country == {"SE": 1, "NO": 1} and f.smes_by_municipality == {"SE-1785": 1, "NO-3122": 1}
    assert {k: v for k, v in f.enterprises_by_size.items() if v} == {"micro": 1, "medium": 1}
    # Streams of finished visits and of mapped organizations; b's visit is unfinished.
    assert f.streams == 4 and f.streams_without_tonnes == 1
    assert f.tonnes == Decimal("12.5") + Decimal("12") + Decimal("300")
    assert f.streams_by_material["wood"] == (2, Decimal("312.5"), Decimal(0))
    assert f.streams_by_material[""] == (1, Decimal(0), Decimal(0))
    assert list(f.streams_by_material)[-1] == ""                 # "not categorised" comes last
    assert f.hazardous_streams == 1
    assert f.matches_by_stage["testing"] == 1 and f.matches_by_stage["proposed"] == 1
    assert list(f.matches_by_stage)[:3] == ["proposed", "contacted", "assessed"]
    assert f.cross_border_matches == 1                          # s3 (NO) → n1 (SE)
    assert f.test_environments_by_status["running"] == 1
    assert f.tonnes_diverted == 40 and f.cost_saved == {"SEK": Decimal(12000)} and f.jobs_created == 2
    assert [r.name for r in f.organization_rows] == ["Säffle kommun", "Säffle Snickeri AB", "Torsby Trä AB",
                                                     "Marker Sag AS"]


def _many(kinds):
    """Organizations of the given kinds, each with a finished visit (as the seed's 37 did: schools too)."""
    orgs, visits = [], []
    for index, (kind, size) in enumerate(kinds):
        orgs.append({"id": f"o{index}", "name": f"Org {index}", "country": "SE" if index % 2 else "NO",
                     "municipality": "SE-1785" if index % 2 else "NO-3122", "kind": kind, "size_class": size})
        visits.append({"id": f"v{index}", "organization_id": f"o{index}", "status": "completed",
                       "date": f"{2025 + index % 3}-03-01"})
    return orgs, visits


def test_the_headline_counts_participating_smes_only():
    kinds = ([("company", "small")] * 14 + [("company", "micro")] * 4 + [("company", "large")] * 2 +
             [("company", None)] * 3 + [("school", "small")] * 6 + [("municipal", "medium")] * 8)
    orgs, visits = _many(kinds)
    data = ProjectData(organizations=orgs, visits=visits)
    f = compute(data)
    assert f.mapped == 37 and f.smes == 18
    assert (f.large_companies, f.companies_unknown_size, f.other_organizations) == (2, 3, 14)
    text = text_of(build_project_report(data, "sv", invariant=True))
    assert "18 av 24" in text and "37 av 24" not in text
    assert "18 av 24 deltagande SMF (75 %)" in text.replace("\u00a0", " ")


def test_target_groups_by_year_and_by_region():
    orgs, visits = _many([("company", "small")] * 9)
    by_year = Targets("year", (TargetGroup("2025", 8, (2025,)), TargetGroup("2026", 8, (2026,)),
                               TargetGroup("2027", 8, (2027,))))
    f = compute(ProjectData(organizations=orgs, visits=visits, targets=by_year))
    assert [(g.name, g.target, g.achieved) for g in f.groups] == [("2025", 8, 3), ("2026", 8, 3), ("2027", 8, 3)]
    by_region = Targets("region", (TargetGroup("Säffle", 8, (), ("SE-1785",)), TargetGroup("Marker", 8, (), ("NO-3122",))))
    f = compute(ProjectData(organizations=orgs, visits=visits, targets=by_region))
    assert [(g.name, g.achieved) for g in f.groups] == [("Säffle", 4), ("Marker", 5)] and f.target == 16
    text = text_of(build_project_report(ProjectData(organizations=orgs, visits=visits, targets=by_region), "nb",
                                        invariant=True)).replace("\u00a0", " ")
    assert "Målgruppe" in text and "Säffle 8 4 50 %" in text and "Marker 8 5 63 %" in text


def test_a_period_filter_changes_the_counts_and_unfinished_visits_stay_apart(data):
    dated = [dict(v, date=d) for v, d in zip(data.visits, ("2025-02-01", "2026-02-01", "2026-03-01",
                                                             "2026-05-01", "2025-06-01"))]
    everything = compute(type(data)(**{**data.__dict__, "visits": dated}))
    only_2026 = compute(type(data)(**{**data.__dict__, "visits": dated, "period_from": _dt.date(2026, 1, 1),
                                      "period_to": _dt.date(2026, 12, 31)}))
    assert (everything.mapped, everything.smes, everything.visits_completed) == (3, 2, 4)
    assert (only_2026.mapped, only_2026.smes, only_2026.visits_completed) == (2, 2, 2)
    assert only_2026.visits_unfinished == 1 and only_2026.unfinished_organizations == 1
    early = compute(type(data)(**{**data.__dict__, "visits": dated, "period_to": _dt.date(2025, 12, 31)}))
    assert (early.mapped, early.smes) == (2, 1)                  # a and the municipality, in 2025
    pdf = build_project_report(type(data)(**{**data.__dict__, "visits": dated, "period_from": _dt.date(2026, 1, 1),
                                             "period_to": _dt.date(2026, 12, 31)}), "sv", invariant=True)
    assert "1 januari 2026 – 31 december 2026" in text_of(pdf)


def test_energy_is_in_mwh_never_zero_tonnes_and_stage_shares_add_up_to_100(data):
    heat = {"id": "h1", "organization_id": "a", "material_category": "energy", "quantity": "1200", "unit": "MWh",
            "basis": "per_year"}
    stages = [{"id": f"m{i}", "stream_id": "s1", "stage": stage}
              for i, stage in enumerate(["proposed", "proposed", "contacted", "assessed", "testing", "agreed",
                                         "rejected"])]
    extended = type(data)(**{**data.__dict__, "streams": [*data.streams, heat], "matches": stages})
    f = compute(extended)
    assert f.mwh == 1200 and f.energy_streams == 1 and f.tonnes == Decimal("324.5")
    assert shares(f.matches_by_stage.values()) and sum(shares(f.matches_by_stage.values())) == 100
    assert shares([1, 1, 1]) == [34, 33, 33] and shares([0, 0]) == [0, 0]
    text = text_of(build_project_report(extended, "sv", invariant=True)).replace("\u00a0", " ")
    assert "1 200 MWh" in text
    assert "Energi 1 – 1 200 MWh" in text                       # the energy row: no "0 t"
    percents = [int(p) for p in re.findall(r"(\d+) %", text.split("Matchningar per steg")[1].split("Idéer")[0])]
    assert sum(percents[:7]) == 100 and percents[7] == 100      # seven stages, then the total row


def test_indicators_are_counted_from_records_and_defined_in_an_appendix(data):
    f = compute(data)
    found = {item.code: item.value for item in f.indicators.items}
    # RCO01: mapped companies by size; RCO87: a, c... the cross-border match s3 (NO) → n1 (SE) is "testing".
    assert found["RCO01"] == 2 and f.indicators.get("RCO01").breakdown["micro"] == 1
    assert found["RCO87"] == 2                                   # c (stream) and b (need)
    assert found["RCO84"] == 0                                   # the test environment has no match
    assert (found["RCO116"], found["RCR104"]) == (0, 0)
    agreed = [dict(m, stage="implemented") if m["id"] == "m1" else m for m in data.matches]
    joint_test = [dict(data.test_environments[0], match_id="m1")]
    g = compute(type(data)(**{**data.__dict__, "matches": agreed, "test_environments": joint_test}))
    assert {i.code: i.value for i in g.indicators.items} == {"RCO01": 2, "RCO87": 2, "RCO84": 1, "RCO116": 1,
                                                             "RCR104": 1}
    pages = page_texts(build_project_report(data, "nb", invariant=True))
    with i18n.using_language("nb"):
        appendix = i18n.gettext("Appendix: what the figures count")
        definition = i18n.gettext(DEFINITIONS["RCO87"])
    last = " ".join(pages[-2:])
    assert appendix in last and definition[:60] in last


@pytest.mark.parametrize("lang", ["sv", "nb", "en"])
def test_report_prints_the_figures_in_the_language(data, lang):
    pdf = build_project_report(data, lang, invariant=True)
    text = text_of(pdf)
    with i18n.using_language(lang):
        assert i18n.gettext("{done} of {target}").format(done=2, target=24) in text
        for label in ("Participating SMEs", "The programme's indicators", "Residual streams by material",
                      "Matches by stage", "Appendix: visited organizations", "Co-funded by the European Union"):
            assert i18n.gettext(label) in text, label
        assert i18n.format_decimal(Decimal("324.5"), max_fraction=1) + " t" in text
    for name in ("Säffle Snickeri AB", "Torsby Trä AB", "Marker Sag AS", "Pallvirke till slöjden"):
        assert name in text
    assert "Aldri besøkt AS" not in text
    fonts = fonts_of(pdf)
    assert all(fonts.values()) and not {n.split("+")[-1] for n in fonts} & BASE14


def test_empty_database_still_gives_a_report():
    pages = page_texts(build_project_report(ProjectData(), "en", invariant=True))
    assert "0 of 24" in pages[0]
    assert "No organizations visited in the period." in " ".join(pages)


def test_test_environment_partners_and_activity_participants_count_for_cooperation(data):
    tests = [dict(data.test_environments[0], match_id=None, partners=["a", "c"], place_organization_id="d",
                  start_date="2026-03-01", status="evaluated")]
    activities = [{"id": "x1", "kind": "study_visit", "date": "2026-04-02", "title": "Studiebesök",
                   "participants": [{"organization_id": "b", "count": 3}, {"country": "NO", "count": 5},
                                    {"organization_id": "e", "count": 2}]},
                  {"id": "x2", "kind": "lecture", "date": "2026-05-02", "title": "Föreläsning",
                   "participants": [{"country": "SE", "count": 30}]}]
    outcomes = [{"id": "o2", "match_id": "m1", "year": 2026, "tonnes_diverted": "10", "co2e_factor": "0.5",
                 "revenue": "5000", "revenue_currency": "NOK"}]
    extended = type(data)(**{**data.__dict__, "test_environments": tests, "activities": activities,
                             "outcomes": [*data.outcomes, outcomes[0]]})
    f = compute(extended)
    found = {i.code: i for i in f.indicators.items}
    assert found["RCO84"].value == 1                              # partners in SE and NO, hosted by d
    # c and b from the match; a, d from the test environment; e from the activity (b already counted).
    assert found["RCO87"].value == 5
    assert (f.activities, f.participants_by_country) == (2, {"SE": 33, "NO": 7})
    assert f.activities_by_kind == {"lecture": 1, "study_visit": 1}
    assert f.co2e_saved == 5 and f.revenue == {"NOK": Decimal(5000)} and f.tonnes_diverted == 50
    in_2025 = compute(type(extended)(**{**extended.__dict__, "period_from": _dt.date(2025, 1, 1),
                                        "period_to": _dt.date(2025, 12, 31)}))
    assert in_2025.activities == 0 and in_2025.revenue == {}
    text = text_of(build_project_report(extended, "sv", invariant=True)).replace("\u00a0", " ")
    assert "Kompetenshöjande insatser" in text or "Kompetensinsatser" in text
    assert "5 000 NOK" in text
